import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { AppError } from '../errors';

export interface Limit {
  /** Requests allowed in any window of this length (a sliding window). */
  max: number;
  windowSeconds: number;
}

/** The table rate-limiter-flexible keeps its counters in (created by a migration, never by the library). */
export const RATE_LIMIT_TABLE = 'rate_limit_points';

const MAX_KEY_LENGTH = 200;

/**
 * Keys carry caller input (`login:account:<email>`), and a btree entry must stay under ~2.7 kB: a long key
 * is stored as its namespace and a SHA-256 digest, so the same input still counts against the same window.
 */
export function storedKey(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  const namespace = key.split(':').slice(0, 2).join(':').slice(0, 50);
  return `${namespace}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * The share of an allowance one process may take from the store at once and hand out itself. Limits under
 * 40 take one at a time (exact); 120 a minute takes 6, so an anonymous caller's queries cost one write per
 * six. A process holds at most this share unused, so with k instances a caller may be refused up to k × 5 %
 * early; never late.
 */
const BATCH_SHARE = 0.05;
/** Entries kept in process before the expired ones are swept. */
const SWEEP_AT = 20_000;

interface Grant {
  window: number;
  /** The previous window's count in the store (read once per window). */
  previous: number;
  /** Hits already counted in the store that this process may still let through in this window. */
  left: number;
}

/**
 * A sliding-window limiter over rate-limiter-flexible's counters (PostgreSQL, or Redis when REDIS_URL is
 * set). The library counts fixed windows; this keeps one counter per key and window (aligned on the app's
 * clock) and weighs the previous window by how much of it still overlaps the last `windowSeconds`:
 * `previous × (1 − elapsed) + current`. A burst at the end of one minute therefore still counts at the start
 * of the next, and a minute boundary no longer lets twice the limit through.
 *
 * In process, before the store: a key refused a moment ago is refused again until its retryAfter without
 * touching the store, and an allowance of 40 or more is taken from the store in batches (BATCH_SHARE) that
 * this process hands out itself. Over the limit is RATE_LIMITED with `retryAfter` (seconds).
 */
export class RateLimiter {
  private readonly blockedUntil = new Map<string, number>();
  private readonly grants = new Map<string, Grant>();
  private readonly refills = new Map<string, Promise<void>>();

  constructor(
    private readonly store: RateLimiterAbstract,
    private readonly clock: Clock,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {}

  async hit(key: string, limit: Limit): Promise<void> {
    const id = `${storedKey(key)}|${limit.windowSeconds}`;
    for (;;) {
      const now = this.clock.now().getTime();
      const blocked = this.blockedUntil.get(id);
      if (blocked !== undefined && blocked > now) throw rateLimited(Math.ceil((blocked - now) / 1000));
      const window = Math.floor(now / (limit.windowSeconds * 1000));
      const grant = this.grants.get(id);
      if (grant && grant.window === window && grant.left > 0) {
        grant.left -= 1;
        return;
      }
      // One trip to the store per key at a time: concurrent hits wait for it and take from what it brought.
      // Each of them going to the store would take a batch each (ten connections: half the allowance at once).
      let refill = this.refills.get(id);
      if (!refill) {
        refill = this.refill(id, limit, now, window).finally(() => this.refills.delete(id));
        this.refills.set(id, refill);
      }
      await refill;
    }
  }

  /** Takes a batch from the store into `grants`, or marks the key refused (this hit stays counted) in `blockedUntil`. */
  private async refill(id: string, limit: Limit, now: number, window: number): Promise<void> {
    this.sweep(now);
    const grant = this.grants.get(id);
    const batch = Math.max(1, Math.floor(limit.max * BATCH_SHARE));
    // The counter lives two windows (it is the previous window during the next one), plus a margin.
    const options = { customDuration: 2 * limit.windowSeconds + 60 };
    const taken = await this.store.penalty(`${id}|${window}`, batch, options);
    const previous =
      grant && grant.window === window ? grant.previous : ((await this.store.get(`${id}|${window - 1}`))?.consumedPoints ?? 0);
    const elapsed = (now - window * limit.windowSeconds * 1000) / (limit.windowSeconds * 1000);
    const weighted = previous * (1 - elapsed);
    const before = taken.consumedPoints - batch;
    // How many of this batch fit.
    const fit = Math.max(0, Math.min(batch, Math.floor(limit.max - weighted - before + 1e-9)));
    if (fit > 0) {
      if (fit < batch) await this.store.reward(`${id}|${window}`, batch - fit, options);
      this.grants.set(id, { window, previous, left: fit });
      return;
    }
    // Refused: this hit stays counted (a caller who keeps trying does not get through sooner); the rest of
    // the batch goes back.
    if (batch > 1) await this.store.reward(`${id}|${window}`, batch - 1, options);
    const retryAfter = secondsUntilAllowed({ previous, current: before + 1, max: limit.max, elapsed, windowSeconds: limit.windowSeconds });
    this.blockedUntil.set(id, now + retryAfter * 1000);
  }

  close(): Promise<void> {
    return this.onClose();
  }

  private sweep(now: number): void {
    if (this.blockedUntil.size + this.grants.size < SWEEP_AT) return;
    for (const [id, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(id);
    for (const [id, grant] of this.grants) {
      const windowSeconds = Number(id.split('|').at(-1));
      if (grant.window !== Math.floor(now / (windowSeconds * 1000))) this.grants.delete(id);
    }
  }
}

function rateLimited(retryAfter: number): AppError {
  return new AppError('RATE_LIMITED', `Too many requests: try again in ${retryAfter} s`, { retryAfter });
}

/**
 * When the next hit fits: later in this window, as the previous window's weight fades, or else in the next
 * one, as this window's does.
 */
export function secondsUntilAllowed(state: { previous: number; current: number; max: number; elapsed: number; windowSeconds: number }): number {
  const { previous, current, max, elapsed, windowSeconds } = state;
  const room = max - current - 1;
  let at: number; // in windows from the start of this one
  if (room >= 0 && previous > 0) at = 1 - room / previous;
  else at = 1 + (current > 0 ? Math.max(0, 1 - (max - 1) / current) : 0);
  return Math.max(1, Math.ceil((at - elapsed) * windowSeconds));
}

export interface LimiterStoreOptions {
  db: DataSource;
  clock: Clock;
  /** Set: counters live in Redis (shared by every instance using it); unset: in PostgreSQL. */
  redis?: Redis;
}

/**
 * PostgreSQL through the app's pool (every statement goes through TypeORM, so tests see and count them);
 * the table comes from a migration (`tableCreated`) and old rows go with the maintenance purge.
 */
function postgresStore(db: DataSource): RateLimiterAbstract {
  const client = {
    async query(statement: { text: string; values?: unknown[] }) {
      const runner = db.createQueryRunner();
      try {
        const result = await runner.query(statement.text, statement.values, true);
        return { rows: result.records, rowCount: result.affected ?? result.records.length };
      } finally {
        await runner.release();
      }
    },
  };
  return new RateLimiterPostgres({
    storeClient: client,
    storeType: 'client',
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: 'rl',
    points: 1,
    duration: 60,
  } as ConstructorParameters<typeof RateLimiterPostgres>[0]);
}

export function createRateLimiter({ db, clock, redis }: LimiterStoreOptions): RateLimiter {
  if (!redis) return new RateLimiter(postgresStore(db), clock);
  const store = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'staygraph:rl',
    points: 1,
    duration: 60,
    // While Redis is unreachable each process counts alone rather than failing every request.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'staygraph:rl', points: 1, duration: 60 }),
  } as ConstructorParameters<typeof RateLimiterRedis>[0]);
  return new RateLimiter(store, clock, async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
}
