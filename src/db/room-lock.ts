import type { EntityManager } from 'typeorm';

/**
 * Serializes changes to one room's calendar (blocks now, bookings later) for the rest of the transaction.
 * Waiters queue on one lock instead of colliding in the exclusion constraint's index, which keeps a hot
 * room free of deadlocks; the constraint remains the guarantee.
 */
export async function lockRoomCalendar(manager: EntityManager, roomId: string): Promise<void> {
  // staygraph_lock_room_calendar (migration 1797206400000): the same lock staygraph_book_stay takes.
  await manager.query('SELECT staygraph_lock_room_calendar($1)', [roomId]);
}
