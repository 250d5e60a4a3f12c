import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { entities } from './entities';
import { SnakeNamingStrategy } from './naming-strategy';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** Schema changes come only from migrations/: `synchronize` stays off. */
export function createDataSource({ url, poolSize = 10, applicationName = 'staygraph' }: DataSourceOptions): DataSource {
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
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  });
}

/** Applies pending migrations; returns the names of those it ran. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((migration) => migration.name);
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
