import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../platform/logger';

/** After a replica fails, reads go straight to the primary for this long before a replica is tried again. */
const REPLICA_PAUSE_MS = 5_000;
/** At most one warning about unreachable replicas per this many milliseconds. */
const WARNING_EVERY_MS = 60_000;

/**
 * Errors that say "this replica cannot answer now" rather than "this statement is wrong": no connection
 * (refused, reset, timed out, terminated), the server starting or shutting down (57P01–57P03), and a hot
 * standby cancelling a query that conflicts with WAL replay (40001 there). The read is simply run again on
 * the primary; any other error would fail there too and is thrown as it is.
 */
function replicaUnavailable(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (/^08/.test(code) || ['57P01', '57P02', '57P03', '40001', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code))) {
    return true;
  }
  return typeof message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message);
}

/**
 * The one way to read from a streaming replica (DATABASE_READ_URLS). Everything else — writes, transactions,
 * accounts, reservations, quotes and bookings, availability — stays on the primary, because the data source's
 * replication `defaultMode` is 'master'. Callers opt in per read: search, public catalog pages and lists,
 * stats (see "Read replicas" in docs/architecture.md). Without replicas a read is exactly `db.manager`: no
 * extra statement, pool or query runner.
 *
 * A replica that does not answer never takes a read down: the read runs on the primary, a warning is logged
 * (at most once a minute), and the replicas rest for a few seconds so that each request does not pay for a
 * refused (or worse, timing-out) connection first.
 */
export class ReadReplicas {
  readonly enabled: boolean;
  private pausedUntil = 0;
  private lastWarning = -Infinity;

  constructor(
    private readonly db: DataSource,
    private readonly log: Logger,
  ) {
    this.enabled = Boolean((db.options as { replication?: unknown }).replication);
  }

  /** Runs `work` on one replica connection (released afterwards), or on the primary as explained above. */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.enabled || performance.now() < this.pausedUntil) return work(this.db.manager);
    const runner = this.db.createQueryRunner('slave');
    try {
      await runner.connect();
      return await work(runner.manager);
    } catch (error) {
      if (!replicaUnavailable(error)) throw error;
      this.replicaFailed(error as Error);
      return work(this.db.manager);
    } finally {
      await runner.release();
    }
  }

  /** One statement on a replica: `db.query` with the fallback of `read`. */
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T> {
    return this.read((manager) => manager.query(sql, parameters));
  }

  private replicaFailed(error: Error): void {
    const now = performance.now();
    this.pausedUntil = now + REPLICA_PAUSE_MS;
    if (now - this.lastWarning < WARNING_EVERY_MS) return;
    this.lastWarning = now;
    this.log.warn({ err: error, component: 'read-replicas' }, `a read replica did not answer: reads go to the primary (replicas tried again in ${REPLICA_PAUSE_MS / 1000} s)`);
  }
}
