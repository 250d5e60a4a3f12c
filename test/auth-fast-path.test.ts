import { createHmac, randomUUID } from 'node:crypto';
import { adminEnv } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Issue 16, item 2: an authenticated request verifies its token with node:crypto and takes the account from
 * a per-instance cache that every instance empties when the database reports a change.
 */

const JWT_SECRET = 'auth-fast-path-test-secret-with-32-characters-or-more';
const ME = '{ me { id role fullName } }';
const USERS = '{ users(first: 1) { edges { node { id } } } }';
const UPDATE_MY_ACCOUNT = 'mutation ($input: UpdateMyAccountInput!) { updateMyAccount(input: $input) { fullName } }';
const UPDATE_GUEST_PROFILE = 'mutation ($input: UpdateGuestProfileInput!) { updateGuestProfile(input: $input) { preferencesNote } }';
const BECOME_HOST = 'mutation ($input: BecomeHostInput!) { becomeHost(input: $input) { id } }';
const LOGOUT = 'mutation ($token: String!) { logout(refreshToken: $token) }';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hmac = (algorithm: 'sha256' | 'sha512', data: string, secret = JWT_SECRET) => createHmac(algorithm, secret).update(data).digest('base64url');

/** A token built by hand: any header, any claims, signed with any HMAC (or not at all). */
function token(header: unknown, claims: Record<string, unknown>, sign: (data: string) => string = (data) => hmac('sha256', data)): string {
  const data = `${b64(header)}.${b64(claims)}`;
  return `${data}.${sign(data)}`;
}

describe('access tokens verified with node:crypto', () => {
  let server: TestServer;
  let guest: Awaited<ReturnType<typeof registerGuest>>;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({ role: 'GUEST', iss: 'staygraph', sub: guest.user.id, iat: now(), exp: now() + 300 });
  const HS256 = { alg: 'HS256', typ: 'JWT' };

  beforeAll(async () => {
    server = await startTestServer({ JWT_SECRET });
    guest = await registerGuest(server.client);
  });
  afterAll(() => server.stop());

  async function outcome(bearer: string) {
    const response = await server.client.request('{ me { id } }', {}, bearer);
    return [response.status, response.errors?.[0]?.extensions?.code, response.errors?.[0]?.message];
  }

  it('accepts our own tokens and a correct token written by another tool (another header order, no typ)', async () => {
    expect(await server.client.data('{ me { id } }', {}, guest.accessToken)).toEqual({ me: { id: guest.user.id } });
    expect(await server.client.data('{ me { id } }', {}, token({ typ: 'JWT', alg: 'HS256' }, claims()))).toEqual({ me: { id: guest.user.id } });
    expect(await server.client.data('{ me { id } }', {}, token({ alg: 'HS256' }, claims()))).toEqual({ me: { id: guest.user.id } });
  });

  it('refuses tampered, unsigned, other-algorithm, foreign, expired and malformed tokens with 401 UNAUTHENTICATED', async () => {
    const good = token(HS256, claims());
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const asAdmin = `${header}.${b64({ ...claims(), role: 'ADMIN' })}.${signature}`;
    const cases: Record<string, string> = {
      'tampered signature': `${header}.${payload}.${flipped}`,
      'tampered payload (role raised, old signature)': asAdmin,
      'alg none, no signature': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'alg none, the HS256 signature kept': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`,
      'alg HS512 signed with the same secret': token({ alg: 'HS512', typ: 'JWT' }, claims(), (data) => hmac('sha512', data)),
      'alg hs256 (case)': token({ alg: 'hs256', typ: 'JWT' }, claims()),
      'extra header field (kid)': token({ ...HS256, kid: 'other' }, claims()),
      'header is not JSON': token('not json', claims()),
      'signed with another secret': token(HS256, claims(), (data) => hmac('sha256', data, `${JWT_SECRET}-other`)),
      'wrong issuer': token(HS256, { ...claims(), iss: 'someone-else' }),
      'no issuer': token(HS256, { ...claims(), iss: undefined }),
      'no iat': token(HS256, { ...claims(), iat: undefined }),
      'exp not a number': token(HS256, { ...claims(), exp: String(now() + 300) }),
      'not yet valid (nbf)': token(HS256, { ...claims(), nbf: now() + 120 }),
      'payload not an object': token(HS256, [claims()] as unknown as Record<string, unknown>),
      'malformed base64 in the payload (signed as sent)': (() => {
        const data = `${header}.${payload.slice(0, 8)}*${payload.slice(8)}`;
        return `${data}.${hmac('sha256', data)}`;
      })(),
      'padded base64 signature': `${good}=`,
      'signature of the wrong length': `${header}.${payload}.${signature.slice(0, 40)}`,
      'two segments': `${header}.${payload}`,
      'four segments': `${good}.${signature}`,
    };
    const outcomes: Record<string, unknown> = {};
    for (const [name, bearer] of Object.entries(cases)) outcomes[name] = await outcome(bearer);
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(cases).map((name) => [name, [401, 'UNAUTHENTICATED', 'Invalid access token']])));
  });

  it('says "expired" only for a genuine token past its exp', async () => {
    const expired = token(HS256, { ...claims(), iat: now() - 600, exp: now() - 1 });
    expect(await outcome(expired)).toEqual([401, 'UNAUTHENTICATED', 'Access token expired: refresh it']);
    const forgedExpired = token(HS256, { ...claims(), iat: now() - 600, exp: now() - 1 }, (data) => hmac('sha256', data, `${JWT_SECRET}-other`));
    expect(await outcome(forgedExpired)).toEqual([401, 'UNAUTHENTICATED', 'Invalid access token']);
  });
});

describe('the viewer cache', () => {
  it('answers a second request with the same token without any SQL (the account and the query allowance are in memory)', async () => {
    const statements: string[] = [];
    let counting = false;
    const server = await startTestServer({ JWT_SECRET }, { onQuery: (sql) => void (counting && statements.push(sql)) });
    try {
      const guest = await registerGuest(server.client);
      counting = true;
      await server.client.data('{ me { id } }', {}, guest.accessToken);
      expect(statements.length).toBeGreaterThan(0);
      statements.length = 0;
      expect(await server.client.data('{ me { id } }', {}, guest.accessToken)).toEqual({ me: { id: guest.user.id } });
      expect(statements).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it("throttles a guest's mutations with one counter write per batch (the account and tier are read again after each of the caller's mutations)", async () => {
    const statements: string[] = [];
    // The default allowance: 60 mutations a minute for a NEW guest, taken from the store 3 at a time.
    const server = await startTestServer({ JWT_SECRET, RATE_LIMIT_MUTATIONS_PER_MINUTE: '60' }, { onQuery: (sql) => void statements.push(sql) });
    try {
      const guest = await registerGuest(server.client);
      const perMutation: { counterWrites: number; tierReads: number }[] = [];
      for (let n = 0; n < 3; n += 1) {
        statements.length = 0;
        // A mutation that leaves the account row alone (changing it would drop the cached account, tier included).
        await server.client.data(UPDATE_GUEST_PROFILE, { input: { preferencesNote: `Note ${n}` } }, guest.accessToken);
        perMutation.push({
          counterWrites: statements.filter((sql) => /^\s*INSERT INTO "?rate_limit_points/i.test(sql)).length,
          tierReads: statements.filter((sql) => /FROM "customer_stats"/.test(sql)).length,
        });
      }
      // Each mutation drops its caller's cached account (forgetCallerAfterMutation: their own change must show on
      // their next request), so the next one reads the tier again; the counter is still written once per batch.
      expect(perMutation).toEqual([
        { counterWrites: 1, tierReads: 1 },
        { counterWrites: 0, tierReads: 1 },
        { counterWrites: 0, tierReads: 1 },
      ]);
    } finally {
      await server.stop();
    }
  });

  it("sees a caller's own mutation on their next request at once, on the same instance (not when the change notice returns)", async () => {
    const server = await startTestServer({ JWT_SECRET });
    try {
      for (let round = 0; round < 40; round += 1) {
        const guest = await registerGuest(server.client);
        expect((await server.client.data(ME, {}, guest.accessToken)).me.role).toBe('GUEST'); // cached as a guest
        await server.client.data(BECOME_HOST, { input: { businessName: `Own change ${round}` } }, guest.accessToken);
        expect((await server.client.data(ME, {}, guest.accessToken)).me.role).toBe('HOST');
      }
    } finally {
      await server.stop();
    }
  });

  it('reads the account for every request when turned off (AUTH_CACHE_TTL_MS=0)', async () => {
    const statements: string[] = [];
    const server = await startTestServer({ JWT_SECRET, AUTH_CACHE_TTL_MS: '0' }, { onQuery: (sql) => void statements.push(sql) });
    try {
      const guest = await registerGuest(server.client);
      await server.client.data('{ me { id } }', {}, guest.accessToken);
      statements.length = 0;
      await server.client.data('{ me { id } }', {}, guest.accessToken);
      expect(statements.filter((sql) => /FROM "users"/.test(sql))).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});

describe('two instances on one database: a change made through one is seen by the other within milliseconds, not the TTL', () => {
  // A cache entry would otherwise serve a whole minute: only the invalidation can make B see a change.
  const env = { ...adminEnv, JWT_SECRET, PUBSUB_DRIVER: 'postgres', AUTH_CACHE_TTL_MS: '60000' };
  const clock = new TestClock();
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer(env, { clock });
    b = await startTestServer(env, { databaseUrl: a.databaseUrl, clock });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  /**
   * The first answer of B that satisfies `done`, asking again every 5 ms for up to a second. The change
   * reaches B by NOTIFY, a few milliseconds at most after the commit, while the client that saw A answer
   * may already be asking B; without the event B would keep its entry for the whole minute.
   */
  async function soonOnB<T>(ask: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
    const deadline = Date.now() + 1_000;
    for (;;) {
      const answer = await ask();
      if (done(answer) || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Registered on A, then read on B so that B holds the account. */
  async function cachedOnB() {
    const guest = await registerGuest(a.client);
    expect((await b.client.data(ME, {}, guest.accessToken)).me.id).toBe(guest.user.id);
    return guest;
  }

  it('a guest who becomes a host on A is a host on B', async () => {
    const guest = await cachedOnB();
    await a.client.data(BECOME_HOST, { input: { businessName: `Casa ${randomUUID().slice(0, 8)}` } }, guest.accessToken);
    const me = await soonOnB(() => b.client.data(ME, {}, guest.accessToken), (answer) => answer.me.role === 'HOST');
    expect(me.me.role).toBe('HOST');
  });

  it('an admin demoted on A is refused admin queries on B', async () => {
    const admin = await cachedOnB();
    await a.app.db.query(`UPDATE users SET role = 'ADMIN' WHERE id = $1`, [admin.user.id]);
    expect((await soonOnB(() => b.client.data(ME, {}, admin.accessToken), (answer) => answer.me.role === 'ADMIN')).me.role).toBe('ADMIN');
    expect((await b.client.data(USERS, {}, admin.accessToken)).users.edges).toHaveLength(1);

    await a.app.services.users.setRole(admin.user.id, 'GUEST');
    const refused = await soonOnB(() => b.client.request(USERS, {}, admin.accessToken), (answer) => Boolean(answer.errors));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an account deleted on A is UNAUTHENTICATED on B', async () => {
    const guest = await cachedOnB();
    await a.app.db.query(`DELETE FROM users WHERE id = $1`, [guest.user.id]);
    const refused = await soonOnB(() => b.client.request(ME, {}, guest.accessToken), (answer) => answer.status === 401);
    expect([refused.status, refused.errors?.[0]?.message]).toEqual([401, 'The account behind this token no longer exists']);
  });

  it('a name changed on A is the name B answers', async () => {
    const guest = await cachedOnB();
    await a.client.data(UPDATE_MY_ACCOUNT, { input: { fullName: 'Renamed On A' } }, guest.accessToken);
    const me = await soonOnB(() => b.client.data(ME, {}, guest.accessToken), (answer) => answer.me.fullName === 'Renamed On A');
    expect(me.me.fullName).toBe('Renamed On A');
  });

  it('logout on A keeps the access token what it was without the cache: valid on B until it expires, never after', async () => {
    // Logout revokes the refresh token's family; access tokens are not stored anywhere, so one already
    // issued stays valid until its exp (at most ACCESS_TOKEN_TTL_SECONDS), with or without the cache.
    const guest = await cachedOnB();
    expect(await a.client.data(LOGOUT, { token: guest.refreshToken })).toEqual({ logout: true });
    expect((await b.client.data(ME, {}, guest.accessToken)).me.id).toBe(guest.user.id);
    // The account is still cached on B, but the token is checked for each request.
    clock.advance(15 * 60_000 + 1_000);
    try {
      const refused = await b.client.request(ME, {}, guest.accessToken);
      expect([refused.status, refused.errors?.[0]?.message]).toEqual([401, 'Access token expired: refresh it']);
    } finally {
      clock.advance(-(15 * 60_000 + 1_000));
    }
  });

  it('B stops caching while it cannot hear changes, and forgets what it held', async () => {
    const guest = await cachedOnB();
    const listener = `SELECT pid FROM pg_stat_activity WHERE application_name = 'staygraph-listener' AND datname = current_database()`;
    const before = (await b.app.db.query(listener)) as { pid: number }[];
    await b.app.db.query(`SELECT pg_terminate_backend(pid) FROM (${listener}) AS listeners`);
    // Both instances lose their listening connection; wait until B has noticed.
    for (let i = 0; i < 200 && b.app.services.viewers.enabled; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(b.app.services.viewers.enabled).toBe(false);
    // Changed while nobody listens: no event reaches B, which reads the account again.
    await a.app.db.query(`UPDATE users SET full_name = 'Changed Unheard' WHERE id = $1`, [guest.user.id]);
    expect((await b.client.data(ME, {}, guest.accessToken)).me.fullName).toBe('Changed Unheard');
    // Back once the listener has reconnected.
    for (let i = 0; i < 500 && !(a.app.services.viewers.enabled && b.app.services.viewers.enabled); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(b.app.services.viewers.enabled).toBe(true);
  });
});

describe('POST /graphql straight from node:http (no Express for apps and servers)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JWT_SECRET });
  });
  afterAll(() => server.stop());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers with the same security headers as the Express routes, a request id and Vary: Origin', async () => {
    const direct = await post(JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'trace-1' });
    const express = await fetch(`${server.url}/healthz`);
    const security = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'x-dns-prefetch-control'];
    expect(Object.fromEntries(security.map((name) => [name, direct.headers.get(name)]))).toEqual(
      Object.fromEntries(security.map((name) => [name, express.headers.get(name)])),
    );
    expect([direct.status, direct.headers.get('x-request-id'), direct.headers.get('vary'), await direct.json()]).toEqual([
      200, 'trace-1', 'Origin', { data: { __typename: 'Query' } },
    ]);
    expect(direct.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
  });

  it('refuses a body over 1 MiB with 413 and JSON that does not parse with 400, as the JSON body parser did', async () => {
    const large = await post(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1024 * 1024)}` }));
    expect([large.status, await large.json()]).toEqual([413, { error: 'request entity too large' }]);
    const broken = await post('{"query": ');
    expect(broken.status).toBe(400);
    expect(Object.keys((await broken.json()) as object)).toEqual(['error']);
    const scalar = await post('"{ __typename }"');
    expect(scalar.status).toBe(400);
  });
});
