import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by global-setup: a server where tests may create databases, and a migrated template to copy. */
export const testDatabaseEnv = {
  adminUrl: 'STAYGRAPH_TEST_ADMIN_URL',
  template: 'STAYGRAPH_TEST_TEMPLATE',
} as const;

export function adminUrl(): string {
  const url = process.env[testDatabaseEnv.adminUrl];
  if (!url) throw new Error('test database not prepared: run tests through jest (global-setup)');
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const uniqueDatabaseName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** A fresh database: a copy of the migrated template, or empty when `template` is false. */
export async function createTestDatabase(options: { template?: boolean } = {}): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = uniqueDatabaseName('staygraph_test');
  const template = options.template === false ? 'template0' : process.env[testDatabaseEnv.template];
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
