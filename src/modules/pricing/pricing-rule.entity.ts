import { bigintAsNumber } from '../../db/column-transformers';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A nightly rate (absolute, or ± percent of the room's base price) and/or a nights limit, for a property,
 * one room type of it, or one room; on a date range, on weekdays, or on weekdays within a date range.
 */
@Entity('pricing_rules')
export class PricingRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  propertyId: string;

  @Column('text', { nullable: true })
  roomTypeCode: string | null;

  @Column('uuid', { nullable: true })
  roomId: string | null;

  @Column('text')
  name: string;

  /** Half-open [startsOn, endsOn). */
  @Column('date', { nullable: true })
  startsOn: string | null;

  @Column('date', { nullable: true })
  endsOn: string | null;

  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  @Column('smallint', { array: true, nullable: true })
  weekdays: number[] | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  nightlyAmount: number | null;

  /** +2000 = +20 %, -1500 = -15 %. */
  @Column('integer', { nullable: true })
  percentBasisPoints: number | null;

  @Column('integer', { nullable: true })
  minNights: number | null;

  @Column('integer', { nullable: true })
  maxNights: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
