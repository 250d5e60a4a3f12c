import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { columnJson, hydrate } from '../../db/hydrate';
import { OUTBOX_JOB_ATTEMPTS, OUTBOX_TASK } from '../../platform/outbox/outbox';
import { Reservation } from './reservation.entity';
import type { ActorRole } from './reservation-history.entity';

/** BOOKED, or why not: the dates were taken (a refusal), or what was priced changed / the code was taken (book the long way). */
export type DirectBookingOutcome = { status: 'BOOKED'; reservation: Reservation } | { status: 'UNAVAILABLE' | 'STALE' | 'CODE_TAKEN' };

export interface DirectBooking {
  /** Built from the quote, not yet saved (no id: one is given here). */
  reservation: Reservation;
  /** The quote's StayContext.fingerprint. */
  fingerprint: string;
  /** LoyaltyTerms.lapsedStatuses: the context is read with them, so the check must be too. */
  lapsedStatuses: readonly string[];
  history: { actorUserId: string; actorRole: ActorRole; at: Date };
  event: { topic: string; payload: Record<string, unknown> };
}

/**
 * A plain booking (one room, no code, no points, no referral) in one statement: `staygraph_book_stay` takes
 * the room's calendar lock, checks that the context it reads under the lock is the one the quote priced, and
 * writes the reservation, occupancy, history entry and outbox event (migration 1797206400000). The statement
 * is its own transaction. With the quote's read that makes two round trips instead of eleven.
 */
export async function bookDirectly(db: DataSource, booking: DirectBooking): Promise<DirectBookingOutcome> {
  const reservation = booking.reservation;
  reservation.id = randomUUID();
  const [row] = await db.query<{ outcome: { status: DirectBookingOutcome['status']; reservation?: Record<string, unknown> } }[]>(
    `SELECT staygraph_book_stay($1, $2, $3, $4, $5) AS outcome`,
    [
      booking.fingerprint,
      booking.lapsedStatuses,
      JSON.stringify(columnJson(db, Reservation, reservation)),
      JSON.stringify({ actor_user_id: booking.history.actorUserId, actor_role: booking.history.actorRole, reason: null, at: booking.history.at }),
      JSON.stringify({ ...booking.event, payload: { ...booking.event.payload, reservationId: reservation.id }, task: OUTBOX_TASK, max_attempts: OUTBOX_JOB_ATTEMPTS }),
    ],
  );
  const outcome = row!.outcome;
  if (outcome.status === 'BOOKED') return { status: 'BOOKED', reservation: hydrate(db, Reservation, outcome.reservation!) };
  return { status: outcome.status };
}
