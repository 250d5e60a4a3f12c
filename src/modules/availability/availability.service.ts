import type { DataSource } from 'typeorm';
import { type CalendarDate, addDays } from '../../platform/calendar-dates';
import { badInput, notFound } from '../../platform/errors';
import type { User } from '../accounts/user.entity';
import { type CatalogAccess, manages } from '../catalog/catalog-access';
import { HostProfile } from '../profiles/host-profile.entity';
import { Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import type { AvailabilityChange } from './availability-events';
import { assertWindow } from './date-window';
import { type Occupancy, roomCalendar, type UnavailableRange } from './room-calendar';

const MAX_WINDOW_DAYS = 366;

export interface RoomAvailability {
  room: Room;
  free: { from: CalendarDate; to: CalendarDate }[];
  unavailable: UnavailableRange[];
}

export interface RoomTypeAvailability {
  code: string;
  label: string;
  rooms: number;
  nights: { date: CalendarDate; free: number }[];
  minFree: number;
}

/** What a subscriber to availabilityChanged follows: a property, or one room of it. */
export interface FollowedCalendar {
  propertyId: string;
  roomId: string | null;
}

interface OccupancyRow extends Occupancy {
  roomId: string;
}

/** What deciding a follower's access needs, read once per event (see mayReceive). */
interface CalendarFacts {
  room: Room | null;
  property: Property | null;
  host: HostProfile | null;
  /** The room the event is about, for a property's followers (they see only active rooms' changes). */
  changedRoom: Room | null;
}

/** The "reserved dates and free dates" of a property's rooms. */
export class AvailabilityService {
  /** Per event object (the same one reaches every local subscriber), per followed calendar. */
  private readonly factsByEvent = new WeakMap<AvailabilityChange, Map<string, Promise<CalendarFacts>>>();

  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
  ) {}

  async forProperty(
    viewer: User | null,
    args: { propertyId: string; roomId?: string | null; roomType?: string | null; from: CalendarDate; to: CalendarDate },
  ): Promise<RoomAvailability[]> {
    assertWindow(args.from, args.to, MAX_WINDOW_DAYS);
    const property = await this.db.getRepository(Property).findOneBy({ id: args.propertyId });
    const ownerUserId = property ? await this.access.ownerUserId(property.id) : null;
    const managed = manages(viewer, ownerUserId);
    if (!property || !(managed || (await this.access.canSeeProperty(viewer, property)))) throw notFound('Property');

    const rooms = (
      await this.db.getRepository(Room).find({
        where: {
          propertyId: property.id,
          ...(args.roomId ? { id: args.roomId } : {}),
          ...(args.roomType ? { roomTypeCode: args.roomType.trim().toUpperCase() } : {}),
        },
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

  /**
   * Free rooms per night for each room type (active rooms only: what a booking by type can get). Built on
   * the same per-room calendars as `availability`, so both answers agree.
   */
  async forRoomTypes(
    viewer: User | null,
    args: { propertyId: string; roomType?: string | null; from: CalendarDate; to: CalendarDate },
  ): Promise<RoomTypeAvailability[]> {
    const calendars = (await this.forProperty(viewer, args)).filter((calendar) => calendar.room.active);
    const dates: CalendarDate[] = [];
    for (let date = args.from; date < args.to; date = addDays(date, 1)) dates.push(date);
    const types = new Map<string, RoomTypeAvailability>();
    for (const { room, free } of calendars) {
      let type = types.get(room.roomTypeCode);
      if (!type) {
        type = { code: room.roomTypeCode, label: room.roomTypeLabel, rooms: 0, nights: dates.map((date) => ({ date, free: 0 })), minFree: 0 };
        types.set(room.roomTypeCode, type);
      }
      type.rooms += 1;
      for (const night of type.nights) if (free.some((range) => range.from <= night.date && night.date < range.to)) night.free += 1;
    }
    for (const type of types.values()) type.minFree = Math.min(...type.nights.map((night) => night.free));
    return [...types.values()];
  }

  /**
   * Checks that the viewer may follow a property's (or a room's) availability, as `availability` would
   * answer them: the property (and the room) public, or managed by the viewer. Hidden ones are NOT_FOUND,
   * like the query; following everything at once is not offered (BAD_USER_INPUT).
   */
  async follow(viewer: User | null, args: { propertyId?: string | null; roomId?: string | null }): Promise<FollowedCalendar> {
    if (!args.propertyId && !args.roomId) {
      throw badInput('propertyId', 'Give propertyId or roomId: availabilityChanged follows one property or one room');
    }
    const { followed } = await this.followed(viewer, { propertyId: args.propertyId ?? null, roomId: args.roomId ?? null });
    return followed;
  }

  /**
   * Whether one change may be delivered to a follower, checked again for each event with the viewer as they
   * are now: NOT_FOUND (ending the subscription) once the followed property or room is hidden from them,
   * false (the event is skipped) for a hidden room of a followed property. The rows behind the check are read
   * once per event and calendar for all of this instance's followers (a thousand followers of one property
   * would otherwise make a thousand times the same reads for each change).
   */
  async mayReceive(viewer: User | null, followed: FollowedCalendar, change: AvailabilityChange): Promise<boolean> {
    const facts = await this.factsForEvent(change, followed);
    const { managed } = this.judge(viewer, followed, facts);
    if (managed || followed.roomId) return true;
    return facts.changedRoom?.active ?? false;
  }

  /** The first follower to judge an event reads the rows; the others wait for the same promise. */
  private factsForEvent(change: AvailabilityChange, followed: FollowedCalendar): Promise<CalendarFacts> {
    let byCalendar = this.factsByEvent.get(change);
    if (!byCalendar) this.factsByEvent.set(change, (byCalendar = new Map()));
    const key = `${followed.propertyId}/${followed.roomId ?? ''}`;
    let facts = byCalendar.get(key);
    if (!facts) {
      facts = this.calendarFacts(followed).then(async (read) => ({
        ...read,
        changedRoom: followed.roomId ? null : await this.db.getRepository(Room).findOneBy({ id: change.roomId }),
      }));
      byCalendar.set(key, facts);
    }
    return facts;
  }

  private async followed(viewer: User | null, args: { propertyId: string | null; roomId: string | null }) {
    return this.judge(viewer, args, await this.calendarFacts(args));
  }

  /** The rows a follow is judged on: the room (when one is followed), its property and the property's host. */
  private async calendarFacts(args: { propertyId: string | null; roomId: string | null }): Promise<Omit<CalendarFacts, 'changedRoom'>> {
    const room = args.roomId ? await this.db.getRepository(Room).findOneBy({ id: args.roomId }) : null;
    const propertyId = room?.propertyId ?? args.propertyId;
    const property = propertyId ? await this.db.getRepository(Property).findOneBy({ id: propertyId }) : null;
    const host = property ? await this.db.getRepository(HostProfile).findOneBy({ id: property.hostProfileId }) : null;
    return { room, property, host };
  }

  /** Whether `viewer` may follow the calendar, as `availability` would answer them (NOT_FOUND otherwise). */
  private judge(viewer: User | null, args: { propertyId: string | null; roomId: string | null }, { room, property, host }: Omit<CalendarFacts, 'changedRoom'>) {
    const missing = args.roomId ? 'Room' : 'Property';
    if (args.roomId && (!room || (args.propertyId && room.propertyId !== args.propertyId))) throw notFound('Room');
    if (!property || !host) throw notFound(missing);
    const managed = manages(viewer, host.userId);
    if (!managed && (!this.access.isPublicProperty(property, host) || (room && !room.active))) throw notFound(missing);
    return { followed: { propertyId: property.id, roomId: room?.id ?? null }, managed };
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
