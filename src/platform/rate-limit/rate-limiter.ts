import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { AppError } from '../errors';

export interface Limit {
  /** Requests allowed per window. */
  max: number;
  windowSeconds: number;
}

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
 * Fixed-window counters in PostgreSQL, so every instance counts the same hits. One statement per hit:
 * the upsert returns the window's count. Over the limit is RATE_LIMITED with `retryAfter` (seconds).
 */
export class RateLimiter {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async hit(key: string, limit: Limit): Promise<void> {
    const now = this.clock.now().getTime();
    const windowMs = limit.windowSeconds * 1000;
    const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
    const [row] = await this.db.query<{ count: number }[]>(
      `INSERT INTO rate_limit_counters (key, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
       RETURNING count`,
      [storedKey(key), windowStart],
    );
    if ((row?.count ?? 0) > limit.max) {
      const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
      throw new AppError('RATE_LIMITED', `Too many requests: try again in ${retryAfter} s`, { retryAfter });
    }
  }
}
