import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { limitedAddress } from '../../platform/rate-limit/limited-address';

export interface LoginGuardLimits {
  /** Consecutive failures for one account from one address before that pair is blocked. */
  perAccountAndAddress: number;
  /** Failures from one address, whatever the accounts, before the address is blocked. */
  perAddress: number;
  /** Failures against one account from every address before attempts on it are slowed down (never blocked). */
  accountWide: number;
}

interface Policy {
  /** Failures tolerated without a wait. */
  slowAfter: number;
  /** From this many failures the key waits `BLOCK_SECONDS`; Infinity: never blocked, only slowed. */
  blockAfter: number;
}

/** How long a block lasts, and how long after the last failure the failures are forgotten. */
export const BLOCK_SECONDS = 15 * 60;
/** The slow-down doubles with each failure past `slowAfter` (1 s, 2 s, 4 s …) up to this. */
const MAX_SLOWDOWN_SECONDS = 60;

type Scope = 'pair' | 'address' | 'account';

interface FailureRow {
  key: string;
  failures: number;
  last_failure_at: Date;
}

/**
 * Brute-force protection for sign-in, in PostgreSQL (`login_failures`), on the app's clock. Failures are
 * counted per (account, address), per address and per account: a few are free, then each further attempt
 * must wait longer (1 s, 2 s, 4 s …), then the pair or the address is blocked for 15 minutes. Another
 * address is not affected by them: the owner signing in from elsewhere is never locked out by someone
 * else's guesses. A success clears its pair. Across every address, an account only ever slows down
 * (at most a minute between attempts), so guesses from many addresses are throttled without a lock-out.
 *
 * Every attempt counts as a failure before the password is checked (and is taken back on success), in a
 * transaction that locks the rows: concurrent guesses cannot all slip in before the first is recorded.
 * The answer never depends on whether the account exists.
 */
export class LoginGuard {
  private readonly policies: Record<Scope, Policy>;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    limits: LoginGuardLimits,
  ) {
    this.policies = {
      pair: { slowAfter: Math.min(3, limits.perAccountAndAddress - 1), blockAfter: limits.perAccountAndAddress },
      address: { slowAfter: Math.max(1, Math.floor(limits.perAddress / 3)), blockAfter: limits.perAddress },
      account: { slowAfter: limits.accountWide, blockAfter: Infinity },
    };
  }

  /**
   * Runs `verify` (the password check) unless a wait is due; its outcome is recorded. RATE_LIMITED with
   * `retryAfter` (seconds) when the caller must wait.
   */
  async attempt<T>(email: string, address: string, verify: () => Promise<T | null>): Promise<T | null> {
    const keys = this.keys(email, address);
    await this.claim(keys);
    const outcome = await verify();
    if (outcome !== null) await this.succeeded(keys);
    return outcome;
  }

  private keys(email: string, callerAddress: string): Record<Scope, string> {
    const address = limitedAddress(callerAddress);
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return { pair: `pair:${account}:${address}`, address: `address:${address}`, account: `account:${account}` };
  }

  /** Refuses if any key must wait; otherwise counts this attempt as a failure of each. */
  private async claim(keys: Record<Scope, string>): Promise<void> {
    const now = this.clock.now();
    const wait = await this.db.transaction(async (manager) => {
      const sorted = Object.values(keys).sort();
      await manager.query(
        `INSERT INTO login_failures (key, failures, last_failure_at) SELECT unnest($1::text[]), 0, $2 ON CONFLICT (key) DO NOTHING`,
        [sorted, now],
      );
      const rows = await manager.query<FailureRow[]>(
        `SELECT key, failures, last_failure_at FROM login_failures WHERE key = ANY ($1::text[]) ORDER BY key FOR UPDATE`,
        [sorted],
      );
      const byKey = new Map(rows.map((row) => [row.key, row]));
      const waits = (Object.keys(keys) as Scope[]).map((scope) => this.secondsToWait(scope, byKey.get(keys[scope]), now));
      const longest = Math.max(0, ...waits);
      if (longest > 0) return longest;
      await manager.query(
        `UPDATE login_failures
            SET failures = CASE WHEN last_failure_at < $2::timestamptz - make_interval(secs => $3) THEN 1 ELSE failures + 1 END,
                last_failure_at = $2
          WHERE key = ANY ($1::text[])`,
        [sorted, now, BLOCK_SECONDS],
      );
      return 0;
    });
    if (wait > 0) throw new AppError('RATE_LIMITED', `Too many sign-in attempts: try again in ${wait} s`, { retryAfter: wait });
  }

  /** The attempt was no failure: the pair starts again, the address and the account take it back. */
  private async succeeded(keys: Record<Scope, string>): Promise<void> {
    await this.db.query(
      `WITH cleared AS (DELETE FROM login_failures WHERE key = $1)
       UPDATE login_failures SET failures = greatest(failures - 1, 0) WHERE key IN ($2, $3)`,
      [keys.pair, keys.address, keys.account],
    );
  }

  private secondsToWait(scope: Scope, row: FailureRow | undefined, now: Date): number {
    if (!row || row.failures === 0) return 0;
    const since = (now.getTime() - new Date(row.last_failure_at).getTime()) / 1000;
    if (since >= BLOCK_SECONDS) return 0; // forgotten
    const { slowAfter, blockAfter } = this.policies[scope];
    if (row.failures >= blockAfter) return Math.ceil(BLOCK_SECONDS - since);
    if (row.failures < slowAfter) return 0;
    const slowdown = Math.min(MAX_SLOWDOWN_SECONDS, 2 ** (row.failures - slowAfter));
    return Math.max(0, Math.ceil(slowdown - since));
  }
}
