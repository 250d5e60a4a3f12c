import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../../db/column-transformers';

export type LoyaltyEntryKind = 'EARNED' | 'REDEEMED' | 'RETURNED' | 'REFERRAL' | 'ADJUSTED';

/** One line of the append-only points ledger (a trigger refuses UPDATE and DELETE). The balance is the sum. */
@Entity('loyalty_ledger')
export class LoyaltyEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('text')
  kind: LoyaltyEntryKind;

  /** Signed: REDEEMED is negative, an adjustment either. */
  @Column('bigint', { transformer: bigintAsNumber })
  points: number;

  @Column('uuid', { nullable: true })
  reservationId: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz')
  createdAt: Date;
}
