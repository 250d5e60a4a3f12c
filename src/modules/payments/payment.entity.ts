import { bigintAsNumber } from '../../db/column-transformers';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamps } from '../../db/timestamps';

export type PaymentProvider = 'STRIPE' | 'LOCAL';
/** MISMATCH: Stripe reports a success of another amount or currency than the reservation's; never confirms. */
export type PaymentStatus = 'REQUIRES_PAYMENT' | 'SUCCEEDED' | 'FAILED' | 'MISMATCH';

/** The one PaymentIntent of a reservation (LOCAL: the development stand-in without Stripe keys). */
@Entity('payments')
export class Payment extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  reservationId: string;

  @Column('text')
  provider: PaymentProvider;

  @Column('text')
  intentId: string;

  @Column('bigint', { transformer: bigintAsNumber })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  status: PaymentStatus;

  /** As Stripe reports it (charge.refunded), whoever started the refund. */
  @Column('bigint', { transformer: bigintAsNumber })
  amountRefunded: number;

  @Column('text', { nullable: true })
  failureMessage: string | null;

  /** What Stripe reported against what was expected, when they differ (status MISMATCH). */
  @Column('text', { nullable: true })
  mismatchReason: string | null;

  @Column('timestamptz', { nullable: true })
  succeededAt: Date | null;
}
