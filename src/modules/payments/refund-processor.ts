import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { safeInteger } from '../../db/column-transformers';
import { lockRefund } from '../../db/lock-order';
import type { Clock } from '../../platform/clock';
import { addJob, type JobInfo, type JobRunner } from '../../platform/jobs/job-runner';
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

/** The job runner's task that sends one refund to Stripe. */
export const REFUND_TASK = 'refund.send';

/**
 * A refund is retried until Stripe answers (as before the job runner: a refund is never given up on);
 * the runner's backoff caps the wait between attempts at exp(10) s, about six hours.
 */
const REFUND_MAX_ATTEMPTS = 32_767;

/** A queued refund, as the job reads it before calling Stripe. */
interface QueuedRefund {
  id: string;
  paymentId: string;
  reservationId: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
  attempts: number;
}

type SendOutcome = { ok: true; stripeRefundId: string | null; status: RefundStatus } | { ok: false; error: string };

/**
 * Refunds are queued in the transaction that decides them, with their job (one per refund, keyed by it),
 * and sent to Stripe by the job runner, with one idempotency key per refund: a crash or a Stripe outage
 * delays a refund, never loses or doubles it. A failed send fails the job, which the runner retries with
 * backoff; admins see attempts and the last error on the refund.
 *
 * No transaction waits on Stripe: the job reads the refund, calls Stripe with no transaction open, and
 * records the outcome in a new short transaction (lock order: payment, then refund). A job whose instance
 * dies runs again elsewhere with the same idempotency key, so Stripe still refunds once.
 */
export class RefundProcessor {
  constructor(
    private readonly db: DataSource,
    private readonly gateway: PaymentGateway | null,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly jobs: JobRunner,
  ) {
    jobs.define(REFUND_TASK, (payload, job) => this.sendOne(String(payload['refundId']), job));
  }

  /**
   * What is left to refund of a payment: its amount less what is refunded or promised (refunds not failed
   * or cancelled, and Stripe's own figure, whichever is larger). The caller holds the payment's lock.
   */
  async refundable(manager: EntityManager, payment: Payment): Promise<number> {
    const [row] = await manager.query<{ committed: string }[]>(
      `SELECT coalesce(sum(amount), 0)::bigint AS committed FROM refunds WHERE payment_id = $1 AND status NOT IN ('FAILED', 'CANCELED')`,
      [payment.id],
    );
    return Math.max(0, payment.amount - Math.max(safeInteger(row?.committed ?? 0), payment.amountRefunded));
  }

  /** Queues a refund of at most what is left of the payment, and its job; returns null when nothing is left. */
  async queue(manager: EntityManager, payment: Payment, amount: number, reason: string): Promise<Refund | null> {
    const refundable = Math.min(amount, await this.refundable(manager, payment));
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
    await addJob(manager, REFUND_TASK, { refundId: id }, { jobKey: `refund:${id}`, maxAttempts: REFUND_MAX_ATTEMPTS });
    return refund;
  }

  /** Waits until every due refund has been sent (or has failed, for a later retry). */
  processDue(): Promise<void> {
    return this.jobs.drain([REFUND_TASK]);
  }

  /** One refund's job: send it if it is still queued; a failure throws, so the runner retries it. */
  private async sendOne(refundId: string, job: JobInfo): Promise<void> {
    const refund = await this.queued(refundId);
    if (!refund) return; // sent already, or settled by a webhook meanwhile
    const outcome = await this.send(refund);
    await this.record(refund, outcome, job);
    if (outcome !== 'local' && !outcome.ok) throw new Error(`refund not sent: ${outcome.error}`);
  }

  private async queued(id: string): Promise<QueuedRefund | null> {
    const [row] = await this.db.query<{ id: string; payment_id: string; reservation_id: string; amount: string; currency: string; idempotency_key: string; attempts: number }[]>(
      `SELECT id, payment_id, reservation_id, amount, currency, idempotency_key, attempts FROM refunds WHERE id = $1 AND status = 'QUEUED'`,
      [id],
    );
    return row ? { id: row.id, paymentId: row.payment_id, reservationId: row.reservation_id, amount: safeInteger(row.amount), currency: row.currency, idempotencyKey: row.idempotency_key, attempts: row.attempts } : null;
  }

  /** The call to Stripe, with no transaction open. */
  private async send(refund: QueuedRefund): Promise<SendOutcome | 'local'> {
    const [payment] = await this.db.query<{ intent_id: string; provider: string }[]>(`SELECT intent_id, provider FROM payments WHERE id = $1`, [refund.paymentId]);
    // Local mode: no money moved, so there is none to return; the records still show the refund.
    if (!payment || payment.provider === 'LOCAL' || !this.gateway) return 'local';
    try {
      const result = await this.gateway.createRefund({
        paymentIntentId: payment.intent_id,
        amount: refund.amount,
        currency: refund.currency,
        metadata: { refundId: refund.id, reservationId: refund.reservationId },
        idempotencyKey: refund.idempotencyKey,
      });
      return { ok: true, stripeRefundId: result.id, status: refundStatusFromStripe(result.status) };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }

  /** The outcome, in a new short transaction (payment before refund: the lock order). */
  private async record(queued: { id: string }, outcome: SendOutcome | 'local', job: JobInfo): Promise<void> {
    await this.db.transaction(async (manager) => {
      await lockRefund(manager, queued.id);
      const refund = await manager.findOneByOrFail(Refund, { id: queued.id });
      // A webhook recorded it meanwhile: nothing more to say.
      if (refund.status !== 'QUEUED') return;
      refund.attempts += 1;
      if (outcome === 'local') {
        refund.status = 'SUCCEEDED';
        refund.lastError = null;
        // In local mode no webhook reports the refund: the payment's refunded figure follows here.
        await manager.query(`UPDATE payments SET amount_refunded = least(amount, amount_refunded + $2), updated_at = now() WHERE id = $1`, [refund.paymentId, refund.amount]);
      } else if (outcome.ok) {
        refund.stripeRefundId = outcome.stripeRefundId;
        refund.status = outcome.status;
        refund.lastError = null;
      } else {
        refund.lastError = outcome.error;
        // When the runner will try again: its backoff is exp(attempts) seconds, capped at exp(10) (~6 h).
        refund.nextAttemptAt = new Date(this.clock.now().getTime() + Math.round(Math.exp(Math.min(job.attempts, 10)) * 1000));
        this.log.warn({ refundId: refund.id, attempts: refund.attempts, err: outcome.error }, 'refund not sent: will retry');
      }
      await manager.save(refund);
    });
  }
}
