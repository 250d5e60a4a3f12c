import type { DataSource, EntityManager } from 'typeorm';
import { type AfterCommit, inTransaction } from '../../db/transaction';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { PaymentGateway } from '../../platform/payments/payment-gateway';
import { fromStripeAmount } from '../../platform/payments/stripe-amounts';
import type { PaymentsService, StripeRefund } from './payments.service';
import { refundStatusFromStripe } from './refund-processor';
import { StripeEvent } from './stripe-event.entity';

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

type StripeObject = Record<string, unknown> & { id: string; metadata?: Record<string, string> };

const idOf = (value: unknown) => (typeof value === 'string' ? value : ((value as { id?: string } | null)?.id ?? null));

/**
 * The Stripe webhook: verify the signature on the raw body, store the event by its id (a replay finds it
 * and changes nothing), and process it in one transaction that also marks it processed. A failure is
 * recorded on the event and answered 500, so Stripe retries; admins can reprocess it too.
 *
 * Events may arrive in any order and before we know their PaymentIntent (the webhook can beat checkout's
 * insert). An event naming an intent we have no payment for (and cannot attach to a reservation) is kept
 * waiting ("parked"), answered 200 and listed for admins; it applies as soon as the payment appears, before
 * the success that creates it is decided. So every order of events ends in the same state.
 */
export class StripeEventsService {
  constructor(
    private readonly db: DataSource,
    private readonly gateway: PaymentGateway | null,
    private readonly payments: PaymentsService,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    payments.onPaymentRecorded((intentId) => this.processWaiting(intentId));
  }

  async receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookAnswer> {
    if (!this.gateway) return { status: 503, body: { error: 'Stripe is not configured: payments run in local mode' } };
    if (!signature) return { status: 400, body: { error: 'Missing Stripe-Signature header' } };
    let event;
    try {
      event = this.gateway.verifyWebhook(rawBody, signature);
    } catch {
      return { status: 400, body: { error: 'Invalid signature' } };
    }
    const object = (event.data as unknown as { object: StripeObject }).object;
    await this.db.query(`INSERT INTO stripe_events (id, type, payload, intent_id) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
      event.id,
      event.type,
      JSON.stringify(event),
      intentIdOf(event.type, object),
    ]);
    return this.process(event.id);
  }

  /** Processes a stored event once; a processed one is a duplicate and changes nothing. */
  async process(id: string): Promise<WebhookAnswer> {
    try {
      const outcome = await inTransaction(
        this.db,
        async (manager, afterCommit) => {
          // The event row comes first in the lock order (src/db/lock-order.ts): no other writer locks it.
          const event = await manager.findOne(StripeEvent, { where: { id }, lock: { mode: 'pessimistic_write' } });
          if (!event) return 'unknown';
          if (event.processedAt) return 'duplicate';
          const result = await this.dispatch(manager, afterCommit, event);
          event.attempts += 1;
          event.error = null;
          if (result === 'parked') {
            event.parkedAt ??= this.clock.now();
          } else {
            event.processedAt = this.clock.now();
            event.parkedAt = null;
          }
          await manager.save(event);
          return result === 'parked' ? 'parked' : 'processed';
        },
        (error) => this.log.error({ err: error }, 'an effect of a Stripe event failed after commit'),
      );
      if (outcome === 'unknown') return { status: 404, body: { error: `No event ${id}` } };
      if (outcome === 'parked') return { status: 200, body: { received: true, duplicate: false, waiting: true } };
      return { status: 200, body: { received: true, duplicate: outcome === 'duplicate' } };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.db.query(`UPDATE stripe_events SET attempts = attempts + 1, error = $2 WHERE id = $1`, [id, message]);
      this.log.error({ err: error, eventId: id }, 'processing a Stripe event failed');
      return { status: 500, body: { error: 'Processing failed; the event is kept and will be retried' } };
    }
  }

  /** Events that failed (answered 500): Stripe retries them; admins can reprocess them. */
  failed(limit = 100): Promise<StripeEvent[]> {
    return this.db
      .getRepository(StripeEvent)
      .createQueryBuilder('event')
      .where('event.processedAt IS NULL AND event.parkedAt IS NULL')
      .orderBy('event.receivedAt', 'DESC')
      .take(limit)
      .getMany();
  }

  /** Events waiting for a payment we do not know (an unknown PaymentIntent): answered 200, applied when it appears. */
  waiting(limit = 100): Promise<StripeEvent[]> {
    return this.db
      .getRepository(StripeEvent)
      .createQueryBuilder('event')
      .where('event.processedAt IS NULL AND event.parkedAt IS NOT NULL')
      .orderBy('event.receivedAt', 'DESC')
      .take(limit)
      .getMany();
  }

  async reprocess(id: string): Promise<StripeEvent | null> {
    await this.process(id);
    return this.db.getRepository(StripeEvent).findOneBy({ id });
  }

  /**
   * Runs the unprocessed events of an intent, oldest first, each in its own transaction. An event still
   * being parked by a concurrent delivery is found too (its intent was stored on receipt): processing it
   * waits for that delivery's lock, then applies it.
   */
  async processWaiting(intentId: string): Promise<void> {
    const rows = await this.db.query<{ id: string }[]>(`SELECT id FROM stripe_events WHERE intent_id = $1 AND processed_at IS NULL ORDER BY received_at, id`, [intentId]);
    for (const { id } of rows) await this.process(id);
  }

  private async dispatch(manager: EntityManager, afterCommit: AfterCommit, event: StripeEvent): Promise<'applied' | 'parked'> {
    const object = (event.payload['data'] as { object: StripeObject }).object;
    switch (event.type) {
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed': {
        const intent = this.intent(object);
        const payment = await this.payments.ensurePayment(manager, intent);
        if (payment === 'unknown') return 'parked';
        // Events that named this intent before its payment existed apply first, as if they came in order.
        if (payment === 'created') await this.applyWaiting(manager, afterCommit, intent.id, event.id);
        if (event.type === 'payment_intent.succeeded') {
          await this.payments.applySucceeded(manager, afterCommit, intent);
        } else {
          const failure = object['last_payment_error'] as { message?: string } | null;
          await this.payments.applyFailed(manager, { ...intent, message: failure?.message ?? null });
        }
        return 'applied';
      }
      case 'charge.refunded': {
        const intentId = idOf(object['payment_intent']);
        const refunds = ((object['refunds'] as { data?: StripeObject[] } | null)?.data ?? []).map((refund) => this.refund(refund, intentId));
        if (!intentId) return 'applied';
        return this.payments.applyChargeRefunded(manager, afterCommit, intentId, Number(object['amount_refunded'] ?? 0), refunds);
      }
      case 'refund.created':
      case 'refund.updated':
        return this.payments.applyRefund(manager, this.refund(object, null));
      default:
        // Other events are stored (for the record) and acknowledged.
        return 'applied';
    }
  }

  /** Inside the transaction that created the intent's payment: its waiting events, skipping any in hand elsewhere. */
  private async applyWaiting(manager: EntityManager, afterCommit: AfterCommit, intentId: string, currentId: string): Promise<void> {
    const waiting = await manager.query<{ id: string }[]>(
      `SELECT id FROM stripe_events WHERE intent_id = $1 AND processed_at IS NULL AND id <> $2 ORDER BY received_at, id FOR UPDATE SKIP LOCKED`,
      [intentId, currentId],
    );
    for (const { id } of waiting) {
      const event = await manager.findOneByOrFail(StripeEvent, { id });
      if (event.type === 'payment_intent.succeeded' || event.type === 'payment_intent.payment_failed') continue; // decided by the event in hand
      if ((await this.dispatch(manager, afterCommit, event)) === 'parked') continue;
      event.attempts += 1;
      event.processedAt = this.clock.now();
      event.parkedAt = null;
      event.error = null;
      await manager.save(event);
    }
    // One still being parked by a concurrent delivery (skipped above) is picked up after this commits.
    afterCommit(() => this.processWaiting(intentId));
  }

  private intent(object: StripeObject) {
    const currency = String(object['currency'] ?? '');
    return {
      id: object.id,
      amount: fromStripeAmount(Number(object['amount_received'] || object['amount'] || 0), currency),
      currency,
      reservationId: object.metadata?.['reservationId'] ?? null,
    };
  }

  private refund(refund: StripeObject, intentId: string | null): StripeRefund {
    return {
      id: refund.id,
      status: refundStatusFromStripe(refund['status'] as string),
      stripeAmount: Number(refund['amount'] ?? 0),
      paymentIntentId: idOf(refund['payment_intent']) ?? intentId,
      refundId: refund.metadata?.['refundId'] ?? null,
    };
  }
}

/** The PaymentIntent an event concerns: the intent itself, or the one of a charge or a refund. */
function intentIdOf(type: string, object: StripeObject): string | null {
  if (type.startsWith('payment_intent.')) return object.id;
  return idOf(object['payment_intent']);
}
