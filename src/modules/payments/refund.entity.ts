import { bigintAsNumber } from '../../db/column-transformers';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamps } from '../../db/timestamps';

/** QUEUED: to be sent (or resent after a failure); PENDING: Stripe accepted it; then SUCCEEDED / FAILED / CANCELED. */
export type RefundStatus = 'QUEUED' | 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';

@Entity('refunds')
export class Refund extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  reservationId: string;

  @Column('uuid')
  paymentId: string;

  @Column('bigint', { transformer: bigintAsNumber })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  /** Why the money goes back, e.g. "cancelled by the guest" or "paid after the hold expired". */
  @Column('text')
  reason: string;

  @Column('text')
  status: RefundStatus;

  /** Sent with every attempt: Stripe creates the refund once however often we retry. */
  @Column('text')
  idempotencyKey: string;

  @Column('text', { nullable: true })
  stripeRefundId: string | null;

  @Column('integer')
  attempts: number;

  /** When the job runner tries again (its backoff), for admins; the job's own run_at decides. */
  @Column('timestamptz')
  nextAttemptAt: Date;

  @Column('text', { nullable: true })
  lastError: string | null;
}
