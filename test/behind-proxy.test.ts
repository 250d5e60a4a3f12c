import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { REGISTER } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * The per-address registration limit (1 per hour here) tells whose address the server believes: a
 * proxy's X-Forwarded-For only counts when that proxy is trusted (TRUST_PROXY).
 */
let counter = 0;
const signUp = () => {
  counter += 1;
  return { input: { email: `proxied${counter}-${Date.now()}@example.com`, password: 'long enough pw', fullName: `Proxied ${counter}` } };
};

async function registerOverHttp(server: TestServer, forwardedFor: string): Promise<string> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ query: REGISTER, variables: signUp() }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code ?? 'OK';
}

/** graphql-ws with the header on the upgrade request, as a proxy in front of the server would add it. */
function socketFrom(server: TestServer, forwardedFor: string): Client {
  class ProxiedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { 'x-forwarded-for': forwardedFor } });
    }
  }
  return createClient({ url: `${server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: ProxiedWebSocket, retryAttempts: 0, lazy: true });
}

async function registerOverWebSocket(server: TestServer, forwardedFor: string): Promise<string> {
  const client = socketFrom(server, forwardedFor);
  try {
    return await new Promise<string>((resolve, reject) => {
      let outcome = 'OK';
      client.subscribe(
        { query: REGISTER, variables: signUp() },
        {
          next: (result) => {
            if (result.errors?.length) outcome = String(result.errors[0]?.extensions?.['code']);
          },
          error: reject,
          complete: () => resolve(outcome),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

describe.each([
  ['HTTP', registerOverHttp],
  ['graphql-ws', registerOverWebSocket],
])('the caller address behind a proxy (%s)', (_transport, register) => {
  const limits = { RATE_LIMIT_REGISTER_PER_IP: '1' };
  const servers: TestServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startTestServer({ ...limits, ...env });
    servers.push(server);
    return server;
  };
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  it('believes X-Forwarded-For from a trusted proxy only: without TRUST_PROXY or from an untrusted hop it changes nothing', async () => {
    // The test connects from 127.0.0.1: the proxy is loopback here, and two forwarded callers get an allowance each.
    const trusted = await start({ TRUST_PROXY: 'loopback' });
    expect(await register(trusted, '203.0.113.1')).toBe('OK');
    expect(await register(trusted, '203.0.113.2')).toBe('OK');
    expect(await register(trusted, '203.0.113.1')).toBe('RATE_LIMITED');

    for (const untrusted of [await start({}), await start({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.1' })]) {
      expect(await register(untrusted, '203.0.113.1')).toBe('OK');
      expect(await register(untrusted, '203.0.113.2')).toBe('RATE_LIMITED');
    }
  });

  it('believes one hop with TRUST_PROXY=1: the address the proxy saw, not what the caller claimed before it', async () => {
    const server = await start({ TRUST_PROXY: '1' });
    expect(await register(server, '198.51.100.7, 203.0.113.1')).toBe('OK');
    expect(await register(server, '198.51.100.7, 203.0.113.2')).toBe('OK');
    // The same caller (as seen by our proxy) claiming another origin address: still the same caller.
    expect(await register(server, '198.51.100.8, 203.0.113.1')).toBe('RATE_LIMITED');
  });
});

describe('TRUST_PROXY validation', () => {
  it.each(['true', 'everything', '10.0.0.0/33'])('refuses %p', (value) => {
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
