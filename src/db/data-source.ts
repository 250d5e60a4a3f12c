import 'reflect-metadata';
import { types } from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { migrations } from '../../migrations';
import { migrateJobSchema } from '../platform/jobs/job-runner';
import { entities } from './entities';
import { SnakeNamingStrategy } from './naming-strategy';

// Calendar dates stay `YYYY-MM-DD` strings: turning them into Dates at local midnight shifts them by zone.
types.setTypeParser(types.builtins.DATE, (value) => value);

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** Sees every statement (tests count them to catch N+1 queries). */
  onQuery?: (sql: string) => void;
}

function observingLogger(onQuery: (sql: string) => void): TypeOrmLogger {
  const ignore = () => undefined;
  return { logQuery: (sql) => onQuery(sql), logQueryError: ignore, logQuerySlow: ignore, logSchemaBuild: ignore, logMigration: ignore, log: ignore };
}

/** Schema changes come only from migrations/: `synchronize` stays off. */
export function createDataSource({ url, poolSize = 10, applicationName = 'staygraph', onQuery }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName,
    ...(onQuery ? { logging: ['query' as const], logger: observingLogger(onQuery) } : {}),
    // JIT off: the search statement's estimated cost crosses the JIT thresholds, and compiling it took
    // ~0.8 s of a 30 ms query (see docs/benchmarks.md). Short OLTP statements never gain from JIT.
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, options: '-c jit=off' },
  });
}

/**
 * Applies pending migrations; returns the names of those it ran. First the job runner's own schema
 * (`graphile_worker`, versioned by the library and installed or upgraded under its advisory lock; our
 * migrations may add jobs), so `npm start`, `npm run migrate` and the tests' template get it the same way.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  await migrateJobSchema(connectionStringOf(dataSource));
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((migration) => migration.name);
}

export function connectionStringOf(dataSource: DataSource): string {
  const url = (dataSource.options as { url?: string }).url;
  if (!url) throw new Error('the DataSource has no url');
  return url;
}

/** Ready means: the database answers and no migration is pending. */
export async function databaseReadiness(dataSource: DataSource): Promise<{ ok: boolean; reason?: string }> {
  try {
    await dataSource.query('SELECT 1');
    const pending = await dataSource.showMigrations();
    return pending ? { ok: false, reason: 'migrations pending' } : { ok: true };
  } catch (error) {
    return { ok: false, reason: `database unreachable: ${(error as Error).message}` };
  }
}
