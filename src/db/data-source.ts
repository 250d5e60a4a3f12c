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
  /**
   * Streaming replicas (DATABASE_READ_URLS). Empty: no replication at all, one pool. Set: TypeORM replication
   * with every statement on the primary by default; only ReadReplicas (read-replicas.ts) reads from them.
   */
  readUrls?: readonly string[];
  /** A replica that did not answer at start (its pool is kept: it is tried again later). */
  onReplicaUnreachable?: (replica: string, error: Error) => void;
}

function observingLogger(onQuery: (sql: string) => void): TypeOrmLogger {
  const ignore = () => undefined;
  return { logQuery: (sql) => onQuery(sql), logQueryError: ignore, logQuerySlow: ignore, logSchemaBuild: ignore, logMigration: ignore, log: ignore };
}

/** Schema changes come only from migrations/: `synchronize` stays off. */
export function createDataSource({ url, poolSize = 10, applicationName = 'staygraph', onQuery, readUrls = [], onReplicaUnreachable }: DataSourceOptions): DataSource {
  const master = { url };
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    // defaultMode 'master': query builders and find() would otherwise read from a replica (TypeORM's default
    // for SELECTs), which would silently break read-your-writes paths. Replicas are opted into, never out of.
    ...(readUrls.length ? { replication: { master, slaves: readUrls.map((readUrl) => ({ url: readUrl })), defaultMode: 'master' as const } } : {}),
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
  if (readUrls.length) keepUnreachableReplicas(dataSource, master, onReplicaUnreachable ?? (() => undefined));
  return dataSource;
}

/** `host:port/database` of a connection URL: what logs may show (never the password). */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

interface PoolCreatingDriver {
  postgres: { Pool: new (options: object) => { on(event: 'error', listener: (error: Error) => void): void } };
  createPool(options: { applicationName?: string; extra?: object }, credentials: { url?: string }): Promise<unknown>;
}

/**
 * TypeORM opens one connection to every replica in initialize() and fails the whole start when one does not
 * answer. A replica being rebuilt must not keep instances from starting (or restarting): its pool is made
 * anyway — pg pools connect on demand, so the replica is used again once it answers — and ReadReplicas sends
 * its reads to the primary meanwhile. `createPool` is TypeORM's (protected) hook for exactly this step.
 */
function keepUnreachableReplicas(dataSource: DataSource, master: object, onUnreachable: (replica: string, error: Error) => void): void {
  const driver = dataSource.driver as unknown as PoolCreatingDriver;
  const createPool = driver.createPool.bind(driver);
  driver.createPool = async (options, credentials) => {
    if (credentials === master) return createPool(options, credentials);
    try {
      return await createPool(options, credentials);
    } catch (error) {
      onUnreachable(describeDatabaseUrl(String(credentials.url)), error as Error);
      const pool = new driver.postgres.Pool({ connectionString: credentials.url, application_name: options.applicationName, ...options.extra });
      pool.on('error', () => undefined);
      return pool;
    }
  };
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
