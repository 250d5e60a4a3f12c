import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Logger } from './logger';

/**
 * What an operator sees at /metrics (docs/architecture.md, "Observability"). One registry per app, never
 * prom-client's global one: tests start several apps in one process. Counters and histograms are updated on
 * the request path (a map lookup and an add); everything read from the database or from other components is
 * read when Prometheus scrapes (`scrape`), with two cheap statements.
 */

/** Operation names a client may choose: only plausible GraphQL names, and a bounded number of them. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_OPERATION_NAMES = 200;
export const ANONYMOUS_OPERATION = '(anonymous)';
export const OTHER_OPERATION = '(other)';
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export type Transport = 'http' | 'websocket';

/** What the server knows at scrape time that the metrics cannot read themselves. */
export interface LiveCounts {
  sockets(): number;
  subscriptions(): number;
}

/** Seconds, for latencies from a millisecond to half a minute. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly operationDuration: Histogram<'operation' | 'type' | 'transport'>;
  private readonly errors: Counter<'code'>;
  private readonly bookings: Counter;
  private readonly cancellations: Counter;
  private readonly jobFailures: Counter;
  private readonly pool: Gauge<'pool' | 'state'>;
  private readonly jobs: Gauge<'state'>;
  private readonly outboxLag: Gauge;
  private readonly outboxDead: Gauge;
  private readonly sockets: Gauge;
  private readonly subscriptions: Gauge;
  private readonly names = new Set<string>();
  private db?: DataSource;
  private live?: LiveCounts;

  constructor(private readonly log?: Logger) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'staygraph_http_request_duration_seconds',
      help: 'HTTP requests by method, route (/graphql, /metrics, /health, other) and status',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.operationDuration = new Histogram({
      name: 'staygraph_graphql_operation_duration_seconds',
      help: `GraphQL operations by name (${ANONYMOUS_OPERATION} without one; ${OTHER_OPERATION} past ${MAX_OPERATION_NAMES} names or for odd ones), type and transport`,
      labelNames: ['operation', 'type', 'transport'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.errors = new Counter({ name: 'staygraph_graphql_errors_total', help: 'GraphQL errors sent to clients, by extensions.code', labelNames: ['code'], registers });
    this.bookings = new Counter({ name: 'staygraph_bookings_total', help: 'Reservations created (committed) by this instance', registers });
    this.cancellations = new Counter({ name: 'staygraph_cancellations_total', help: 'Reservations cancelled (committed) by this instance', registers });
    this.jobFailures = new Counter({ name: 'staygraph_job_failures_total', help: 'Job attempts that failed in this instance (each is retried until its attempts are used up)', registers });
    this.pool = new Gauge({
      name: 'staygraph_db_pool_connections',
      help: 'Database pool: connections open (total), idle, and callers waiting for one (waiting)',
      labelNames: ['pool', 'state'],
      registers,
    });
    this.jobs = new Gauge({
      name: 'staygraph_job_queue_jobs',
      help: 'Jobs in the queue (all instances): ready (due now), scheduled (later, retries included), running, dead (attempts used up)',
      labelNames: ['state'],
      registers,
    });
    this.outboxLag = new Gauge({ name: 'staygraph_outbox_lag_seconds', help: 'Age of the oldest outbox event not yet delivered (0 when none)', registers });
    this.outboxDead = new Gauge({ name: 'staygraph_outbox_dead_events', help: 'Outbox events given up on, waiting for an admin (deadOutboxEvents)', registers });
    this.sockets = new Gauge({ name: 'staygraph_websocket_sockets', help: 'Open graphql-ws sockets on this instance', registers });
    this.subscriptions = new Gauge({ name: 'staygraph_subscriptions_active', help: 'Active GraphQL subscriptions on this instance', registers });
  }

  /** The database whose pool and queues are read at scrape time. */
  watchDatabase(db: DataSource): void {
    this.db = db;
  }

  watchLive(live: LiveCounts): void {
    this.live = live;
  }

  httpRequest(method: string, url: string | undefined, status: number, seconds: number): void {
    this.httpDuration.observe({ method: METHODS.has(method) ? method : 'OTHER', route: routeOf(url), status: String(status) }, seconds);
  }

  operation(name: string | null | undefined, type: string | undefined, transport: Transport, seconds: number): void {
    this.operationDuration.observe({ operation: this.operationLabel(name), type: type ?? 'unknown', transport }, seconds);
  }

  error(code: unknown): void {
    this.errors.inc({ code: typeof code === 'string' && ERROR_CODE.test(code) ? code : 'OTHER' });
  }

  booked(): void {
    this.bookings.inc();
  }

  cancelled(): void {
    this.cancellations.inc();
  }

  jobFailed(): void {
    this.jobFailures.inc();
  }

  /** The exposition text, after reading what only exists at this moment (pools, queues, sockets). */
  async scrape(): Promise<string> {
    this.readLive();
    this.readPools();
    await this.readQueues().catch((error: unknown) => this.log?.warn({ err: error }, 'metrics: reading the queues failed'));
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name) return ANONYMOUS_OPERATION;
    if (this.names.has(name)) return name;
    if (!OPERATION_NAME.test(name) || this.names.size >= MAX_OPERATION_NAMES) return OTHER_OPERATION;
    this.names.add(name);
    return name;
  }

  private readLive(): void {
    if (!this.live) return;
    this.sockets.set(this.live.sockets());
    this.subscriptions.set(this.live.subscriptions());
  }

  private readPools(): void {
    const driver = this.db?.driver as { master?: PoolLike; slaves?: PoolLike[] } | undefined;
    if (!driver?.master) return;
    this.setPool('primary', driver.master);
    driver.slaves?.forEach((pool, index) => this.setPool(`replica${index}`, pool));
  }

  private setPool(name: string, pool: PoolLike): void {
    this.pool.set({ pool: name, state: 'total' }, pool.totalCount);
    this.pool.set({ pool: name, state: 'idle' }, pool.idleCount);
    this.pool.set({ pool: name, state: 'waiting' }, pool.waitingCount);
  }

  /**
   * One statement: the job table holds only jobs not yet done (the library deletes finished ones), and the
   * outbox's undelivered and dead events each have a partial index.
   */
  private async readQueues(): Promise<void> {
    if (!this.db?.isInitialized) return;
    const [row] = await this.db.query<QueueRow[]>(SCRAPE_SQL);
    if (!row) return;
    this.jobs.set({ state: 'ready' }, Number(row.ready));
    this.jobs.set({ state: 'scheduled' }, Number(row.scheduled));
    this.jobs.set({ state: 'running' }, Number(row.running));
    this.jobs.set({ state: 'dead' }, Number(row.dead));
    this.outboxLag.set(Math.max(0, Number(row.outbox_lag)));
    this.outboxDead.set(Number(row.outbox_dead));
  }
}

interface QueueRow {
  ready: string;
  scheduled: string;
  running: string;
  dead: string;
  outbox_lag: string;
  outbox_dead: string;
}

const SCRAPE_SQL = `
  SELECT j.ready, j.scheduled, j.running, j.dead,
         (SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) FROM outbox_events
           WHERE processed_at IS NULL AND dead_at IS NULL) AS outbox_lag,
         (SELECT count(*) FROM outbox_events WHERE dead_at IS NOT NULL) AS outbox_dead
    FROM (SELECT count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at <= now()) AS ready,
                 count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at > now()) AS scheduled,
                 count(*) FILTER (WHERE locked_at IS NOT NULL) AS running,
                 count(*) FILTER (WHERE locked_at IS NULL AND attempts >= max_attempts) AS dead
            FROM graphile_worker._private_jobs) j`;

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** A handful of routes, so that a scan of random paths cannot grow the series. */
export function routeOf(url: string | undefined): string {
  const path = url === undefined ? '' : url.split('?', 1)[0]!;
  if (path === '/graphql') return '/graphql';
  if (path === '/metrics') return '/metrics';
  if (path === '/healthz' || path === '/readyz') return '/health';
  return 'other';
}
