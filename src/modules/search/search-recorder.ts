import type { DataSource } from 'typeorm';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';

export interface SearchRecord {
  userId: string | null;
  checkIn: string;
  checkOut: string;
  guests: number;
  city: string | null;
  country: string | null;
  kind: string | null;
  resultCount: number;
}

export interface SearchRecordingOptions {
  flushSeconds: number;
  /** Rows per insert; a flush starts as soon as this many are waiting. */
  batch: number;
}

/** Beyond this many waiting rows (the database unreachable for a while), new searches are not recorded. */
const MAX_WAITING_BATCHES = 20;

/**
 * Searches for demand statistics (`search_requests`), recorded in batches instead of a write per search:
 * buffered in process with the time they were made, inserted in one statement every few seconds, when a
 * batch is full, before statistics read them (`flush`) and on shutdown. A process that dies loses at most
 * its last few seconds of records; statistics are estimates of demand, not accounts.
 */
export class SearchRecorder {
  private waiting: (SearchRecord & { at: Date })[] = [];
  private flushing: Promise<void> = Promise.resolve();
  /** A flush queued behind the running one (it takes everything waiting when it starts: one is enough). */
  private queued?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private dropped = 0;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: SearchRecordingOptions,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushSeconds * 1000).unref();
  }

  record(search: SearchRecord): void {
    if (this.waiting.length >= this.options.batch * MAX_WAITING_BATCHES) {
      this.dropped += 1;
      return;
    }
    this.waiting.push({ ...search, at: this.clock.now() });
    if (this.waiting.length >= this.options.batch) void this.flush();
  }

  /** Writes everything recorded so far (after any flush already under way); never throws. */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.flushing.then(() => {
      this.queued = undefined;
      return this.writeWaiting();
    });
    this.queued = run;
    this.flushing = run;
    return run;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** What was waiting when the flush started (rows arriving meanwhile wait for the next one), in batches. */
  private async writeWaiting(): Promise<void> {
    const taken = this.waiting;
    this.waiting = [];
    for (let start = 0; start < taken.length; start += this.options.batch) {
      const rows = taken.slice(start, start + this.options.batch);
      try {
        await this.insert(rows);
      } catch (error) {
        // Put back for the next flush (within the cap), so a short outage loses nothing.
        const unsaved = taken.slice(start);
        this.waiting = [...unsaved, ...this.waiting].slice(0, this.options.batch * MAX_WAITING_BATCHES);
        this.log.warn({ err: error, waiting: this.waiting.length }, 'recording searches failed; will retry');
        return;
      }
    }
    if (this.dropped) {
      this.log.warn({ dropped: this.dropped }, 'searches not recorded: too many waiting');
      this.dropped = 0;
    }
  }

  private async insert(rows: (SearchRecord & { at: Date })[]): Promise<void> {
    const column = <K extends keyof (SearchRecord & { at: Date })>(name: K) => rows.map((row) => row[name]);
    // A user deleted since the search is recorded as anonymous (as ON DELETE SET NULL would have done).
    await this.db.query(
      `INSERT INTO search_requests (user_id, check_in, check_out, guests, city, country, kind, result_count, created_at)
       SELECT (SELECT u.id FROM users u WHERE u.id = t.user_id), t.check_in, t.check_out, t.guests, t.city, t.country, t.kind, t.result_count, t.created_at
         FROM unnest($1::uuid[], $2::date[], $3::date[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[], $9::timestamptz[])
              AS t (user_id, check_in, check_out, guests, city, country, kind, result_count, created_at)`,
      [
        column('userId'),
        column('checkIn'),
        column('checkOut'),
        column('guests'),
        column('city'),
        column('country'),
        column('kind'),
        column('resultCount'),
        column('at'),
      ],
    );
  }
}
