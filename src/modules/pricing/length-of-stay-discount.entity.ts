import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Stays of at least `minNights` nights get `percentBasisPoints` off the nightly subtotal. */
@Entity('length_of_stay_discounts')
export class LengthOfStayDiscount {
  @PrimaryColumn('uuid')
  propertyId: string;

  @PrimaryColumn('integer')
  minNights: number;

  @Column('integer')
  percentBasisPoints: number;
}
