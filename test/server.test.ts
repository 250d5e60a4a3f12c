import { registerGuest } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';

/** Waits for the socket's first close, or for the first value of a subscription. */
function firstHeartbeat(client: ReturnType<TestServer['client']['webSocket']>) {
  return new Promise<unknown>((resolve, reject) => {
    const unsubscribe = client.subscribe(
      { query: 'subscription { heartbeat(intervalSeconds: 1) { time } }' },
      {
        next: (value) => {
          unsubscribe();
          resolve(value);
        },
        error: reject,
        complete: () => undefined,
      },
    );
  });
}

function nested(depth: number): string {
  // { me { hostProfile { user { hostProfile { … { id } } } } } }: `depth` levels of fields, the leaf included.
  const path = ['me', ...Array.from({ length: depth - 2 }, (_, i) => (i % 2 ? 'user' : 'hostProfile'))];
  return `{ ${path.map((field) => `${field} {`).join(' ')} id ${'}'.repeat(path.length)} }`;
}

describe('the HTTP and WebSocket server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ GRAPHQL_MAX_DEPTH: '10', GRAPHQL_MAX_ALIASES: '5' });
  });
  afterAll(() => server.stop());

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('serves GraphQL over GET for queries, with CSRF prevention on', async () => {
    const url = `${server.url}/graphql?query=${encodeURIComponent('{ serverInfo { name } }')}`;
    const blocked = await fetch(url);
    expect(blocked.status).toBe(400);
    const allowed = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await allowed.json()).toEqual({ data: { serverInfo: { name: 'staygraph' } } });
  });

  it('returns a request id header, echoing a sane incoming one', async () => {
    const response = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('enforces the depth limit without running the query', async () => {
    const guest = await registerGuest(server.client);
    await server.client.data(nested(10), {}, guest.accessToken);
    const error = await server.client.error(nested(11), {}, guest.accessToken);
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/depth limit/i);
  });

  it('enforces the alias limit', async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: serverInfo { name }`).join(' ');
    const error = await server.client.error(`{ ${aliases} }`);
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/aliases/i);
  });

  it('never leaks stack traces and gives malformed requests a code', async () => {
    const syntax = await server.client.request('{ serverInfo { ');
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    const unknownField = await server.client.request('{ nope }');
    expect(unknownField.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const badVariable = await server.client.request('query ($n: Int) { users(first: $n) { totalCount } }', { n: 'x' });
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const notJson = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).not.toMatch(/at .*\.js:\d+/);
  });

  it('accepts an authenticated graphql-ws socket and streams a subscription', async () => {
    const guest = await registerGuest(server.client);
    const socket = server.client.webSocket({ authorization: `Bearer ${guest.accessToken}` });
    try {
      const event = (await firstHeartbeat(socket)) as { data: { heartbeat: { time: string } } };
      expect(Date.parse(event.data.heartbeat.time)).toBeGreaterThan(Date.now() - 10_000);
    } finally {
      await socket.dispose();
    }
  });

  it('refuses a socket with a bad token when it connects (close code 4403)', async () => {
    const closed = new Promise<number>((resolve) => {
      const socket = server.client.webSocket({ authorization: 'Bearer forged.token.value' });
      socket.on('closed', (event) => resolve((event as { code: number }).code));
    });
    expect(await closed).toBe(4403);
  });

  it('gives subscription errors the same codes as HTTP', async () => {
    const socket = server.client.webSocket();
    try {
      // An error raised while subscribing arrives as a result with errors, then the operation completes.
      const result = await new Promise<any>((resolve, reject) => {
        socket.subscribe(
          { query: 'subscription { heartbeat(intervalSeconds: 0) { time } }' },
          { next: resolve, error: reject, complete: () => undefined },
        );
      });
      expect(result.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'intervalSeconds' });
    } finally {
      await socket.dispose();
    }
  });
});
