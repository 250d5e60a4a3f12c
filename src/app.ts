import Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { createDataSource, describeDatabaseUrl, migrate } from './db/data-source';
import { type DatabaseServer, startDatabaseServer } from './db/database';
import { settleAfterCommitEffects } from './db/transaction';
import { createServices, type Services } from './modules/services';
import { type Clock, systemClock } from './platform/clock';
import type { Logger } from './platform/logger';
import { PostgresPubSub } from './platform/pubsub/postgres-pubsub';
import { lockDataDir } from './platform/instance-lock';
import { Metrics } from './platform/metrics';
import { InMemoryPubSub, type PubSub } from './platform/pubsub/pubsub';
import { RedisPubSub } from './platform/pubsub/redis-pubsub';
import { demoAccounts } from './seed/demo-accounts';
import { seedDemoData } from './seed/seed-demo-data';
import { startHttpServer } from './server/http-server';
import { startMetricsListener } from './server/metrics-endpoint';

export interface RunningApp {
  url: string;
  port: number;
  db: DataSource;
  services: Services;
  /** METRICS_PORT's listener, when there is one. */
  metricsUrl?: string;
  /** Stops in reverse order of start: HTTP (draining), events, the pool, the embedded database. */
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Sees every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
}

type Closer = { name: string; close: () => Promise<void> };

/** Start-up: database → migrations → events → services → first admin / demo data → HTTP and WebSocket. */
export async function startApp({ config, log, clock = systemClock, onQuery }: AppOptions): Promise<RunningApp> {
  // The embedded database belongs to one server at a time (a second would adopt it, then stop it on exit).
  const lock = config.databaseUrl ? undefined : await lockDataDir(config.dataDir);
  // Closed in reverse order on stop, or on a failed start.
  const closers: Closer[] = lock ? [{ name: 'data folder lock', close: () => lock.release() }] : [];
  try {
    const database = await startDatabaseServer(config, log);
    closers.push({ name: 'database server', close: () => database.stop() });
    const db = createDataSource({
      url: database.url,
      onQuery,
      readUrls: config.databaseReadUrls,
      onReplicaUnreachable: (replica, error) => log.warn({ replica, err: error }, 'read replica not answering at start: its reads go to the primary until it does'),
    });
    await db.initialize();
    closers.push({ name: 'pool', close: () => db.destroy() });
    if (config.databaseReadUrls.length) {
      log.info({ replicas: config.databaseReadUrls.map(describeDatabaseUrl) }, 'search, public catalog reads and stats read from replicas (DATABASE_READ_URLS)');
    }
    const applied = await migrate(db);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');

    const pubsub = await startPubSub(config, database, db, log);
    closers.push({ name: 'events', close: () => pubsub.close() });
    // Closed before the events: live events of transactions that committed still go out.
    closers.push({ name: 'after-commit effects', close: () => settleAfterCommitEffects() });
    const redis = config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined;
    // Only when someone can read them (METRICS_TOKEN or METRICS_PORT): otherwise nothing is measured.
    const metrics = config.metrics.token || config.metrics.port !== undefined ? new Metrics(log) : undefined;
    metrics?.watchDatabase(db);
    const services = createServices({ db, config, clock, log, pubsub, redis, metrics });
    closers.push({ name: 'rate limiter', close: () => services.limiter.close() });
    closers.push({ name: 'viewer cache', close: () => services.viewers.stop() });
    services.searchRecorder.start();
    // Closed after HTTP (searches still answering record theirs) and before the pool.
    closers.push({ name: 'search recorder', close: () => services.searchRecorder.stop() });
    await services.pdf.reapOrphans();
    await prepareAccounts(config, database, services, log);
    if (!config.stripe) {
      log.warn('payments run in LOCAL mode (no STRIPE_SECRET_KEY): nothing is charged; confirmTestPayment pays in development');
    }
    log.info(
      services.mailer.kind === 'sendgrid' ? { mail: 'sendgrid' } : { mail: 'local outbox', directory: config.mail.outboxDir },
      services.mailer.kind === 'sendgrid' ? 'emails go through SendGrid' : 'no SENDGRID_API_KEY: emails are written as .eml files',
    );
    await services.jobs.start();
    // One closer, in this order: stop taking jobs and give running ones half the shutdown budget, then close
    // Chromium (aborting a render still running: its job fails and is retried, here or by another instance).
    closers.push({
      name: 'job runner and PDF renderer',
      close: async () => {
        await services.jobs.stop(Math.floor(config.shutdownTimeoutMs / 2));
        await services.pdf.close();
      },
    });
    if (config.cron.enabled) {
      services.scheduler.start();
      closers.push({ name: 'cron', close: () => services.scheduler.stop() });
    }

    const http = await startHttpServer({ config, services, db, log, clock, metrics });
    closers.push({ name: 'HTTP server', close: () => http.close() });
    const metricsListener = metrics && config.metrics.port !== undefined ? await startMetricsListener(config.metrics.port, config.metrics.host, metrics, log) : undefined;
    if (metricsListener) {
      closers.push({ name: 'metrics listener', close: () => metricsListener.close() });
      log.info({ url: `${metricsListener.url}/metrics` }, 'metrics (METRICS_PORT)');
    }
    await lock?.describe(http.url);
    log.info({ url: `${http.url}/graphql` }, 'staygraph is listening');
    if (config.webApp.enabled) log.info({ url: `${http.url}/app/` }, 'reference web app');
    if (config.explorerEnabled) log.info({ url: `${http.url}/explorer/` }, 'admin GraphQL explorer');

    let stopping: Promise<void> | undefined;
    return { url: http.url, port: http.port, db, services, metricsUrl: metricsListener?.url, stop: () => (stopping ??= closeAll(closers, log)) };
  } catch (error) {
    await closeAll(closers, log);
    throw error;
  }
}

/** REDIS_URL must answer at start (a wrong address fails fast); later outages fall back to counting in process. */
async function connectRedis(url: string, log: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  redis.on('error', (error: Error) => log.warn({ err: error }, 'redis (rate limits) unavailable'));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  log.info('rate-limit counters in Redis (REDIS_URL)');
  return redis;
}

async function startPubSub(config: Config, database: DatabaseServer, db: DataSource, log: Logger): Promise<PubSub> {
  const query = (sql: string, parameters: unknown[]) => db.query(sql, parameters);
  switch (config.pubsubDriver) {
    case 'memory':
      return new InMemoryPubSub();
    case 'redis':
      return RedisPubSub.start({ redisUrl: config.redisUrl!, databaseUrl: database.url, query, log });
    case 'postgres':
      return PostgresPubSub.start(database.url, query, log);
  }
}

async function prepareAccounts(config: Config, database: DatabaseServer, services: Services, log: Logger): Promise<void> {
  if (config.bootstrapAdmin) {
    const outcome = await services.auth.ensureAdmin(config.bootstrapAdmin.email, config.bootstrapAdmin.password);
    log.info({ email: config.bootstrapAdmin.email, outcome }, 'ADMIN_EMAIL account checked');
  }
  if (database.created && config.seedDemoData) {
    const { created } = await seedDemoData(services);
    log.info({ accounts: created }, 'demo data seeded into the new development database');
  }
  if (!config.isProduction && (await services.users.findByEmail(demoAccounts.admin.email))) {
    // Printed on purpose in development: these are the demo accounts' well-known passwords.
    const lines = Object.entries(demoAccounts).map(([role, a]) => `  ${role.padEnd(9)} ${a.email} / ${a.password}`);
    log.info(`demo accounts (development only):\n${lines.join('\n')}`);
  }
}

async function closeAll(closers: Closer[], log: Logger): Promise<void> {
  for (const { name, close } of [...closers].reverse()) {
    await close().catch((error: unknown) => log.error({ err: error, component: name }, 'closing failed'));
  }
  log.info('stopped');
}
