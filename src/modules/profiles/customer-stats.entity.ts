import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CustomerTier = 'NEW' | 'REGULAR' | 'SUPER';

/** Kept up to date in the background from completed stays; admins see it, the customer does not. */
@Entity('customer_stats')
export class CustomerStats {
  @PrimaryColumn('uuid')
  userId: string;

  @Column('integer')
  totalVisits: number;

  @Column('text')
  tier: CustomerTier;

  @Column('timestamptz')
  refreshedAt: Date;
}
