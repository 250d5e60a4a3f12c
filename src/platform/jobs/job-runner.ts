import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, runMigrations, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import { Pool, type PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../logger';

/**
 * The one durable job runner: graphile-worker on our PostgreSQL (`docs/architecture.md`, "Job runner").
 * Jobs are rows in the `graphile_worker` schema, added with `addJob` inside the business transaction (a
 * rollback adds nothing) and woken by LISTEN/NOTIFY. Every instance runs a pool of workers over the same
 * queue (SKIP LOCKED); a job key makes a job exist once however many instances add it.
 */

export interface JobSpec {
  /** One job per key: adding a job whose key is waiting updates it (replace) or does nothing (unsafe_dedupe). */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  /** Attempts before the job is given up on (a dead letter); the library's default is 25. */
  maxAttempts?: number;
  /** Jobs of one named queue run one at a time, earliest `runAt` first (the library's serial queues). */
  queueName?: string;
  /** Not before this moment (the database's clock); now when left out. */
  runAt?: Date;
}

/** What a handler learns of its job: which attempt this is (1-based) and how many it gets. */
export interface JobInfo {
  id: string;
  attempts: number;
  maxAttempts: number;
}

/** A handler that throws fails the attempt: it is retried after exp(attempts) seconds (capped at ~6 h). */
export type JobHandler = (payload: Record<string, unknown>, job: JobInfo) => Promise<void>;

/** Adds a job in the caller's transaction (or alone, given the DataSource): it becomes visible on commit. */
export async function addJob(manager: EntityManager | DataSource, task: string, payload: Record<string, unknown>, spec: JobSpec = {}): Promise<void> {
  await manager.query(
    `SELECT graphile_worker.add_job(identifier => $1, payload => $2::json, max_attempts => $3::int, job_key => $4::text, job_key_mode => $5::text,
                                    queue_name => $6::text, run_at => $7::timestamptz)`,
    [task, JSON.stringify(payload), spec.maxAttempts ?? null, spec.jobKey ?? null, spec.jobKeyMode ?? null, spec.queueName ?? null, spec.runAt ?? null],
  );
}

/** Installs or upgrades the library's schema (its own versioned migrations, under an advisory lock). */
export async function migrateJobSchema(connectionString: string, log?: Logger): Promise<void> {
  await runMigrations({ connectionString, logger: workerLogger(log) });
}

export interface JobRunnerOptions {
  /** Jobs this instance runs at once; 0: this instance adds jobs but runs none. */
  concurrency: number;
  /** How often idle workers look for jobs whose time has come (new jobs wake them at once). */
  pollMs: number;
  /**
   * A job locked longer than this by a worker pool whose instance is gone is released for another
   * instance (see `releaseOrphans`). Keeps a just-started pool's jobs safe while it takes its liveness lock.
   */
  orphanGraceMs?: number;
  /** Called for each failed attempt of a job in this instance (metrics). */
  onJobFailed?: () => void;
}

/** Namespace of the session advisory locks that say "this worker pool is alive" (`pg_advisory_lock(ns, id)`). */
const LIVENESS_NAMESPACE = 0x57a7;

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private pool?: Pool;
  private runner?: Runner;
  private liveness?: PoolClient;
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly connectionString: string,
    private readonly log: Logger,
    private readonly options: JobRunnerOptions,
  ) {}

  /** Registers the handler of a task; before `start`. */
  define(task: string, handler: JobHandler): void {
    this.handlers.set(task, handler);
  }

  async start(): Promise<void> {
    if (this.options.concurrency === 0) return;
    this.pool = new Pool({ connectionString: this.connectionString, max: this.options.concurrency + 3, application_name: 'staygraph-jobs' });
    this.pool.on('error', (error) => this.log.warn({ err: error }, 'job runner connection failed'));
    this.pool.on('connect', (client) => client.on('error', (error) => this.log.warn({ err: error }, 'job runner connection failed')));
    // A session that lives as long as this instance: its advisory lock tells other instances our pool is alive.
    const liveness = await this.pool.connect();
    this.liveness = liveness;
    liveness.on('error', (error) => {
      this.log.error({ err: error }, 'job runner lost its liveness connection: stopping the runner');
      void this.stop(0);
    });
    const taskList: TaskList = {};
    for (const [task, handler] of this.handlers) {
      taskList[task] = (payload, helpers) =>
        handler((payload ?? {}) as Record<string, unknown>, { id: helpers.job.id, attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
    }
    // Our emitter, so that 'pool:create' (emitted inside run(), before any job is fetched) reaches us.
    const events = new EventEmitter() as WorkerEvents;
    events.on('pool:create', ({ workerPool }) => void this.holdLiveness(liveness, workerPool.id));
    const onJobFailed = this.options.onJobFailed;
    if (onJobFailed) events.on('job:failed', () => onJobFailed());
    const runner = await run({
      pgPool: this.pool,
      events,
      taskList,
      concurrency: this.options.concurrency,
      pollInterval: this.options.pollMs,
      noHandleSignals: true,
      logger: workerLogger(this.log),
      // Completions and failures go through the library's batcher, which its shutdown flushes: without it a
      // job finished during a graceful stop is recorded fire-and-forget, racing the pool's end.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    this.runner = runner;
    this.sweeper = setInterval(() => void this.releaseOrphans().catch((error: unknown) => this.log.warn({ err: error }, 'releasing orphaned jobs failed')), 5_000);
    this.sweeper.unref();
    await this.releaseOrphans();
  }

  /**
   * Stops taking jobs and lets running ones finish within `graceMs`; after that they are failed (and so
   * retried later, by any instance). A SIGKILL skips all this: see `releaseOrphans`.
   */
  async stop(graceMs: number): Promise<void> {
    clearInterval(this.sweeper);
    const runner = this.runner;
    this.runner = undefined;
    if (runner) {
      let timer: NodeJS.Timeout | undefined;
      const graceful = runner.stop('shutting down').then(() => 'stopped' as const);
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
      const outcome = await Promise.race([graceful, late]).catch((error: unknown) => (this.log.warn({ err: error }, 'job runner stopped with errors'), 'stopped' as const));
      clearTimeout(timer);
      if (outcome === 'late') {
        this.log.warn({ graceMs }, 'jobs still running after the grace: failing them for a retry');
        await runner.kill('shutdown grace elapsed').catch(() => undefined);
      }
    }
    this.liveness?.release(true);
    this.liveness = undefined;
    await this.pool?.end().catch(() => undefined);
    this.pool = undefined;
  }

  private async holdLiveness(client: PoolClient, poolId: string): Promise<void> {
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LIVENESS_NAMESPACE, poolId]);
      this.livePoolIds.add(poolId);
    } catch (error) {
      this.log.error({ err: error }, 'job runner could not take its liveness lock');
    }
  }

  private readonly livePoolIds = new Set<string>();

  /**
   * graphile-worker releases a crashed worker's jobs only after four hours. Each of our worker pools holds a
   * session advisory lock while its instance lives; PostgreSQL drops it the moment that session ends (a
   * SIGKILL, a lost machine once TCP gives up). A job locked by a pool whose lock nobody holds belongs to a
   * dead instance: it is unlocked and runs again here or elsewhere — a retry, so handlers are idempotent.
   */
  async releaseOrphans(): Promise<number> {
    const pool = this.pool;
    if (!pool) return 0;
    const graceSeconds = (this.options.orphanGraceMs ?? 2_000) / 1000;
    const { rows } = await pool.query<{ locked_by: string }>(
      `SELECT DISTINCT locked_by FROM graphile_worker.jobs WHERE locked_by IS NOT NULL AND locked_at < now() - make_interval(secs => $1)`,
      [graceSeconds],
    );
    const candidates = rows.map((row) => row.locked_by).filter((id) => !this.livePoolIds.has(id));
    if (candidates.length === 0) return 0;
    const client = await pool.connect();
    const dead: string[] = [];
    try {
      for (const id of candidates) {
        const { rows: [probe] } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [LIVENESS_NAMESPACE, id]);
        if (!probe?.free) continue;
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LIVENESS_NAMESPACE, id]);
        dead.push(id);
      }
      if (dead.length > 0) {
        await client.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [dead]);
        // Wake the workers (ours and other instances') now rather than at their next poll.
        await client.query(`SELECT pg_notify('jobs:insert', '{"count":1}')`);
        this.log.warn({ workerPools: dead }, 'released the jobs of worker pools that are gone');
      }
    } finally {
      client.release();
    }
    return dead.length;
  }

  /**
   * Waits until no job of `tasks` is due or running (in any instance), releasing orphans meanwhile: "what
   * is due has been done". Jobs waiting for a retry later are not waited for. Tests and benchmarks use it.
   */
  async drain(tasks: readonly string[], timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.withPool(async (pool) => {
      for (;;) {
        await this.releaseOrphans();
        const { rows: [row] } = await pool.query<{ busy: number }>(
          `SELECT count(*)::int AS busy FROM graphile_worker.jobs
            WHERE task_identifier = ANY ($1) AND attempts < max_attempts AND (locked_at IS NOT NULL OR run_at <= now())`,
          [tasks],
        );
        if (!row?.busy) return;
        if (Date.now() > deadline) throw new Error(`jobs of ${tasks.join(', ')} still due after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    });
  }

  /**
   * Makes the jobs of `tasks` that failed and wait for a retry due now (skipping what is left of the backoff);
   * returns how many. A job whose backoff already ran out counts too: on a busy machine it may still be waiting.
   */
  async retryNow(tasks: readonly string[]): Promise<number> {
    return this.withPool(async (pool) => {
      const { rows: [row] } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM graphile_worker.reschedule_jobs(ARRAY(
           SELECT id FROM graphile_worker.jobs
            WHERE task_identifier = ANY ($1) AND locked_at IS NULL AND attempts > 0 AND attempts < max_attempts
         ), run_at => now())`,
        [tasks],
      );
      if (row!.n > 0) await pool.query(`SELECT pg_notify('jobs:insert', '{"count":1}')`);
      return row!.n;
    });
  }

  /**
   * Retention of dead letters: jobs whose attempts are used up and that nobody touched for `maxAgeMs`
   * (the database's clock: it stamps the jobs), deleted in batches through the library's `complete_jobs`.
   * Finished jobs need nothing: the library deletes a job when it succeeds.
   */
  async purgeDeadJobs(maxAgeMs: number, batchSize: number): Promise<number> {
    return this.withPool(async (pool) => {
      let total = 0;
      for (;;) {
        const { rows: [row] } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM graphile_worker.complete_jobs(ARRAY(
             SELECT id FROM graphile_worker.jobs
              WHERE attempts >= max_attempts AND locked_at IS NULL AND updated_at < now() - make_interval(secs => $1)
              ORDER BY id LIMIT $2))`,
          [maxAgeMs / 1000, batchSize],
        );
        total += row?.n ?? 0;
        if ((row?.n ?? 0) < batchSize) return total;
      }
    });
  }

  /**
   * Serial queues left without jobs (outbox events use one queue per reservation, so a row per reservation
   * would stay forever): the library's GC_JOB_QUEUES clean-up, as one statement. A job added to a queue at
   * that moment may land without its queue; the outbox's own order check (waitForEarlier) still holds.
   */
  async purgeIdleQueues(): Promise<number> {
    return this.withPool(async (pool) => {
      const { rowCount } = await pool.query(
        `DELETE FROM graphile_worker._private_job_queues q
          WHERE q.locked_at IS NULL AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.job_queue_id = q.id)`,
      );
      return rowCount ?? 0;
    });
  }

  private async withPool<T>(work: (pool: Pool) => Promise<T>): Promise<T> {
    if (this.pool) return work(this.pool);
    const pool = new Pool({ connectionString: this.connectionString, max: 1 });
    try {
      return await work(pool);
    } finally {
      await pool.end();
    }
  }
}

/** graphile-worker's log lines through ours; its per-job info lines are debug here. */
function workerLogger(log?: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    if (!log) return;
    const fields = { component: 'jobs', ...(meta ?? {}) };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else log.debug(fields, message);
  });
}
