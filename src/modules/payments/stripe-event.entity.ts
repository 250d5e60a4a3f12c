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
}
