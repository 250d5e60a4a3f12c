import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { safeInteger } from '../../db/column-transformers';
import { lockRefund } from '../../db/lock-order';
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

/** How long a claimed refund is reserved for the instance that claimed it; a crashed claimer's lease expires. */
const CLAIM_LEASE_MS = 5 * 60_000;

/** A due refund leased to this instance, as the claim returned it. */
interface ClaimedRefund {
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
 * Refunds are queued in the transaction that decides them and sent to Stripe afterwards, with one
 * idempotency key per refund: a crash or a Stripe outage delays a refund, never loses or doubles it.
 * Failed sends are retried with exponential backoff (and jitter); admins see attempts and the last error.
 *
 * No transaction waits on Stripe: a refund is claimed (a lease: claimed_by, claimed_until) in a short
 * transaction that commits, Stripe is called with no transaction open, and the outcome is recorded in a
 * new short transaction. A claimer that dies leaves a lease that expires; the next one sends again with
 * the same idempotency key, so Stripe still refunds once.
 */
export class RefundProcessor {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private readonly instanceId = `refunds-${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly db: DataSource,
    private readonly gateway: PaymentGateway | null,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

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

  /** Queues a refund of at most what is left of the payment; returns null when nothing is left. */
  async queue(
    manager: EntityManager,
    afterCommit: AfterCommit,
    payment: Payment,
    amount: number,
    reason: string,
  ): Promise<Refund | null> {
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
      const refund = await this.claim();
      if (!refund) return sent;
      const outcome = await this.send(refund);
      if (await this.record(refund, outcome)) sent += 1;
    }
  }

  /** One due refund, leased to this instance; the claim's transaction commits before anything is sent. */
  private async claim(): Promise<ClaimedRefund | null> {
    const now = this.clock.now();
    // SKIP LOCKED: several instances share the queue; the lease keeps the row theirs once this commits.
    const [rows] = await this.db.query<[{ id: string; payment_id: string; reservation_id: string; amount: string; currency: string; idempotency_key: string; attempts: number }[], number]>(
      `UPDATE refunds SET claimed_by = $2, claimed_until = $3
        WHERE id = (SELECT id FROM refunds
                     WHERE status = 'QUEUED' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
                     ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, payment_id, reservation_id, amount, currency, idempotency_key, attempts`,
      [now, this.instanceId, new Date(now.getTime() + CLAIM_LEASE_MS)],
    );
    const row = rows[0];
    return row ? { id: row.id, paymentId: row.payment_id, reservationId: row.reservation_id, amount: safeInteger(row.amount), currency: row.currency, idempotencyKey: row.idempotency_key, attempts: row.attempts } : null;
  }

  /** The call to Stripe, with no transaction open. */
  private async send(refund: ClaimedRefund): Promise<SendOutcome | 'local'> {
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

  /** The outcome, in a new short transaction (payment before refund: the lock order). True when accepted. */
  private async record(claimed: { id: string; attempts: number }, outcome: SendOutcome | 'local'): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      await lockRefund(manager, claimed.id);
      const refund = await manager.findOneByOrFail(Refund, { id: claimed.id });
      refund.claimedBy = null;
      refund.claimedUntil = null;
      if (refund.status !== 'QUEUED') {
        // A webhook recorded it meanwhile (or another claimer after our lease): nothing more to say.
        await manager.save(refund);
        return false;
      }
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
        refund.nextAttemptAt = new Date(this.clock.now().getTime() + this.backoffMs(refund.attempts));
        this.log.warn({ refundId: refund.id, attempts: refund.attempts, err: outcome.error }, 'refund not sent: will retry');
      }
      await manager.save(refund);
      return refund.status !== 'QUEUED';
    });
  }

  /** 30 s, 1 min, 2 min … capped at one hour, with ±20 % jitter so instances do not retry in step. */
  private backoffMs(attempts: number): number {
    const base = Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }
}
