import { startTestServer, type TestServer } from './support/test-server';

interface ErrorSeen {
  message: string;
  code: unknown;
}

/** One validation error over graphql-ws: the message and code the client gets. */
function webSocketError(server: TestServer, query: string): Promise<ErrorSeen> {
  const client = server.client.webSocket();
  const first = (errors: readonly { message: string; extensions?: Record<string, unknown> }[] | undefined) => ({
    message: String(errors?.[0]?.message),
    code: errors?.[0]?.extensions?.['code'],
  });
  return new Promise<ErrorSeen>((resolve, reject) => {
    client.subscribe(
      { query },
      {
        next: (result) => resolve(first(result.errors)),
        error: (errors) => resolve(first(errors as { message: string }[])),
        complete: () => reject(new Error('completed without an error')),
      },
    );
  }).finally(() => client.dispose());
}

describe('HTTP hardening in development', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'development', EXPLORER_ENABLED: 'true' });
  }, 120_000);
  afterAll(() => server.stop());

  it('sends API security headers, without HSTS over plain http', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ serverInfo { name } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('keeps the explorer its own content security policy (scripts from itself, WebSockets allowed)', async () => {
    const explorer = await fetch(`${server.url}/explorer/`);
    expect(explorer.status).toBe(200);
    expect(explorer.headers.get('content-security-policy')).toContain("connect-src 'self' ws: wss:");
    expect(explorer.headers.get('x-frame-options')).toBe('DENY');
  });

  it('sends a browser opening GET /graphql to the explorer, and still answers GET queries', async () => {
    const browser = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/explorer/');

    const query = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ serverInfo { name } }')}`, {
      headers: { accept: 'text/html,application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await query.json()).toEqual({ data: { serverInfo: { name: 'staygraph' } } });
  });

  it('suggests field names outside production; over WebSocket too, as a validation failure', async () => {
    const error = await server.client.error('{ serverInf { name } }');
    expect(error.message).toMatch(/Did you mean "serverInfo"\?/);
    expect(await webSocketError(server, '{ serverInf { name } }')).toEqual({
      message: expect.stringMatching(/Did you mean "serverInfo"\?/),
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
  });
});

describe('HTTP hardening in production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production', PUBLIC_URL: 'https://stays.example.com' });
  });
  afterAll(() => server.stop());

  it('adds HSTS when PUBLIC_URL is https, and leaves GET /graphql to GraphQL clients (no explorer)', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    const browser = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(browser.status).not.toBe(302);
  });

  it('gives no field suggestions, over HTTP or WebSocket', async () => {
    const error = await server.client.error('{ serverInf { name } }');
    expect(error.message).toBe('Cannot query field "serverInf" on type "Query".');
    expect(await webSocketError(server, '{ serverInf { name } }')).toEqual({
      message: 'Cannot query field "serverInf" on type "Query".',
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
  });
});
