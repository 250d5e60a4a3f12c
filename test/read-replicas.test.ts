import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { loadConfig } from '../src/config';
import { GraphQLTestClient, registerGuest } from './support/graphql-client';
import { type SpawnedServer, spawnServer } from './support/spawned-server';
import { startStreamingReplica, type StreamingReplica } from './support/streaming-replica';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * DATABASE_READ_URLS against a real hot standby streaming from its own primary. Replay is paused on the
 * replica to make lag as long as the test wants: what a read returns then says which server answered it.
 */

const SEARCH = `query ($input: SearchStaysInput!) { searchStays(input: $input) { totalCount edges { node { property { name } } } } }`;
const LIST = `query ($city: String!) { properties(filter: { city: $city }) { totalCount edges { node { name rooms { name } } } } }`;
const PAGE = `query ($slug: String!) { property(slug: $slug) { name } }`;
const QUOTE = `query ($input: QuoteInput!) { quote(input: $input) { bookable total { amount } lines { price { amount } } } }`;
const UPDATE_ROOM = `mutation ($id: ID!, $input: UpdateRoomInput!) { updateRoom(id: $id, input: $input) { id } }`;
const UPDATE_PROPERTY = `mutation ($id: ID!, $input: UpdatePropertyInput!) { updateProperty(id: $id, input: $input) { id name } }`;
const MY_RESERVATIONS = `{ myReservations(scope: ALL) { totalCount edges { node { id } } } }`;
const RESERVATION = `query ($id: ID!) { reservation(id: $id) { id status } }`;
const STATS = `query ($from: Date!, $to: Date!, $propertyId: ID) { stats(from: $from, to: $to, propertyId: $propertyId) { reservationsByStatus { status count } } }`;

jest.setTimeout(120_000);

describe('read replicas (DATABASE_READ_URLS) with a streaming replica', () => {
  let replica: StreamingReplica;
  let server: TestServer;
  let host: TestHost;
  let cities = 0;
  const checkIn = daysFromNow(30);
  const checkOut = daysFromNow(33);

  beforeAll(async () => {
    replica = await startStreamingReplica();
    server = await startTestServer({ ...adminEnv, DATABASE_READ_URLS: replica.replicaUrl }, { databaseUrl: replica.primaryUrl });
    host = await createHost(server.client, 'Replica Stays');
    await replica.caughtUp();
  });
  afterAll(async () => {
    await server?.stop();
    await replica?.stop();
  });
  afterEach(async () => {
    // A failed test must not leave the replica paused for the next one.
    await replica?.resumeReplay();
  });

  /** A public property with one room in a city of its own, so that each test counts only its own. */
  async function publish(name: string, price = 10_000) {
    const city = `Replica City ${++cities} ${Date.now()}`;
    const property = await createProperty(server.client, host.token, { name, address: { line1: 'x', city, country: 'ES' } });
    const room = await createRoom(server.client, host.token, property.id, { name: `${name} room`, maxGuests: 2, basePricePerNight: { amount: price, currency: 'EUR' } });
    return { city, property, room };
  }

  const search = async (city: string) =>
    (await server.client.data(SEARCH, { input: { checkIn, checkOut, guests: 2, city } })).searchStays as { totalCount: number; edges: { node: { property: { name: string } } }[] };
  const list = async (city: string, token?: string) =>
    (await server.client.data(LIST, { city }, token)).properties as { totalCount: number; edges: { node: { name: string; rooms: { name: string }[] } }[] };
  const page = async (slug: string, token?: string) => (await server.client.data(PAGE, { slug }, token)).property as { name: string } | null;

  it('sends search and the public catalog (list, total, page) to the replica: a property published while replay is paused shows only once it replays', async () => {
    await replica.pauseReplay();
    const { city, property } = await publish('Casa Lag');

    expect((await search(city)).totalCount).toBe(0);
    expect(await list(city)).toEqual({ totalCount: 0, edges: [] });
    expect(await page(property.slug)).toBeNull();
    // A signed-in guest reads the replica as the public does.
    const guest = await registerGuest(server.client);
    expect(await page(property.slug, guest.accessToken)).toBeNull();
    // Its host reads the primary: what they just published is there at once.
    expect((await page(property.slug, host.token))?.name).toBe('Casa Lag');
    expect((await list(city, host.token)).totalCount).toBe(1);

    await replica.resumeReplay();
    expect((await search(city)).edges.map((edge) => edge.node.property.name)).toEqual(['Casa Lag']);
    expect(await list(city)).toEqual({ totalCount: 1, edges: [{ node: { name: 'Casa Lag', rooms: [{ name: 'Casa Lag room' }] } }] });
    expect((await page(property.slug))?.name).toBe('Casa Lag');
  });

  it('shows a host the edit they just saved (primary) while the public still sees the replica\'s copy', async () => {
    const { property } = await publish('Casa Antes');
    await replica.caughtUp();
    await replica.pauseReplay();
    await server.client.data(UPDATE_PROPERTY, { id: property.id, input: { name: 'Casa Despues' } }, host.token);
    expect((await page(property.slug, host.token))?.name).toBe('Casa Despues');
    expect((await page(property.slug))?.name).toBe('Casa Antes');
    await replica.resumeReplay();
    expect((await page(property.slug))?.name).toBe('Casa Despues');
  });

  it('keeps bookings, myReservations, the reservation and quotes on the primary while the replica lags', async () => {
    const { room } = await publish('Casa Reserva', 10_000);
    await replica.caughtUp();
    await replica.pauseReplay();
    const guest = await registerGuest(server.client);

    const booked = (await server.client.data(CREATE_RESERVATION, { input: { roomId: room.id, guests: 2, checkIn, checkOut } }, guest.accessToken)).createReservation;
    const mine = (await server.client.data(MY_RESERVATIONS, {}, guest.accessToken)).myReservations;
    expect(mine.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([booked.id]);
    expect((await server.client.data(RESERVATION, { id: booked.id }, guest.accessToken)).reservation).toEqual({ id: booked.id, status: 'PENDING' });

    // A new price is quoted at once: a quote from the lagging replica would disagree with the booking.
    await server.client.data(UPDATE_ROOM, { id: room.id, input: { basePricePerNight: { amount: 12_500, currency: 'EUR' } } }, host.token);
    const quote = (await server.client.data(QUOTE, { input: { roomId: room.id, checkIn: daysFromNow(40), checkOut: daysFromNow(42), guests: 2 } })).quote;
    expect(quote.bookable).toBe(true);
    expect(quote.lines.map((line: { price: { amount: number } }) => line.price.amount)).toEqual([12_500, 12_500]);
  });

  it('reads stats from the replica', async () => {
    const { property, room } = await publish('Casa Cifras');
    await replica.caughtUp();
    const figures = async () => {
      const { stats } = await server.client.data(STATS, { from: daysFromNow(0), to: daysFromNow(60), propertyId: property.id }, host.token);
      return (stats.reservationsByStatus as { status: string; count: number }[]).find((row) => row.status === 'PENDING')!.count;
    };
    await replica.pauseReplay();
    const guest = await registerGuest(server.client);
    await server.client.data(CREATE_RESERVATION, { input: { roomId: room.id, guests: 2, checkIn, checkOut } }, guest.accessToken);
    expect(await figures()).toBe(0);
    await replica.resumeReplay();
    expect(await figures()).toBe(1);
  });

  it('answers from the primary while the replica is down, starts without it (warning once), and goes back to it once it answers', async () => {
    await replica.stopReplica();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'staygraph-replica-instance-'));
    let second: SpawnedServer | undefined;
    let replicaUp = false;
    try {
      // Written while the replica is down: only the primary has it.
      const { city } = await publish('Casa Caida');
      expect((await search(city)).totalCount).toBe(1);
      expect((await list(city)).totalCount).toBe(1);

      // Another instance (npm start) starts while the replica refuses connections and serves reads from the primary.
      second = spawnServer({
        NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', CRON_ENABLED: 'false', EXPLORER_ENABLED: 'false',
        JWT_SECRET: 'a-test-secret-of-at-least-thirty-two-characters', DATABASE_URL: replica.primaryUrl, DATABASE_READ_URLS: replica.replicaUrl,
        RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE: '100000',
      });
      const listening = await second.waitFor(/staygraph is listening/, 90_000);
      const secondClient = new GraphQLTestClient(new URL(JSON.parse(listening).url as string).origin);
      const searchOnSecond = async (inCity: string) =>
        (await secondClient.data(SEARCH, { input: { checkIn, checkOut, guests: 2, city: inCity } })).searchStays.totalCount as number;
      expect(second.output()).toMatch(/read replica not answering at start/);
      // The replicas rest 5 s after a failure; both rounds fail over, and the warning is logged once.
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < 3; i += 1) expect(await searchOnSecond(city)).toBe(1);
        if (round === 0) await new Promise((resolve) => setTimeout(resolve, 5_500));
      }
      expect(second.output().match(/a read replica did not answer/g)).toHaveLength(1);

      await replica.startReplica();
      replicaUp = true;
      await replica.caughtUp();
      await replica.pauseReplay();
      const later = await publish('Casa Vuelta');
      // Once the rest is over, reads go back to the replica (the paused one lacks Casa Vuelta) on both instances.
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expect((await search(later.city)).totalCount).toBe(0);
      expect(await searchOnSecond(later.city)).toBe(0);
    } finally {
      second?.child.kill('SIGTERM');
      await second?.exited;
      await rm(dataDir, { recursive: true, force: true });
      if (!replicaUp) await replica.startReplica();
    }
  });
});

describe('DATABASE_READ_URLS validation', () => {
  const load = (value?: string) => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), ...(value === undefined ? {} : { DATABASE_READ_URLS: value }) });

  it.each(['mysql://db/staygraph', 'not a url', 'postgres://a:5432/staygraph, http://b/staygraph'])('refuses %p', (value) => {
    expect(() => load(value)).toThrow(/DATABASE_READ_URLS: must be a comma-separated list of postgres:\/\/ URLs/);
  });

  it('reads a comma-separated list; unset or empty means no replicas', () => {
    expect(load(' postgres://a:5432/staygraph ,postgresql://b/staygraph ').databaseReadUrls).toEqual(['postgres://a:5432/staygraph', 'postgresql://b/staygraph']);
    expect(load('').databaseReadUrls).toEqual([]);
    expect(load().databaseReadUrls).toEqual([]);
  });
});
