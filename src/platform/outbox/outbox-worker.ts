import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { OutboxEvent } from './outbox-event.entity';

/**
 * Sends `send()` to `recipient` on `channel` unless this event already reached them: a retry of a
 * half-delivered event never delivers twice. The delivery is recorded at once, so it survives a later
 * failure of another recipient (or the claimer's crash).
 */
export type Deliver = (channel: string, recipient: string, send: () => Promise<void>) => Promise<void>;
export type OutboxHandler = (event: OutboxEvent, deliver: Deliver) => Promise<void>;

export interface OutboxWorkerOptions {
  pollMs: number;
  maxAttempts: number;
  /** How long a claim is this instance's (default 5 minutes): longer than any delivery takes. */
  leaseMs?: number;
}

/**
 * Delivers outbox events: claims one at a time with a lease (FOR UPDATE SKIP LOCKED inside one short
 * statement: instances share the queue), commits, runs the handler with no transaction open, and records
 * the outcome: processed, or on failure retried with exponential backoff and jitter, and after
 * `maxAttempts` dead for an admin to look at and retry.
 */
export class OutboxWorker {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<number>;
  private stopped = false;
  private readonly instanceId = `outbox-${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: OutboxWorkerOptions,
    private readonly handler: OutboxHandler,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.processDue().catch((error: unknown) => this.log.error({ err: error }, 'outbox pass failed')), this.options.pollMs);
    this.timer.unref();
  }

  /**
   * Stops claiming and gives the event in hand `graceMs` to finish. One still running then is abandoned:
   * its lease expires, and the event is delivered by the next claimer (recipients already served skipped).
   */
  async stop(graceMs = 2_000): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.pass?.catch(() => undefined), grace]);
    clearTimeout(timer);
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 5 * 60_000;
  }

  /** One pass over every due event; concurrent callers share it. Returns how many were delivered. */
  processDue(): Promise<number> {
    this.pass ??= this.drain().finally(() => (this.pass = undefined));
    return this.pass;
  }

  listDead(limit = 100): Promise<OutboxEvent[]> {
    return this.db.getRepository(OutboxEvent).createQueryBuilder('event').where('event.deadAt IS NOT NULL').orderBy('event.deadAt', 'DESC').take(limit).getMany();
  }

  /** A dead (or waiting) event goes back to the queue with a fresh attempt budget. */
  async retry(id: string): Promise<OutboxEvent | null> {
    await this.db.query(`UPDATE outbox_events SET dead_at = NULL, attempts = 0, available_at = $2, claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND processed_at IS NULL`, [id, this.clock.now()]);
    void this.processDue().catch((error: unknown) => this.log.error({ err: error }, 'outbox pass failed'));
    return this.db.getRepository(OutboxEvent).findOneBy({ id });
  }

  private async drain(): Promise<number> {
    let delivered = 0;
    while (!this.stopped) {
      const outcome = await this.processOne();
      if (outcome === 'idle') break;
      if (outcome === 'delivered') delivered += 1;
    }
    return delivered;
  }

  private async processOne(): Promise<'idle' | 'delivered' | 'failed'> {
    const claimed = await this.claim();
    if (!claimed) return 'idle';
    try {
      // No transaction is open here: the handler may wait on Chromium or SendGrid for seconds.
      await this.handler(claimed, this.deliverFor(claimed));
    } catch (error) {
      await this.recordFailure(claimed, error);
      return 'failed';
    }
    await this.db.query(
      `UPDATE outbox_events SET processed_at = $2, attempts = attempts + 1, last_error = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = $1`,
      [claimed.id, this.clock.now()],
    );
    return 'delivered';
  }

  /**
   * Claims the next due event with a lease (claimed_by, claimed_until) in one short statement that commits
   * at once. SKIP LOCKED: instances share the queue. A claimer that dies leaves a lease that expires after
   * `leaseMs`; the next claimer then delivers what the dead one had not recorded (per recipient).
   */
  private async claim(): Promise<OutboxEvent | undefined> {
    const now = this.clock.now();
    const [rows] = await this.db.query<[Record<string, unknown>[], number]>(
      `UPDATE outbox_events SET claimed_by = $2, claimed_until = $3
        WHERE id = (SELECT id FROM outbox_events
                     WHERE processed_at IS NULL AND dead_at IS NULL AND available_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
                     ORDER BY available_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, this.instanceId, new Date(now.getTime() + this.leaseMs)],
    );
    const id = rows[0]?.['id'] as string | undefined;
    return id ? this.db.getRepository(OutboxEvent).findOneByOrFail({ id }) : undefined;
  }

  private deliverFor(event: OutboxEvent): Deliver {
    return async (channel, recipient, send) => {
      const done = await this.db.query(`SELECT 1 FROM outbox_deliveries WHERE event_id = $1 AND channel = $2 AND recipient = $3`, [event.id, channel, recipient]);
      if (done.length > 0) return;
      await send();
      await this.db.query(`INSERT INTO outbox_deliveries (event_id, channel, recipient) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [event.id, channel, recipient]);
    };
  }

  private async recordFailure(event: OutboxEvent, error: unknown): Promise<void> {
    const attempts = event.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    const dead = attempts >= this.options.maxAttempts;
    // 5 s, 10 s, 20 s … capped at one hour, ±20 % jitter.
    const delay = Math.round(Math.min(5_000 * 2 ** (attempts - 1), 3_600_000) * (0.8 + Math.random() * 0.4));
    await this.db.query(`UPDATE outbox_events SET attempts = $2, last_error = $3, available_at = $4, dead_at = $5, claimed_by = NULL, claimed_until = NULL WHERE id = $1`, [
      event.id,
      attempts,
      message.slice(0, 2_000),
      new Date(this.clock.now().getTime() + delay),
      dead ? this.clock.now() : null,
    ]);
    this.log.warn({ eventId: event.id, topic: event.topic, attempts, dead, err: error }, dead ? 'outbox event is dead' : 'outbox event failed: will retry');
  }
}
