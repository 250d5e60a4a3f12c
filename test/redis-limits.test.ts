import Redis from 'ioredis';
import { loadConfig } from '../src/config';
import { startRedisServer, type RedisServer } from './support/redis-server';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const PING = `mutation { ping }`;

/**
 * Two app instances on two different databases: only Redis can make them share a count. Anonymous callers
 * get half of RATE_LIMIT_MUTATIONS_PER_MINUTE (4 here) per address.
 */
describe('rate limits in Redis (REDIS_URL)', () => {
  const clock = new TestClock(new Date('2027-05-03T12:00:30Z'));
  let redis: RedisServer;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    for (let n = 0; n < 2; n += 1) servers.push(await startTestServer({ REDIS_URL: redis.url, RATE_LIMIT_MUTATIONS_PER_MINUTE: '8' }, { clock }));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.stop();
  });

  const ping = async (server: TestServer) => (await server.client.request(PING)).errors?.[0]?.extensions?.code ?? 'OK';

  it('shares one allowance between two instances, and keeps nothing in PostgreSQL', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const codes = [await ping(a), await ping(b), await ping(a), await ping(b), await ping(a), await ping(b)];
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
    for (const server of servers) {
      const [{ rows }] = await server.app.db.query(`SELECT count(*)::int AS rows FROM rate_limit_points`);
      expect(rows).toBe(0);
    }
    const client = new Redis(redis.url);
    try {
      expect((await client.keys('staygraph:rl:*')).length).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });

  it('slides across a minute boundary in Redis as in PostgreSQL', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    clock.set('2027-05-03T12:20:58Z');
    expect([await ping(a), await ping(b), await ping(a), await ping(b)]).toEqual(['OK', 'OK', 'OK', 'OK']);
    clock.set('2027-05-03T12:21:02Z');
    expect([await ping(a), await ping(b)]).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    clock.set('2027-05-03T12:22:02Z'); // the busy minute has slid out; the one before held only the two refusals
    expect(await ping(b)).toBe('OK');
  });

  it('refuses to start when REDIS_URL does not answer', async () => {
    await expect(startTestServer({ REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow();
  });
});

describe('REDIS_URL validation', () => {
  it.each(['http://127.0.0.1:6379', 'not a url'])('refuses %p', (value) => {
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), REDIS_URL: value })).toThrow(/REDIS_URL/);
  });
});
