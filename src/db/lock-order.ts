import type { EntityManager } from 'typeorm';
import { lockRoomCalendar } from './room-lock';

/**
 * The one lock order of every writer of bookings and money, so that two transactions never wait on each
 * other in a cycle (a deadlock):
 *
 *   (Stripe event row) → (discount code row) → (guest account row) → room calendar → reservation → payment → refund
 *
 * A transaction may skip levels but never go back up: whoever needs the payment and the reservation locks
 * the reservation first, even when it starts from a payment intent or a refund. The webhook holds its
 * event row before anything else (no other writer locks event rows). A booking with a discount code holds
 * the code's row before any room calendar (candidate rooms are locked one after another, the code once);
 * releasing a use changes only its use row and takes no code lock. Every booking the long way then holds its
 * guest's account row (FOR NO KEY UPDATE: loyalty points and the first-booking rule of referrals; a plain
 * booking in one statement, staygraph_book_stay, has neither and takes the room calendar only); ledger entries
 * written later in a transition only reference the account (KEY SHARE), which that lock does not block. Every writer of a reservation, its
 * payment or its refunds goes through these helpers; `docs/architecture.md` ("Lock order") says why.
 */
export const LOCK_ORDER = ['stripe event', 'discount code', 'guest account', 'room calendar', 'reservation', 'payment', 'refund'] as const;

/**
 * Locks a reservation's room calendar, then the reservation row (FOR UPDATE). Returns false when there is no
 * such reservation. A stay can change room (floating assignments), but only by a transaction holding the
 * calendars of both rooms: so the room read after taking its lock is final. If it changed while we waited,
 * the new room is locked too (rare; a deadlock there is caught by inTransaction's retry).
 */
export async function lockReservation(manager: EntityManager, reservationId: string): Promise<boolean> {
  const roomOf = async () =>
    (await manager.query<{ room_id: string }[]>(`SELECT room_id FROM reservations WHERE id = $1`, [reservationId]))[0]?.room_id;
  let room = await roomOf();
  if (!room) return false;
  for (;;) {
    await lockRoomCalendar(manager, room);
    const now = await roomOf();
    if (now === room) break;
    room = now!;
  }
  await manager.query(`SELECT 1 FROM reservations WHERE id = $1 FOR UPDATE`, [reservationId]);
  return true;
}

/**
 * Locks the reservation of a payment, then the payment. Returns the reservation id, or null when there is no
 * such payment. `by` finds the payment by its id, its PaymentIntent id or its reservation.
 */
export async function lockPayment(manager: EntityManager, by: { id: string } | { intentId: string } | { reservationId: string }): Promise<string | null> {
  const [column, value] = 'id' in by ? ['id', by.id] : 'intentId' in by ? ['intent_id', by.intentId] : ['reservation_id', by.reservationId];
  const [row] = await manager.query<{ id: string; reservation_id: string }[]>(`SELECT id, reservation_id FROM payments WHERE ${column} = $1`, [value]);
  if (!row) return null;
  await lockReservation(manager, row.reservation_id);
  await manager.query(`SELECT 1 FROM payments WHERE id = $1 FOR UPDATE`, [row.id]);
  return row.reservation_id;
}

/** Locks a refund after its reservation and payment. Returns false when there is no such refund. */
export async function lockRefund(manager: EntityManager, refundId: string): Promise<boolean> {
  const [row] = await manager.query<{ payment_id: string }[]>(`SELECT payment_id FROM refunds WHERE id = $1`, [refundId]);
  if (!row) return false;
  await lockPayment(manager, { id: row.payment_id });
  await manager.query(`SELECT 1 FROM refunds WHERE id = $1 FOR UPDATE`, [refundId]);
  return true;
}
