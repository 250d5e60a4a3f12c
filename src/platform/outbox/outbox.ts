import type { EntityManager } from 'typeorm';
import type { JobSpec } from '../jobs/job-runner';

/** The job runner's task that delivers one outbox event. */
export const OUTBOX_TASK = 'outbox.deliver';

/** The job's own attempt budget (a backstop: see outboxJob). */
export const OUTBOX_JOB_ATTEMPTS = 100;

/** The serial queue of an aggregate's events (a reservation's, a property's): they run one at a time. */
export const outboxQueue = (aggregateId: string) => `outbox:${aggregateId}`;

/**
 * One job per event (its key), in its aggregate's queue, due when the event was recorded (so the queue
 * takes them in the order they happened). The event's own attempt budget (OUTBOX_MAX_ATTEMPTS, at most 50)
 * ends it first; the job's larger budget is only a backstop.
 */
export const outboxJob = (eventId: string, aggregateId: string, runAt?: Date): JobSpec => ({
  jobKey: `outbox:${eventId}`,
  maxAttempts: OUTBOX_JOB_ATTEMPTS,
  queueName: outboxQueue(aggregateId),
  runAt,
});

/**
 * Records an event inside the caller's transaction, with the job that delivers it: both become visible on
 * commit, and a rollback leaves neither.
 */
export async function recordEvent(manager: EntityManager, topic: string, aggregateId: string, payload: Record<string, unknown>): Promise<void> {
  // The insert and outboxJob's job in one round trip: staygraph_record_event (migration 1797206400000).
  await manager.query(`SELECT staygraph_record_event($1, $2, $3, $4, $5)`, [topic, aggregateId, JSON.stringify(payload), OUTBOX_TASK, OUTBOX_JOB_ATTEMPTS]);
}
