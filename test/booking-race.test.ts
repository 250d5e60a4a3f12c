import { createHost, createProperty, createRoom, daysFromNow } from './support/fixtures';
import { registerGuest, type GraphQLResponse } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';

const BOOK = `mutation ($input: CreateReservationInput!) { createReservation(input: $input) { id checkIn checkOut room { id } } }`;

describe('booking under concurrency', () => {
  let server: TestServer;
  let tokens: string[];
  let propertyId: string;
  let hostToken: string;

  beforeAll(async () => {
    server = await startTestServer();
    const host = await createHost(server.client);
    propertyId = (await createProperty(server.client, host.token, { name: 'Hot Property', kind: 'HOTEL' })).id;
    tokens = [];
    for (let i = 0; i < 5; i += 1) tokens.push((await registerGuest(server.client)).accessToken);
    hostToken = host.token;
  });
  afterAll(() => server.stop());

  const race = (inputs: Record<string, unknown>[]) =>
    Promise.all(inputs.map((input, i) => server.client.request(BOOK, { input: { guests: 1, ...input } }, tokens[i % tokens.length])));

  function outcome(results: GraphQLResponse[]) {
    const won = results.filter((r) => r.data?.['createReservation']);
    const codes = results.filter((r) => r.errors).map((r) => r.errors![0]!.extensions?.code);
    return { won, codes, statuses: new Set(results.map((r) => r.status)) };
  }

  it('50 simultaneous bookings of the same room and dates: exactly one wins, 49 get CONFLICT', async () => {
    const room = await createRoom(server.client, hostToken, propertyId, { name: 'Hot room' });
    const results = await race(Array.from({ length: 50 }, () => ({ roomId: room.id, checkIn: daysFromNow(30), checkOut: daysFromNow(33) })));
    const { won, codes, statuses } = outcome(results);
    expect(won).toHaveLength(1);
    expect(codes).toEqual(Array(49).fill('CONFLICT'));
    expect([...statuses].every((status) => status < 500)).toBe(true);
    const [{ count }] = await server.app.db.query(`SELECT count(*)::int AS count FROM reservations WHERE room_id = $1`, [room.id]);
    expect(count).toBe(1);
  }, 60_000);

  it('overlapping but different ranges: the winners never overlap, everyone else gets CONFLICT', async () => {
    const room = await createRoom(server.client, hostToken, propertyId, { name: 'Busy room' });
    // 40 racers, each 1–5 nights starting somewhere in a 20-day window: plenty of partial overlaps.
    const inputs = Array.from({ length: 40 }, (_, i) => {
      const start = 40 + ((i * 7) % 20);
      return { roomId: room.id, checkIn: daysFromNow(start), checkOut: daysFromNow(start + 1 + (i % 5)) };
    });
    const { won, codes, statuses } = outcome(await race(inputs));
    expect(won.length).toBeGreaterThan(1);
    expect(codes.every((code) => code === 'CONFLICT')).toBe(true);
    expect(won.length + codes.length).toBe(40);
    expect([...statuses].every((status) => status < 500)).toBe(true);
    const stays = won.map((r) => r.data!['createReservation']).sort((a: any, b: any) => (a.checkIn < b.checkIn ? -1 : 1));
    for (let i = 1; i < stays.length; i += 1) expect(stays[i].checkIn >= stays[i - 1].checkOut).toBe(true);
    const [{ overlapping }] = await server.app.db.query(
      `SELECT count(*)::int AS overlapping FROM reservations a JOIN reservations b ON a.room_id = b.room_id AND a.id < b.id
        WHERE a.room_id = $1 AND daterange(a.check_in, a.check_out) && daterange(b.check_in, b.check_out)`,
      [room.id],
    );
    expect(overlapping).toBe(0);
  }, 60_000);

  it('bookings by room type spread over the free rooms without deadlocks', async () => {
    const hotel = (await createProperty(server.client, hostToken, { name: 'Typed Hotel', kind: 'HOTEL' })).id;
    for (const name of ['T1', 'T2', 'T3']) {
      await createRoom(server.client, hostToken, hotel, { name, roomType: { code: 'TWIN', label: 'Twin' }, maxGuests: 2 });
    }
    const results = await race(Array.from({ length: 20 }, () => ({ propertyId: hotel, roomType: 'TWIN', checkIn: daysFromNow(70), checkOut: daysFromNow(72) })));
    const { won, codes, statuses } = outcome(results);
    expect(won).toHaveLength(3);
    expect(new Set(won.map((r) => r.data!['createReservation'].room.id)).size).toBe(3);
    expect(codes).toEqual(Array(17).fill('CONFLICT'));
    expect([...statuses].every((status) => status < 500)).toBe(true);
  }, 60_000);
});
