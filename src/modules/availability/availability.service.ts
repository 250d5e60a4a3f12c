import type { DataSource } from 'typeorm';
import type { CalendarDate } from '../../platform/calendar-dates';
import { notFound } from '../../platform/errors';
import type { User } from '../accounts/user.entity';
import { type CatalogAccess, manages } from '../catalog/catalog-access';
import { Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import { assertWindow } from './date-window';
import { type Occupancy, roomCalendar, type UnavailableRange } from './room-calendar';

const MAX_WINDOW_DAYS = 366;

export interface RoomAvailability {
  room: Room;
  free: { from: CalendarDate; to: CalendarDate }[];
  unavailable: UnavailableRange[];
}

interface OccupancyRow extends Occupancy {
  roomId: string;
}

/** The "reserved dates and free dates" of a property's rooms. */
export class AvailabilityService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
  ) {}

  async forProperty(
    viewer: User | null,
    args: { propertyId: string; roomId?: string | null; from: CalendarDate; to: CalendarDate },
  ): Promise<RoomAvailability[]> {
    assertWindow(args.from, args.to, MAX_WINDOW_DAYS);
    const property = await this.db.getRepository(Property).findOneBy({ id: args.propertyId });
    const ownerUserId = property ? await this.access.ownerUserId(property.id) : null;
    const managed = manages(viewer, ownerUserId);
    if (!property || !(managed || (await this.access.canSeeProperty(viewer, property)))) throw notFound('Property');

    const rooms = (
      await this.db.getRepository(Room).find({
        where: { propertyId: property.id, ...(args.roomId ? { id: args.roomId } : {}) },
        order: { roomTypeCode: 'ASC', name: 'ASC', id: 'ASC' },
      })
    ).filter((room) => room.active || managed);
    if (args.roomId && rooms.length === 0) throw notFound('Room');

    const rows = await this.occupancies(
      rooms.map((room) => room.id),
      args.from,
      args.to,
    );
    return rooms.map((room) => ({
      room,
      ...roomCalendar(
        args,
        rows.filter((row) => row.roomId === room.id),
        ownerUserId,
      ),
    }));
  }

  private occupancies(roomIds: string[], from: CalendarDate, to: CalendarDate): Promise<OccupancyRow[]> {
    if (roomIds.length === 0) return Promise.resolve([]);
    return this.db.query<OccupancyRow[]>(
      `SELECT o.room_id AS "roomId", lower(o.stay) AS "from", upper(o.stay) AS "to", o.source,
              o.block_id AS "blockId", o.reservation_id AS "reservationId", b.reason AS note
         FROM room_occupancies o
         LEFT JOIN room_blocks b ON b.id = o.block_id
        WHERE o.room_id = ANY($1::uuid[]) AND o.stay && daterange($2, $3)
        ORDER BY o.room_id, lower(o.stay)`,
      [roomIds, from, to],
    );
  }
}
