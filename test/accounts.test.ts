import { LOGIN, REGISTER, registerGuest } from './support/graphql-client';
import argon2 from 'argon2';
import { loadConfig } from '../src/config';
import { startTestServer, type TestServer } from './support/test-server';

const ADMIN = { email: 'root@example.com', password: 'admin password 123' };
const REFRESH = `mutation Refresh($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken user { id } } }`;
const LOGOUT = `mutation Logout($token: String!) { logout(refreshToken: $token) }`;
const ME = `{ me { id email fullName role } }`;

describe('accounts through the running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  });
  afterAll(() => server.stop());

  it('registers a guest, normalizes the email and answers me', async () => {
    const { accessToken, user } = await registerGuest(server.client, { email: '  Mixed.Case@Example.COM ' });
    expect(user).toMatchObject({ email: 'mixed.case@example.com', role: 'GUEST' });
    const { me } = await server.client.data(ME, {}, accessToken);
    expect(me).toMatchObject({ id: user.id, email: 'mixed.case@example.com', role: 'GUEST' });
  });

  it('answers me with null for anonymous callers', async () => {
    expect(await server.client.data(ME)).toEqual({ me: null });
  });

  it('refuses a duplicate email case-insensitively with CONFLICT', async () => {
    await registerGuest(server.client, { email: 'twice@example.com' });
    const error = await server.client.error(REGISTER, {
      input: { email: 'TWICE@example.com', password: 'another password', fullName: 'Other' },
    });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('keeps one account when the same email registers concurrently', async () => {
    const input = { email: 'race@example.com', password: 'race password 1', fullName: 'Racer' };
    const results = await Promise.all(Array.from({ length: 8 }, () => server.client.request(REGISTER, { input })));
    expect(results.filter((r) => r.data?.['register']).length).toBe(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT').length).toBe(7);
    expect(results.every((r) => r.status < 500)).toBe(true);
  });

  it.each([
    ['password', { password: 'short' }],
    ['email', { email: 'not-an-email' }],
    ['fullName', { fullName: '   ' }],
    ['phone', { phone: '12345' }],
  ])('rejects a bad %s with BAD_USER_INPUT naming the field', async (field, override) => {
    const input = { email: `bad-${field}@example.com`, password: 'long enough pw', fullName: 'Bad Input', ...override };
    const error = await server.client.error(REGISTER, { input });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a phone number that another account uses', async () => {
    await registerGuest(server.client, { phone: '+34 600 123 456' });
    const error = await server.client.error(REGISTER, {
      input: { email: 'phone2@example.com', password: 'long enough pw', fullName: 'P2', phone: '+34600123456' },
    });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'phone' });
  });

  it('logs in with the right password and refuses a wrong one without saying which part was wrong', async () => {
    const guest = await registerGuest(server.client);
    const { login } = await server.client.data(LOGIN, { email: guest.user.email.toUpperCase(), password: guest.password });
    expect(login.user.id).toBe(guest.user.id);

    const wrong = await server.client.error(LOGIN, { email: guest.user.email, password: 'wrong password!' });
    const unknown = await server.client.error(LOGIN, { email: 'nobody@example.com', password: 'wrong password!' });
    expect(wrong.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown).toEqual(wrong);
  });

  it('rotates refresh tokens: each is single use', async () => {
    const guest = await registerGuest(server.client);
    const { refreshToken: first } = await server.client.data(REFRESH, { token: guest.refreshToken });
    expect(first.user.id).toBe(guest.user.id);
    expect(first.refreshToken).not.toBe(guest.refreshToken);
    const { me } = await server.client.data(ME, {}, first.accessToken);
    expect(me.id).toBe(guest.user.id);
    const { refreshToken: second } = await server.client.data(REFRESH, { token: first.refreshToken });
    expect(second.refreshToken).not.toBe(first.refreshToken);
  });

  it('revokes the whole family when a rotated refresh token is reused', async () => {
    const guest = await registerGuest(server.client);
    const { refreshToken: rotated } = await server.client.data(REFRESH, { token: guest.refreshToken });
    const reuse = await server.client.error(REFRESH, { token: guest.refreshToken });
    expect(reuse.extensions?.code).toBe('UNAUTHENTICATED');
    expect(reuse.message).toMatch(/already used/);
    // The legitimate-looking successor is dead too: the thief and the owner must both sign in again.
    const successor = await server.client.error(REFRESH, { token: rotated.refreshToken });
    expect(successor.extensions?.code).toBe('UNAUTHENTICATED');
    // Another sign-in (another family) is untouched.
    const { login } = await server.client.data(LOGIN, { email: guest.user.email, password: guest.password });
    await server.client.data(REFRESH, { token: login.refreshToken });
  });

  it('logs out: the refresh token stops working, and a second logout says false', async () => {
    const guest = await registerGuest(server.client);
    expect(await server.client.data(LOGOUT, { token: guest.refreshToken })).toEqual({ logout: true });
    expect((await server.client.error(REFRESH, { token: guest.refreshToken })).extensions?.code).toBe('UNAUTHENTICATED');
    expect(await server.client.data(LOGOUT, { token: guest.refreshToken })).toEqual({ logout: false });
  });

  it('answers a bad or garbled access token with UNAUTHENTICATED and HTTP 401', async () => {
    for (const token of ['not-a-jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl']) {
      const result = await server.client.request(ME, {}, token);
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('updates the own account and rejects a taken phone', async () => {
    const guest = await registerGuest(server.client);
    const update = `mutation ($input: UpdateMyAccountInput!) { updateMyAccount(input: $input) { fullName phone } }`;
    const { updateMyAccount } = await server.client.data(update, { input: { fullName: 'New Name', phone: '+4915100000001' } }, guest.accessToken);
    expect(updateMyAccount).toEqual({ fullName: 'New Name', phone: '+4915100000001' });
    const other = await registerGuest(server.client);
    const error = await server.client.error(update, { input: { phone: '+4915100000001' } }, other.accessToken);
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'phone' });
    expect((await server.client.error(update, { input: {} })).extensions?.code).toBe('UNAUTHENTICATED');
  });

  describe('admin user search', () => {
    const USERS = `query ($filter: UserFilter, $first: Int, $after: String) {
      users(filter: $filter, first: $first, after: $after) {
        totalCount edges { cursor node { email role } } pageInfo { hasNextPage endCursor }
      }
    }`;

    it('is refused to anonymous callers and guests', async () => {
      expect((await server.client.error(USERS)).extensions?.code).toBe('UNAUTHENTICATED');
      const guest = await registerGuest(server.client);
      expect((await server.client.error(USERS, {}, guest.accessToken)).extensions?.code).toBe('FORBIDDEN');
    });

    it('searches and pages with cursors for the ADMIN_EMAIL account', async () => {
      const { login } = await server.client.data(LOGIN, ADMIN);
      expect(login.user.role).toBe('ADMIN');
      for (const n of [1, 2, 3]) await registerGuest(server.client, { email: `searchable${n}@example.org`, fullName: `Searchable ${n}` });

      const filter = { search: 'SEARCHABLE', role: 'GUEST' };
      const first = await server.client.data(USERS, { filter, first: 2 }, login.accessToken);
      expect(first.users.totalCount).toBe(3);
      expect(first.users.edges.map((e: any) => e.node.email)).toEqual(['searchable3@example.org', 'searchable2@example.org']);
      expect(first.users.pageInfo.hasNextPage).toBe(true);
      const rest = await server.client.data(USERS, { filter, first: 2, after: first.users.pageInfo.endCursor }, login.accessToken);
      expect(rest.users.edges.map((e: any) => e.node.email)).toEqual(['searchable1@example.org']);
      expect(rest.users.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.users.edges[0].cursor });

      const badCursor = await server.client.error(USERS, { after: 'garbage' }, login.accessToken);
      expect(badCursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const tooMany = await server.client.error(USERS, { first: 1000 }, login.accessToken);
      expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    });
  });
});

describe('password hashing cost (PASSWORD_HASH_MEMORY_KIB)', () => {
  it('defaults to 64 MiB and refuses less than 19 MiB in production', () => {
    const base = { JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).passwordHashMemoryKib).toBe(65_536);
    const production = { ...base, NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' };
    expect(() => loadConfig({ ...production, PASSWORD_HASH_MEMORY_KIB: '4096' })).toThrow(/PASSWORD_HASH_MEMORY_KIB/);
    expect(loadConfig({ ...production, PASSWORD_HASH_MEMORY_KIB: '19456' }).passwordHashMemoryKib).toBe(19_456);
  });

  it('stores hashes at the configured cost, and still verifies hashes made at another', async () => {
    const server = await startTestServer();
    try {
      const guest = await registerGuest(server.client);
      const [row] = await server.app.db.query(`SELECT password_hash FROM users WHERE id = $1`, [guest.user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=4096,/);
      // An account hashed under the default 64 MiB (before the setting changed) signs in as before.
      const strong = await argon2.hash('another horse battery', { type: argon2.argon2id });
      expect(strong).toMatch(/m=65536,/);
      await server.app.db.query(`UPDATE users SET password_hash = $1 WHERE id = $2`, [strong, guest.user.id]);
      const login = await server.client.request(LOGIN, { email: guest.user.email, password: 'another horse battery' });
      expect(login.errors).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
