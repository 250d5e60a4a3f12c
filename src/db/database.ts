import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseServer {
  url: string;
  /** The embedded cluster was created by this start: a fresh development database. */
  created: boolean;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL wins; without it, an embedded PostgreSQL under DATA_DIR/postgres. */
export async function startDatabaseServer(config: Config, log: Logger): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, created: false, embedded: false, stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(config.dataDir, 'postgres'),
    database: 'staygraph',
    binDir: config.postgresBinDir,
    log: (message) => log.info({ component: 'embedded-postgres' }, message),
  });
  return { url: embedded.url, created: embedded.created, embedded: true, stop: () => embedded.stop() };
}
