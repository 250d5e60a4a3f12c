import type { DataSource, EntityManager } from 'typeorm';
import { type AfterCommit, inTransaction } from '../../db/transaction';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { PaymentGateway } from '../../platform/payments/payment-gateway';
import { fromStripeAmount } from '../../platform/payments/stripe-amounts';
import type { PaymentsService } from './payments.service';
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
 */
export class StripeEventsService {
  constructor(
    private readonly db: DataSource,
    private readonly gateway: PaymentGateway | null,
    private readonly payments: PaymentsService,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookAnswer> {
    if (!this.gateway) return { status: 503, body: { error: 'Stripe is not configured: payments run in local mode' } };
    if (!signature) return { status: 400, body: { error: 'Missing Stripe-Signature header' } };
    let event;
    try {
      event = this.gateway.verifyWebhook(rawBody, signature);
    } catch {
      return { status: 400, body: { error: 'Invalid signature' } };
    }
    await this.db.query(`INSERT INTO stripe_events (id, type, payload) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [
      event.id,
      event.type,
      JSON.stringify(event),
    ]);
    return this.process(event.id);
  }

  /** Processes a stored event once; a processed one is a duplicate and changes nothing. */
  async process(id: string): Promise<WebhookAnswer> {
    try {
      const outcome = await inTransaction(
        this.db,
        async (manager, afterCommit) => {
          const event = await manager.findOne(StripeEvent, { where: { id }, lock: { mode: 'pessimistic_write' } });
          if (!event) return 'unknown';
          if (event.processedAt) return 'duplicate';
          await this.dispatch(manager, afterCommit, event);
          event.attempts += 1;
          event.processedAt = this.clock.now();
          event.error = null;
          await manager.save(event);
          return 'processed';
        },
        (error) => this.log.error({ err: error }, 'an effect of a Stripe event failed after commit'),
      );
      if (outcome === 'unknown') return { status: 404, body: { error: `No event ${id}` } };
      return { status: 200, body: { received: true, duplicate: outcome === 'duplicate' } };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.db.query(`UPDATE stripe_events SET attempts = attempts + 1, error = $2 WHERE id = $1`, [id, message]);
      this.log.error({ err: error, eventId: id }, 'processing a Stripe event failed');
      return { status: 500, body: { error: 'Processing failed; the event is kept and will be retried' } };
    }
  }

  failed(limit = 100): Promise<StripeEvent[]> {
    return this.db
      .getRepository(StripeEvent)
      .createQueryBuilder('event')
      .where('event.processedAt IS NULL')
      .orderBy('event.receivedAt', 'DESC')
      .take(limit)
      .getMany();
  }

  async reprocess(id: string): Promise<StripeEvent | null> {
    await this.process(id);
    return this.db.getRepository(StripeEvent).findOneBy({ id });
  }

  private async dispatch(manager: EntityManager, afterCommit: AfterCommit, event: StripeEvent): Promise<void> {
    const object = (event.payload['data'] as { object: StripeObject }).object;
    switch (event.type) {
      case 'payment_intent.succeeded':
        return this.payments.applySucceeded(manager, afterCommit, this.intent(object));
      case 'payment_intent.payment_failed': {
        const failure = object['last_payment_error'] as { message?: string } | null;
        return this.payments.applyFailed(manager, { ...this.intent(object), message: failure?.message ?? null });
      }
      case 'charge.refunded': {
        const intentId = idOf(object['payment_intent']);
        if (intentId) {
          const refunded = fromStripeAmount(Number(object['amount_refunded'] ?? 0), String(object['currency'] ?? ''));
          await this.payments.applyChargeRefunded(manager, intentId, refunded);
        }
        const refunds = (object['refunds'] as { data?: StripeObject[] } | null)?.data ?? [];
        for (const refund of refunds) await this.refundStatus(manager, refund);
        return;
      }
      case 'refund.created':
      case 'refund.updated':
        return this.refundStatus(manager, object);
      default:
        // Other events are stored (for the record) and acknowledged.
        return;
    }
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

  private refundStatus(manager: EntityManager, refund: StripeObject): Promise<void> {
    return this.payments.applyRefundStatus(manager, refund.id, refund.metadata?.['refundId'] ?? null, refundStatusFromStripe(refund['status'] as string));
  }
}
