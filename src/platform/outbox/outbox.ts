import type { EntityManager } from 'typeorm';
import { addJob, type JobSpec } from '../jobs/job-runner';

/** The job runner's task that delivers one outbox event. */
export const OUTBOX_TASK = 'outbox.deliver';

/** The serial queue of an aggregate's events (a reservation's, a property's): they run one at a time. */
export const outboxQueue = (aggregateId: string) => `outbox:${aggregateId}`;

/**
 * One job per event (its key), in its aggregate's queue, due when the event was recorded (so the queue
 * takes them in the order they happened). The event's own attempt budget (OUTBOX_MAX_ATTEMPTS, at most 50)
 * ends it first; the job's larger budget is only a backstop.
 */
export const outboxJob = (eventId: string, aggregateId: string, runAt?: Date): JobSpec => ({
  jobKey: `outbox:${eventId}`,
  maxAttempts: 100,
  queueName: outboxQueue(aggregateId),
  runAt,
});

/**
 * Records an event inside the caller's transaction, with the job that delivers it: both become visible on
 * commit, and a rollback leaves neither.
 */
export async function recordEvent(manager: EntityManager, topic: string, aggregateId: string, payload: Record<string, unknown>): Promise<void> {
  const [row] = await manager.query<{ id: string; created_at: Date }[]>(
    `INSERT INTO outbox_events (topic, aggregate_id, payload) VALUES ($1, $2, $3) RETURNING id, created_at`,
    [topic, aggregateId, JSON.stringify(payload)],
  );
  await addJob(manager, OUTBOX_TASK, { eventId: row!.id }, outboxJob(row!.id, aggregateId, row!.created_at));
}
