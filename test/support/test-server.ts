import { randomBytes } from 'node:crypto';
import { type RunningApp, startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/platform/logger';
import { GraphQLTestClient } from './graphql-client';
import { createTestDatabase } from './test-database';

export interface TestServer {
  app: RunningApp;
  url: string;
  client: GraphQLTestClient;
  stop(): Promise<void>;
}

/** The real server (HTTP + WebSocket) on a free port, over a fresh copy of the migrated database. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    EXPLORER_ENABLED: 'false',
    ...env,
  });
  const app = await startApp({ config, log: createLogger(config.logLevel) });
  const url = `http://127.0.0.1:${app.port}`;
  return {
    app,
    url,
    client: new GraphQLTestClient(url),
    async stop() {
      await app.stop();
      await database.drop();
    },
  };
}
