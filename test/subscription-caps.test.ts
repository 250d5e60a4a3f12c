import type { Client } from 'graphql-ws';
import { registerGuest } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';

const HEARTBEAT = 'subscription { heartbeat(intervalSeconds: 1) { time } }';

interface Attempt {
  /** 'open' once the first event arrives; the error code when refused. */
  outcome: Promise<string>;
  /** The refusal's extensions, when refused. */
  extensions?: Record<string, unknown>;
  stop(): void;
}

/** Subscribes to a heartbeat every second: the first beat proves it open, a refusal comes at once. */
function attempt(socket: Client): Attempt {
  const result: Partial<Attempt> = {};
  result.outcome = new Promise<string>((resolve) => {
    result.stop = socket.subscribe<{ heartbeat: { time: string } }>(
      { query: HEARTBEAT },
      {
        next: (value) => resolve(value.errors ? String(value.errors[0]?.extensions?.['code']) : 'open'),
        error: (errors) => {
          const first = (errors as { extensions?: Record<string, unknown> }[])[0];
          result.extensions = first?.extensions;
          resolve(String(first?.extensions?.['code']));
        },
        complete: () => resolve('complete'),
      },
    );
  });
  return result as Attempt;
}

const tally = (outcomes: string[]) => outcomes.reduce<Record<string, number>>((counts, outcome) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }), {});

/** Retries a subscription until the server has freed a slot (releasing follows the close or complete). */
async function eventuallyOpens(socket: Client, timeoutMs = 5_000): Promise<Attempt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const next = attempt(socket);
    if ((await next.outcome) === 'open') return next;
    if (Date.now() > deadline) throw new Error('no slot was freed');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('subscription caps', () => {
  let server: TestServer;
  const sockets: Client[] = [];
  const open = (token?: string) => {
    const socket = server.client.webSocket(token ? { authorization: `Bearer ${token}` } : {});
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    server = await startTestServer({ SUBSCRIPTIONS_PER_SOCKET: '3', SUBSCRIPTIONS_PER_USER: '5', SUBSCRIPTIONS_PER_ANONYMOUS_ADDRESS: '4' });
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(() => server.stop());

  it('refuses the subscription beyond the per-socket cap with TOO_MANY_SUBSCRIPTIONS; the socket stays usable and a completed one frees its slot', async () => {
    const guest = await registerGuest(server.client);
    const socket = open(guest.accessToken);
    const attempts = Array.from({ length: 4 }, () => attempt(socket));
    expect(tally(await Promise.all(attempts.map((a) => a.outcome)))).toEqual({ open: 3, TOO_MANY_SUBSCRIPTIONS: 1 });
    const refused = attempts.find((a) => a.extensions);
    expect(refused?.extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', scope: 'socket', limit: 3 });

    // Queries still run on the socket.
    const answer = await new Promise((resolve) =>
      socket.subscribe({ query: '{ serverInfo { name } }' }, { next: resolve, error: resolve, complete: () => undefined }),
    );
    expect(answer).toEqual({ data: { serverInfo: { name: 'staygraph' } } });

    attempts.find((a) => !a.extensions)?.stop();
    await eventuallyOpens(socket);
    expect(await attempt(socket).outcome).toBe('TOO_MANY_SUBSCRIPTIONS');
  });

  it('caps one account across its sockets, and closing a socket frees all its slots', async () => {
    const guest = await registerGuest(server.client);
    const first = open(guest.accessToken);
    const second = open(guest.accessToken);
    const outcomes = await Promise.all([...Array.from({ length: 3 }, () => attempt(first)), ...Array.from({ length: 3 }, () => attempt(second))].map((a) => a.outcome));
    expect(tally(outcomes)).toEqual({ open: 5, TOO_MANY_SUBSCRIPTIONS: 1 });
    const third = open(guest.accessToken);
    const overUser = attempt(third);
    expect(await overUser.outcome).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(overUser.extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', scope: 'user', limit: 5 });

    // Another account is not affected.
    const other = await registerGuest(server.client);
    expect(await attempt(open(other.accessToken)).outcome).toBe('open');

    // Closing the first socket gives back every slot it held: 3, or 2 when the refused attempt was one of its own.
    const heldByFirst = outcomes.slice(0, 3).filter((outcome) => outcome === 'open').length;
    await first.dispose();
    for (let slot = 0; slot < heldByFirst; slot += 1) await eventuallyOpens(third);
    expect(await attempt(third).outcome).toBe('TOO_MANY_SUBSCRIPTIONS');
  });

  it('caps anonymous sockets per address, apart from signed-in users there', async () => {
    const outcomes = await Promise.all([...Array.from({ length: 3 }, () => attempt(open())), ...Array.from({ length: 2 }, () => attempt(open()))].map((a) => a.outcome));
    expect(tally(outcomes)).toEqual({ open: 4, TOO_MANY_SUBSCRIPTIONS: 1 });
    const overAddress = attempt(open());
    expect(await overAddress.outcome).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(overAddress.extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', scope: 'address', limit: 4 });
    const guest = await registerGuest(server.client);
    expect(await attempt(open(guest.accessToken)).outcome).toBe('open');
  });

  it('never lets concurrent subscribes overshoot a cap (20 rounds of 12 at once over 3 sockets of one account)', async () => {
    for (let round = 0; round < 20; round += 1) {
      const guest = await registerGuest(server.client);
      const roundSockets = [open(guest.accessToken), open(guest.accessToken), open(guest.accessToken)];
      const outcomes = await Promise.all(roundSockets.flatMap((socket) => Array.from({ length: 4 }, () => attempt(socket).outcome)));
      expect(tally(outcomes)).toEqual({ open: 5, TOO_MANY_SUBSCRIPTIONS: 7 });
      await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
    }
  }, 60_000);
});
