import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { createDataSource, migrate } from './db/data-source';
import { type DatabaseServer, startDatabaseServer } from './db/database';
import { createServices, type Services } from './modules/services';
import { type Clock, systemClock } from './platform/clock';
import type { Logger } from './platform/logger';
import { demoAccounts } from './seed/demo-accounts';
import { seedDemoData } from './seed/seed-demo-data';
import { startHttpServer } from './server/http-server';

export interface RunningApp {
  url: string;
  port: number;
  db: DataSource;
  services: Services;
  /** Stops in reverse order of start: HTTP (draining), the pool, the embedded database. */
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
}

/** Start-up: database → migrations → services → first admin / demo data → HTTP and WebSocket server. */
export async function startApp({ config, log, clock = systemClock }: AppOptions): Promise<RunningApp> {
  const database = await startDatabaseServer(config, log);
  const db = createDataSource({ url: database.url });
  try {
    await db.initialize();
    const applied = await migrate(db);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');

    const services = createServices({ db, config, clock, log });
    await prepareAccounts(config, database, services, log);
    const http = await startHttpServer({ config, services, db, log });
    log.info({ url: `${http.url}/graphql` }, 'staygraph is listening');
    if (config.explorerEnabled) log.info({ url: `${http.url}/explorer/` }, 'admin GraphQL explorer');

    let stopping: Promise<void> | undefined;
    return {
      url: http.url,
      port: http.port,
      db,
      services,
      stop: () => (stopping ??= shutdown(http.close, db, database, log)),
    };
  } catch (error) {
    await shutdown(async () => undefined, db, database, log);
    throw error;
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

async function shutdown(closeHttp: () => Promise<void>, db: DataSource, database: DatabaseServer, log: Logger) {
  await closeHttp().catch((error: unknown) => log.error({ err: error }, 'closing the HTTP server failed'));
  if (db.isInitialized) await db.destroy().catch((error: unknown) => log.error({ err: error }, 'closing the pool failed'));
  await database.stop();
  log.info('stopped');
}
