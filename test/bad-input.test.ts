import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { adminEnv, adminToken, createHost, createProperty, createRoom, propertyInput } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';

/** Bad input is the caller's mistake: it is answered with a code naming it, never INTERNAL_SERVER_ERROR. */

const JWT_SECRET = 'bad-input-test-secret-with-at-least-32-characters';
const UUID = '5a3c9a41-2f7e-4c1b-9d3e-7b2a1c0d9e8f';
const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('bad input', () => {
  let server: TestServer;
  let admin: string;
  let host: Awaited<ReturnType<typeof createHost>>;
  let guest: Awaited<ReturnType<typeof registerGuest>>;
  let propertyId: string;

  beforeAll(async () => {
    server = await startTestServer({ ...adminEnv, JWT_SECRET });
    admin = await adminToken(server.client);
    host = await createHost(server.client);
    guest = await registerGuest(server.client);
    propertyId = (await createProperty(server.client, host.token)).id;
    await createRoom(server.client, host.token, propertyId);
  });
  afterAll(() => server.stop());

  describe('strings PostgreSQL cannot store', () => {
    it('refuses NUL bytes in any argument, nested field or list item, named by path, for anonymous callers too', async () => {
      const cases: [string, Record<string, unknown>, string | undefined, string][] = [
        ['query ($slug: String!) { host(slug: $slug) { id } }', { slug: 'costa\u0000olivo' }, undefined, 'slug'],
        ['mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: 'a\u0000@example.com', p: 'x'.repeat(12) }, undefined, 'email'],
        [
          'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }',
          { input: { email: 'nul@example.com', password: 'correct horse battery', fullName: 'Nul\u0000' } },
          undefined,
          'fullName',
        ],
        [
          'mutation ($input: UpdateGuestProfileInput!) { updateGuestProfile(input: $input) { preferredLanguage } }',
          { input: { emergencyContact: { name: '\u0000', phone: '+34600111222' } } },
          guest.accessToken,
          'emergencyContact.name',
        ],
        [
          'mutation ($input: CreatePropertyInput!) { createProperty(input: $input) { id } }',
          { input: propertyInput({ amenities: ['wifi', 'po\u0000ol'] }) },
          host.token,
          'amenities.1',
        ],
        [
          'mutation ($input: CreatePropertyInput!) { createProperty(input: $input) { id } }',
          { input: propertyInput({ photos: [{ url: 'https://images.example.com/a.jpg', altText: 'front\u0000' }] }) },
          host.token,
          'photos.0.altText',
        ],
        ['query ($f: UserFilter) { users(filter: $f) { totalCount } }', { f: { search: '\u0000' } }, admin, 'search'],
      ];
      for (const [query, variables, token, field] of cases) {
        const response = await server.client.request(query, variables, token);
        expect([field, response.status, response.errors?.[0]?.extensions]).toEqual([field, 200, { code: 'BAD_USER_INPUT', field }]);
      }
      // In a literal, not only in variables.
      const literal = await server.client.error('{ host(slug: "a\\u0000b") { id } }');
      expect(literal.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'slug' });
    });

    it('refuses lone UTF-16 surrogates rather than storing a replacement character', async () => {
      const suggestion = await server.client.error('mutation ($input: SuggestionInput!) { sendSuggestion(input: $input) { id } }', {
        input: { name: 'Ana \ud800', text: 'More houses in Asturias, please' },
      });
      expect(suggestion.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
      const updated = await server.client.error(
        'mutation ($input: UpdateMyAccountInput!) { updateMyAccount(input: $input) { fullName } }',
        { input: { fullName: '\udc00 low first' } },
        guest.accessToken,
      );
      expect(updated.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'fullName' });
      // A proper pair (an emoji) is fine.
      const { updateMyAccount } = await server.client.data(
        'mutation ($input: UpdateMyAccountInput!) { updateMyAccount(input: $input) { fullName } }',
        { input: { fullName: 'Ana 🏖️' } },
        guest.accessToken,
      );
      expect(updateMyAccount.fullName).toBe('Ana 🏖️');
    });
  });

  describe('long strings', () => {
    it('answers a login with a 3000-character email (a rate-limit key) without an internal error', async () => {
      // Not compressible: a btree index entry cannot hold ~3 kB.
      const email = `${Array.from({ length: 150 }, () => randomUUID().replaceAll('-', '')).join('').slice(0, 3_000)}@example.com`;
      const error = await server.client.error('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
        e: email,
        p: 'correct horse battery',
      });
      expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('pagination cursors', () => {
    const forged = [
      'not base64 !!',
      b64('not json'),
      b64('{}'),
      b64('[]'),
      b64('["1"]'),
      b64(`["garbage","${UUID}"]`),
      b64('["2026-01-01T00:00:00.000Z","not-a-uuid"]'),
      b64(`["0000-01-01T00:00:00.000Z","${UUID}"]`),
      b64(`["2026-01-01T00:00:00.000Z\\u0000","${UUID}"]`),
      b64(`["2025-02-30","${UUID}"]`),
      b64(`["0000-01-01","${UUID}"]`),
      b64(`[1e308,"${UUID}"]`),
      b64('[99999999999999999999]'),
      b64('[-1]'),
      b64('[1.5]'),
    ];

    it('answers a forged cursor on every paginated field with BAD_USER_INPUT naming after, and follows its own', async () => {
      const connections: [string, string][] = [
        ['query ($after: String) { properties(after: $after) { totalCount } }', host.token],
        ['query ($after: String) { users(after: $after) { totalCount } }', admin],
        ['query ($after: String) { myReservations(after: $after) { totalCount } }', guest.accessToken],
        ['query ($after: String) { hostReservations(after: $after) { totalCount } }', host.token],
        ['query ($after: String) { reservations(after: $after) { totalCount } }', admin],
        ['query ($after: String) { payments(after: $after) { totalCount } }', admin],
        [`query ($after: String) { property(id: "${'PROPERTY'}") { reviews(after: $after) { totalCount } } }`, host.token],
        [
          'query ($after: String) { searchStays(input: { checkIn: "2030-06-01", checkOut: "2030-06-03", guests: 1, after: $after }) { totalCount } }',
          host.token,
        ],
      ];
      const seen: string[] = [];
      for (const [template, token] of connections) {
        const query = template.replace('PROPERTY', propertyId);
        for (const after of forged) {
          const response = await server.client.request(query, { after }, token);
          const error = response.errors?.[0];
          seen.push(`${query.slice(0, 40)} ${after}: ${error?.extensions?.code}/${error?.extensions?.field}`);
        }
      }
      expect(seen.filter((line) => !line.endsWith('BAD_USER_INPUT/after'))).toEqual([]);

      // The cursors it hands out still work.
      const page = await server.client.data('{ properties(first: 1) { edges { cursor } pageInfo { endCursor } } }');
      const next = await server.client.data('query ($after: String) { properties(first: 1, after: $after) { edges { node { id } } } }', {
        after: page.properties.pageInfo.endCursor,
      });
      expect(next.properties.edges).toEqual([]);
      const users = await server.client.data('{ users(first: 1) { pageInfo { endCursor } } }', {}, admin);
      const more = await server.client.data('query ($after: String) { users(first: 10, after: $after) { edges { node { id } } } }', { after: users.users.pageInfo.endCursor }, admin);
      expect(more.users.edges.length).toBeGreaterThan(0);
    });
  });

  describe('dates', () => {
    it('refuses dates outside 0001-01-01..9999-12-31 and impossible dates in arguments and filters', async () => {
      const requests: [string, Record<string, unknown>, string | undefined][] = [
        ['query ($from: Date!, $to: Date!) { availability(propertyId: "PROPERTY", from: $from, to: $to) { free { from } } }', { from: '0000-01-01', to: '0000-01-05' }, undefined],
        ['query ($from: Date, $to: Date) { hostReservations(from: $from, to: $to) { totalCount } }', { from: '0000-01-01', to: '2030-01-01' }, host.token],
        ['query ($filter: ReservationFilter) { reservations(filter: $filter) { totalCount } }', { filter: { from: '0000-01-01' } }, admin],
        ['query ($from: Date!, $to: Date!) { stats(from: $from, to: $to) { cancellationRate } }', { from: '0000-12-01', to: '0001-01-01' }, host.token],
        ['query ($from: Date, $to: Date) { hostReservations(from: $from, to: $to) { totalCount } }', { from: '2025-02-30' }, host.token],
        ['query ($from: Date, $to: Date) { hostReservations(from: $from, to: $to) { totalCount } }', { to: '10000-01-01' }, host.token],
      ];
      const codes = [];
      for (const [query, variables, token] of requests) {
        const response = await server.client.request(query.replace('PROPERTY', propertyId), variables, token);
        codes.push([variables, response.status, response.errors?.[0]?.extensions?.code]);
      }
      expect(codes).toEqual(requests.map(([, variables]) => [variables, 400, 'BAD_USER_INPUT']));
      // In a literal too.
      const literal = await server.client.error('{ hostReservations(from: "0000-01-01") { totalCount } }', {}, host.token);
      expect(literal.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(literal.message).toMatch(/0001-01-01 to 9999-12-31/);
    });
  });

  describe('access tokens', () => {
    const sign = (claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt.setIssuedAt().setExpirationTime('5m')) =>
      build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('staygraph')).sign(new TextEncoder().encode(JWT_SECRET));

    it('answers a validly signed token with a non-UUID subject or missing claims with 401 UNAUTHENTICATED, over HTTP and WebSocket', async () => {
      const tokens = {
        'subject not a uuid': await sign({ role: 'GUEST', sub: 'admin' }),
        'subject with a NUL': await sign({ role: 'GUEST', sub: `${guest.user.id}\u0000` }),
        'no subject': await sign({ role: 'GUEST' }),
        'no expiry': await sign({ role: 'GUEST', sub: guest.user.id }, (jwt) => jwt.setIssuedAt()),
        'unknown role': await sign({ role: 'ROOT', sub: guest.user.id }),
      };
      const outcomes: Record<string, unknown> = {};
      for (const [name, token] of Object.entries(tokens)) {
        const response = await server.client.request('{ me { id } }', {}, token);
        const socket = server.client.webSocket({ authorization: `Bearer ${token}` });
        const closed = await new Promise<number | string>((resolve) => {
          socket.on('connected', () => resolve('connected'));
          socket.on('closed', (event) => resolve((event as { code: number }).code));
        });
        await socket.dispose();
        outcomes[name] = [response.status, response.errors?.[0]?.extensions?.code, closed];
      }
      expect(outcomes).toEqual(Object.fromEntries(Object.keys(tokens).map((name) => [name, [401, 'UNAUTHENTICATED', 4403]])));
      // The same signing, done right, is accepted: the refusals above are about the claims.
      const good = await sign({ role: 'GUEST', sub: guest.user.id });
      expect(await server.client.data('{ me { id } }', {}, good)).toEqual({ me: { id: guest.user.id } });
    });
  });

  describe('subscriptions over HTTP', () => {
    it('answers a subscription sent by POST with 400 BAD_REQUEST pointing to graphql-ws (GET allows only queries)', async () => {
      const post = await server.client.request('subscription { heartbeat(intervalSeconds: 1) { time } }');
      expect(post.status).toBe(400);
      expect(post.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
      expect(post.errors?.[0]?.message).toMatch(/graphql-ws/);
      const query = encodeURIComponent('subscription { availabilityChanged { roomId } }');
      const get = await fetch(`${server.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
      const body = (await get.json()) as { errors: { extensions: unknown }[] };
      expect([get.status, body.errors[0]?.extensions]).toEqual([405, { code: 'BAD_REQUEST' }]);
    });
  });
});
