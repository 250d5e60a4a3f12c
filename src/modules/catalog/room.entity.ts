import { bigintAsNumber } from '../../db/column-transformers';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamps } from '../../db/timestamps';

/** The bookable unit. A whole house is one room of type WHOLE_HOUSE. */
@Entity('rooms')
export class Room extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  propertyId: string;

  @Column('text')
  name: string;

  /** e.g. DOUBLE, SUITE, WHOLE_HOUSE: pricing rules and bookings by type refer to it. */
  @Column('text')
  roomTypeCode: string;

  @Column('text')
  roomTypeLabel: string;

  @Column('integer')
  maxGuests: number;

  /** Guests the base price covers; more pay the extra-guest fee. */
  @Column('integer')
  includedGuests: number;

  @Column('integer')
  beds: number;

  @Column('integer', { nullable: true })
  sizeSquareMeters: number | null;

  @Column('text', { array: true })
  amenities: string[];

  @Column('boolean')
  airConditioning: boolean;

  @Column('boolean')
  heating: boolean;

  /** Minor units of the property's currency. */
  @Column('bigint', { transformer: bigintAsNumber })
  basePriceAmount: number;

  @Column('boolean')
  active: boolean;
}
