import type { DataSource } from 'typeorm';
import { lockRoomCalendar } from '../../db/room-lock';
import { inTransaction } from '../../db/transaction';
import { type CalendarDate, dateRangeLiteral, todayIn } from '../../platform/calendar-dates';
import type { Clock } from '../../platform/clock';
import { badInput, conflict, notFound } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { parseInput } from '../../platform/validation';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { Property } from '../catalog/property.entity';
import type { AvailabilityEvents } from './availability-events';
import { assertWindow, optionalReason } from './date-window';
import { RoomBlock } from './room-block.entity';
import { RoomOccupancy } from './room-occupancy.entity';

/** Longest block: two years (a house closed for a long renovation). */
const MAX_BLOCK_DAYS = 731;

/** Hosts close rooms for a while (maintenance, an owner's stay); a block takes dates like a booking. */
export class BlocksService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly events: AvailabilityEvents,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async block(viewer: User, roomId: string, from: CalendarDate, to: CalendarDate, reason?: string | null): Promise<RoomBlock> {
    assertWindow(from, to, MAX_BLOCK_DAYS);
    const note = parseInput(optionalReason, reason);
    const room = await this.access.assertManagesRoom(viewer, roomId);
    const property = await this.db.getRepository(Property).findOneByOrFail({ id: room.propertyId });
    if (to <= todayIn(property.timeZone, this.clock.now())) throw badInput('to', 'The block must end after today');

    return inTransaction(
      this.db,
      async (manager, afterCommit) => {
        await lockRoomCalendar(manager, room.id);
        const [overlap] = await manager.query<{ source: string }[]>(
          `SELECT source FROM room_occupancies WHERE room_id = $1 AND stay && daterange($2, $3) ORDER BY lower(stay) LIMIT 1`,
          [room.id, from, to],
        );
        if (overlap) {
          throw conflict(overlap.source === 'BLOCK' ? 'Those dates overlap another block' : 'Those dates overlap a reservation', {
            field: 'from',
          });
        }
        const block = await manager.save(
          manager.create(RoomBlock, { roomId: room.id, startsOn: from, endsOn: to, reason: note ?? null, createdBy: viewer.id }),
        );
        await manager.insert(RoomOccupancy, { roomId: room.id, stay: dateRangeLiteral(from, to), source: 'BLOCK', blockId: block.id });
        afterCommit(() => this.events.publish({ propertyId: property.id, roomId: room.id, from, to, reason: 'BLOCKED' }));
        return block;
      },
      (error) => this.log.error({ err: error }, 'publishing an availability change failed'),
    );
  }

  /** Lifts a block; false when it was already lifted. */
  async unblock(viewer: User, blockId: string): Promise<boolean> {
    const existing = await this.db.getRepository(RoomBlock).findOneBy({ id: blockId });
    if (!existing) throw notFound('Block');
    const room = await this.access.assertManagesRoom(viewer, existing.roomId);
    // The next sync would close the dates again: imported blocks go with their event or their feed.
    if (existing.source === 'EXTERNAL') {
      throw conflict('This block comes from an imported calendar: free the dates there, or remove the feed (removeCalendarFeed)', { field: 'blockId' });
    }
    return inTransaction(
      this.db,
      async (manager, afterCommit) => {
        await lockRoomCalendar(manager, room.id);
        const block = await manager.findOneOrFail(RoomBlock, { where: { id: blockId }, lock: { mode: 'pessimistic_write' } });
        if (block.removedAt) return false;
        await manager.update(RoomBlock, { id: block.id }, { removedAt: this.clock.now(), removedBy: viewer.id });
        await manager.delete(RoomOccupancy, { blockId: block.id });
        afterCommit(() =>
          this.events.publish({ propertyId: room.propertyId, roomId: room.id, from: block.startsOn, to: block.endsOn, reason: 'UNBLOCKED' }),
        );
        return true;
      },
      (error) => this.log.error({ err: error }, 'publishing an availability change failed'),
    );
  }

  async list(viewer: User, roomId: string, includeRemoved: boolean): Promise<RoomBlock[]> {
    await this.access.assertManagesRoom(viewer, roomId);
    const query = this.db
      .getRepository(RoomBlock)
      .createQueryBuilder('block')
      .where('block.roomId = :roomId', { roomId })
      .orderBy('block.startsOn', 'DESC');
    if (!includeRemoved) query.andWhere('block.removedAt IS NULL');
    return query.getMany();
  }
}
