import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { registerGuest } from './support/graphql-client';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const PING = `mutation { ping }`;

/** Statements that write a rate-limit counter (the old table or the new one). */
const isCounterWrite = (sql: string) => /^\s*INSERT INTO "?rate_limit/i.test(sql);

describe('sliding-window limits', () => {
  const clock = new TestClock(new Date('2027-05-03T12:00:00Z'));
  const statements: string[] = [];
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(
      { RATE_LIMIT_MUTATIONS_PER_MINUTE: '4', RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE: '200' },
      { clock, onQuery: (sql) => statements.push(sql) },
    );
  });
  afterAll(() => server.stop());

  const codeOf = async (token: string) => (await server.client.request(PING, {}, token)).errors?.[0]?.extensions?.code ?? 'OK';

  it('does not let twice the limit through across a minute boundary', async () => {
    clock.set('2027-05-03T12:10:00Z');
    const guest = await registerGuest(server.client);
    clock.set('2027-05-03T12:12:58Z'); // two seconds before a minute boundary
    const before = [];
    for (let n = 0; n < 4; n += 1) before.push(await codeOf(guest.accessToken));
    expect(before).toEqual(['OK', 'OK', 'OK', 'OK']);
    clock.set('2027-05-03T12:13:02Z'); // four seconds later, in the next minute
    const after = [];
    for (let n = 0; n < 4; n += 1) after.push(await codeOf(guest.accessToken));
    // A fixed window let four more through here (eight in four seconds); the last minute already had four.
    expect(after).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    // As the earlier minute slides out of the window, room comes back gradually: 30 s into the minute it
    // weighs 4 × 0.5 = 2, and with the refused ping counted, one more fits.
    clock.set('2027-05-03T12:13:30Z');
    expect(await codeOf(guest.accessToken)).toBe('OK');
    expect(await codeOf(guest.accessToken)).toBe('RATE_LIMITED');
  });

  it('refuses a burst from memory: no counter write after the first refusal', async () => {
    clock.set('2027-05-03T13:00:10Z');
    const guest = await registerGuest(server.client);
    clock.set('2027-05-03T13:05:10Z');
    for (let n = 0; n < 4; n += 1) expect(await codeOf(guest.accessToken)).toBe('OK');
    expect(await codeOf(guest.accessToken)).toBe('RATE_LIMITED');
    statements.length = 0;
    const burst = await Promise.all(Array.from({ length: 50 }, () => codeOf(guest.accessToken)));
    expect(new Set(burst)).toEqual(new Set(['RATE_LIMITED']));
    expect(statements.filter(isCounterWrite)).toEqual([]);
  });

  it('takes a large allowance from the store in batches: one write per 10 queries at 200 a minute', async () => {
    clock.set('2027-05-03T14:00:00Z');
    statements.length = 0;
    for (let n = 0; n < 100; n += 1) {
      const result = await server.client.request(`{ __typename me { id } }`);
      expect(result.errors).toBeUndefined();
    }
    // 5 % of 200 = 10 per batch.
    expect(statements.filter(isCounterWrite)).toHaveLength(10);
  });

  it('sends concurrent queries to the store once: ten at once share one batch (race, 20 rounds)', async () => {
    for (let round = 0; round < 20; round += 1) {
      clock.set(new Date(Date.parse('2027-05-03T15:00:01Z') + round * 60_000)); // a fresh window each round
      statements.length = 0;
      const results = await Promise.all(Array.from({ length: 10 }, () => server.client.request(`{ __typename me { id } }`)));
      expect(results.filter((result) => result.errors)).toEqual([]);
      // One batch of 10 serves all ten; before, each took its own (ten writes, half the allowance at once).
      expect({ round, writes: statements.filter(isCounterWrite).length }).toEqual({ round, writes: 1 });
    }
  });
});

describe('anonymous query limits', () => {
  const clock = new TestClock(new Date('2027-05-03T12:00:00Z'));
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(
      { TRUST_PROXY: 'loopback', RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE: '3', RATE_LIMIT_USER_QUERIES_PER_MINUTE: '6' },
      { clock },
    );
  });
  afterAll(() => server.stop());

  /** Two root fields: one operation, one hit. */
  const QUERY = `{ me { id } properties(first: 1) { edges { cursor } } }`;

  async function overHttp(address: string, token?: string): Promise<{ code: string; retryAfter?: unknown; status: number }> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    const error = body.errors?.[0];
    return { status: response.status, code: String(error?.extensions?.['code'] ?? 'OK'), retryAfter: error?.extensions?.['retryAfter'] };
  }

  function socketFrom(address: string): Client {
    class ProxiedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { 'x-forwarded-for': address } });
      }
    }
    return createClient({ url: `${server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: ProxiedWebSocket, retryAttempts: 0, lazy: true });
  }

  async function overWebSocket(client: Client): Promise<{ code: string; retryAfter?: unknown }> {
    return new Promise((resolve, reject) => {
      let outcome: { code: string; retryAfter?: unknown } = { code: 'OK' };
      client.subscribe(
        { query: QUERY },
        {
          next: (result) => {
            const error = result.errors?.[0];
            if (error) outcome = { code: String(error.extensions?.['code']), retryAfter: error.extensions?.['retryAfter'] };
          },
          error: reject,
          complete: () => resolve(outcome),
        },
      );
    });
  }

  it('limits anonymous queries per address over HTTP, with retryAfter and never a 500', async () => {
    clock.set('2027-05-03T12:00:30Z');
    const outcomes = [];
    for (let n = 0; n < 5; n += 1) outcomes.push(await overHttp('203.0.113.10'));
    expect(outcomes.map((outcome) => outcome.code)).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    expect(outcomes[3]!.retryAfter).toEqual(expect.any(Number));
    // Another address has its own allowance.
    expect((await overHttp('203.0.113.11')).code).toBe('OK');
  });

  it('limits anonymous queries per address over graphql-ws, sharing the count with HTTP', async () => {
    clock.set('2027-05-03T12:05:30Z');
    const client = socketFrom('203.0.113.20');
    try {
      const outcomes = [];
      for (let n = 0; n < 3; n += 1) outcomes.push(await overWebSocket(client));
      expect(outcomes.map((outcome) => outcome.code)).toEqual(['OK', 'OK', 'OK']);
      const refused = await overWebSocket(client);
      expect(refused).toEqual({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
      expect((await overHttp('203.0.113.20')).code).toBe('RATE_LIMITED');
    } finally {
      await client.dispose();
    }
  });

  it('counts IPv6 callers by their /64: a subscriber cannot pick a fresh address for each query', async () => {
    clock.set('2027-05-03T12:25:30Z');
    const sameSubscriber = ['2001:db8:7:7::1', '2001:db8:7:7::2', '2001:db8:7:7:abcd:1:2:3', '2001:0db8:0007:0007::ffff'];
    const codes = [];
    for (const address of sameSubscriber) codes.push((await overHttp(address)).code);
    expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
    expect((await overHttp('2001:db8:7:8::1')).code).toBe('OK'); // the next /64: someone else
  });

  it('lets exactly the allowance through when the queries arrive all at once (race, 20 rounds)', async () => {
    clock.set('2027-05-03T12:20:30Z');
    for (let round = 0; round < 20; round += 1) {
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => overHttp(`198.51.100.${round + 1}`)));
      const passed = outcomes.filter((outcome) => outcome.code === 'OK').length;
      const refused = outcomes.filter((outcome) => outcome.code === 'RATE_LIMITED').length;
      expect({ round, passed, refused }).toEqual({ round, passed: 3, refused: 7 });
    }
  });

  it('gives signed-in users their own, looser allowance per account', async () => {
    clock.set('2027-05-03T12:10:30Z');
    const guest = await registerGuest(server.client);
    clock.set('2027-05-03T12:15:30Z');
    const address = '203.0.113.30';
    for (let n = 0; n < 3; n += 1) expect((await overHttp(address)).code).toBe('OK');
    expect((await overHttp(address)).code).toBe('RATE_LIMITED');
    // The same address, signed in: six a minute for the account.
    const codes = [];
    for (let n = 0; n < 7; n += 1) codes.push((await overHttp(address, guest.accessToken)).code);
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'RATE_LIMITED']);
  });
});
