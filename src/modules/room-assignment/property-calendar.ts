import { type DataSource, In } from 'typeorm';
import { type CalendarDate, todayIn } from '../../platform/calendar-dates';
import type { Clock } from '../../platform/clock';
import { isUuid } from '../../platform/validation';
import { notFound } from '../../platform/errors';
import type { User } from '../accounts/user.entity';
import { assertWindow } from '../availability/date-window';
import type { CatalogAccess } from '../catalog/catalog-access';
import { Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import { Reservation } from '../reservations/reservation.entity';
import { movableOn } from './room-moves';

export interface CalendarEntry {
  kind: 'RESERVATION' | 'BLOCK' | 'EXTERNAL';
  from: CalendarDate;
  to: CalendarDate;
  reservation: Reservation | null;
  blockId: string | null;
  note: string | null;
  movable: boolean;
}

export interface RoomCalendar {
  room: Room;
  entries: CalendarEntry[];
}

/** The host's calendar: every room of a property, what occupies it, and what may still move. */
export class PropertyCalendarService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly clock: Clock,
  ) {}

  async forProperty(viewer: User, propertyId: string, from: CalendarDate, to: CalendarDate): Promise<RoomCalendar[]> {
    assertWindow(from, to, 366);
    if (!isUuid(propertyId)) throw notFound('Property');
    await this.access.assertManagesProperty(viewer, propertyId);
    const property = await this.db.getRepository(Property).findOneByOrFail({ id: propertyId });
    const rooms = await this.db.getRepository(Room).find({ where: { propertyId }, order: { roomTypeCode: 'ASC', name: 'ASC', id: 'ASC' } });
    // An imported event is a block whose source is EXTERNAL (room_occupancies only says BLOCK).
    const rows = await this.db.query<{ room_id: string; starts: string; ends: string; source: string; block_source: string | null; block_id: string | null; reservation_id: string | null; note: string | null }[]>(
      `SELECT o.room_id, lower(o.stay)::text AS starts, upper(o.stay)::text AS ends, o.source, b.source AS block_source, o.block_id, o.reservation_id, b.reason AS note
         FROM room_occupancies o JOIN rooms r ON r.id = o.room_id LEFT JOIN room_blocks b ON b.id = o.block_id
        WHERE r.property_id = $1 AND o.stay && daterange($2::date, $3::date)
        ORDER BY lower(o.stay)`,
      [propertyId, from, to],
    );
    const today = todayIn(property.timeZone, this.clock.now());
    const reservationIds = rows.flatMap((row) => (row.reservation_id ? [row.reservation_id] : []));
    const reservations = new Map(
      (reservationIds.length ? await this.db.getRepository(Reservation).findBy({ id: In(reservationIds) }) : []).map((r) => [r.id, r]),
    );
    return rooms.map((room) => ({
      room,
      entries: rows
        .filter((row) => row.room_id === room.id)
        .map((row) => {
          const reservation = row.reservation_id ? (reservations.get(row.reservation_id) ?? null) : null;
          const kind = row.source === 'RESERVATION' ? 'RESERVATION' : row.block_source === 'EXTERNAL' ? 'EXTERNAL' : 'BLOCK';
          return {
            kind,
            from: row.starts,
            to: row.ends,
            reservation,
            blockId: row.block_id,
            note: row.note,
            movable: reservation !== null && movableOn(reservation, property, today),
          };
        }),
    }));
  }
}
