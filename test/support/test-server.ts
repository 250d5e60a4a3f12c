import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { type RunningApp, startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Clock } from '../../src/platform/clock';
import { createLogger, type Logger } from '../../src/platform/logger';
import { adminEnv } from './fixtures';
import { GraphQLTestClient } from './graphql-client';
import { createTestDatabase } from './test-database';

/** One secret for the run, so a token from one instance is valid on another (as in production). */
const SHARED_JWT_SECRET = randomBytes(32).toString('hex');

export interface TestServer {
  app: RunningApp;
  url: string;
  databaseUrl: string;
  client: GraphQLTestClient;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Share another server's database (a second instance) instead of a fresh copy. */
  databaseUrl?: string;
  onQuery?: (sql: string) => void;
  clock?: Clock;
  /** The server's logger (tests read its lines); otherwise one at TEST_LOG_LEVEL (silent) on stdout. */
  log?: Logger;
}

/** The real server (HTTP + WebSocket) on a free port, over a fresh copy of the migrated database, with the ADMIN account. */
export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    JWT_SECRET: env['JWT_SECRET'] ?? SHARED_JWT_SECRET,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    EXPLORER_ENABLED: 'false',
    // The web app's tests build their own bundle (test/support/browser.ts) and turn it on.
    WEB_APP_ENABLED: 'false',
    // Tests drive cron themselves unless they turn it on. The job runner runs, as in production: tests
    // wait for what is due with processDue() (JobRunner.drain).
    CRON_ENABLED: 'false',
    OUTBOX_DIR: path.join(os.tmpdir(), 'staygraph-test-outbox'),
    // Every test client shares 127.0.0.1: limits are high unless a test sets its own.
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_IP: '100000',
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '100000',
    RATE_LIMIT_REGISTER_PER_IP: '100000',
    RATE_LIMIT_LOGIN_ACCOUNT_WIDE: '100000',
    RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE: '100000',
    RATE_LIMIT_USER_QUERIES_PER_MINUTE: '100000',
    // argon2id at 4 MiB: a sign-in costs milliseconds, not a fifth of a second. A production-mode server
    // refuses less than 19 MiB, so it gets that minimum.
    PASSWORD_HASH_MEMORY_KIB: env['NODE_ENV'] === 'production' ? '19456' : '4096',
    // Every server has the bootstrap admin: createHost verifies new hosts through it.
    ...adminEnv,
    ...env,
  });
  const app = await startApp({ config, log: options.log ?? createLogger(config.logLevel), onQuery: options.onQuery, clock: options.clock });
  const url = `http://127.0.0.1:${app.port}`;
  return {
    app,
    url,
    databaseUrl: database.url,
    client: new GraphQLTestClient(url),
    async stop() {
      await app.stop();
      await database.drop();
    },
  };
}
