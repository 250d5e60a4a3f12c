import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
} from 'graphql';
import type { Client } from 'graphql-ws';
import { buildSchema } from '../src/server/schema';
import { CREATE_RESERVATION, adminEnv, adminToken, blockDates, createHost, createProperty, createRoom, daysFromNow } from './support/fixtures';
import { type GraphQLErrorBody, registerGuest } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';
import { type SeededRandom, seededRandom } from './support/seeded-random';

/**
 * A schema-driven fuzzer: every root field of Query, Mutation and Subscription, with arguments generated
 * from their types (valid-looking values mixed with hostile ones), for each role. Any internal error, any
 * HTTP 5xx and any answer that is not a GraphQL result fails the test. Reproduce a failure with
 * FUZZ_SEED=<seed printed below> npx jest test/fuzz.test.ts.
 */

/** A fixed seed keeps the suite repeatable; set FUZZ_SEED (and FUZZ_ROUNDS) to explore further. */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_110);
/** Requests per root field and role over HTTP, and subscriptions per field and role over graphql-ws. */
const HTTP_ROUNDS = Number(process.env['FUZZ_ROUNDS'] ?? 6);
const WS_ROUNDS = 4;
const ROLES = ['anonymous', 'guest', 'host', 'admin'] as const;
type RoleName = (typeof ROLES)[number];

type Random = SeededRandom;

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const SOME_UUID = '5a3c9a41-2f7e-4c1b-9d3e-7b2a1c0d9e8f';
const FORGED_CURSORS = [
  'not base64 !!',
  '=',
  b64('not json'),
  b64('{}'),
  b64('[]'),
  b64('[1]'),
  b64('[-1]'),
  b64('[1.5]'),
  b64('["5"]'),
  b64('[1e300]'),
  b64('[99999999999999999999]'),
  b64('[2147483648]'),
  b64('[null,null]'),
  b64('[true,{}]'),
  b64(`["2026-01-01T00:00:00.000Z","not-a-uuid"]`),
  b64(`["garbage","${SOME_UUID}"]`),
  b64(`["0000-01-01T00:00:00.000Z","${SOME_UUID}"]`),
  b64(`["0000-01-01","${SOME_UUID}"]`),
  b64(`["2025-02-30","${SOME_UUID}"]`),
  b64(`[1e308,"${SOME_UUID}"]`),
  b64(`[-5,"${SOME_UUID}"]`),
  b64(`["2026-01-01\\u0000","${SOME_UUID}"]`),
  b64(`["10000-01-01T00:00:00.000Z","${SOME_UUID}"]`),
  b64(`["2026-01-01","${SOME_UUID}"]`),
  b64(`["2026-01-01T00:00:00.000Z","${SOME_UUID}"]`),
];
const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '',
  ' ',
  'x'.repeat(5_000),
  '🏖️🌊 café',
  '\ud800',
  'lone \udfff low',
  "'; DROP TABLE users; --",
  '%_\\',
  '\u202e\u200b',
  '\n\t\r',
  'NaN',
  '-1',
  '1e308',
  '0000-01-01',
  ...FORGED_CURSORS.slice(0, 4),
];
const HOSTILE_INTS = [0, -1, 2_147_483_647, -2_147_483_648, 1_000_000, 65_536, 32_768];
/** Money amounts: the price bound and just over it, 2^53 and past it, negatives, a float. */
const HOSTILE_SAFE_INTS = [0, -1, 100_000_000_000, 100_000_000_001, 9_007_199_254_740_991, 9_007_199_254_740_992, -9_007_199_254_740_991, 2_147_483_648, 1.5];
const HOSTILE_FLOATS = [1e308, -1e308, 5e-324, -0, 1e20, 123_456_789.123, -91, 181];
const HOSTILE_DATES = ['0000-01-01', '0001-01-01', '9999-12-31', '10000-01-01', '2025-02-30', '2024-02-29', '1900-01-01', '1970-01-01'];
const HOSTILE_DATE_TIMES = ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00Z', '2025-02-30T00:00:00Z'];

interface Known {
  ids: Record<string, string[]>;
  slugs: string[];
  emails: string[];
}

/** Which known ids suit an ID argument, from its name and its field's name. */
function idKind(fieldName: string, argName: string): string {
  const name = argName === 'id' ? fieldName : argName;
  for (const [pattern, kind] of [
    [/pricingrule/i, 'pricingRule'],
    [/hostprofile/i, 'hostProfile'],
    [/block/i, 'block'],
    [/room/i, 'room'],
    [/propert/i, 'property'],
    [/reservation|noshow/i, 'reservation'],
    [/review/i, 'review'],
    [/suggestion/i, 'suggestion'],
    [/user/i, 'user'],
  ] as const) {
    if (pattern.test(name)) return kind;
  }
  return 'any';
}

/** A plausible string for an argument or input field, by its name. */
function validString(name: string, random: Random, known: Known): string {
  const lower = name.toLowerCase();
  if (lower === 'after') return random.pick(FORGED_CURSORS);
  if (lower.includes('email')) return random.chance(0.5) ? random.pick(known.emails) : `fuzz${random.int(1e6)}@example.com`;
  if (lower.includes('password')) return 'correct horse battery';
  if (lower.includes('phone')) return `+3460${String(1_000_000 + random.int(8_999_999))}`;
  if (lower.includes('slug') || lower === 'host') return random.chance(0.7) ? random.pick(known.slugs) : `fuzz-slug-${random.int(1e6)}`;
  if (lower.includes('country')) return random.pick(['ES', 'PT', 'es', 'XX']);
  if (lower.includes('currency')) return random.pick(['EUR', 'USD', 'IDR', 'JPY']);
  if (lower.includes('language')) return random.pick(['en', 'pt-br', 'es']);
  if (lower.includes('timezone')) return random.pick(['Europe/Madrid', 'Asia/Makassar', 'UTC', 'Mars/Olympus']);
  if (lower.endsWith('time')) return random.pick(['15:00', '11:00', '10:30', '24:00']);
  if (lower.includes('url')) return 'https://images.example.com/fuzz.jpg';
  if (lower === 'city') return random.pick(['Nerja', 'Lisbon', 'nerja']);
  if (lower.includes('roomtype') || lower === 'code') return random.pick(['WHOLE_HOUSE', 'DOUBLE', 'SG-7K3QX9']);
  if (lower === 'amenities') return random.pick(['wifi', 'pool', 'parking']);
  if (lower === 'postalcode') return '29780';
  if (lower === 'region') return 'Málaga';
  if (lower.startsWith('line')) return 'Calle Mayor 1';
  if (lower === 'label') return 'Whole house';
  if (lower.includes('token')) return random.uuid().replace(/-/g, '');
  if (lower.includes('id')) return random.uuid();
  return random.pick(['Fuzz value', 'Casa Fuzz', 'A fine stay by the sea, ten words long at least ok', 'Ana']);
}

function validInt(name: string, random: Random): number {
  const lower = name.toLowerCase();
  if (lower === 'weekdays') return random.int(7) + 1;
  if (lower.includes('amount') || lower.includes('price')) return random.pick([500, 12_000, 99_999]);
  if (lower.includes('rating') || ['cleanliness', 'location', 'value'].includes(lower)) return 1 + random.int(5);
  if (lower.includes('guests') || lower === 'beds') return 1 + random.int(4);
  if (lower === 'minnights') return 1 + random.int(3);
  if (lower === 'maxnights') return 7 + random.int(30);
  return random.pick([1, 2, 3, 4, 7, 10, 20, 100, random.int(50)]);
}

function validFloat(name: string, random: Random): number {
  const lower = name.toLowerCase();
  if (lower === 'latitude') return 36.7456;
  if (lower === 'longitude') return -3.8761;
  if (lower.includes('percent')) return random.pick([5, 10, 12.5, -20]);
  return random.pick([0, 1.5, 10, 21, 99.5]);
}

function scalarValue(typeName: string, name: string, fieldName: string, random: Random, known: Known, hostility: number): unknown {
  const hostile = random.chance(hostility);
  switch (typeName) {
    case 'String':
      if (hostile && random.chance(0.1)) return Array.from({ length: 3_000 }, () => random.int(36).toString(36)).join('');
      return hostile ? random.pick(HOSTILE_STRINGS) : validString(name, random, known);
    case 'ID': {
      if (hostile) return random.pick(['not-a-uuid', '', '00000000-0000-0000-0000-000000000000', '\u0000', 'x'.repeat(300), random.uuid()]);
      const pool = known.ids[idKind(fieldName, name)] ?? Object.values(known.ids).flat();
      return pool.length && random.chance(0.85) ? random.pick(pool) : random.uuid();
    }
    case 'Int':
      return hostile ? random.pick(HOSTILE_INTS) : validInt(name, random);
    case 'SafeInt':
      return hostile ? random.pick(HOSTILE_SAFE_INTS) : validInt(name, random);
    case 'Float':
      return hostile ? random.pick(HOSTILE_FLOATS) : validFloat(name, random);
    case 'Boolean':
      return random.chance(0.5);
    case 'Date':
      return hostile ? random.pick(HOSTILE_DATES) : daysFromNow(random.int(400) - 30);
    case 'DateTime':
      return hostile ? random.pick(HOSTILE_DATE_TIMES) : new Date(Date.now() + (random.int(800) - 400) * 86_400_000).toISOString();
    default:
      throw new Error(`the fuzzer does not know the scalar ${typeName}`);
  }
}

const DATE_PAIRS = [
  ['checkIn', 'checkOut'],
  ['from', 'to'],
] as const;

/** Most stays and windows run forwards: in calm values, the second date of a pair follows the first by days. */
function coherentDates(value: Record<string, unknown>, random: Random, hostility: number): void {
  for (const [first, second] of DATE_PAIRS) {
    const start = value[first];
    if (typeof start === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(start) && second in value && !random.chance(hostility)) {
      const end = new Date(`${start}T00:00:00Z`);
      if (Number.isNaN(end.getTime())) continue;
      end.setUTCDate(end.getUTCDate() + 1 + random.int(10));
      value[second] = end.toISOString().slice(0, 10);
    }
  }
}

/** A value for `type`: mostly plausible, with hostile leaves in proportion to `hostility`. */
function valueFor(type: GraphQLInputType, name: string, fieldName: string, random: Random, known: Known, hostility: number, depth = 0): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, name, fieldName, random, known, hostility, depth);
  if (isListType(type)) {
    const length = random.chance(hostility / 4) ? 200 : random.int(4);
    return Array.from({ length }, () => valueFor(type.ofType, name, fieldName, random, known, hostility, depth + 1));
  }
  if (isEnumType(type)) return random.pick(type.getValues()).name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (!isNonNullType(field.type) && random.chance(0.3)) continue;
      value[field.name] = valueFor(field.type, field.name, fieldName, random, known, hostility, depth + 1);
    }
    coherentDates(value, random, hostility);
    // A booking names a room, or a property and a room type: calm values pick one way.
    if ('roomId' in value && 'roomType' in value && !random.chance(hostility)) {
      if (random.chance(0.5)) delete value['roomId'];
      else for (const key of ['propertyId', 'roomType']) delete value[key];
    }
    return value;
  }
  return scalarValue(type.name, name, fieldName, random, known, hostility);
}

/** A small valid selection: leaves, and objects two levels down, skipping fields with required arguments. */
function selection(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const parts = Object.values((named as GraphQLObjectType).getFields())
    .filter((field) => !field.args.some(isRequiredArgument))
    .map((field) => {
      const inner = getNamedType(field.type);
      if (isLeafType(inner)) return field.name;
      return depth < 2 ? `${field.name} ${selection(field.type, depth + 1)}` : null;
    })
    .filter((part): part is string => part !== null);
  return `{ __typename ${parts.join(' ')} }`;
}

function document(operation: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>): string {
  const variables = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${operation} Fuzz${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection(field.type)} }`;
}

interface Case {
  role: RoleName;
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Generated lazily, so that ids harvested from earlier answers feed later requests. */
function* cases(schema: GraphQLSchema, role: RoleName, rounds: number, random: Random, known: Known, roots: ('Query' | 'Mutation' | 'Subscription')[]): Generator<Case> {
  for (const root of roots) {
    const type = schema.getType(root) as GraphQLObjectType;
    const operation = root === 'Query' ? 'query' : root === 'Mutation' ? 'mutation' : 'subscription';
    for (const field of Object.values(type.getFields())) {
      for (let round = 0; round < rounds; round++) {
        // Calm rounds (valid-looking values, to get past the first checks) between hostile ones.
        const hostility = [0, 0.5, 0.08][round % 3] as number;
        const variables: Record<string, unknown> = {};
        for (const arg of field.args) {
          if (!isNonNullType(arg.type) && random.chance(0.25)) continue;
          variables[arg.name] = valueFor(arg.type, arg.name, field.name, random, known, hostility);
        }
        coherentDates(variables, random, hostility);
        yield { role, field: `${root}.${field.name}`, query: document(operation, field), variables };
      }
    }
  }
}

const KIND_OF_TYPE: Record<string, string> = {
  Property: 'property',
  Room: 'room',
  Reservation: 'reservation',
  RoomBlock: 'block',
  PricingRule: 'pricingRule',
  HostProfile: 'hostProfile',
  User: 'user',
  Suggestion: 'suggestion',
  Review: 'review',
};

/** Keeps the ids of objects found in an answer (new rooms, reservations…) as known ids of their kind. */
function harvest(value: unknown, known: Known): void {
  if (Array.isArray(value)) return value.forEach((item) => harvest(item, known));
  if (!value || typeof value !== 'object') return;
  const { __typename: typename, id } = value as { __typename?: string; id?: unknown };
  const kind = typename ? KIND_OF_TYPE[typename] : undefined;
  if (kind && typeof id === 'string') {
    const pool = (known.ids[kind] ??= []);
    if (!pool.includes(id) && pool.length < 30) pool.push(id);
  }
  for (const child of Object.values(value)) harvest(child, known);
}

interface Failure {
  problem: string;
  case: Case;
}

/** The codes that a well-formed generated request may meet; anything else is a failure. */
function problemsOf(status: number, body: unknown): string[] {
  if (status >= 500) return [`HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`];
  if (!body || typeof body !== 'object' || !('data' in body || 'errors' in body)) return [`not a GraphQL result (HTTP ${status}): ${JSON.stringify(body).slice(0, 300)}`];
  const errors = (body as { errors?: GraphQLErrorBody[] }).errors ?? [];
  return errors
    .filter((error) => !error.extensions?.code || ['INTERNAL_SERVER_ERROR', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'].includes(error.extensions.code))
    .map((error) => `${error.extensions?.code ?? 'no code'}: ${error.message}`);
}

const show = (value: unknown) => JSON.stringify(value, (_key, v) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 20)}…(${v.length} chars)` : v));

/** Each failure with its variables; each failing field's document once. */
function report(failures: Failure[]): string {
  const documents = new Map(failures.map((f) => [f.case.field, f.case.query]));
  return [
    `seed ${SEED}: ${failures.length} failures (rerun with FUZZ_SEED=${SEED})`,
    ...failures.map((f) => `${f.case.role} ${f.case.field}: ${f.problem}\n  variables: ${show(f.case.variables)}`),
    'documents:',
    ...[...documents].map(([field, query]) => `${field}: ${query}`),
  ].join('\n');
}

describe(`the fuzzer (seed ${SEED})`, () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  const known: Known = { ids: {}, slugs: [], emails: [] };
  const tokens: Record<RoleName, string | undefined> = { anonymous: undefined, guest: undefined, host: undefined, admin: undefined };

  beforeAll(async () => {
    server = await startTestServer({ ...adminEnv, PUBSUB_DRIVER: 'memory' });
    schema = buildSchema();
    const { client } = server;
    tokens.admin = await adminToken(client);
    const host = await createHost(client);
    tokens.host = host.token;
    const property = await createProperty(client, host.token);
    const room = await createRoom(client, host.token, property.id);
    const guest = await registerGuest(client);
    tokens.guest = guest.accessToken;
    const { createReservation } = await client.data(
      CREATE_RESERVATION,
      { input: { roomId: room.id, checkIn: daysFromNow(30), checkOut: daysFromNow(33), guests: 2 } },
      guest.accessToken,
    );
    const block = await blockDates(client, host.token, room.id, daysFromNow(60), daysFromNow(62), 'Painting');
    const { createPricingRule } = await client.data(
      `mutation ($input: PricingRuleInput!) { createPricingRule(input: $input) { id } }`,
      { input: { propertyId: property.id, name: 'Summer', dates: { from: daysFromNow(90), to: daysFromNow(120) }, percentChange: 20 } },
      host.token,
    );
    const { sendSuggestion } = await client.data(`mutation ($input: SuggestionInput!) { sendSuggestion(input: $input) { id } }`, {
      input: { name: 'Ana', text: 'More houses in Asturias, please' },
    });
    known.ids = {
      property: [property.id],
      room: [room.id],
      reservation: [createReservation.id],
      block: [block.id],
      pricingRule: [createPricingRule.id],
      hostProfile: [host.hostProfileId],
      user: [host.userId, guest.user.id],
      suggestion: [sendSuggestion.id],
    };
    known.slugs = [host.slug, property.slug];
    known.emails = [host.email, guest.user.email];
  });
  afterAll(() => server?.stop());

  const rootFields = (roots: string[]) =>
    roots.flatMap((root) => Object.keys((schema.getType(root) as GraphQLObjectType).getFields()).map((name) => `${root}.${name}`));

  it('never answers a generated request, over HTTP or graphql-ws, with an internal error', async () => {
    const failures: Failure[] = [];
    await fuzzHttp(failures);
    await fuzzWebSocket(failures);
    if (failures.length) throw new Error(report(failures));
  }, 300_000);

  /** Every root field (subscriptions included: they must be refused cleanly) for every role, roles in parallel. */
  async function fuzzHttp(failures: Failure[]) {
    const sent = new Map<string, number>();
    const succeeded = new Set<string>();
    const roots = ['Query', 'Mutation', 'Subscription'] as const;
    await Promise.all(
      ROLES.map(async (role, index) => {
        const random = seededRandom(SEED * 31 + index);
        for (const fuzzCase of cases(schema, role, HTTP_ROUNDS, random, known, [...roots])) {
          const response = await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(tokens[role] ? { authorization: `Bearer ${tokens[role]}` } : {}) },
            body: JSON.stringify({ query: fuzzCase.query, variables: fuzzCase.variables }),
          });
          const text = await response.text();
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
          harvest((body as { data?: unknown })?.data, known);
          sent.set(`${role} ${fuzzCase.field}`, (sent.get(`${role} ${fuzzCase.field}`) ?? 0) + 1);
          for (const problem of problemsOf(response.status, body)) failures.push({ problem, case: fuzzCase });
          const rootName = fuzzCase.field.split('.')[1] as string;
          if ((body as { data?: Record<string, unknown> })?.data?.[rootName] != null) succeeded.add(fuzzCase.field);
          // becomeHost promotes the guest: keep a guest for the rest of the run.
          if (role === 'guest' && fuzzCase.field === 'Mutation.becomeHost' && (body as { data?: { becomeHost?: unknown } })?.data?.becomeHost) {
            tokens.guest = (await registerGuest(server.client)).accessToken;
          }
        }
      }),
    );

    // Not vacuous: every root field was sent as often as planned for every role, and the generated values
    // get past the first checks of most fields (the root field answered).
    const fields = rootFields([...roots]);
    expect(fields.length).toBeGreaterThan(60);
    for (const role of ROLES) for (const field of fields) expect([role, field, sent.get(`${role} ${field}`)]).toEqual([role, field, HTTP_ROUNDS]);
    expect(succeeded.size).toBeGreaterThan(fields.length / 2);
  }

  /** Every subscription field for every role, on one socket per role. */
  async function fuzzWebSocket(failures: Failure[]) {
    let sent = 0;
    for (const [index, role] of ROLES.entries()) {
      const random = seededRandom(SEED * 37 + index);
      const closes: number[] = [];
      const socket: Client = server.client.webSocket(tokens[role] ? { authorization: `Bearer ${tokens[role]}` } : {});
      socket.on('closed', (event) => closes.push((event as { code: number }).code));
      for (const fuzzCase of cases(schema, role, WS_ROUNDS, random, known, ['Subscription'])) {
        const errors: GraphQLErrorBody[] = [];
        const dispose = socket.subscribe(
          { query: fuzzCase.query, variables: fuzzCase.variables },
          {
            next: (result) => errors.push(...((result.errors ?? []) as GraphQLErrorBody[])),
            error: (error) => errors.push(...(Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error), extensions: { code: 'SOCKET_ERROR' } }])),
            complete: () => undefined,
          },
        );
        // The server handles one socket's messages in order: once a later query is answered, the
        // subscription's own checks have run.
        await new Promise<void>((resolve) =>
          socket.subscribe({ query: '{ serverInfo { name } }' }, { next: () => undefined, error: () => resolve(), complete: () => resolve() }),
        );
        dispose();
        sent += 1;
        for (const problem of problemsOf(200, { errors })) failures.push({ problem, case: fuzzCase });
      }
      await socket.dispose();
      expect([role, closes.filter((code) => code !== 1000)]).toEqual([role, []]);
    }
    expect(sent).toBe(ROLES.length * WS_ROUNDS * rootFields(['Subscription']).length);
  }

});
