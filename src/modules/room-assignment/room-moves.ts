import type { EntityManager } from 'typeorm';
import type { AfterCommit } from '../../db/transaction';
import { type CalendarDate, addDays, daysBetween, todayIn } from '../../platform/calendar-dates';
import type { Clock } from '../../platform/clock';
import { recordEvent } from '../../platform/outbox/outbox';
import type { AvailabilityEvents } from '../availability/availability-events';
import type { Property } from '../catalog/property.entity';
import type { ReservationEvents } from '../reservations/reservation-events';
import type { ActorRole } from '../reservations/reservation-history.entity';
import { type AssignmentProblem, assignRooms } from './room-assignment';

export interface RoomMove {
  reservationId: string;
  from: string;
  to: string;
}

export interface MoveActor {
  role: ActorRole;
  userId: string | null;
  reason: string;
}

/**
 * Whether a stay may still change room on `today` (the property's date): movable, and before the cut-off,
 * which freezes it from `reassignmentCutoffDays` before check-in.
 */
export function movableOn(
  stay: { movable: boolean; checkIn: CalendarDate },
  property: Pick<Property, 'reassignmentCutoffDays'>,
  today: CalendarDate,
): boolean {
  return stay.movable && today < addDays(stay.checkIn, -property.reassignmentCutoffDays);
}

/**
 * Writes room moves and re-arranges a room type's movable stays for a booking. Every method runs inside
 * the caller's transaction, which must already hold the room calendar locks of every room involved (for a
 * re-arrangement: all rooms of the type, in the canonical order). The exclusion constraints stay the
 * guarantee: the ledger's rows of moved stays are deleted and inserted again, and the reservations'
 * own constraint is deferred only across the one UPDATE that swaps rooms.
 */
export class RoomMoves {
  constructor(
    private readonly clock: Clock,
    private readonly reservationEvents: ReservationEvents,
    private readonly availabilityEvents: AvailabilityEvents,
  ) {}

  isMovableToday(stay: { movable: boolean; checkIn: CalendarDate }, property: Pick<Property, 'reassignmentCutoffDays' | 'timeZone'>): boolean {
    return movableOn(stay, property, todayIn(property.timeZone, this.clock.now()));
  }

  /**
   * Makes one room of `rooms` free for [checkIn, checkOut) by moving movable stays of those rooms, when an
   * arrangement exists in which every stay sits in one room for its whole stay. Returns that room (nothing
   * is booked yet), or null when there is none (nothing changed).
   */
  async rearrangeFor(
    manager: EntityManager,
    afterCommit: AfterCommit,
    property: Property,
    rooms: readonly string[],
    stay: { checkIn: CalendarDate; checkOut: CalendarDate },
  ): Promise<string | null> {
    const today = todayIn(property.timeZone, this.clock.now());
    const rows = await manager.query<
      { room_id: string; starts: string; ends: string; reservation_id: string | null; movable: boolean | null; check_in: string | null; fits_every_room: boolean | null }[]
    >(
      // A stay moves only if its party fits every room it could be moved to (rooms of a type may differ in size).
      `SELECT o.room_id, lower(o.stay)::text AS starts, upper(o.stay)::text AS ends, o.reservation_id, r.movable, r.check_in::text AS check_in,
              r.guests <= (SELECT min(max_guests) FROM rooms WHERE id = ANY($1::uuid[])) AS fits_every_room
         FROM room_occupancies o LEFT JOIN reservations r ON r.id = o.reservation_id
        WHERE o.room_id = ANY($1::uuid[]) AND upper(o.stay) > $2::date`,
      [rooms, today],
    );
    const day = (date: CalendarDate) => daysBetween(today, date);
    const problem: AssignmentProblem & { fixed: AssignmentProblem['fixed'][number][]; movable: AssignmentProblem['movable'][number][] } = {
      rooms,
      fixed: [],
      movable: [],
      stay: { id: 'new', from: day(stay.checkIn), to: day(stay.checkOut) },
    };
    for (const row of rows) {
      const movable =
        row.reservation_id !== null && row.fits_every_room === true && this.isMovableToday({ movable: row.movable === true, checkIn: row.check_in! }, property);
      if (movable) problem.movable.push({ id: row.reservation_id!, room: row.room_id, from: day(row.starts), to: day(row.ends) });
      else problem.fixed.push({ room: row.room_id, from: day(row.starts), to: day(row.ends) });
    }
    const assignment = assignRooms(problem);
    if (!assignment) return null;
    await this.apply(
      manager,
      afterCommit,
      property.id,
      assignment.moves.map((m) => ({ reservationId: m.id, from: m.from, to: m.to })),
      { role: 'SYSTEM', userId: null, reason: 'moved to another room of its type to make room for a booking' },
    );
    return assignment.rooms.get('new')!;
  }

  /** Moves stays (PENDING or CONFIRMED) to other rooms: ledger, rows, history, outbox, live events after commit. */
  async apply(manager: EntityManager, afterCommit: AfterCommit, propertyId: string, moves: readonly RoomMove[], actor: MoveActor): Promise<void> {
    if (moves.length === 0) return;
    const ids = moves.map((m) => m.reservationId);
    // Room calendar (held by the caller), then the reservation rows: the lock order.
    const stays = await manager.query<{ id: string; check_in: string; check_out: string; status: string; code: string }[]>(
      `SELECT id, check_in::text, check_out::text, status, code FROM reservations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    const byId = new Map(stays.map((s) => [s.id, s]));
    await manager.query(`DELETE FROM room_occupancies WHERE reservation_id = ANY($1::uuid[])`, [ids]);
    // A re-arrangement may swap two stays' rooms: the reservations' constraint is checked after the whole update.
    await manager.query(`SET CONSTRAINTS reservations_no_overlap DEFERRED`);
    await manager.query(
      `UPDATE reservations r SET room_id = m.room_id, room_moves = r.room_moves + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[]) AS m(id, room_id) WHERE r.id = m.id`,
      [ids, moves.map((m) => m.to)],
    );
    await manager.query(`SET CONSTRAINTS reservations_no_overlap IMMEDIATE`);
    await manager.query(
      `INSERT INTO room_occupancies (room_id, stay, source, reservation_id)
       SELECT m.room_id, daterange(r.check_in, r.check_out), 'RESERVATION', r.id
         FROM unnest($1::uuid[], $2::uuid[]) AS m(id, room_id) JOIN reservations r ON r.id = m.id`,
      [ids, moves.map((m) => m.to)],
    );
    const at = this.clock.now();
    for (const move of moves) {
      const stay = byId.get(move.reservationId)!;
      await manager.query(
        `INSERT INTO reservation_history (reservation_id, from_status, to_status, actor_user_id, actor_role, reason, at, from_room_id, to_room_id)
         VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8)`,
        [move.reservationId, stay.status, actor.userId, actor.role, actor.reason, at, move.from, move.to],
      );
      // The stay's document names its room: the outbox handler renders the new version (notifications).
      await recordEvent(manager, 'reservation.room_changed', move.reservationId, {
        reservationId: move.reservationId,
        code: stay.code,
        fromRoomId: move.from,
        toRoomId: move.to,
        actorRole: actor.role,
      });
    }
    afterCommit(async () => {
      for (const move of moves) {
        const stay = byId.get(move.reservationId)!;
        await this.reservationEvents.publish(move.reservationId);
        const dates = { propertyId, from: stay.check_in, to: stay.check_out };
        await this.availabilityEvents.publish({ ...dates, roomId: move.from, reason: 'RELEASED' });
        await this.availabilityEvents.publish({ ...dates, roomId: move.to, reason: 'RESERVED' });
      }
    });
  }
}
