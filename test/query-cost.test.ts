import { getIntrospectionQuery } from 'graphql';
import type { Client } from 'graphql-ws';
import { createHost, createProperty, createRoom, daysFromNow } from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

/** The attack from issue 11: every property's reviews, with both page sizes passed as variables. */
const REVIEWS_OF_EVERY_PROPERTY = `query Reviews($properties: Int, $reviews: Int) {
  properties(first: $properties) { edges { node { name reviews(first: $reviews) { edges { node { id rating text } } } } } }
}`;
const REVIEWS_LITERAL = (properties: number, reviews: number) => `query Reviews {
  properties(first: ${properties}) { edges { node { name reviews(first: ${reviews}) { edges { node { id rating text } } } } } }
}`;

/** What a web front end sends for a results page: 20 stays with photos and rooms. */
const SEARCH_PAGE = `query SearchPage($input: SearchStaysInput!) {
  searchStays(input: $input) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        availableRoomCount
        minNightlyPrice { formatted }
        maxNightlyPrice { formatted }
        property { id name slug rating photos { url altText } }
        rooms { id name maxGuests basePricePerNight { formatted } }
      }
    }
  }
}`;

interface Refusal {
  status?: number;
  code: unknown;
  cost: unknown;
  maxCost: unknown;
}

/** One operation over graphql-ws: its first error (or 'ok'), on a socket that stays open. */
function overWebSocket(socket: Client, query: string, variables: Record<string, unknown> = {}): Promise<Refusal | 'ok'> {
  let timer: NodeJS.Timeout | undefined;
  return new Promise<Refusal | 'ok'>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('no answer over graphql-ws')), 5_000);
    socket.subscribe(
      { query, variables },
      {
        next: (result) => resolve(result.errors ? refusalOf(result.errors) : 'ok'),
        error: (errors) => resolve(refusalOf(errors as { extensions?: Record<string, unknown> }[])),
        complete: () => undefined,
      },
    );
  }).finally(() => clearTimeout(timer));
}

const refusalOf = (errors: readonly { extensions?: Record<string, unknown> }[]): Refusal => {
  const extensions = errors[0]?.extensions ?? {};
  return { code: extensions['code'], cost: extensions['cost'], maxCost: extensions['maxCost'] };
};

describe('query cost from the variables', () => {
  let server: TestServer;
  let socket: Client;
  beforeAll(async () => {
    server = await startTestServer();
    const host = await createHost(server.client);
    for (const name of ['Costly One', 'Costly Two']) {
      const property = await createProperty(server.client, host.token, { name, address: { line1: 'Rua 1', city: 'Porto', country: 'PT' } });
      await createRoom(server.client, host.token, property.id, { name: `${name} room` });
    }
    socket = server.client.webSocket();
  });
  afterAll(async () => {
    await socket.dispose();
    await server.stop();
  });

  const overHttp = async (query: string, variables: Record<string, unknown> = {}): Promise<Refusal | 'ok'> => {
    const result = await server.client.request(query, variables);
    if (!result.errors) return 'ok';
    return { status: result.status, ...refusalOf(result.errors as { extensions?: Record<string, unknown> }[]) };
  };

  it('refuses 100 properties × 100 reviews passed as variables, over HTTP and graphql-ws, with the cost and the limit', async () => {
    const variables = { properties: 100, reviews: 100 };
    // 1 connection + 100 × (edge + property + reviews connection + 100 × (edge + review)).
    const expected = { code: 'QUERY_TOO_COSTLY', cost: 20_301, maxCost: 10_000 };
    expect(await overHttp(REVIEWS_OF_EVERY_PROPERTY, variables)).toEqual({ status: 400, ...expected });
    expect(await overWebSocket(socket, REVIEWS_OF_EVERY_PROPERTY, variables)).toEqual(expected);
    // The socket stays usable, and a smaller page of the same query runs.
    expect(await overWebSocket(socket, REVIEWS_OF_EVERY_PROPERTY, { properties: 20, reviews: 20 })).toBe('ok');
    expect(await overHttp(REVIEWS_OF_EVERY_PROPERTY, { properties: 20, reviews: 20 })).toBe('ok');
  });

  it('costs the same query the same with literals and with variables', async () => {
    const literal = await overHttp(REVIEWS_LITERAL(100, 60));
    const variables = await overHttp(REVIEWS_OF_EVERY_PROPERTY, { properties: 100, reviews: 60 });
    expect(literal).toEqual({ status: 400, code: 'QUERY_TOO_COSTLY', cost: 1 + 100 * (3 + 60 * 2), maxCost: 10_000 });
    expect(variables).toEqual(literal);
    expect(await overWebSocket(socket, REVIEWS_LITERAL(100, 60))).toEqual(await overWebSocket(socket, REVIEWS_OF_EVERY_PROPERTY, { properties: 100, reviews: 60 }));
  });

  it('counts lists without first (a property\'s rooms) at the default size, and multiplies nested lists', async () => {
    const query = `query ($n: Int) {
      properties(first: $n) { edges { node { rooms { basePricePerNight { amount } } reviews(first: $n) { edges { node { id } } } } } }
    }`;
    // 1 + 100 × (edge + property + 10 rooms × (room + money) + reviews connection + 100 × (edge + review)).
    expect(await overHttp(query, { n: 100 })).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 1 + 100 * (2 + 10 * 2 + 1 + 100 * 2) });
    // The same lists without the reviews fit: rooms alone never made it expensive.
    expect(await overHttp('{ properties(first: 100) { edges { node { rooms { basePricePerNight { amount } } photos { url } } } } }')).toBe('ok');
  });

  it('lets a web front end\'s search page through (20 results with their photos and rooms)', async () => {
    const input = { checkIn: daysFromNow(40), checkOut: daysFromNow(43), guests: 2, city: 'Porto', first: 20 };
    const result = await server.client.data<{ searchStays: { totalCount: number } }>(SEARCH_PAGE, { input });
    expect(result.searchStays.totalCount).toBe(2);
    expect(await overWebSocket(socket, SEARCH_PAGE, { input })).toBe('ok');
  });

  it('answers a syntax error over graphql-ws with GRAPHQL_PARSE_FAILED, now that onSubscribe parses, and keeps the socket', async () => {
    expect(await overWebSocket(socket, '{ serverInfo { ')).toEqual({ code: 'GRAPHQL_PARSE_FAILED', cost: undefined, maxCost: undefined });
    expect(await overWebSocket(socket, '{ serverInfo { name } }')).toBe('ok');
  });

  it('keeps introspection (the explorer) working, and fragments spread into each other cannot blow up the count', async () => {
    const introspection = await server.client.data<{ __schema: { types: unknown[] } }>(getIntrospectionQuery());
    expect(introspection.__schema.types.length).toBeGreaterThan(50);

    // 2^25 paths through the fragments if each spread were walked again; costed once per fragment instead.
    const levels = 25;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Property { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const query = `{ properties(first: 100) { edges { node { ...F0 } } } }\n${fragments}\nfragment F${levels} on Property { rooms { id } }`;
    const started = performance.now();
    const answer = await overHttp(query);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(answer).toMatchObject({ code: 'QUERY_TOO_COSTLY', status: 400 });
  });
});
