import { randomUUID } from 'node:crypto';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { type Connection, type PageArgs, paginateByCreation } from '../../db/pagination';
import { type AfterCommit, inTransaction } from '../../db/transaction';
import type { Clock } from '../../platform/clock';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { recordEvent } from '../../platform/outbox/outbox';
import { type PaymentGateway, PaymentProviderError } from '../../platform/payments/payment-gateway';
import { type Money, money } from '../../platform/money';
import type { User } from '../accounts/user.entity';
import { Reservation } from '../reservations/reservation.entity';
import type { ReservationsService } from '../reservations/reservations.service';
import { Payment, type PaymentStatus } from './payment.entity';
import type { RefundProcessor } from './refund-processor';
import { Refund, type RefundStatus } from './refund.entity';

export interface Checkout {
  clientSecret: string;
  paymentIntentId: string;
  amount: Money;
  publishableKey: string | null;
  mode: 'STRIPE' | 'LOCAL';
  holdExpiresAt: Date | null;
}

/** A succeeded PaymentIntent as both the webhook and local mode see it. */
export interface SucceededIntent {
  id: string;
  amount: number;
  currency: string;
  reservationId: string | null;
}

export interface PaymentsOptions {
  publishableKey: string | null;
  holdMinutes: number;
  /** confirmTestPayment is allowed: local mode outside production. */
  testPaymentsAllowed: boolean;
}

const LOCAL_SECRET_PREFIX = 'local_mode:';

/**
 * Checkout, the effects of payment events, and refunds of cancelled stays. Stripe is reached only through
 * the PaymentGateway; without one (no STRIPE_SECRET_KEY) payments run in local mode.
 */
export class PaymentsService {
  constructor(
    private readonly db: DataSource,
    private readonly gateway: PaymentGateway | null,
    private readonly reservations: ReservationsService,
    private readonly refunds: RefundProcessor,
    private readonly clock: Clock,
    private readonly options: PaymentsOptions,
    private readonly log: Logger,
  ) {
    reservations.onStatusChange(async ({ manager, afterCommit, reservation }) => {
      if (reservation.status === 'CANCELLED' && reservation.refundAmount) {
        await this.refundCancellation(manager, afterCommit, reservation);
      }
    });
  }

  get mode(): 'STRIPE' | 'LOCAL' {
    return this.gateway ? 'STRIPE' : 'LOCAL';
  }

  /**
   * Creates (or returns) the reservation's PaymentIntent. The idempotency key binds the reservation and its
   * amount, so retries and double clicks reach the same intent. The first call extends the hold once.
   */
  async startCheckout(viewer: User, reservationId: string): Promise<Checkout> {
    const reservation = await this.db.getRepository(Reservation).findOneBy({ id: reservationId });
    if (!reservation) throw notFound('Reservation');
    if (reservation.guestUserId !== viewer.id) throw forbidden('Only the guest who booked can pay for this reservation');
    this.assertPayable(reservation);

    const existing = await this.db.getRepository(Payment).findOneBy({ reservationId });
    const intent = await this.intentFor(reservation, existing);
    if (!existing) {
      await this.db
        .createQueryBuilder()
        .insert()
        .into(Payment)
        .values({
          reservationId,
          provider: this.mode,
          intentId: intent.id,
          amount: reservation.totalAmount,
          currency: reservation.currency,
          status: 'REQUIRES_PAYMENT',
          amountRefunded: 0,
        })
        .orIgnore() // a concurrent checkout of the same reservation already recorded the same intent
        .execute();
    }
    const holdExpiresAt = await this.extendHoldOnce(reservation);
    return {
      clientSecret: intent.clientSecret,
      paymentIntentId: intent.id,
      amount: money(reservation.totalAmount, reservation.currency),
      publishableKey: this.options.publishableKey,
      mode: this.mode,
      holdExpiresAt,
    };
  }

  /** Development's "god mode": pays a reservation in local mode through the webhook's code path. */
  async confirmTestPayment(viewer: User, reservationId: string): Promise<Reservation> {
    if (!this.options.testPaymentsAllowed) {
      throw forbidden('confirmTestPayment works only in local payment mode outside production');
    }
    const reservation = await this.db.getRepository(Reservation).findOneBy({ id: reservationId });
    if (!reservation) throw notFound('Reservation');
    if (reservation.guestUserId !== viewer.id && viewer.role !== 'ADMIN') throw forbidden('This reservation is not yours');
    if (!(await this.db.getRepository(Payment).existsBy({ reservationId }))) await this.startCheckout(viewer, reservationId);
    const payment = await this.db.getRepository(Payment).findOneByOrFail({ reservationId });
    await inTransaction(this.db, (manager, afterCommit) =>
      this.applySucceeded(manager, afterCommit, { id: payment.intentId, amount: payment.amount, currency: payment.currency, reservationId }),
    );
    return this.db.getRepository(Reservation).findOneByOrFail({ id: reservationId });
  }

  /**
   * payment_intent.succeeded: the payment is recorded and a PENDING reservation confirmed. A payment that
   * arrives after the reservation expired or was cancelled is refunded in full, with the reason recorded.
   */
  async applySucceeded(manager: EntityManager, afterCommit: AfterCommit, intent: SucceededIntent): Promise<void> {
    const payment = await this.lockPayment(manager, intent);
    if (payment.status === 'SUCCEEDED') return;
    payment.status = 'SUCCEEDED';
    payment.succeededAt = this.clock.now();
    payment.failureMessage = null;
    await manager.save(payment);

    const reservation = await manager.findOne(Reservation, { where: { id: payment.reservationId }, lock: { mode: 'pessimistic_write' } });
    if (!reservation) throw new Error(`payment ${payment.intentId} has no reservation`);
    if (payment.amountRefunded >= payment.amount) {
      // Refunded (e.g. from Stripe's dashboard) before this event arrived: the money is back already.
      await recordEvent(manager, 'payment.refunded_before_success', reservation.id, { reservationId: reservation.id, intentId: payment.intentId });
      return;
    }
    if (reservation.status === 'PENDING') {
      await this.reservations.transitionWithin(manager, afterCommit, reservation.id, 'CONFIRM', { kind: 'system', reason: 'payment succeeded' }, 'payment succeeded');
    } else if (reservation.status !== 'CONFIRMED') {
      const reason = `paid after the reservation was ${reservation.status.toLowerCase()}`;
      await this.refunds.queue(manager, afterCommit, payment, payment.amount, reason);
      await recordEvent(manager, 'payment.auto_refunded', reservation.id, { reservationId: reservation.id, reason, amount: payment.amount });
    }
  }

  /** payment_intent.payment_failed: recorded, and the guest told (through the outbox). Never undoes a success. */
  async applyFailed(manager: EntityManager, intent: SucceededIntent & { message: string | null }): Promise<void> {
    const payment = await this.lockPayment(manager, intent);
    if (payment.status === 'SUCCEEDED') return;
    payment.status = 'FAILED';
    payment.failureMessage = intent.message ?? 'The payment failed';
    await manager.save(payment);
    await recordEvent(manager, 'payment.failed', payment.reservationId, {
      reservationId: payment.reservationId,
      intentId: payment.intentId,
      message: payment.failureMessage,
    });
  }

  /** charge.refunded: Stripe's cumulative refunded amount; events may arrive in any order, so it only grows. */
  async applyChargeRefunded(manager: EntityManager, intentId: string, amountRefunded: number): Promise<void> {
    const payment = await manager.findOne(Payment, { where: { intentId }, lock: { mode: 'pessimistic_write' } });
    if (!payment || amountRefunded <= payment.amountRefunded) return;
    payment.amountRefunded = Math.min(amountRefunded, payment.amount);
    await manager.save(payment);
  }

  /** refund.created / refund.updated: the status of a refund we asked for. */
  async applyRefundStatus(manager: EntityManager, stripeRefundId: string, refundId: string | null, status: RefundStatus): Promise<void> {
    const refund = await manager.findOne(Refund, {
      where: refundId ? [{ stripeRefundId }, { id: refundId }] : { stripeRefundId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!refund || refund.status === 'SUCCEEDED') return;
    refund.stripeRefundId = stripeRefundId;
    refund.status = status;
    await manager.save(refund);
  }

  paymentsByReservationIds(ids: readonly string[]): Promise<Payment[]> {
    return this.db.getRepository(Payment).findBy({ reservationId: In([...ids]) });
  }

  refundsByReservationIds(ids: readonly string[]): Promise<Refund[]> {
    return this.db.getRepository(Refund).find({ where: { reservationId: In([...ids]) }, order: { createdAt: 'ASC' } });
  }

  list(status: PaymentStatus | null | undefined, page: PageArgs): Promise<Connection<Payment>> {
    const query = this.db.getRepository(Payment).createQueryBuilder('payment');
    if (status) query.where('payment.status = :status', { status });
    return paginateByCreation(query, page);
  }

  listRefunds(status: RefundStatus | null | undefined): Promise<Refund[]> {
    return this.db.getRepository(Refund).find({ where: status ? { status } : {}, order: { createdAt: 'DESC' }, take: 200 });
  }

  private async refundCancellation(manager: EntityManager, afterCommit: AfterCommit, reservation: Reservation): Promise<void> {
    const payment = await manager.findOne(Payment, { where: { reservationId: reservation.id }, lock: { mode: 'pessimistic_write' } });
    if (payment?.status !== 'SUCCEEDED' || !reservation.refundAmount) return;
    await this.refunds.queue(manager, afterCommit, payment, reservation.refundAmount, 'cancellation, per the cancellation policy');
  }

  private assertPayable(reservation: Reservation): void {
    if (reservation.status !== 'PENDING') throw conflict(`Reservation ${reservation.code} is ${reservation.status}`, { status: reservation.status });
    if (reservation.holdExpiresAt && reservation.holdExpiresAt <= this.clock.now()) {
      throw conflict(`The hold of ${reservation.code} has expired: book again`);
    }
  }

  private async intentFor(reservation: Reservation, existing: Payment | null) {
    if (!this.gateway) {
      const id = existing?.intentId ?? `local_pi_${randomUUID().replaceAll('-', '')}`;
      return { id, clientSecret: `${LOCAL_SECRET_PREFIX}${id}` };
    }
    try {
      if (existing) return await this.gateway.retrieveIntent(existing.intentId);
      return await this.gateway.createIntent({
        amount: reservation.totalAmount,
        currency: reservation.currency,
        metadata: { reservationId: reservation.id, code: reservation.code },
        idempotencyKey: `pi_${reservation.id}_${reservation.totalAmount}_${reservation.currency}`,
      });
    } catch (error) {
      if (!(error instanceof PaymentProviderError)) throw error;
      this.log.warn({ err: error, reservationId: reservation.id }, 'checkout failed at Stripe');
      throw new AppError('PAYMENT_PROVIDER_UNAVAILABLE', 'The payment provider is not answering; nothing was charged. Try again in a moment.');
    }
  }

  /** The first checkout moves the hold to at least now + HOLD_MINUTES; later ones change nothing. */
  private async extendHoldOnce(reservation: Reservation): Promise<Date | null> {
    const until = new Date(this.clock.now().getTime() + this.options.holdMinutes * 60_000);
    const result = await this.db
      .createQueryBuilder()
      .update(Reservation)
      .set({ holdExpiresAt: () => 'greatest(hold_expires_at, :until)', holdExtended: true })
      .where(`id = :id AND status = 'PENDING' AND NOT hold_extended`, { id: reservation.id })
      .setParameter('until', until)
      .returning(['hold_expires_at'])
      .execute();
    const [row] = result.raw as { hold_expires_at: Date }[];
    if (row) return row.hold_expires_at;
    return (await this.db.getRepository(Reservation).findOneByOrFail({ id: reservation.id })).holdExpiresAt;
  }

  /** The payment row of an intent; created from the intent's metadata if the webhook beat checkout's insert. */
  private async lockPayment(manager: EntityManager, intent: SucceededIntent): Promise<Payment> {
    const found = await manager.findOne(Payment, { where: { intentId: intent.id }, lock: { mode: 'pessimistic_write' } });
    if (found) return found;
    if (!intent.reservationId || !(await manager.existsBy(Reservation, { id: intent.reservationId }))) {
      throw new Error(`no reservation for payment intent ${intent.id}`);
    }
    await manager
      .createQueryBuilder()
      .insert()
      .into(Payment)
      .values({
        reservationId: intent.reservationId,
        provider: 'STRIPE',
        intentId: intent.id,
        amount: intent.amount,
        currency: intent.currency.toUpperCase(),
        status: 'REQUIRES_PAYMENT',
        amountRefunded: 0,
      })
      .orIgnore()
      .execute();
    return manager.findOneOrFail(Payment, { where: { intentId: intent.id }, lock: { mode: 'pessimistic_write' } });
  }
}
