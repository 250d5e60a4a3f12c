import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDataSource, migrate } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { databaseUrl, testDatabaseEnv, uniqueDatabaseName, withAdminClient } from './test-database';

/**
 * One real PostgreSQL for the whole run: DATABASE_URL's server when set, otherwise a throwaway embedded
 * cluster. Migrations run once into a template database; each test copies it into a fresh database.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env['DATABASE_URL'];
  if (!adminUrl) {
    const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'staygraph-test-')), 'postgres');
    const cluster = await startEmbeddedPostgres({ dataDir, database: 'postgres', removeOnStop: true });
    (globalThis as Record<string, unknown>)['__stayGraphTestCluster'] = { cluster, dataDir };
    adminUrl = cluster.adminUrl;
  }
  process.env[testDatabaseEnv.adminUrl] = adminUrl;

  const template = uniqueDatabaseName('staygraph_template');
  await withAdminClient((client) => client.query(`CREATE DATABASE ${template}`));
  const db = createDataSource({ url: databaseUrl(template), poolSize: 1 });
  await db.initialize();
  await migrate(db);
  await db.destroy();
  process.env[testDatabaseEnv.template] = template;
}
