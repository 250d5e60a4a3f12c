import { existsSync } from 'node:fs';
import { loadConfig } from '../src/config';
import { createDataSource, migrate } from '../src/db/data-source';
import { startDatabaseServer } from '../src/db/database';
import { createServices } from '../src/modules/services';
import { systemClock } from '../src/platform/clock';
import { createLogger } from '../src/platform/logger';
import { InMemoryPubSub } from '../src/platform/pubsub/pubsub';
import { seedDemoData } from '../src/seed/seed-demo-data';

/** `npm run seed`: demo data for development (refused in production). Safe to run again. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (config.isProduction) throw new Error('demo data is for development: refused with NODE_ENV=production');
  const log = createLogger(config.logLevel);
  const database = await startDatabaseServer(config, log);
  const db = createDataSource({ url: database.url, poolSize: 2 });
  try {
    await db.initialize();
    await migrate(db);
    const { created } = await seedDemoData(createServices({ db, config, clock: systemClock, log, pubsub: new InMemoryPubSub() }));
    log.info({ created }, created.length ? 'demo data seeded' : 'demo data already present');
  } finally {
    if (db.isInitialized) await db.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
