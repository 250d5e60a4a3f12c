import { addDays, daysBetween } from '../src/platform/calendar-dates';
import { ADMIN, CREATE_RESERVATION, blockDates, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';
import { seededRandom } from './support/seeded-random';

/**
 * One truth for "bookable at price P": searchStays lists a room exactly when a quote for the same stay has no
 * problems, at the quote's average nightly price. Generated stays (seeded) over properties with nights limits
 * from settings and rules, time zones on both sides of the date line, booking windows, blocks, inactive
 * rooms and properties, and an unverified host.
 */

const SETTINGS = `mutation ($propertyId: ID!, $input: PricingSettingsInput!) { updatePricingSettings(propertyId: $propertyId, input: $input) { minNights } }`;
const CREATE_RULE = `mutation ($input: PricingRuleInput!) { createPricingRule(input: $input) { id } }`;
const UPDATE_ROOM = `mutation ($id: ID!, $input: UpdateRoomInput!) { updateRoom(id: $id, input: $input) { id active } }`;
const UPDATE_PROPERTY = `mutation ($id: ID!, $input: UpdatePropertyInput!) { updateProperty(id: $id, input: $input) { id active bookingWindowDays } }`;
const SEARCH = `query ($input: SearchStaysInput!) {
  searchStays(input: $input) {
    totalCount
    edges { node { property { id } availableRoomCount minNightlyPrice { amount currency } maxNightlyPrice { amount } rooms { id } } }
  }
}`;
const QUOTE_FIELDS = 'bookable problems { code } currency lines { price { amount } }';
const QUOTE = `query ($input: QuoteInput!) { quote(input: $input) { ${QUOTE_FIELDS} } }`;

const averageNightly = (lines: { price: { amount: number } }[]) => {
  const total = lines.reduce((sum, line) => sum + line.price.amount, 0);
  return Math.floor((2 * total + lines.length) / (2 * lines.length)); // half up, as the engine
};

// 23:30 UTC on 10 March 2027: already 11 March in Kiritimati (UTC+14), still 10 March in Pago Pago (UTC−11).
const NOW = '2027-03-10T23:30:00Z';
const TODAY_UTC = '2027-03-10';
const CITY = 'Paridad';

describe('bookability: search and quote agree', () => {
  let server: TestServer;
  let host: TestHost;
  const rooms: { id: string; propertyId: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer({}, { clock: new TestClock(new Date(NOW)) });
    host = await createHost(server.client, 'Paridad Stays');
    const unverified = await createHost(server.client, 'Paridad Pending', { verified: false });
    const place = async (owner: TestHost, name: string, details: Record<string, unknown>, roomList: Record<string, unknown>[]) => {
      const property = await createProperty(server.client, owner.token, { name, address: { line1: 'x', city: CITY, country: 'ES' }, ...details });
      const created = [];
      for (const room of roomList) {
        const made = await createRoom(server.client, owner.token, property.id, room);
        rooms.push({ id: made.id, propertyId: property.id });
        created.push(made.id);
      }
      return { id: property.id, rooms: created };
    };
    const double = (name: string, amount: number, extra: Record<string, unknown> = {}) => ({
      name, roomType: { code: 'DOUBLE', label: 'Double' }, maxGuests: 2, includedGuests: 2, basePricePerNight: { amount, currency: 'EUR' }, ...extra,
    });
    const suite = (name: string, amount: number) => ({
      name, roomType: { code: 'SUITE', label: 'Suite' }, maxGuests: 4, includedGuests: 2, basePricePerNight: { amount, currency: 'EUR' },
    });

    // East of the date line, a short booking window, nights limits from settings and from rules.
    const east = await place(host, 'Kiritimati Lodge', { timeZone: 'Pacific/Kiritimati', bookingWindowDays: 60 }, [
      double('K double', 10_000), suite('K suite', 18_000), double('K closed', 9_000),
    ]);
    await server.client.data(SETTINGS, { propertyId: east.id, input: { minNights: 2, maxNights: 14 } }, host.token);
    const eastRules = [
      { name: 'Spring minimum', dates: { from: '2027-03-20', to: '2027-04-10' }, minNights: 4 },
      { name: 'Suites in April', roomTypeCode: 'SUITE', dates: { from: '2027-04-01', to: '2027-05-01' }, maxNights: 5 },
      { name: 'Weekends', weekdays: [5, 6], percentChange: 20 },
      { name: 'Easter', dates: { from: '2027-03-25', to: '2027-03-30' }, nightlyPrice: { amount: 22_000, currency: 'EUR' } },
    ];
    for (const rule of eastRules) await server.client.data(CREATE_RULE, { input: { propertyId: east.id, ...rule } }, host.token);
    await server.client.data(UPDATE_ROOM, { id: east.rooms[2], input: { active: false } }, host.token);
    await blockDates(server.client, host.token, east.rooms[0]!, '2027-03-15', '2027-03-18');

    // West of the date line, the default two-year window, a room rule with weekdays and a max-only rule.
    const west = await place(host, 'Pago Pago Inn', { timeZone: 'Pacific/Pago_Pago' }, [double('P double', 8_000), double('P twin', 8_500)]);
    const westRules = [
      { name: 'Twin Friday arrivals', roomId: west.rooms[1], dates: { from: '2027-03-01', to: '2027-06-01' }, weekdays: [5], minNights: 3 },
      { name: 'Summer cap', dates: { from: '2027-06-01', to: '2027-09-01' }, maxNights: 7 },
      { name: 'Summer', dates: { from: '2027-06-01', to: '2027-09-01' }, percentChange: 35.5 },
    ];
    for (const rule of westRules) await server.client.data(CREATE_RULE, { input: { propertyId: west.id, ...rule } }, host.token);
    await blockDates(server.client, host.token, west.rooms[0]!, '2028-12-20', '2029-01-05');

    // Madrid: no rules (search's fast path), a 400-day window.
    await place(host, 'Casa Paridad', { timeZone: 'Europe/Madrid', bookingWindowDays: 400 }, [suite('M suite', 15_000), double('M double', 7_777)]);
    // Hidden: an inactive property, and a pending host's property.
    const closed = await place(host, 'Closed House', {}, [double('C double', 5_000)]);
    await server.client.data(UPDATE_PROPERTY, { id: closed.id, input: { active: false } }, host.token);
    await place(unverified, 'Pending House', {}, [double('U double', 5_000)]);
  });
  afterAll(() => server.stop());

  /** Every room quoted, as the public; a room the public cannot see is NOT_FOUND. */
  async function quoteAll(stay: { checkIn: string; checkOut: string; guests: number }) {
    return Promise.all(
      rooms.map(async (room) => {
        const result = await server.client.request(QUOTE, { input: { roomId: room.id, ...stay } });
        const quote = (result.data?.['quote'] ?? null) as { bookable: boolean; problems: { code: string }[]; lines: { price: { amount: number } }[] } | null;
        return { room, error: result.errors?.[0]?.extensions?.code ?? null, quote };
      }),
    );
  }

  it('lists exactly the rooms a quote accepts, at the quote’s price, for generated stays', async () => {
    const random = seededRandom(20_270_310);
    const seen = new Map<string, number>();
    const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
    const CASES = 45;
    for (let n = 0; n < CASES; n += 1) {
      const start = random.pick([
        () => random.between(-1, 1), // today on one side of the date line, yesterday on the other
        () => random.between(2, 60),
        () => random.between(55, 65), // Kiritimati's 60-day window
        () => random.between(395, 405), // Madrid's 400 days
        () => random.between(715, 735), // the default 730 days
      ])();
      const nights = random.next() < 0.85 ? random.between(1, 16) : random.between(60, 120);
      const stay = { checkIn: addDays(TODAY_UTC, start), checkOut: addDays(TODAY_UTC, start + nights), guests: random.pick([1, 2, 2, 3, 4, 5]) };
      const label = `case ${n}: ${JSON.stringify(stay)}`;

      const quotes = await quoteAll(stay);
      const expected = new Map<string, { rooms: { id: string; nightly: number }[] }>();
      for (const { room, error, quote } of quotes) {
        if (error) {
          expect([label, error]).toEqual([label, 'NOT_FOUND']);
          count('NOT_FOUND');
          continue;
        }
        for (const problem of quote!.problems) count(problem.code);
        expect([label, quote!.bookable]).toEqual([label, quote!.problems.length === 0]);
        if (!quote!.bookable) continue;
        count('BOOKABLE');
        const entry = expected.get(room.propertyId) ?? { rooms: [] };
        entry.rooms.push({ id: room.id, nightly: averageNightly(quote!.lines) });
        expected.set(room.propertyId, entry);
      }

      const response = await server.client.request(SEARCH, { input: { ...stay, city: CITY, first: 50 } });
      // Search refuses some stays outright (a check-in in the past everywhere): then it lists nothing.
      const edges: any[] = response.errors ? [] : response.data!.searchStays.edges;
      if (response.errors) expect([label, response.errors[0]!.extensions?.code]).toEqual([label, 'BAD_USER_INPUT']);
      const listed = Object.fromEntries(
        edges.map((edge) => [
          edge.node.property.id,
          { rooms: edge.node.rooms.map((r: any) => r.id), count: edge.node.availableRoomCount, min: edge.node.minNightlyPrice.amount, max: edge.node.maxNightlyPrice.amount },
        ]),
      );
      const wanted = Object.fromEntries(
        [...expected].map(([propertyId, entry]) => {
          const sorted = [...entry.rooms].sort((a, b) => a.nightly - b.nightly || (a.id < b.id ? -1 : 1));
          const prices = sorted.map((r) => r.nightly);
          return [propertyId, { rooms: sorted.map((r) => r.id), count: sorted.length, min: Math.min(...prices), max: Math.max(...prices) }];
        }),
      );
      expect([label, listed]).toEqual([label, wanted]);
    }
    // The generator reached every kind of answer.
    for (const key of ['BOOKABLE', 'NOT_FOUND', 'UNAVAILABLE', 'MIN_NIGHTS', 'MAX_NIGHTS', 'TOO_MANY_GUESTS', 'CHECK_IN_IN_PAST', 'BEYOND_BOOKING_WINDOW']) {
      expect([key, (seen.get(key) ?? 0) > 0]).toEqual([key, true]);
    }
  }, 180_000); // several hundred requests: generous on a busy machine

  it('hides inactive rooms and properties from quotes, as every other path does; their host and admins still quote them', async () => {
    const stay = { checkIn: '2027-05-03', checkOut: '2027-05-06', guests: 2 };
    const property = await createProperty(server.client, host.token, { name: 'Hidden Quote', address: { line1: 'x', city: 'Oculto', country: 'ES' } });
    const room = await createRoom(server.client, host.token, property.id);
    const inactiveRoom = await createRoom(server.client, host.token, property.id, { name: 'Closed room' });
    await server.client.data(UPDATE_ROOM, { id: inactiveRoom.id, input: { active: false } }, host.token);

    const guest = await registerGuest(server.client);
    const QUOTE_WITH_ROOM = `query ($input: QuoteInput!) { quote(input: $input) { bookable problems { code } room { name property { name address { line1 } host { businessName } } } } }`;
    for (const token of [undefined, guest.accessToken]) {
      const hidden = await server.client.request(QUOTE_WITH_ROOM, { input: { roomId: inactiveRoom.id, ...stay } }, token);
      expect(hidden.data).toBeNull();
      expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const own = await server.client.data(QUOTE, { input: { roomId: inactiveRoom.id, ...stay } }, host.token);
    expect(own.quote).toMatchObject({ bookable: false, problems: [{ code: 'ROOM_INACTIVE' }] });

    await server.client.data(UPDATE_PROPERTY, { id: property.id, input: { active: false } }, host.token);
    for (const token of [undefined, guest.accessToken]) {
      expect((await server.client.error(QUOTE, { input: { roomId: room.id, ...stay } }, token)).extensions?.code).toBe('NOT_FOUND');
    }
    const admin = await signIn(server.client, ADMIN);
    const byAdmin = await server.client.data(QUOTE, { input: { roomId: room.id, ...stay } }, admin);
    expect(byAdmin.quote).toMatchObject({ bookable: false, problems: [{ code: 'ROOM_INACTIVE' }] });
    const booking = await server.client.error(CREATE_RESERVATION, { input: { roomId: room.id, ...stay } }, guest.accessToken);
    expect(booking.extensions?.code).toBe('NOT_FOUND');
  });

  describe('the booking window', () => {
    let propertyId: string;
    let roomId: string;
    // Madrid: 11 March 2027 at 00:30 when the clock reads 10 March 23:30 UTC.
    const today = '2027-03-11';

    beforeAll(async () => {
      const property = await createProperty(server.client, host.token, { name: 'Ventana', address: { line1: 'x', city: 'Ventana', country: 'ES' } });
      propertyId = property.id;
      roomId = (await createRoom(server.client, host.token, propertyId)).id;
    });

    it('defaults to two years and is validated', async () => {
      const { property } = await server.client.data(`query ($id: ID!) { property(id: $id) { bookingWindowDays } }`, { id: propertyId });
      expect(property.bookingWindowDays).toBe(730);
      for (const days of [0, 1826]) {
        const error = await server.client.error(UPDATE_PROPERTY, { id: propertyId, input: { bookingWindowDays: days } }, host.token);
        expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bookingWindowDays' });
      }
    });

    it('refuses stays ending beyond it in quotes, bookings and search, and year 9999', async () => {
      const guest = await registerGuest(server.client);
      const lastDay = addDays(today, 730);
      const within = { roomId, checkIn: addDays(lastDay, -3), checkOut: lastDay, guests: 2 };
      const beyond = { roomId, checkIn: addDays(lastDay, -2), checkOut: addDays(lastDay, 1), guests: 2 };
      expect((await server.client.data(QUOTE, { input: within })).quote.bookable).toBe(true);
      const late = (await server.client.data(QUOTE, { input: beyond })).quote;
      expect(late).toMatchObject({ bookable: false, problems: [{ code: 'BEYOND_BOOKING_WINDOW' }] });
      const far = (await server.client.data(QUOTE, { input: { roomId, checkIn: '9999-01-01', checkOut: '9999-01-05', guests: 2 } })).quote;
      expect(far.problems.map((p: any) => p.code)).toEqual(['BEYOND_BOOKING_WINDOW']);

      for (const input of [beyond, { roomId, checkIn: '9999-01-01', checkOut: '9999-01-05', guests: 2 }]) {
        const refused = await server.client.error(CREATE_RESERVATION, { input }, guest.accessToken);
        expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkOut' });
      }
      const search = async ({ checkIn, checkOut }: { checkIn: string; checkOut: string }) =>
        (await server.client.data(SEARCH, { input: { checkIn, checkOut, guests: 2, city: 'Ventana' } })).searchStays.totalCount;
      expect(await search(within)).toBe(1);
      expect(await search(beyond)).toBe(0);
      expect(await search({ checkIn: '9999-01-01', checkOut: '9999-01-05' })).toBe(0);

      // A shorter window applies at once; the booking inside it goes through.
      await server.client.data(UPDATE_PROPERTY, { id: propertyId, input: { bookingWindowDays: 30 } }, host.token);
      expect(await search(within)).toBe(0);
      const soon = { roomId, checkIn: addDays(today, 27), checkOut: addDays(today, 30), guests: 2 };
      expect(daysBetween(today, soon.checkOut)).toBe(30);
      expect((await server.client.data(CREATE_RESERVATION, { input: soon }, guest.accessToken)).createReservation.status).toBe('PENDING');
    });
  });
});
