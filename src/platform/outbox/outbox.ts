import type { EntityManager } from 'typeorm';

/** Records an event inside the caller's transaction; it becomes visible to the worker only on commit. */
export async function recordEvent(manager: EntityManager, topic: string, aggregateId: string, payload: Record<string, unknown>): Promise<void> {
  await manager.query(`INSERT INTO outbox_events (topic, aggregate_id, payload) VALUES ($1, $2, $3)`, [topic, aggregateId, JSON.stringify(payload)]);
}
