import { makeExecutableSchema } from '@graphql-tools/schema';
import { buildSchema, loadTypeDefs } from '../src/server/schema';
import { listSizeArgumentsWithoutCap } from '../src/server/page-size';
import { adminToken, createHost, createProperty, daysFromNow } from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

describe('list sizes in the schema', () => {
  it('caps every argument that sizes a list (@pageSize), wherever it is', () => {
    expect(listSizeArgumentsWithoutCap(buildSchema())).toEqual([]);
  });

  it('would notice a size argument without the cap: by name, on a list field, or inside an input', () => {
    const schema = makeExecutableSchema({
      typeDefs: [
        ...loadTypeDefs(),
        `input PageIn { take: Int, label: String }
         extend type Query { things(max: Int, page: PageIn): [Int!]! @public  sized(first: Int @pageSize): [Int!]! @public }`,
      ],
    });
    expect(listSizeArgumentsWithoutCap(schema)).toEqual(['Query.things(max)', 'Query.things(page.take)']);
  });
});

describe('the page-size cap through the server', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await adminToken(server.client);
    const host = await createHost(server.client);
    await createProperty(server.client, host.token, { name: 'Capped House' });
  });
  afterAll(() => server.stop());

  const refusal = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const result = await server.client.request(query, variables, token);
    return { status: result.status, code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field, message: result.errors?.[0]?.message };
  };

  it('refuses first beyond 100 or below 1, from a literal or a variable, naming the argument', async () => {
    const literal = await refusal('{ properties(first: 101) { totalCount } }');
    expect(literal).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', message: 'first must be between 1 and 100' });
    expect(await refusal('query ($n: Int) { properties(first: $n) { totalCount } }', { n: 10_000 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await refusal('{ properties(first: 0) { totalCount } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const edge = await server.client.data<{ properties: { edges: unknown[] } }>('{ properties(first: 100) { edges { node { id } } } }');
    expect(edge.properties.edges.length).toBeGreaterThan(0);
  });

  it('caps a nested connection (a property\'s reviews) and a size inside an input object (searchStays)', async () => {
    const nested = await server.client.request('query ($n: Int) { properties(first: 1) { edges { node { reviews(first: $n) { totalCount } } } } }', { n: 101 });
    expect(nested.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(nested.errors?.[0]?.path).toEqual(['properties', 'edges', 0, 'node', 'reviews']);
    const input = { checkIn: daysFromNow(30), checkOut: daysFromNow(32), guests: 2, first: 500 };
    expect(await refusal('query ($input: SearchStaysInput!) { searchStays(input: $input) { totalCount } }', { input })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
  });

  it('caps a plain list that never went through pagination (maintenanceRuns), for admins too', async () => {
    expect(await refusal('{ maintenanceRuns(first: 101) { id } }', {}, admin)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await refusal('{ maintenanceRuns(first: 100000) { id } }', {}, admin)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await server.client.data('{ maintenanceRuns(first: 100) { id } }', {}, admin)).toEqual({ maintenanceRuns: expect.any(Array) });
  });
});
