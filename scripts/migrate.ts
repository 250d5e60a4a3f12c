import { existsSync } from 'node:fs';
import { loadConfig } from '../src/config';
import { createDataSource, migrate } from '../src/db/data-source';
import { startDatabaseServer } from '../src/db/database';
import { createLogger } from '../src/platform/logger';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await startDatabaseServer(config, log);
  const db = createDataSource({ url: database.url, poolSize: 1 });
  try {
    await db.initialize();
    const applied = await migrate(db);
    log.info({ migrations: applied }, applied.length ? 'migrations applied' : 'no pending migrations');
  } finally {
    if (db.isInitialized) await db.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
