import type { EntityManager } from 'typeorm';

/**
 * Serializes changes to one room's calendar (blocks now, bookings later) for the rest of the transaction.
 * Waiters queue on one lock instead of colliding in the exclusion constraint's index, which keeps a hot
 * room free of deadlocks; the constraint remains the guarantee.
 */
export async function lockRoomCalendar(manager: EntityManager, roomId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [`room:${roomId}`]);
}
