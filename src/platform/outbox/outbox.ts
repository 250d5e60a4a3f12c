import type { EntityManager } from 'typeorm';
import { addJob, type JobSpec } from '../jobs/job-runner';

/** The job runner's task that delivers one outbox event. */
export const OUTBOX_TASK = 'outbox.deliver';

/**
 * One job per event (its key). The event's own attempt budget (OUTBOX_MAX_ATTEMPTS, at most 50) ends it
 * first; the job's larger budget is only a backstop.
 */
export const outboxJob = (eventId: string): JobSpec => ({ jobKey: `outbox:${eventId}`, maxAttempts: 100 });

/**
 * Records an event inside the caller's transaction, with the job that delivers it: both become visible on
 * commit, and a rollback leaves neither.
 */
export async function recordEvent(manager: EntityManager, topic: string, aggregateId: string, payload: Record<string, unknown>): Promise<void> {
  const [row] = await manager.query<{ id: string }[]>(`INSERT INTO outbox_events (topic, aggregate_id, payload) VALUES ($1, $2, $3) RETURNING id`, [
    topic,
    aggregateId,
    JSON.stringify(payload),
  ]);
  await addJob(manager, OUTBOX_TASK, { eventId: row!.id }, outboxJob(row!.id));
}
