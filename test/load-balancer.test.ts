import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Client as SocketClient } from 'graphql-ws';
import { Client } from 'pg';
import { CREATE_RESERVATION, adminEnv, blockDates, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { GraphQLTestClient, registerGuest } from './support/graphql-client';
import { startNginx, type Nginx } from './support/nginx';
import { startRedisServer, type RedisServer } from './support/redis-server';
import { spawnServer, type SpawnedServer } from './support/spawned-server';
import { SubscriptionRecorder } from './support/subscription-recorder';
import { createTestDatabase } from './support/test-database';

/**
 * Issue 17, item 3: three real server processes on one PostgreSQL (and one Redis) behind a real nginx on
 * loopback, as a deployment runs them. Clients speak only to nginx, except where a test must pick an instance.
 */

jest.setTimeout(120_000);

const CHANGES = `subscription ($roomId: ID) { availabilityChanged(roomId: $roomId) { roomId from to reason } }`;
const ANONYMOUS_QUERIES_PER_MINUTE = 30;

interface Instance {
  server: SpawnedServer;
  port: number;
  client: GraphQLTestClient;
}

describe('three instances behind nginx', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: RedisServer;
  let nginx: Nginx;
  let outboxDir: string;
  let sql: Client;
  const instances: Instance[] = [];
  let client: GraphQLTestClient;
  let host: TestHost;
  let propertyId: string;
  let roomId: string;

  async function startInstance(env: Record<string, string>): Promise<Instance> {
    const server = spawnServer(env);
    const listening = await server.waitFor(/staygraph is listening/, 90_000);
    const url = new URL(JSON.parse(listening).url as string);
    return { server, port: Number(url.port), client: new GraphQLTestClient(url.origin) };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await startRedisServer();
    outboxDir = await mkdtemp(path.join(os.tmpdir(), 'staygraph-lb-outbox-'));
    const env = {
      ...adminEnv,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      TRUST_PROXY: '1',
      LOG_LEVEL: 'info',
      EXPLORER_ENABLED: 'false',
      OUTBOX_DIR: outboxDir,
      PASSWORD_HASH_MEMORY_KIB: '4096',
      // Every instance's cron fires every 2 seconds; the ticks must still run once each.
      CRON_ENABLED: 'true',
      CRON_EXPIRE_HOLDS: '*/2 * * * * *',
      RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE: String(ANONYMOUS_QUERIES_PER_MINUTE),
      RATE_LIMIT_MUTATIONS_PER_MINUTE: '100000',
      RATE_LIMIT_REGISTER_PER_IP: '100000',
      RATE_LIMIT_LOGIN_PER_IP: '100000',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '100000',
      RATE_LIMIT_LOGIN_ACCOUNT_WIDE: '100000',
      RATE_LIMIT_USER_QUERIES_PER_MINUTE: '0',
    };
    // The first migrates the database; the others find it ready.
    instances.push(await startInstance(env));
    instances.push(...(await Promise.all([startInstance(env), startInstance(env)])));
    nginx = await startNginx(instances.map((instance) => instance.port));
    client = new GraphQLTestClient(nginx.url);
    sql = new Client({ connectionString: database.url });
    await sql.connect();

    host = await createHost(client);
    propertyId = (await createProperty(client, host.token, { name: 'Casa Equilibrio' })).id;
    roomId = (await createRoom(client, host.token, propertyId, { name: 'Balanced' })).id;
  });

  afterAll(async () => {
    await sql?.end();
    await nginx?.stop();
    await Promise.all(
      instances.map(async ({ server }) => {
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
        await server.exited;
      }),
    );
    await redis?.stop();
    await database?.drop();
    if (outboxDir) await rm(outboxDir, { recursive: true, force: true });
  });

  it('spreads requests over the three instances', async () => {
    const upstreams = new Set<string>();
    for (let i = 0; i < 6; i += 1) {
      const response = await fetch(`${nginx.url}/healthz`);
      expect(response.status).toBe(200);
      upstreams.add(response.headers.get('x-upstream') ?? '');
    }
    expect([...upstreams].sort()).toEqual(instances.map(({ port }) => `127.0.0.1:${port}`).sort());
  });

  it('believes the address nginx saw (TRUST_PROXY=1) and shares the anonymous allowance across instances (Redis)', async () => {
    // Loopback has a whole /8: each "caller" connects to nginx from its own source address.
    const outcomes = [];
    for (let i = 0; i < ANONYMOUS_QUERIES_PER_MINUTE * 2; i += 1) outcomes.push(await anonymousQuery(nginx.url, '127.0.0.5'));
    const served = outcomes.filter((outcome) => outcome === 'OK').length;
    // Spread round robin over three instances, the allowance is still one: about 30, never 3 × 30.
    expect(served).toBeLessThanOrEqual(ANONYMOUS_QUERIES_PER_MINUTE);
    expect(served).toBeGreaterThanOrEqual(ANONYMOUS_QUERIES_PER_MINUTE / 2);
    expect(outcomes.at(-1)).toBe('RATE_LIMITED');
    // A caller claiming another address before nginx is still the address nginx saw.
    expect(await anonymousQuery(nginx.url, '127.0.0.5', '198.51.100.23')).toBe('RATE_LIMITED');
    // Another caller has its own allowance.
    expect(await anonymousQuery(nginx.url, '127.0.0.6')).toBe('OK');
  });

  it('delivers to a subscriber on one instance the changes made through the others, and through nginx', async () => {
    const sockets = [...instances.map((instance) => instance.client.webSocket()), client.webSocket()];
    const recorders = sockets.map((socket) => new SubscriptionRecorder(socket, CHANGES, { roomId }));
    try {
      await Promise.all(recorders.map((recorder) => recorder.started));
      for (const [n, instance] of instances.entries()) {
        await blockDates(instance.client, host.token, roomId, daysFromNow(100 + n * 2), daysFromNow(101 + n * 2));
      }
      for (const recorder of recorders) {
        await recorder.event(2);
        expect(recorder.events.map((event) => event.data.availabilityChanged.from)).toEqual([daysFromNow(100), daysFromNow(102), daysFromNow(104)]);
      }
    } finally {
      for (const recorder of recorders) recorder.stop();
      await Promise.all(sockets.map((socket) => socket.dispose()));
    }
  });

  it('runs each cron tick once, though three instances fire it', async () => {
    const since = new Date();
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    const { rows } = await sql.query<{ scheduled_for: Date; runs: number }>(
      `SELECT scheduled_for, count(*)::int AS runs FROM maintenance_runs
        WHERE job = 'EXPIRE_HOLDS' AND trigger = 'CRON' AND scheduled_for >= $1 AND finished_at IS NOT NULL
        GROUP BY scheduled_for ORDER BY scheduled_for`,
      [since],
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((row) => row.runs === 1)).toBe(true);
    // No tick missed: consecutive runs are 2 seconds apart.
    const gaps = rows.slice(1).map((row, i) => row.scheduled_for.getTime() - rows[i]!.scheduled_for.getTime());
    expect(new Set(gaps)).toEqual(new Set([2_000]));
    // Each tick was queued by all three instances, and the queue held it once (its job key).
    const { rows: [queued] } = await sql.query<{ jobs: number }>(
      `SELECT count(*)::int AS jobs FROM graphile_worker.jobs WHERE task_identifier = 'maintenance' AND attempts = 0 AND locked_at IS NULL AND run_at < now() - interval '5 seconds'`,
    );
    expect(queued?.jobs ?? 0).toBe(0);
  });

  it('loses no booking when an instance is killed, delivers every email once from the shared outbox, and moves its sockets to the others', async () => {
    const guest = await registerGuest(client);
    // Sockets through nginx, opened one after another: round robin puts two on each instance.
    const sockets: { socket: SocketClient; closed: number; recorder: SubscriptionRecorder }[] = [];
    for (let i = 0; i < 6; i += 1) {
      const socket = client.webSocket({}, { retryAttempts: 20, retryWait: async () => new Promise((resolve) => setTimeout(resolve, 200)) });
      const entry = { socket, closed: 0, recorder: new SubscriptionRecorder(socket, CHANGES, { roomId }) };
      socket.on('closed', () => (entry.closed += 1));
      await entry.recorder.started;
      sockets.push(entry);
    }

    try {
      const stays = Array.from({ length: 24 }, (_, i) => ({ checkIn: daysFromNow(200 + i * 2), checkOut: daysFromNow(201 + i * 2) }));
      const victim = instances[1]!;
      const outcomes = new Map<string, string>();
      let booked = 0;
      const bookAll = async (lane: number) => {
        for (let i = lane; i < stays.length; i += 3) {
          outcomes.set(stays[i]!.checkIn, await bookWithRetry(client, guest.accessToken, { roomId, guests: 1, ...stays[i]! }));
          booked += 1;
          if (booked === 8) victim.server.child.kill('SIGKILL');
        }
      };
      await Promise.all([bookAll(0), bookAll(1), bookAll(2)]);
      await victim.server.exited;

      // Every stay asked for is booked exactly once: answered, or found after a failed answer.
      expect([...outcomes.values()].filter((outcome) => !outcome.startsWith('BOOKED'))).toEqual([]);
      const { rows } = await sql.query<{ check_in: string }>(
        `SELECT check_in::text FROM reservations WHERE guest_user_id = $1 ORDER BY check_in`,
        [guest.user.id],
      );
      expect(rows.map((row) => row.check_in)).toEqual(stays.map((stay) => stay.checkIn));

      // The emails of every booking (the guest's, with its PDF, and the host's) are delivered by whichever
      // instance is left, the dead one's jobs included: each delivery is recorded once (its key) and written
      // to the shared outbox folder.
      const { rows: reservations } = await sql.query<{ id: string }>(`SELECT id FROM reservations WHERE guest_user_id = $1`, [guest.user.id]);
      const ids = reservations.map((row) => row.id);
      await waitUntil(async () => {
        const { rows: [left] } = await sql.query<{ pending: number }>(
          `SELECT count(*)::int AS pending FROM outbox_events WHERE aggregate_id = ANY($1) AND processed_at IS NULL`,
          [ids],
        );
        return left?.pending === 0;
      }, 90_000);
      const { rows: deliveries } = await sql.query<{ reservation: string; event: string; channel: string; recipient: string; dead: boolean }>(
        `SELECT e.aggregate_id AS reservation, e.id AS event, d.channel, d.recipient, e.dead_at IS NOT NULL AS dead
           FROM outbox_events e JOIN outbox_deliveries d ON d.event_id = e.id WHERE e.aggregate_id = ANY($1)`,
        [ids],
      );
      expect(deliveries.filter((delivery) => delivery.dead)).toEqual([]);
      for (const id of ids) {
        const channels = deliveries.filter((delivery) => delivery.reservation === id).map((delivery) => delivery.channel);
        expect(channels.sort()).toEqual(['email', 'host-email']);
      }
      const files = new Set(await readdir(outboxDir));
      const missing = deliveries.filter(({ event, channel, recipient }) => !files.has(`${`${event}-${channel}-${recipient}`.replace(/[^\w.-]+/g, '_')}.eml`));
      expect(missing).toEqual([]);

      // The sockets that were on the dead instance reconnected through nginx to the others and listen again.
      const moved = sockets.filter((entry) => entry.closed > 0);
      expect(moved.length).toBeGreaterThan(0);
      await Promise.all(sockets.map((entry) => entry.recorder.listening(entry.closed + 1)));
      await blockDates(client, host.token, roomId, daysFromNow(300), daysFromNow(301));
      for (const entry of sockets) {
        // The bookings' own events came first (a moved socket missed those sent while it was away).
        const event = await eventMatching(entry.recorder, (change) => change.from === daysFromNow(300));
        expect(event).toMatchObject({ roomId, from: daysFromNow(300), reason: 'BLOCKED' });
      }
    } finally {
      for (const entry of sockets) entry.recorder.stop();
      await Promise.all(sockets.map((entry) => entry.socket.dispose()));
    }
  });
});

/** An anonymous `{ serverInfo }` sent to nginx from `localAddress` (a loopback address), with an optional claimed X-Forwarded-For. */
function anonymousQuery(baseUrl: string, localAddress: string, forwardedFor?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query: '{ serverInfo { name } }' });
    const request = http.request(
      `${baseUrl}/graphql`,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
          resolve(parsed.errors?.[0]?.extensions?.code ?? 'OK');
        });
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

/**
 * A guest's booking as a careful client makes it: a failure without an answer (nginx's 502 when the instance
 * died holding the request, or a dropped connection) may hide a committed booking, so the client asks the
 * same booking again: CONFLICT then means the first attempt had it.
 */
async function bookWithRetry(client: GraphQLTestClient, token: string, input: Record<string, unknown>): Promise<string> {
  let failedBefore = false;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    try {
      const result = await client.request(CREATE_RESERVATION, { input }, token);
      if (result.status >= 500) throw new Error(`HTTP ${result.status}`);
      if (result.data?.createReservation) return failedBefore ? 'BOOKED_AFTER_A_FAILURE' : 'BOOKED';
      const code = result.errors?.[0]?.extensions?.code;
      if (code === 'CONFLICT' && failedBefore) return 'BOOKED_BEFORE_THE_FAILURE';
      return `ERROR ${code}: ${result.errors?.[0]?.message}`;
    } catch {
      failedBefore = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return 'GAVE UP';
}

/** The first event (seen or still to come) whose change satisfies `matches`. */
async function eventMatching(recorder: SubscriptionRecorder, matches: (change: Record<string, string>) => boolean): Promise<Record<string, string>> {
  for (let index = 0; ; index += 1) {
    const event = await recorder.event(index);
    if (matches(event.data.availabilityChanged)) return event.data.availabilityChanged;
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
