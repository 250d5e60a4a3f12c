import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { safeInteger } from '../../db/column-transformers';
import type { AfterCommit } from '../../db/transaction';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { recordEvent } from '../../platform/outbox/outbox';
import type { PaymentGateway } from '../../platform/payments/payment-gateway';
import type { Payment } from './payment.entity';
import { Refund, type RefundStatus } from './refund.entity';

const STRIPE_REFUND_STATUS: Record<string, RefundStatus> = {
  succeeded: 'SUCCEEDED',
  pending: 'PENDING',
  requires_action: 'PENDING',
  failed: 'FAILED',
  canceled: 'CANCELED',
};

export const refundStatusFromStripe = (status: string | null | undefined): RefundStatus => STRIPE_REFUND_STATUS[status ?? ''] ?? 'PENDING';

/**
 * Refunds are queued in the transaction that decides them and sent to Stripe afterwards, with one
 * idempotency key per refund: a crash or a Stripe outage delays a refund, never loses or doubles it.
 * Failed sends are retried with exponential backoff (and jitter); admins see attempts and the last error.
 */
export class RefundProcessor {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly db: DataSource,
    private readonly gateway: PaymentGateway | null,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Queues a refund of at most what is left of the payment; returns null when nothing is left. */
  async queue(
    manager: EntityManager,
    afterCommit: AfterCommit,
    payment: Payment,
    amount: number,
    reason: string,
  ): Promise<Refund | null> {
    const [row] = await manager.query<{ committed: string }[]>(
      `SELECT coalesce(sum(amount), 0)::bigint AS committed FROM refunds WHERE payment_id = $1 AND status NOT IN ('FAILED', 'CANCELED')`,
      [payment.id],
    );
    const refundable = Math.min(amount, payment.amount - Math.max(safeInteger(row?.committed ?? 0), payment.amountRefunded));
    if (refundable <= 0) return null;
    const id = randomUUID();
    const refund = manager.create(Refund, {
      id,
      reservationId: payment.reservationId,
      paymentId: payment.id,
      amount: refundable,
      currency: payment.currency,
      reason,
      status: 'QUEUED',
      idempotencyKey: `refund_${payment.reservationId}_${id}`,
      attempts: 0,
      nextAttemptAt: this.clock.now(),
    });
    await manager.save(refund);
    await recordEvent(manager, 'refund.issued', refund.reservationId, { reservationId: refund.reservationId, refundId: refund.id, amount: refund.amount, reason });
    afterCommit(() => void this.processDue().catch((error: unknown) => this.log.error({ err: error }, 'sending refunds failed')));
    return refund;
  }

  /** Sends every due refund once; returns how many Stripe accepted. Concurrent callers share one pass. */
  processDue(): Promise<number> {
    this.running ??= this.sendDue().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalSeconds: number): void {
    this.timer = setInterval(() => void this.processDue().catch((error: unknown) => this.log.error({ err: error }, 'sending refunds failed')), intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async sendDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const outcome = await this.db.transaction(async (manager) => {
        // SKIP LOCKED: several instances share the queue without sending a refund twice at once.
        const [refund] = await manager
          .createQueryBuilder(Refund, 'refund')
          .where(`refund.status = 'QUEUED' AND refund.nextAttemptAt <= :now`, { now: this.clock.now() })
          .orderBy('refund.nextAttemptAt', 'ASC')
          .limit(1)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        if (!refund) return 'idle' as const;
        await this.send(manager, refund);
        return refund.status === 'QUEUED' ? ('retry-later' as const) : ('sent' as const);
      });
      if (outcome === 'idle') return sent;
      if (outcome === 'sent') sent += 1;
    }
  }

  private async send(manager: EntityManager, refund: Refund): Promise<void> {
    const [payment] = await manager.query<{ intent_id: string; provider: string }[]>(`SELECT intent_id, provider FROM payments WHERE id = $1`, [refund.paymentId]);
    refund.attempts += 1;
    if (!payment || payment.provider === 'LOCAL' || !this.gateway) {
      // Local mode: no money moved, so there is none to return; the record still shows the refund.
      refund.status = 'SUCCEEDED';
      refund.lastError = null;
    } else {
      try {
        const result = await this.gateway.createRefund({
          paymentIntentId: payment.intent_id,
          amount: refund.amount,
          currency: refund.currency,
          metadata: { refundId: refund.id, reservationId: refund.reservationId },
          idempotencyKey: refund.idempotencyKey,
        });
        refund.stripeRefundId = result.id;
        refund.status = refundStatusFromStripe(result.status);
        refund.lastError = null;
      } catch (error) {
        refund.lastError = (error as Error).message;
        refund.nextAttemptAt = new Date(this.clock.now().getTime() + this.backoffMs(refund.attempts));
        this.log.warn({ refundId: refund.id, attempts: refund.attempts, err: error }, 'refund not sent: will retry');
      }
    }
    await manager.save(refund);
  }

  /** 30 s, 1 min, 2 min … capped at one hour, with ±20 % jitter so instances do not retry in step. */
  private backoffMs(attempts: number): number {
    const base = Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }
}
