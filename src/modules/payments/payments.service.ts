import { randomUUID } from 'node:crypto';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { type Connection, type PageArgs, paginateByCreation } from '../../db/pagination';
import { lockPayment, lockRefund, lockReservation } from '../../db/lock-order';
import { type AfterCommit, inTransaction } from '../../db/transaction';
import type { Clock } from '../../platform/clock';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { recordEvent } from '../../platform/outbox/outbox';
import { type PaymentGateway, PaymentProviderError } from '../../platform/payments/payment-gateway';
import { type Money, money } from '../../platform/money';
import { fromStripeAmount } from '../../platform/payments/stripe-amounts';
import type { User } from '../accounts/user.entity';
import { Property } from '../catalog/property.entity';
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

/** A refund as Stripe describes it (refund.* events, or the list in charge.refunded). */
export interface StripeRefund {
  id: string;
  status: RefundStatus;
  /** In Stripe's units: converted with the payment's currency once the payment is known. */
  stripeAmount: number;
  paymentIntentId: string | null;
  /** Ours: the id we put in its metadata. */
  refundId: string | null;
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
  private readonly paymentListeners: ((intentId: string) => Promise<void>)[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly gateway: PaymentGateway | null,
    private readonly reservations: ReservationsService,
    private readonly refunds: RefundProcessor,
    private readonly clock: Clock,
    private readonly options: PaymentsOptions,
    private readonly log: Logger,
  ) {
    reservations.onStatusChange(async ({ manager, reservation }) => {
      if (reservation.status === 'CANCELLED' && reservation.refundAmount) {
        await this.refundCancellation(manager, reservation);
      }
    });
    reservations.useRefundableMoney((manager, reservationId) => this.refundableOf(manager, reservationId));
  }

  /** Called once a payment row exists for an intent (checkout recorded it): waiting events apply then. */
  onPaymentRecorded(listener: (intentId: string) => Promise<void>): void {
    this.paymentListeners.push(listener);
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
    await this.assertPaidOnline(reservation);

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
      // Stripe events that named this intent before we knew it were kept waiting: they apply now.
      for (const listener of this.paymentListeners) await listener(intent.id);
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
    const intent = { id: payment.intentId, amount: payment.amount, currency: payment.currency, reservationId };
    // The webhook's code path: the same locks in the same order (src/db/lock-order.ts).
    await inTransaction(this.db, async (manager, afterCommit) => {
      await this.ensurePayment(manager, intent);
      await this.applySucceeded(manager, afterCommit, intent);
    });
    return this.db.getRepository(Reservation).findOneByOrFail({ id: reservationId });
  }

  /**
   * Makes sure the intent has its payment row, locked (reservation first: the lock order). A webhook may
   * beat checkout's insert: the row is then created from the intent's metadata. 'unknown': no payment and
   * no reservation to attach one to (the event waits for it).
   */
  async ensurePayment(manager: EntityManager, intent: SucceededIntent): Promise<'exists' | 'created' | 'unknown'> {
    if (await lockPayment(manager, { intentId: intent.id })) return 'exists';
    if (!intent.reservationId || !(await lockReservation(manager, intent.reservationId))) return 'unknown';
    const inserted = await manager
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
    await lockPayment(manager, { intentId: intent.id });
    // RETURNING gives a row only when this insert won (ON CONFLICT DO NOTHING otherwise).
    return (inserted.raw as unknown[]).length > 0 ? 'created' : 'exists';
  }

  /**
   * payment_intent.succeeded: the payment is recorded and a PENDING reservation confirmed, once the amount
   * and currency match the reservation's (a mismatch is flagged for admins and never confirms). A payment
   * that arrives after the reservation expired or was cancelled is refunded in full, with the reason.
   * The caller has run ensurePayment.
   */
  async applySucceeded(manager: EntityManager, afterCommit: AfterCommit, intent: SucceededIntent): Promise<void> {
    const payment = await manager.findOneByOrFail(Payment, { intentId: intent.id });
    if (payment.status === 'SUCCEEDED' || payment.status === 'MISMATCH') return;
    const reservation = await manager.findOneByOrFail(Reservation, { id: payment.reservationId });
    payment.succeededAt = this.clock.now();
    payment.failureMessage = null;
    const mismatch = mismatchOf(intent, payment, reservation);
    if (mismatch) {
      payment.status = 'MISMATCH';
      payment.mismatchReason = mismatch;
      await manager.save(payment);
      this.log.warn({ reservationId: reservation.id, intentId: intent.id, mismatch }, 'a payment does not match its reservation');
      await recordEvent(manager, 'payment.mismatch', reservation.id, { reservationId: reservation.id, intentId: intent.id, reason: mismatch });
      return;
    }
    payment.status = 'SUCCEEDED';
    await manager.save(payment);

    if (payment.amountRefunded >= payment.amount) {
      // Refunded in full at Stripe before this event arrived: the money is back, nothing holds the booking.
      await this.cancelRefundedInFull(manager, afterCommit, payment, reservation);
      return;
    }
    if (reservation.status === 'PENDING') {
      await this.reservations.transitionWithin(manager, afterCommit, reservation.id, 'CONFIRM', { kind: 'system', reason: 'payment succeeded' }, 'payment succeeded');
    } else if (reservation.status !== 'CONFIRMED') {
      const reason = `paid after the reservation was ${reservation.status.toLowerCase()}`;
      await this.refunds.queue(manager, payment, payment.amount, reason);
      await recordEvent(manager, 'payment.auto_refunded', reservation.id, { reservationId: reservation.id, reason, amount: payment.amount });
    }
  }

  /** payment_intent.payment_failed: recorded, and the guest told (through the outbox). Never undoes a success. */
  async applyFailed(manager: EntityManager, intent: SucceededIntent & { message: string | null }): Promise<void> {
    const payment = await manager.findOneByOrFail(Payment, { intentId: intent.id });
    if (payment.status === 'SUCCEEDED' || payment.status === 'MISMATCH') return;
    payment.status = 'FAILED';
    payment.failureMessage = intent.message ?? 'The payment failed';
    await manager.save(payment);
    await recordEvent(manager, 'payment.failed', payment.reservationId, {
      reservationId: payment.reservationId,
      intentId: payment.intentId,
      message: payment.failureMessage,
    });
  }

  /**
   * charge.refunded: Stripe's cumulative refunded amount, in Stripe's units (events may arrive in any order,
   * so it only grows) and the refunds it lists. 'parked' when we have no payment for the intent yet.
   */
  async applyChargeRefunded(
    manager: EntityManager,
    afterCommit: AfterCommit,
    intentId: string,
    stripeAmountRefunded: number,
    refunds: StripeRefund[],
  ): Promise<'applied' | 'parked'> {
    if (!(await lockPayment(manager, { intentId }))) return 'parked';
    const payment = await manager.findOneByOrFail(Payment, { intentId });
    const amountRefunded = fromStripeAmount(stripeAmountRefunded, payment.currency);
    if (amountRefunded > payment.amountRefunded) {
      payment.amountRefunded = Math.min(amountRefunded, payment.amount);
      await manager.save(payment);
    }
    for (const refund of refunds) await this.applyRefund(manager, { ...refund, paymentIntentId: refund.paymentIntentId ?? intentId });
    if (payment.status === 'SUCCEEDED' && payment.amountRefunded >= payment.amount) {
      const reservation = await manager.findOneByOrFail(Reservation, { id: payment.reservationId });
      await this.cancelRefundedInFull(manager, afterCommit, payment, reservation);
    }
    return 'applied';
  }

  /**
   * refund.created / refund.updated (and the refunds a charge lists): the status of a refund we asked for,
   * or the record of one made at Stripe (e.g. from its dashboard), so the refunds we show are all of them.
   */
  async applyRefund(manager: EntityManager, refund: StripeRefund): Promise<'applied' | 'parked'> {
    const known = await manager.findOne(Refund, {
      where: refund.refundId ? [{ stripeRefundId: refund.id }, { id: refund.refundId }] : { stripeRefundId: refund.id },
    });
    if (known) {
      await lockRefund(manager, known.id);
      const current = await manager.findOneByOrFail(Refund, { id: known.id });
      if (current.status === 'SUCCEEDED') return 'applied';
      current.stripeRefundId = refund.id;
      current.status = refund.status;
      await manager.save(current);
      return 'applied';
    }
    if (!refund.paymentIntentId || !(refund.stripeAmount > 0)) return 'applied'; // nothing to attach it to: the event is the record
    if (!(await lockPayment(manager, { intentId: refund.paymentIntentId }))) return 'parked';
    const payment = await manager.findOneByOrFail(Payment, { intentId: refund.paymentIntentId });
    await manager
      .createQueryBuilder()
      .insert()
      .into(Refund)
      .values({
        reservationId: payment.reservationId,
        paymentId: payment.id,
        amount: fromStripeAmount(refund.stripeAmount, payment.currency),
        currency: payment.currency,
        reason: 'refunded at Stripe',
        status: refund.status,
        idempotencyKey: `stripe_${refund.id}`,
        stripeRefundId: refund.id,
        attempts: 0,
        nextAttemptAt: this.clock.now(),
      })
      .orIgnore()
      .execute();
    return 'applied';
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

  private async refundCancellation(manager: EntityManager, reservation: Reservation): Promise<void> {
    if (!(await lockPayment(manager, { reservationId: reservation.id })) || !reservation.refundAmount) return;
    const payment = await manager.findOneByOrFail(Payment, { reservationId: reservation.id });
    if (payment.status !== 'SUCCEEDED') return;
    await this.refunds.queue(manager, payment, reservation.refundAmount, 'cancellation, per the cancellation policy');
  }

  /** Money captured for the reservation and neither refunded nor promised: what a cancellation can return. */
  private async refundableOf(manager: EntityManager, reservationId: string): Promise<number> {
    if (!(await lockPayment(manager, { reservationId }))) return 0;
    const payment = await manager.findOneByOrFail(Payment, { reservationId });
    if (payment.status !== 'SUCCEEDED') return 0;
    return this.refunds.refundable(manager, payment);
  }

  /** The whole payment came back through Stripe: a booking it held is cancelled (by the system). */
  private async cancelRefundedInFull(manager: EntityManager, afterCommit: AfterCommit, payment: Payment, reservation: Reservation): Promise<void> {
    await recordEvent(manager, 'payment.refunded_in_full', reservation.id, { reservationId: reservation.id, intentId: payment.intentId });
    if (reservation.status !== 'PENDING' && reservation.status !== 'CONFIRMED') return;
    await this.reservations.transitionWithin(manager, afterCommit, reservation.id, 'CANCEL', { kind: 'system', reason: 'refunded in full at Stripe' }, 'refunded in full at Stripe');
  }

  /** A pay-at-property house takes no card payment here: the guest pays on arrival, the host confirms. */
  private async assertPaidOnline(reservation: Reservation): Promise<void> {
    const property = await this.db.getRepository(Property).findOneByOrFail({ id: reservation.propertyId });
    if (property.paymentCollection === 'AT_PROPERTY') {
      throw conflict(`${property.name} is paid at the property: nothing is paid online, the host confirms ${reservation.code}`, { paymentCollection: 'AT_PROPERTY' });
    }
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
}

/** Why a succeeded intent cannot confirm its reservation: another amount or currency than expected. */
function mismatchOf(intent: SucceededIntent, payment: Payment, reservation: Reservation): string | null {
  const currency = intent.currency.toUpperCase();
  const expected = [
    { what: 'the payment', amount: payment.amount, currency: payment.currency },
    { what: 'the reservation', amount: reservation.totalAmount, currency: reservation.currency },
  ];
  for (const e of expected) {
    if (intent.amount !== e.amount || currency !== e.currency) {
      return `Stripe reported ${intent.amount} ${currency}; ${e.what} expects ${e.amount} ${e.currency}`;
    }
  }
  return null;
}
