import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { addJob, type JobInfo, type JobRunner } from '../jobs/job-runner';
import type { Logger } from '../logger';
import { OutboxEvent } from './outbox-event.entity';
import { OUTBOX_TASK, outboxJob, outboxQueue } from './outbox';

/**
 * Sends `send()` to `recipient` on `channel` unless this event already reached them: a retry of a
 * half-delivered event never delivers twice. The delivery is recorded at once, so it survives a later
 * failure of another recipient (or the instance's crash).
 */
export type Deliver = (channel: string, recipient: string, send: () => Promise<void>) => Promise<void>;
export type OutboxHandler = (event: OutboxEvent, deliver: Deliver) => Promise<void>;

export interface OutboxDeliveryOptions {
  /** Failed attempts after which the event is dead: kept for an admin to look at and retry. */
  maxAttempts: number;
}

/**
 * Delivers outbox events as jobs of the job runner: each event has one job (added with it, in the same
 * transaction). The job runs the handler with no transaction open and records the outcome on the event:
 * processed, or failed (the runner retries it with backoff), and after `maxAttempts` dead — the job then
 * ends, and the event waits in `deadOutboxEvents` until an admin retries it (a new job) or retention
 * removes it. A job whose instance dies is run again by another (see `JobRunner.releaseOrphans`); the
 * per-recipient delivery records keep that retry from sending twice.
 */
export class OutboxDelivery {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: OutboxDeliveryOptions,
    private readonly jobs: JobRunner,
    private readonly handler: OutboxHandler,
  ) {
    jobs.define(OUTBOX_TASK, (payload, job) => this.deliver(String(payload['eventId']), job));
  }

  /** Waits until every due event has been handled (delivered, failed for a later retry, or dead). */
  processDue(): Promise<void> {
    return this.jobs.drain([OUTBOX_TASK]);
  }

  listDead(limit = 100): Promise<OutboxEvent[]> {
    return this.db.getRepository(OutboxEvent).createQueryBuilder('event').where('event.deadAt IS NOT NULL').orderBy('event.deadAt', 'DESC').take(limit).getMany();
  }

  /** A dead (or waiting) event goes back to the queue with a fresh attempt budget, due now. */
  async retry(id: string): Promise<OutboxEvent | null> {
    await this.db.transaction(async (manager) => {
      const [rows] = await manager.query<[unknown[], number]>(
        `UPDATE outbox_events SET dead_at = NULL, attempts = 0, available_at = $2 WHERE id = $1 AND processed_at IS NULL RETURNING id, aggregate_id`,
        [id, this.clock.now()],
      );
      // A waiting job with this key is reset (replace); a dead event's job had ended: this is a new one.
      if (rows.length > 0) await addJob(manager, OUTBOX_TASK, { eventId: id }, outboxJob(id, String((rows[0] as { aggregate_id: string }).aggregate_id)));
    });
    return this.db.getRepository(OutboxEvent).findOneBy({ id });
  }

  private async deliver(eventId: string, job: JobInfo): Promise<void> {
    const event = await this.db.getRepository(OutboxEvent).findOneBy({ id: eventId });
    // Delivered already, or dead (an admin's retry adds a new job): nothing to do.
    if (!event || event.processedAt || event.deadAt) return;
    if (await this.waitForEarlier(event)) return;
    try {
      // No transaction is open here: the handler may wait on Chromium or SendGrid for seconds.
      await this.handler(event, this.deliverFor(event));
    } catch (error) {
      if (await this.recordFailure(event, job, error)) return;
      throw error;
    }
    await this.db.query(`UPDATE outbox_events SET processed_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`, [event.id, this.clock.now()]);
    // Events of this aggregate that waited behind this one (see waitForEarlier) are due now.
    await this.db.query(
      `SELECT graphile_worker.reschedule_jobs(array_agg(id), run_at => now()) FROM graphile_worker.jobs
        WHERE queue_name = $1 AND task_identifier = $2 AND locked_at IS NULL AND attempts = 0 AND run_at > now() HAVING count(*) > 0`,
      [outboxQueue(event.aggregateId), OUTBOX_TASK],
    );
  }

  /**
   * Events of one aggregate are delivered in the order they happened. Their queue runs one job at a time,
   * but a failed job is retried later (backoff) and the queue moves on meanwhile: a later event whose
   * earlier sibling is still undelivered (and not dead) puts its job back behind that sibling's retry,
   * without spending an attempt. A dead event stops blocking: the aggregate's later emails go out (an
   * admin's retry of the dead one then arrives late) — one broken email must not silence the rest.
   */
  private async waitForEarlier(event: OutboxEvent): Promise<boolean> {
    const [earlier] = await this.db.query<{ id: string; run_at: Date | null }[]>(
      `SELECT e.id, j.run_at FROM outbox_events e LEFT JOIN graphile_worker.jobs j ON j.key = 'outbox:' || e.id
        WHERE e.aggregate_id = $1 AND e.processed_at IS NULL AND e.dead_at IS NULL
          AND (e.created_at, e.id) < (SELECT created_at, id FROM outbox_events WHERE id = $2)
        ORDER BY e.created_at DESC, e.id DESC LIMIT 1`,
      [event.aggregateId, event.id],
    );
    if (!earlier) return false;
    // Our own job is running (locked): adding one with its key makes a new job and retires this one.
    const runAt = new Date(Math.max(earlier.run_at?.getTime() ?? 0, Date.now()) + 1_000);
    await addJob(this.db, OUTBOX_TASK, { eventId: event.id }, { ...outboxJob(event.id, event.aggregateId), runAt });
    this.log.info({ eventId: event.id, waitsFor: earlier.id }, 'outbox event waits for an earlier event of its aggregate');
    return true;
  }

  private deliverFor(event: OutboxEvent): Deliver {
    return async (channel, recipient, send) => {
      const done = await this.db.query(`SELECT 1 FROM outbox_deliveries WHERE event_id = $1 AND channel = $2 AND recipient = $3`, [event.id, channel, recipient]);
      if (done.length > 0) return;
      await send();
      await this.db.query(`INSERT INTO outbox_deliveries (event_id, channel, recipient) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [event.id, channel, recipient]);
    };
  }

  /** Records a failed attempt on the event; true when it is now dead (the job ends instead of retrying). */
  private async recordFailure(event: OutboxEvent, job: JobInfo, error: unknown): Promise<boolean> {
    const attempts = event.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    const dead = attempts >= this.options.maxAttempts;
    // When the runner will try again: its backoff is exp(attempts) seconds, capped at exp(10) (~6 h).
    const retryAt = new Date(this.clock.now().getTime() + Math.round(Math.exp(Math.min(job.attempts, 10)) * 1000));
    await this.db.query(`UPDATE outbox_events SET attempts = $2, last_error = $3, available_at = $4, dead_at = $5 WHERE id = $1`, [
      event.id,
      attempts,
      message.slice(0, 2_000),
      retryAt,
      dead ? this.clock.now() : null,
    ]);
    this.log.warn({ eventId: event.id, topic: event.topic, attempts, dead, err: error }, dead ? 'outbox event is dead' : 'outbox event failed: will retry');
    return dead;
  }
}
