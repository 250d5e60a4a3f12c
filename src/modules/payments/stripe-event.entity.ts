import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every webhook event, by Stripe's id: a replay finds its row and changes nothing. */
@Entity('stripe_events')
export class StripeEvent {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  type: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('timestamptz')
  receivedAt: Date;

  @Column('timestamptz', { nullable: true })
  processedAt: Date | null;

  @Column('integer')
  attempts: number;

  @Column('text', { nullable: true })
  error: string | null;

  /** The PaymentIntent the event concerns (of the intent itself, a charge or a refund), when it names one. */
  @Column('text', { nullable: true })
  intentId: string | null;

  /**
   * Set while the event waits for its payment: it names an intent we have no payment for yet. It was
   * answered 200 (Stripe would retry for days otherwise) and is applied as soon as the payment appears.
   */
  @Column('timestamptz', { nullable: true })
  parkedAt: Date | null;
}
