import { createHost, createProperty, createRoom } from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

const NESTED = `query ($first: Int, $host: String) {
  properties(first: $first, filter: { host: $host }) {
    edges { node {
      name
      host { businessName properties { slug } }
      rooms { name basePricePerNight { amount currency } property { slug host { slug } } }
    } }
  }
}`;

describe('dataloaders', () => {
  let server: TestServer;
  let statements: string[] = [];
  let hostSlug: string;

  beforeAll(async () => {
    // The rate limiter's own counter statements come in batches, not per row: they are not what this counts.
    server = await startTestServer({}, { onQuery: (sql) => /rate_limit_points/.test(sql) || statements.push(sql) });
    const hosts = [await createHost(server.client), await createHost(server.client), await createHost(server.client)];
    hostSlug = 'shared-by-fifty';
    // 50 properties, two rooms each, spread over three hosts (one of them filtered on by slug below).
    await server.app.db.query(`UPDATE host_profiles SET slug = $1 WHERE id = $2`, [hostSlug, hosts[0]!.hostProfileId]);
    for (let i = 0; i < 50; i += 1) {
      const host = hosts[i % 3]!;
      const property = await createProperty(server.client, host.token, { name: `Count ${i}` });
      await createRoom(server.client, host.token, property.id, { name: `Room ${i}a` });
      await createRoom(server.client, host.token, property.id, { name: `Room ${i}b` });
    }
  });
  afterAll(() => server.stop());

  async function statementsFor(first: number, host?: string): Promise<{ count: number; properties: number }> {
    statements = [];
    const data = await server.client.data(NESTED, { first, host });
    return { count: statements.length, properties: data.properties.edges.length };
  }

  it('runs the same number of statements for 5 properties as for 50', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect([small.properties, large.properties]).toEqual([5, 50]);
    expect(large.count).toBe(small.count);
    // page + hosts + rooms + host→properties: a handful, not one per row (no COUNT: totalCount is not asked for).
    expect(large.count).toBeLessThanOrEqual(7);
    expect(statements.filter((sql) => /COUNT\(/i.test(sql))).toEqual([]);
  });

  const PAGE = `query ($first: Int) {
    properties(first: $first) {
      edges { node { id name rooms { id name basePricePerNight { amount currency } } host { id businessName } } }
    }
  }`;

  async function pageStatements(first: number, token?: string): Promise<{ count: number; rooms: number }> {
    statements = [];
    const data = await server.client.data(PAGE, { first }, token);
    const edges = data.properties.edges as { node: { rooms: unknown[]; host: { id: string } } }[];
    expect(edges).toHaveLength(first);
    expect(edges.every(({ node }) => node.host.id)).toBe(true);
    return { count: statements.length, rooms: edges.reduce((sum, { node }) => sum + node.rooms.length, 0) };
  }

  it('reads a page with its rooms and hosts in one statement, for 5 properties as for 50', async () => {
    const small = await pageStatements(5);
    const large = await pageStatements(50);
    expect([small.rooms, large.rooms]).toEqual([10, 100]);
    expect([small.count, large.count]).toEqual([1, 1]);
  });

  it('adds only the viewer lookups when signed in (the account, and whether it hosts these properties)', async () => {
    const host = await createHost(server.client);
    await pageStatements(1, host.token); // the account, read once into the instance's account cache
    const small = await pageStatements(5, host.token);
    const large = await pageStatements(50, host.token);
    expect(large.count).toBe(small.count);
    // The account comes from the cache; hostProfileByUserId for the rooms' visibility rule, and the page
    // itself in one statement.
    expect(large.count).toBe(2);
    expect(statements.filter((sql) => /FROM "?properties"? "?property"?/i.test(sql))).toHaveLength(1);
  });

  it('counts the list only when totalCount is selected', async () => {
    statements = [];
    const counted = await server.client.data(`{ properties(first: 3) { totalCount edges { node { name } } } }`);
    expect(counted.properties.totalCount).toBeGreaterThanOrEqual(50);
    expect(statements.filter((sql) => /COUNT\(/i.test(sql))).toHaveLength(1);
    statements = [];
    await server.client.data(`{ properties(first: 3) { edges { node { name } } } }`);
    expect(statements).toHaveLength(1);
  });

  it('does not grow with the list under a filter either', async () => {
    const small = await statementsFor(2, hostSlug);
    const large = await statementsFor(17, hostSlug);
    expect(large.properties).toBe(17);
    expect(large.count).toBe(small.count);
  });
});
