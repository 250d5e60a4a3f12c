import { LOGIN, REGISTER, registerGuest } from './support/graphql-client';
import { ADMIN, adminEnv, createHost, signIn } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const PING = `mutation { ping }`;

describe('throttling by customer tier', () => {
  const clock = new TestClock(new Date('2027-02-01T10:00:30Z'));
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(
      {
        ...adminEnv,
        RATE_LIMIT_MUTATIONS_PER_MINUTE: '4',
        RATE_LIMIT_LOGIN_PER_IP: '1000',
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
        RATE_LIMIT_REGISTER_PER_IP: '1000',
      },
      { clock },
    );
  });
  afterAll(() => server.stop());

  /** How many pings pass in one window before RATE_LIMITED, and the retryAfter it then gives. */
  async function allowance(token?: string): Promise<{ passed: number; retryAfter: unknown }> {
    let passed = 0;
    for (let i = 0; i < 100; i += 1) {
      const result = await server.client.request(PING, {}, token);
      const error = result.errors?.[0];
      if (error) {
        expect(error.extensions?.code).toBe('RATE_LIMITED');
        return { passed, retryAfter: error.extensions?.['retryAfter'] };
      }
      passed += 1;
    }
    return { passed, retryAfter: undefined };
  }

  /**
   * A fresh allowance. Windows slide: the previous minute still counts, weighted by how much of it overlaps
   * the last 60 s, so a fresh allowance is two minutes away (one minute later, part of the old one remains).
   */
  const nextWindow = () => clock.advance(120_000);

  it('gives a NEW guest the base allowance, with retryAfter, and a fresh one in the next window', async () => {
    nextWindow();
    const guest = await registerGuest(server.client);
    nextWindow();
    // 30 s into a minute, 4 pings passed and the refused fifth counts: the next fits once this minute's 5
    // weigh at most 3, 24 s into the next minute (54 s from now).
    expect(await allowance(guest.accessToken)).toEqual({ passed: 4, retryAfter: 54 });
    nextWindow();
    expect((await allowance(guest.accessToken)).passed).toBe(4);
  });

  it('is looser for REGULAR and SUPER customers and for hosts and admins, and tighter for anonymous callers', async () => {
    // Setting up is anonymous too (2 a minute): a fresh window for each sign-up.
    nextWindow();
    const regular = await registerGuest(server.client);
    nextWindow();
    const loyal = await registerGuest(server.client);
    nextWindow();
    const host = await createHost(server.client);
    await server.app.db.query(`UPDATE customer_stats SET tier = 'REGULAR', total_visits = 1 WHERE user_id = $1`, [regular.user.id]);
    await server.app.db.query(`UPDATE customer_stats SET tier = 'SUPER', total_visits = 3 WHERE user_id = $1`, [loyal.user.id]);
    nextWindow();
    const adminToken = (await server.client.data(LOGIN, ADMIN)).login.accessToken;
    const hostToken = await signIn(server.client, host);
    nextWindow();
    expect((await allowance(regular.accessToken)).passed).toBe(8);
    expect((await allowance(loyal.accessToken)).passed).toBe(16);
    expect((await allowance(hostToken)).passed).toBe(20);
    expect((await allowance(adminToken)).passed).toBe(80);
    expect((await allowance()).passed).toBe(2);
  });

  it('limits login attempts per account from one address against brute force, even with the right password afterwards', async () => {
    nextWindow();
    const victim = await registerGuest(server.client);
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      nextWindow(); // stay under the per-minute mutation allowance: only the login limit is tested
      codes.push((await server.client.request(LOGIN, { email: victim.user.email, password: 'wrong password!' })).errors?.[0]?.extensions?.code);
    }
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    nextWindow();
    const blocked = await server.client.request(LOGIN, { email: victim.user.email, password: victim.password });
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    // Another account from the same address is not affected.
    nextWindow();
    const other = await registerGuest(server.client);
    nextWindow();
    expect((await server.client.request(LOGIN, { email: other.user.email, password: other.password })).errors).toBeUndefined();
    // After the 15-minute window, the owner signs in.
    clock.advance(15 * 60_000);
    expect((await server.client.request(LOGIN, { email: victim.user.email, password: victim.password })).errors).toBeUndefined();
  });

  it('limits registrations per address', async () => {
    const strict = await startTestServer({ RATE_LIMIT_REGISTER_PER_IP: '2' }, { databaseUrl: server.databaseUrl, clock });
    try {
      clock.advance(2 * 3_600_000); // the earlier sign-ups' hour no longer overlaps the last hour
      const attempt = (n: number) =>
        strict.client.request(REGISTER, { input: { email: `signup${n}-${Date.now()}@example.com`, password: 'long enough pw', fullName: `Sign Up ${n}` } });
      const codes = [];
      for (let n = 0; n < 3; n += 1) codes.push((await attempt(n)).errors?.[0]?.extensions?.code);
      expect(codes).toEqual([undefined, undefined, 'RATE_LIMITED']);
    } finally {
      await strict.stop();
    }
  });
});
