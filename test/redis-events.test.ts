import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { EVENTS_CHANNEL } from '../src/platform/pubsub/postgres-pubsub';
import { REDIS_EVENTS_CHANNEL } from '../src/platform/pubsub/redis-pubsub';
import { adminEnv, blockDates, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { startRedisServer, type RedisServer } from './support/redis-server';
import { SubscriptionRecorder } from './support/subscription-recorder';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Issue 17, item 1: with REDIS_URL, the application's live events travel through Redis; the database's own
 * notices (account changes, sent by triggers) still come by LISTEN.
 */

const CHANGES = `subscription ($roomId: ID) { availabilityChanged(roomId: $roomId) { roomId from to reason } }`;
const ME = '{ me { id role } }';
const BECOME_HOST = 'mutation ($input: BecomeHostInput!) { becomeHost(input: $input) { id } }';

const until = async (condition: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
};

describe('live events through Redis (REDIS_URL)', () => {
  let redis: RedisServer;
  let a: TestServer;
  let b: TestServer;
  let host: TestHost;
  let roomId: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    // No PUBSUB_DRIVER: REDIS_URL alone chooses Redis. A 60 s cache: only the change notice can refresh it.
    const env = { REDIS_URL: redis.url, AUTH_CACHE_TTL_MS: '60000' };
    a = await startTestServer({ ...adminEnv, ...env });
    b = await startTestServer(env, { databaseUrl: a.databaseUrl });
    host = await createHost(b.client);
    const propertyId = (await createProperty(b.client, host.token, { name: 'Casa Redis' })).id;
    roomId = (await createRoom(b.client, host.token, propertyId, { name: 'One' })).id;
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await redis?.stop();
  });

  it('publishes on the Redis channel and sends no NOTIFY for an application event', async () => {
    const redisListener = new Redis(redis.url);
    const pgListener = new Client({ connectionString: a.databaseUrl });
    const heardOnRedis: string[] = [];
    const heardOnPostgres: string[] = [];
    const socket = a.client.webSocket();
    const recorder = new SubscriptionRecorder(socket, CHANGES, { roomId });
    try {
      redisListener.on('message', (_channel: string, message: string) => heardOnRedis.push(message));
      await redisListener.subscribe(REDIS_EVENTS_CHANNEL);
      await pgListener.connect();
      pgListener.on('notification', (message) => heardOnPostgres.push(message.payload ?? ''));
      await pgListener.query(`LISTEN ${EVENTS_CHANNEL}`);
      await recorder.started;

      await blockDates(b.client, host.token, roomId, daysFromNow(10), daysFromNow(12));
      expect((await recorder.event(0)).data.availabilityChanged).toMatchObject({ roomId, reason: 'BLOCKED', from: daysFromNow(10) });
      expect(await until(() => heardOnRedis.length > 0)).toBe(true);
      expect(JSON.parse(heardOnRedis[0]!)).toMatchObject({ topic: 'availability', payload: { roomId } });
      // A NOTIFY would have reached the listener with the same commit; give it a round trip to be sure.
      await pgListener.query('SELECT 1');
      expect(heardOnPostgres.filter((payload) => payload.includes('availability'))).toEqual([]);
    } finally {
      recorder.stop();
      await socket.dispose();
      redisListener.disconnect();
      await pgListener.end();
    }
  });

  it("still hears the database's own notices: a guest who becomes a host on A is a host on B at once", async () => {
    const guest = await registerGuest(a.client);
    expect((await b.client.data(ME, {}, guest.accessToken)).me.role).toBe('GUEST');
    await a.client.data(BECOME_HOST, { input: { businessName: `Casa ${randomUUID().slice(0, 8)}` } }, guest.accessToken);
    let role = '';
    for (let attempt = 0; attempt < 200 && role !== 'HOST'; attempt += 1) {
      role = (await b.client.data(ME, {}, guest.accessToken)).me.role;
      if (role !== 'HOST') await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(role).toBe('HOST');
  });

  it('survives Redis going away: changes still commit, the account cache turns off, and events flow again once Redis is back', async () => {
    const socket = a.client.webSocket();
    const recorder = new SubscriptionRecorder(socket, CHANGES, { roomId });
    try {
      await recorder.started;
      expect(a.app.services.viewers.enabled).toBe(true);
      const restarted = redis.restart({ downForMs: 500 });
      expect(await until(() => !a.app.services.viewers.enabled && !b.app.services.viewers.enabled)).toBe(true);
      // While Redis is down: the block is committed and answered; its live event is lost (best effort).
      const block = await blockDates(b.client, host.token, roomId, daysFromNow(30), daysFromNow(31));
      expect(block.id).toEqual(expect.any(String));
      await restarted;
      expect(await until(() => a.app.services.viewers.enabled && b.app.services.viewers.enabled)).toBe(true);

      await blockDates(b.client, host.token, roomId, daysFromNow(40), daysFromNow(41));
      const next = await recorder.event(0);
      expect(next.data.availabilityChanged).toMatchObject({ roomId, from: daysFromNow(40), reason: 'BLOCKED' });
      expect(recorder.events).toHaveLength(1);
    } finally {
      recorder.stop();
      await socket.dispose();
    }
  });
});

describe('choosing the way events travel', () => {
  const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) };

  it('uses Redis when REDIS_URL is set, PostgreSQL otherwise, and honours an explicit choice', () => {
    expect(loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }).pubsubDriver).toBe('redis');
    expect(loadConfig(base).pubsubDriver).toBe('postgres');
    expect(loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379', PUBSUB_DRIVER: 'postgres' }).pubsubDriver).toBe('postgres');
  });

  it('refuses PUBSUB_DRIVER=redis without REDIS_URL', () => {
    expect(() => loadConfig({ ...base, PUBSUB_DRIVER: 'redis' })).toThrow('PUBSUB_DRIVER=redis requires REDIS_URL');
  });
});
