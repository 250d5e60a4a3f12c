import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { lockReservation } from '../../db/lock-order';
import { lockRoomCalendar } from '../../db/room-lock';
import { type AfterCommit, inTransaction, settleLater } from '../../db/transaction';
import { dateRangeLiteral, todayIn } from '../../platform/calendar-dates';
import type { Clock } from '../../platform/clock';
import { AppError, badInput, conflict, forbidden, notFound } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { recordEvent } from '../../platform/outbox/outbox';
import { fields, type GraphQLInput, isUuid, parseInput } from '../../platform/validation';
import type { User } from '../accounts/user.entity';
import type { AvailabilityEvents } from '../availability/availability-events';
import { RoomOccupancy } from '../availability/room-occupancy.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { type PaymentCollection, Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import type { Quote, QuoteService } from '../pricing/quote.service';
import type { DiscountCodesService } from '../promotions/discount-codes.service';
import { RoomMoves } from '../room-assignment/room-moves';
import { checkInInstant, refundFor } from './cancellation-policy';
import { bookDirectly } from './direct-booking';
import { newReservationCode } from './reservation-code';
import type { ReservationEvents } from './reservation-events';
import { type ActorRole, ReservationHistory } from './reservation-history.entity';
import { HOLDS_DATES, type Transition, checkTransition } from './reservation-lifecycle';
import { Reservation } from './reservation.entity';

const createSchema = z.object({
  roomId: z.string().nullish(),
  propertyId: z.string().nullish(),
  roomType: z.string().trim().toUpperCase().nullish(),
  checkIn: z.string(),
  checkOut: z.string(),
  guests: z.number().int().min(1, 'must be at least 1').max(50),
  lateCheckout: z.boolean().nullish(),
  guestName: fields.personName.nullish(),
  guestEmail: fields.email.nullish(),
  guestPhone: fields.phone.nullish(),
  specialRequests: fields.longText.nullish(),
  discountCode: z.string().max(100).nullish(),
  redeemPoints: z.number().int().min(0).max(1_000_000_000).nullish(),
});

export type CreateReservation = GraphQLInput<z.input<typeof createSchema>>;

/** Who acts on a reservation: a signed-in user in a role, or the system (maintenance, payments). */
export type Actor = { kind: 'user'; user: User } | { kind: 'system'; reason: string };

const SYSTEM_REASONS = { EXPIRE: 'hold expired', COMPLETE: 'stay completed', NOTHING_TO_PAY: 'nothing to pay: discounts cover the stay' } as const;

/**
 * Called inside the transaction of every status change, after the row is saved: other modules (payments
 * queue the refund of a cancelled, paid stay) act atomically with the change.
 */
export type StatusChangeListener = (change: {
  manager: EntityManager;
  afterCommit: AfterCommit;
  reservation: Reservation;
  from: Reservation['status'];
  role: ActorRole;
}) => Promise<void>;

/**
 * What a cancellation can give back: the money captured for the reservation and not yet refunded (or
 * promised), in its minor units; 0 when nothing was paid. The payments module answers, inside the
 * transaction, after the reservation's lock (the lock order).
 */
export type RefundableMoney = (manager: EntityManager, reservationId: string) => Promise<number>;

/** The loyalty side of a booking (loyalty module): the guest's lock and the REDEEMED entry. */
export interface BookingLoyalty {
  /** Statuses of a guest's reservations that do not count as having booked (the quote's context reads with them). */
  readonly lapsedStatuses: readonly string[];
  lockGuest(manager: EntityManager, userId: string): Promise<void>;
  recordBooking(manager: EntityManager, reservation: Reservation): Promise<void>;
}

/** Booking and the reservation lifecycle. Every change: one transaction, the row locked, history + outbox. */
/** How long a PENDING booking holds its dates: while the guest pays online, or until the host confirms. */
export interface HoldDurations {
  /** The guest pays by card: HOLD_MINUTES. */
  minutes: number;
  /** Pay at the property: the host confirms or rejects within HOST_CONFIRMATION_HOURS. */
  hostConfirmationHours: number;
}

const holdMilliseconds = (holds: HoldDurations, collection: PaymentCollection) =>
  collection === 'AT_PROPERTY' ? holds.hostConfirmationHours * 3_600_000 : holds.minutes * 60_000;

/** Told of each booking once it has committed, on either path (the direct statement or the long way). */
export type BookedListener = (reservation: Reservation) => void;

export class ReservationsService {
  private readonly listeners: StatusChangeListener[] = [];
  private readonly bookedListeners: BookedListener[] = [];
  private refundable: RefundableMoney = async () => 0;
  private readonly roomMoves: RoomMoves;

  constructor(
    private readonly db: DataSource,
    private readonly quotes: QuoteService,
    private readonly discountCodes: DiscountCodesService,
    private readonly loyalty: BookingLoyalty,
    private readonly access: CatalogAccess,
    private readonly availabilityEvents: AvailabilityEvents,
    private readonly events: ReservationEvents,
    private readonly clock: Clock,
    private readonly holds: HoldDurations,
    private readonly log: Logger,
  ) {
    this.roomMoves = new RoomMoves(clock, events, availabilityEvents);
  }

  async create(viewer: User, input: CreateReservation): Promise<Reservation> {
    const request = parseInput(createSchema, input);
    const discountCode = request.discountCode?.trim() || null;
    if (request.roomId && !discountCode && !request.redeemPoints) {
      const booked = await this.createDirectly(viewer, { ...request, roomId: request.roomId });
      if (booked) return booked;
    }
    const candidates = await this.candidateRooms(request);
    return this.inTransaction(async (manager, afterCommit) => {
      // The code's lock comes first, before any room calendar: see the lock order (src/db/lock-order.ts).
      if (discountCode) await this.discountCodes.lockForBooking(manager, discountCode);
      // Then the guest's (points balance, first booking of a referral), then the rooms: src/db/lock-order.ts.
      await this.loyalty.lockGuest(manager, viewer.id);
      const quote = await this.firstBookable(manager, afterCommit, viewer, candidates, { ...request, discountCode });
      const code = quote.price.code;
      // Never silently another price: a code that no longer applies refuses the booking.
      if (code && !code.applied) {
        throw conflict(`The discount code ${code.code} does not apply (${code.reason})`, { field: 'discountCode', reason: code.reason });
      }
      const points = quote.points;
      if (points && points.redeemed < points.requested) {
        if (points.reason) {
          throw new AppError('BAD_USER_INPUT', `Points are not accepted for stays in ${quote.price.currency}`, { field: 'redeemPoints', reason: points.reason });
        }
        if (points.requested > points.maxRedeemable) {
          throw badInput('redeemPoints', `This stay takes at most ${points.maxRedeemable} points`);
        }
        throw conflict(`Only ${points.balance} points are available`, { field: 'redeemPoints', reason: 'INSUFFICIENT_POINTS' });
      }
      const reservation = await this.insertReservation(manager, viewer, request, quote);
      await this.discountCodes.recordUse(manager, reservation);
      await this.loyalty.recordBooking(manager, reservation);
      await manager.insert(RoomOccupancy, {
        roomId: quote.room.id,
        stay: dateRangeLiteral(reservation.checkIn, reservation.checkOut),
        source: 'RESERVATION',
        reservationId: reservation.id,
      });
      await this.writeHistory(manager, reservation, null, { kind: 'user', user: viewer }, 'GUEST', null);
      // A stay its discounts pay in full has nothing to charge online: it is confirmed at once, in this
      // transaction (the guest gets the confirmation, not a "pay now"). Pay-at-property stays still wait for the host.
      const nothingToPay = reservation.totalAmount === 0 && quote.property.paymentCollection === 'ONLINE';
      await recordEvent(manager, 'reservation.created', reservation.id, { reservationId: reservation.id, code: reservation.code, nothingToPay });
      afterCommit(() => this.booked(reservation));
      afterCommit(() => this.announce(reservation, 'RESERVED'));
      if (nothingToPay) {
        const actor = { kind: 'system', reason: SYSTEM_REASONS.NOTHING_TO_PAY } as const;
        return this.transitionWithin(manager, afterCommit, reservation.id, 'CONFIRM', actor, SYSTEM_REASONS.NOTHING_TO_PAY);
      }
      return reservation;
    });
  }

  /**
   * The common booking (one room, no code, no points) in two round trips: the quote's one read, then
   * `bookDirectly` under the room's lock. A stay it cannot take that way (a referral to apply, nothing to
   * pay, or the priced context changed before the lock) returns null: the caller books the long way, where
   * everything is read again under its locks. Refusals are the same as the long way's.
   */
  private async createDirectly(viewer: User, request: z.output<typeof createSchema> & { roomId: string }): Promise<Reservation | null> {
    if (request.propertyId || request.roomType) return null; // the long way refuses the mix with its own message
    const quote = await this.quotes.quote(viewer, request);
    if (quote.problems.length > 0) throw this.refusal(quote, false);
    if (quote.referral || quote.price.total === 0) return null;
    const reservation = this.newReservation(viewer, request, quote);
    reservation.code = newReservationCode();
    const outcome = await bookDirectly(this.db, {
      reservation,
      fingerprint: quote.fingerprint,
      lapsedStatuses: this.loyalty.lapsedStatuses,
      history: { actorUserId: viewer.id, actorRole: 'GUEST', at: this.clock.now() },
      event: { topic: 'reservation.created', payload: { code: reservation.code, nothingToPay: false } },
    });
    if (outcome.status === 'UNAVAILABLE') throw conflict('Those dates are no longer available');
    if (outcome.status !== 'BOOKED') return null;
    this.booked(outcome.reservation);
    // Announced behind the answer, as inTransaction's effects are (waitForEffects: false).
    settleLater(this.announce(outcome.reservation, 'RESERVED').catch(this.publishFailed));
    return outcome.reservation;
  }

  onStatusChange(listener: StatusChangeListener): void {
    this.listeners.push(listener);
  }

  onBooked(listener: BookedListener): void {
    this.bookedListeners.push(listener);
  }

  private booked(reservation: Reservation): void {
    for (const listener of this.bookedListeners) listener(reservation);
  }

  /** The payments module tells cancellations how much money there is to give back. */
  useRefundableMoney(source: RefundableMoney): void {
    this.refundable = source;
  }

  cancel(viewer: User, id: string, reason?: string | null) {
    return this.transition(id, 'CANCEL', { kind: 'user', user: viewer }, reason);
  }

  confirm(actor: Actor, id: string) {
    return this.transition(id, 'CONFIRM', actor, null);
  }

  reject(viewer: User, id: string, reason?: string | null) {
    return this.transition(id, 'REJECT', { kind: 'user', user: viewer }, reason);
  }

  markNoShow(viewer: User, id: string) {
    return this.transition(id, 'NO_SHOW', { kind: 'user', user: viewer }, null);
  }

  /** The host or an admin lets an active stay move between rooms of its type (floating), or pins it to its room. */
  setMovable(viewer: User, id: string, movable: boolean): Promise<Reservation> {
    return this.inTransaction(async (manager, afterCommit) => {
      if (!(await lockReservation(manager, id))) throw notFound('Reservation');
      const reservation = await this.activeForHost(manager, viewer, id);
      reservation.movable = movable;
      await manager.save(reservation);
      afterCommit(() => this.events.publish(reservation.id));
      return reservation;
    });
  }

  /**
   * The host or an admin moves an active stay to another room of its property, at any time until it ends
   * (the cut-off binds automatic moves only). The price stays as booked. A move to another room type pins
   * the stay (it would otherwise float within a type the guest did not book).
   */
  moveToRoom(viewer: User, id: string, roomId: string): Promise<Reservation> {
    if (!isUuid(roomId)) throw badInput('roomId', 'Not a room id');
    if (!isUuid(id)) throw notFound('Reservation');
    return this.inTransaction(async (manager, afterCommit) => {
      const [current] = await manager.query<{ room_id: string }[]>(`SELECT room_id FROM reservations WHERE id = $1`, [id]);
      if (!current) throw notFound('Reservation');
      // Both calendars in the canonical (id) order, then the reservation (which re-checks its room).
      for (const room of [current.room_id, roomId].sort()) await lockRoomCalendar(manager, room);
      if (!(await lockReservation(manager, id))) throw notFound('Reservation');
      const reservation = await this.activeForHost(manager, viewer, id);
      const target = await manager.findOneBy(Room, { id: roomId });
      if (!target || target.propertyId !== reservation.propertyId) throw badInput('roomId', 'Choose a room of the same property');
      if (!target.active) throw badInput('roomId', `${target.name} is not active`);
      if (reservation.guests > target.maxGuests) throw badInput('roomId', `${target.name} sleeps at most ${target.maxGuests}`);
      if (reservation.roomId === target.id) return reservation;
      const [taken] = await manager.query(`SELECT 1 FROM room_occupancies WHERE room_id = $1 AND stay && daterange($2::date, $3::date)`, [
        target.id,
        reservation.checkIn,
        reservation.checkOut,
      ]);
      if (taken) throw conflict(`${target.name} is not free for ${reservation.checkIn} – ${reservation.checkOut}`, { field: 'roomId' });
      const from = await manager.findOneByOrFail(Room, { id: reservation.roomId });
      const role = await this.roleOf(viewer, reservation, manager);
      await this.roomMoves.apply(manager, afterCommit, reservation.propertyId, [{ reservationId: id, from: from.id, to: target.id }], {
        role,
        userId: viewer.id,
        reason: `moved by the ${role.toLowerCase()}`,
      });
      if (from.roomTypeCode !== target.roomTypeCode && reservation.movable) {
        await manager.update(Reservation, { id }, { movable: false });
      }
      return manager.findOneByOrFail(Reservation, { id });
    });
  }

  /** An active (PENDING or CONFIRMED) reservation the viewer hosts or administers. */
  private async activeForHost(manager: EntityManager, viewer: User, id: string): Promise<Reservation> {
    const reservation = await manager.findOneByOrFail(Reservation, { id });
    const role = await this.roleOf(viewer, reservation, manager);
    if (role === 'GUEST') throw forbidden('Only the host or an admin changes the room of a stay');
    if (!HOLDS_DATES.includes(reservation.status)) throw conflict(`Reservation ${reservation.code} is ${reservation.status}`, { status: reservation.status });
    return reservation;
  }

  /** Maintenance: PENDING reservations whose hold elapsed become EXPIRED and release their dates. */
  async expireHolds(): Promise<number> {
    const due = await this.db.query<{ id: string }[]>(
      `SELECT id FROM reservations WHERE status = 'PENDING' AND hold_expires_at <= $1 ORDER BY hold_expires_at`,
      [this.clock.now()],
    );
    return this.runSystemTransitions(due, 'EXPIRE');
  }

  /** Maintenance: CONFIRMED stays whose check-out moment has passed become COMPLETED. */
  async completeStays(): Promise<number> {
    const due = await this.db.query<{ id: string }[]>(
      `SELECT r.id FROM reservations r JOIN properties p ON p.id = r.property_id
        WHERE r.status = 'CONFIRMED' AND r.check_out <= ($1::timestamptz AT TIME ZONE p.time_zone)::date
        ORDER BY r.check_out`,
      [this.clock.now()],
    );
    return this.runSystemTransitions(due, 'COMPLETE');
  }

  /** The reservation if the viewer is its guest, its property's host, or an admin. */
  async findVisible(viewer: User, id: string): Promise<Reservation | null> {
    const reservation = await this.db.getRepository(Reservation).findOneBy({ id });
    if (!reservation) return null;
    await this.roleOf(viewer, reservation);
    return reservation;
  }

  async assertCanFollow(viewer: User, id: string): Promise<void> {
    const reservation = await this.db.getRepository(Reservation).findOneBy({ id });
    if (!reservation) throw notFound('Reservation');
    await this.roleOf(viewer, reservation);
  }

  private transition(id: string, transition: Transition, actor: Actor, reason?: string | null): Promise<Reservation> {
    return this.inTransaction((manager, afterCommit) => this.transitionWithin(manager, afterCommit, id, transition, actor, reason));
  }

  /** A lifecycle transition inside the caller's transaction (the payments webhook confirms this way). */
  async transitionWithin(
    manager: EntityManager,
    afterCommit: AfterCommit,
    id: string,
    transition: Transition,
    actor: Actor,
    reason?: string | null,
  ): Promise<Reservation> {
    const note = parseInput(fields.shortText.nullish(), reason) ?? null;
    // Room calendar, then the reservation: the one lock order of every writer (src/db/lock-order.ts).
    if (!(await lockReservation(manager, id))) throw notFound('Reservation');
    const reservation = await manager.findOneByOrFail(Reservation, { id });
    const role: ActorRole = actor.kind === 'system' ? 'SYSTEM' : await this.roleOf(actor.user, reservation, manager);
    const check = checkTransition(transition, reservation.status, role);
    if (!check.ok && check.reason === 'ILLEGAL_FROM_STATUS') {
      throw conflict(`Reservation ${reservation.code} is ${reservation.status}`, { status: reservation.status });
    }
    if (!check.ok) throw forbidden(`A ${role.toLowerCase()} cannot ${transition.toLowerCase().replace('_', '-')} a reservation`);

    const property = await manager.findOneByOrFail(Property, { id: reservation.propertyId });
    this.assertCalendar(transition, role, reservation, property);
    const from = reservation.status;
    reservation.status = check.to;
    if (from === 'PENDING') reservation.holdExpiresAt = null;
    if (transition === 'CANCEL') {
      // A refund is only ever of money captured: the policy's share, capped by what was paid and not yet
      // refunded; none at all (null) for an unpaid hold or a pay-at-property stay.
      const refundable = await this.refundable(manager, reservation.id);
      const owed = refundFor(
        reservation,
        reservation.cancellationPolicy,
        role,
        this.clock.now(),
        checkInInstant(reservation.checkIn, property.checkInTime, property.timeZone),
      );
      reservation.refundAmount = refundable > 0 ? Math.min(owed, refundable) : null;
    }
    await manager.save(reservation);
    const released = HOLDS_DATES.includes(from) && !HOLDS_DATES.includes(check.to);
    if (released) await manager.delete(RoomOccupancy, { reservationId: reservation.id });
    await this.writeHistory(manager, reservation, from, actor, role, note);
    for (const listener of this.listeners) await listener({ manager, afterCommit, reservation, from, role });
    await recordEvent(manager, 'reservation.status_changed', reservation.id, {
      reservationId: reservation.id,
      code: reservation.code,
      from,
      to: reservation.status,
      actorRole: role,
      reason: note,
      refundAmount: reservation.refundAmount,
    });
    afterCommit(() => this.announce(reservation, released ? 'RELEASED' : null));
    return reservation;
  }

  /** Conditions of the lifecycle that depend on the property's calendar. */
  private assertCalendar(transition: Transition, role: ActorRole, reservation: Reservation, property: Property): void {
    const now = this.clock.now();
    const today = todayIn(property.timeZone, now);
    if (transition === 'CANCEL' && role === 'GUEST' && reservation.status === 'CONFIRMED') {
      if (now >= checkInInstant(reservation.checkIn, property.checkInTime, property.timeZone)) {
        throw conflict('Check-in time has passed: only the host can cancel this stay now');
      }
    }
    if (transition === 'NO_SHOW' && now < checkInInstant(reservation.checkIn, property.checkInTime, property.timeZone)) {
      throw conflict('A no-show can be recorded once the check-in time has passed');
    }
    if (transition === 'EXPIRE' && (!reservation.holdExpiresAt || reservation.holdExpiresAt > now)) {
      throw conflict(`The hold of ${reservation.code} has not expired`);
    }
    if (transition === 'COMPLETE' && today < reservation.checkOut) throw conflict(`${reservation.code} has not checked out yet`);
  }

  private async runSystemTransitions(due: { id: string }[], transition: 'EXPIRE' | 'COMPLETE'): Promise<number> {
    let done = 0;
    for (const { id } of due) {
      try {
        await this.transition(id, transition, { kind: 'system', reason: SYSTEM_REASONS[transition] }, SYSTEM_REASONS[transition]);
        done += 1;
      } catch (error) {
        // Another instance (or the guest) got there first: the row changed under us, which is fine.
        if (error instanceof AppError && error.code === 'CONFLICT') continue;
        throw error;
      }
    }
    return done;
  }

  /**
   * The viewer's role in this reservation, from their relation to it rather than their account's highest
   * role: its guest acts as the guest — also a host booking their own property, or an admin booking for
   * themselves — so they get the guest's rules and refund, never a host's full refund or a host's
   * confirm/reject/no-show on their own stay. The property's host acts as host, an admin on someone else's
   * reservation as admin. FORBIDDEN when they are no party to it.
   */
  /**
   * What `viewer` cancelling now would refund (the same rule and cap as the cancellation itself), in minor
   * units; 0 when nothing was paid online; null when they may not cancel it now.
   */
  async refundIfCancelledNow(viewer: User, reservation: Reservation): Promise<number | null> {
    const role = await this.roleOf(viewer, reservation);
    if (!checkTransition('CANCEL', reservation.status, role).ok) return null;
    const property = await this.db.manager.findOneByOrFail(Property, { id: reservation.propertyId });
    try {
      this.assertCalendar('CANCEL', role, reservation, property);
    } catch {
      return null; // its only refusal for a cancellation: a guest after the check-in time
    }
    const refundable = await this.refundable(this.db.manager, reservation.id);
    if (refundable <= 0) return 0;
    const owed = refundFor(reservation, reservation.cancellationPolicy, role, this.clock.now(), checkInInstant(reservation.checkIn, property.checkInTime, property.timeZone));
    return Math.min(owed, refundable);
  }

  private async roleOf(viewer: User, reservation: Reservation, manager?: EntityManager): Promise<ActorRole> {
    if (reservation.guestUserId === viewer.id) return 'GUEST';
    if (viewer.role === 'ADMIN') return 'ADMIN';
    if ((await this.access.ownerUserId(reservation.propertyId, manager)) === viewer.id) return 'HOST';
    throw forbidden('This reservation is not yours');
  }

  /** The ids of the rooms a booking may take, in the one global order rooms are locked in. */
  private async candidateRooms(request: z.output<typeof createSchema>): Promise<string[]> {
    if (request.roomId) {
      if (request.propertyId || request.roomType) throw badInput('roomId', 'Give roomId, or propertyId with roomType, not both');
      // Not read here: the quote reads it under the room's lock (NOT_FOUND there if it does not exist).
      return [request.roomId];
    }
    if (!request.propertyId || !request.roomType) throw badInput('roomId', 'Give roomId, or propertyId with roomType');
    const rooms = await this.db.getRepository(Room).find({
      where: { propertyId: request.propertyId, roomTypeCode: request.roomType, active: true },
      order: { id: 'ASC' }, // one global order: rooms are locked in it, so two bookings never deadlock
    });
    if (rooms.length === 0) throw badInput('roomType', `No ${request.roomType} rooms in that property`);
    return rooms.map((room) => room.id);
  }

  /**
   * Locks each candidate's calendar in turn and takes the first room the quote says is bookable. A booking
   * by room type refused only for dates (every room of the type locked by then) re-arranges the type's
   * movable stays when that frees a room (src/modules/room-assignment/).
   */
  private async firstBookable(
    manager: EntityManager,
    afterCommit: AfterCommit,
    viewer: User,
    roomIds: string[],
    request: z.output<typeof createSchema>,
  ) {
    let firstRefusal: Quote | undefined;
    let onlyDates = true;
    for (const roomId of roomIds) {
      await lockRoomCalendar(manager, roomId);
      const quote = await this.quotes.quote(viewer, { ...request, roomId }, manager);
      if (quote.problems.length === 0) return quote;
      firstRefusal ??= quote;
      onlyDates &&= quote.problems.every((p) => p.code === 'UNAVAILABLE');
    }
    if (!request.roomId && onlyDates) {
      const freed = await this.roomMoves.rearrangeFor(manager, afterCommit, firstRefusal!.property, roomIds, request);
      if (freed && roomIds.includes(freed)) {
        const quote = await this.quotes.quote(viewer, { ...request, roomId: freed }, manager);
        if (quote.problems.length === 0) return quote;
        throw this.refusal(quote, true);
      }
    }
    throw this.refusal(firstRefusal!, roomIds.length > 1);
  }

  private refusal(quote: Quote, byType: boolean): AppError {
    const problem = quote.problems.find((p) => p.code !== 'UNAVAILABLE') ?? quote.problems[0]!;
    switch (problem.code) {
      case 'UNAVAILABLE':
        return conflict(byType ? `No ${quote.room.roomTypeCode} room is free for those dates` : 'Those dates are no longer available');
      case 'CHECK_IN_IN_PAST':
        return badInput('checkIn', problem.message);
      case 'TOO_MANY_GUESTS':
        return badInput('guests', problem.message);
      case 'MIN_NIGHTS':
      case 'MAX_NIGHTS':
      case 'BEYOND_BOOKING_WINDOW':
        return badInput('checkOut', problem.message);
      case 'LATE_CHECKOUT_NOT_OFFERED':
        return badInput('lateCheckout', problem.message);
      case 'ROOM_INACTIVE':
      case 'HOST_NOT_VERIFIED':
        return badInput('roomId', problem.message);
    }
  }

  private async insertReservation(manager: EntityManager, viewer: User, request: z.output<typeof createSchema>, quote: Quote) {
    const reservation = this.newReservation(viewer, request, quote);
    reservation.code = await this.freeCode(manager);
    return manager.save(reservation);
  }

  /** The reservation a quote makes (PENDING, with its hold), not yet saved and without its code. */
  private newReservation(viewer: User, request: z.output<typeof createSchema>, quote: Quote): Reservation {
    const { price } = quote;
    return this.db.manager.create(Reservation, {
      propertyId: quote.property.id,
      roomId: quote.room.id,
      guestUserId: viewer.id,
      status: 'PENDING',
      checkIn: quote.checkIn,
      checkOut: quote.checkOut,
      guests: quote.guests,
      guestName: request.guestName ?? viewer.fullName,
      guestEmail: request.guestEmail ?? viewer.email,
      guestPhone: request.guestPhone ?? viewer.phone,
      specialRequests: request.specialRequests ?? null,
      lateCheckout: quote.lateCheckout,
      currency: price.currency,
      subtotalAmount: price.subtotal,
      feesAmount: price.feesTotal,
      discountAmount: price.discountTotal,
      discountCode: price.code?.applied ? price.code.code : null,
      discountCodeAmount: price.codeDiscount,
      referrerUserId: quote.referral?.applied ? quote.referral.referrerUserId : null,
      referralDiscountAmount: price.referralDiscount,
      pointsRedeemed: price.pointsRedeemed,
      pointsAmount: price.pointsAmount,
      taxesAmount: price.taxes,
      totalAmount: price.total,
      priceSnapshot: {
        nights: price.nights,
        fees: price.fees,
        discounts: price.discounts,
        taxRateBasisPoints: price.taxRateBasisPoints,
        rounding: price.rounding,
      },
      cancellationPolicy: quote.property.cancellationPolicy,
      holdExpiresAt: new Date(this.clock.now().getTime() + holdMilliseconds(this.holds, quote.property.paymentCollection)),
      holdExtended: false,
      refundAmount: null,
      // Booked by room type: may move within the type until the cut-off. A room chosen by the guest never moves.
      movable: !request.roomId,
      roomMoves: 0,
    });
  }

  /** Codes are random; a collision (1 in ~887 million per pair) just draws again. */
  private async freeCode(manager: EntityManager): Promise<string> {
    for (;;) {
      const code = newReservationCode();
      if (!(await manager.existsBy(Reservation, { code }))) return code;
    }
  }

  private async writeHistory(
    manager: EntityManager,
    reservation: Reservation,
    from: Reservation['status'] | null,
    actor: Actor,
    role: ActorRole,
    reason: string | null,
  ): Promise<void> {
    await manager.insert(ReservationHistory, {
      reservationId: reservation.id,
      fromStatus: from,
      toStatus: reservation.status,
      actorUserId: actor.kind === 'user' ? actor.user.id : null,
      actorRole: role,
      reason: reason ?? (actor.kind === 'system' ? actor.reason : null),
      at: this.clock.now(),
    });
  }

  private async announce(reservation: Reservation, availability: 'RESERVED' | 'RELEASED' | null): Promise<void> {
    await this.events.publish(reservation.id);
    if (availability) {
      await this.availabilityEvents.publish({
        propertyId: reservation.propertyId,
        roomId: reservation.roomId,
        from: reservation.checkIn,
        to: reservation.checkOut,
        reason: availability,
      });
    }
  }

  private readonly publishFailed = (error: unknown): void => this.log.error({ err: error }, 'publishing a reservation change failed');

  private inTransaction<T>(work: (manager: EntityManager, afterCommit: AfterCommit) => Promise<T>): Promise<T> {
    // Its effects only announce (live events): the answer does not wait for their NOTIFYs.
    return inTransaction(this.db, work, this.publishFailed, { waitForEffects: false });
  }
}
