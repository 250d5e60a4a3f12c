import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { testDatabaseEnv, withAdminClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[testDatabaseEnv.template];
  const state = (globalThis as Record<string, unknown>)['__stayGraphTestCluster'] as
    | { cluster: EmbeddedPostgres; dataDir: string }
    | undefined;
  if (state) {
    await state.cluster.stop(); // a throwaway cluster: stopping it deletes it (and its link)
    await rm(path.dirname(state.dataDir), { recursive: true, force: true });
    return;
  }
  if (template) await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
}
