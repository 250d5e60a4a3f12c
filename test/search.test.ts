import { adminEnv, blockDates, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';

const SEARCH = `query ($input: SearchStaysInput!) {
  searchStays(input: $input) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      property { slug name }
      availableRoomCount
      minNightlyPrice { amount currency formatted }
      maxNightlyPrice { amount currency }
      rooms { name }
    } }
  }
}`;

describe('searchStays', () => {
  let server: TestServer;
  let host: TestHost;
  const checkIn = daysFromNow(20);
  const checkOut = daysFromNow(27);

  beforeAll(async () => {
    server = await startTestServer(adminEnv);
    host = await createHost(server.client, 'Search Stays');
    const place = async (name: string, city: string, extra: Record<string, unknown>, rooms: Array<Record<string, unknown>>) => {
      const { country = 'ES', ...details } = extra;
      const property = await createProperty(server.client, host.token, { name, address: { line1: 'x', city, country }, ...details });
      const created = [];
      for (const room of rooms) created.push(await createRoom(server.client, host.token, property.id, room));
      return { property, rooms: created };
    };
    // Nerja: a house (4 guests, 150/night) blocked mid-stay, and a homestay with two rooms.
    const house = await place('Casa Azul', 'Nerja', { kind: 'HOUSE', amenities: ['pool', 'wifi'] }, [
      { name: 'Whole house', maxGuests: 4, basePricePerNight: { amount: 15000, currency: 'EUR' } },
    ]);
    await blockDates(server.client, host.token, house.rooms[0]!.id, daysFromNow(23), daysFromNow(24));
    const homestay = await place('Casa Rosa', 'Nerja', { kind: 'HOMESTAY', amenities: ['wifi'] }, [
      { name: 'Rose room', maxGuests: 2, basePricePerNight: { amount: 6000, currency: 'EUR' }, amenities: ['balcony'] },
      { name: 'Garden room', maxGuests: 3, basePricePerNight: { amount: 8000, currency: 'EUR' } },
    ]);
    // A stay that ends on check-in day (same-day turnover) does not get in the way.
    await blockDates(server.client, host.token, homestay.rooms[1]!.id, daysFromNow(15), checkIn);
    await place('Hotel Mar', 'NERJA', { kind: 'HOTEL', amenities: ['wifi', 'breakfast'] }, [
      { name: 'Double', maxGuests: 2, basePricePerNight: { amount: 9900, currency: 'EUR' } },
      { name: 'Suite', maxGuests: 4, basePricePerNight: { amount: 25000, currency: 'EUR' } },
    ]);
    await place('Alfama Loft', 'Lisboa', { kind: 'APARTMENT', country: 'PT' }, [
      { name: 'Loft', maxGuests: 2, basePricePerNight: { amount: 7000, currency: 'EUR' } },
    ]);
    await place('Ubud Villa', 'Ubud', { kind: 'RESORT', country: 'ID', currency: 'IDR' }, [
      { name: 'Villa', maxGuests: 6, basePricePerNight: { amount: 1_500_000, currency: 'IDR' } },
    ]);
  });
  afterAll(() => server.stop());

  const search = async (input: Record<string, unknown>, token?: string) =>
    (await server.client.data(SEARCH, { input: { checkIn, checkOut, guests: 2, ...input } }, token)).searchStays;
  const slugs = (result: any) => result.edges.map((e: any) => e.node.property.slug);

  it('returns only rooms free for the whole stay that fit the guests, cheapest first', async () => {
    const result = await search({ city: 'nerja' });
    expect(slugs(result)).toEqual(['casa-rosa', 'hotel-mar']);
    expect(result.totalCount).toBe(2);
    const rosa = result.edges[0].node;
    expect(rosa).toMatchObject({
      availableRoomCount: 2,
      minNightlyPrice: { amount: 6000, currency: 'EUR', formatted: '€60.00' },
      maxNightlyPrice: { amount: 8000 },
      rooms: [{ name: 'Rose room' }, { name: 'Garden room' }],
    });
    const forThree = await search({ city: 'Nerja', guests: 3 });
    expect(forThree.edges.map((e: any) => [e.node.property.slug, e.node.rooms.map((r: any) => r.name)])).toEqual([
      ['casa-rosa', ['Garden room']],
      ['hotel-mar', ['Suite']],
    ]);
  });

  it('gives each room type its free rooms and prices for the dates, cheapest type first', async () => {
    // In francs and of its own kind, so that the other tests' filters never see it.
    const hotel = await createProperty(server.client, host.token, { name: 'Hotel Tipos', kind: 'RESORT', currency: 'CHF', address: { line1: 'x', city: 'Tiposville', country: 'CH' } });
    const room = (name: string, code: string, label: string, amount: number) =>
      createRoom(server.client, host.token, hotel.id, { name, roomType: { code, label }, maxGuests: 2, basePricePerNight: { amount, currency: 'CHF' } });
    await room('Suite 1', 'SUITE', 'Suite', 25_000);
    await room('Double 1', 'DOUBLE', 'Double room', 11_000);
    await room('Double 2', 'DOUBLE', 'Double room', 9_000);
    const taken = await room('Double 3', 'DOUBLE', 'Double room', 5_000);
    await blockDates(server.client, host.token, taken.id, daysFromNow(22), daysFromNow(23));
    const result = await server.client.data(
      `query ($input: SearchStaysInput!) { searchStays(input: $input) { edges { node { availableRoomCount
        roomTypes { roomType { code label } availableRoomCount minNightlyPrice { amount currency } maxNightlyPrice { amount } } } } } }`,
      { input: { checkIn, checkOut, guests: 2, city: 'Tiposville' } },
    );
    expect(result.searchStays.edges[0].node).toEqual({
      availableRoomCount: 3,
      roomTypes: [
        { roomType: { code: 'DOUBLE', label: 'Double room' }, availableRoomCount: 2, minNightlyPrice: { amount: 9_000, currency: 'CHF' }, maxNightlyPrice: { amount: 11_000 } },
        { roomType: { code: 'SUITE', label: 'Suite' }, availableRoomCount: 1, minNightlyPrice: { amount: 25_000, currency: 'CHF' }, maxNightlyPrice: { amount: 25_000 } },
      ],
    });
  });

  it('finds the blocked house for a stay that avoids the block', async () => {
    const result = await server.client.data(SEARCH, { input: { checkIn: daysFromNow(24), checkOut: daysFromNow(26), guests: 4, city: 'Nerja', kind: 'HOUSE' } });
    expect(slugs(result.searchStays)).toEqual(['casa-azul']);
  });

  it('filters by country, kind, amenities of property or room, and price with its currency', async () => {
    expect(slugs(await search({ country: 'PT' }))).toEqual(['alfama-loft']);
    expect(slugs(await search({ kind: 'HOTEL' }))).toEqual(['hotel-mar']);
    expect(slugs(await search({ amenities: ['wifi', 'balcony'] }))).toEqual(['casa-rosa']);
    expect(slugs(await search({ amenities: ['breakfast'] }))).toEqual(['hotel-mar']);
    expect(slugs(await search({ minPrice: 6500, maxPrice: 9900, currency: 'EUR' }))).toEqual(['alfama-loft', 'casa-rosa', 'hotel-mar']);
    expect(slugs(await search({ currency: 'IDR' }))).toEqual(['ubud-villa']);
    const noCurrency = await server.client.error(SEARCH, { input: { checkIn, checkOut, guests: 2, minPrice: 100 } });
    expect(noCurrency.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
  });

  it('sorts by price both ways and by name', async () => {
    const eur = { currency: 'EUR' };
    expect(slugs(await search({ ...eur, sort: 'PRICE_ASC' }))).toEqual(['casa-rosa', 'alfama-loft', 'hotel-mar']);
    expect(slugs(await search({ ...eur, sort: 'PRICE_DESC' }))).toEqual(['hotel-mar', 'alfama-loft', 'casa-rosa']);
    expect(slugs(await search({ ...eur, sort: 'NAME' }))).toEqual(['alfama-loft', 'casa-rosa', 'hotel-mar']);
    await server.app.db.query(`UPDATE properties SET rating = 4.8, review_count = 10 WHERE slug = 'alfama-loft'`);
    expect(slugs(await search({ ...eur, sort: 'RATING' }))[0]).toBe('alfama-loft');
  });

  it('pages through results with cursors', async () => {
    const page1 = await search({ currency: 'EUR', first: 2 });
    expect(page1).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const page2 = await search({ currency: 'EUR', first: 2, after: page1.pageInfo.endCursor });
    expect([...slugs(page1), ...slugs(page2)]).toEqual(['casa-rosa', 'alfama-loft', 'hotel-mar']);
    expect(page2).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } });
    const beyond = await search({ currency: 'EUR', first: 2, after: page2.pageInfo.endCursor });
    expect(beyond).toMatchObject({ totalCount: 3, edges: [] });
  });

  it('rejects impossible stays', async () => {
    const backwards = await server.client.error(SEARCH, { input: { checkIn: checkOut, checkOut: checkIn, guests: 2 } });
    expect(backwards.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkOut' });
    const past = await server.client.error(SEARCH, { input: { checkIn: daysFromNow(-5), checkOut: daysFromNow(-2), guests: 2 } });
    expect(past.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkIn' });
    const nobody = await server.client.error(SEARCH, { input: { checkIn, checkOut, guests: 0 } });
    expect(nobody.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'guests' });
  });

  /** Searches are recorded in batches (SearchRecorder): write what this server holds before reading the table. */
  const searchesRecorded = () => server.app.services.searchRecorder.flush();

  it('records a search once however many of its pages are read', async () => {
    await searchesRecorded(); // earlier tests' searches, still buffered, must not land after the delete
    await server.app.db.query('DELETE FROM search_requests');
    let page = await search({ currency: 'EUR', first: 1 });
    const seen = [...slugs(page)];
    while (page.pageInfo.hasNextPage) {
      page = await search({ currency: 'EUR', first: 1, after: page.pageInfo.endCursor });
      seen.push(...slugs(page));
    }
    expect(seen).toHaveLength(3);
    await searchesRecorded();
    const rows = await server.app.db.query(`SELECT result_count FROM search_requests`);
    expect(rows).toEqual([{ result_count: 3 }]);
  });

  it('records every search for demand statistics', async () => {
    await searchesRecorded(); // earlier tests' searches, still buffered, must not land after the delete
    await server.app.db.query('DELETE FROM search_requests');
    const guest = await registerGuest(server.client);
    await search({ city: 'Nerja', guests: 3 }, guest.accessToken);
    await search({ country: 'PT' });
    await searchesRecorded();
    const rows = await server.app.db.query(
      `SELECT user_id, check_in::text, check_out::text, guests, city, country, result_count FROM search_requests ORDER BY created_at`,
    );
    expect(rows).toEqual([
      { user_id: guest.user.id, check_in: checkIn, check_out: checkOut, guests: 3, city: 'Nerja', country: null, result_count: 2 },
      { user_id: null, check_in: checkIn, check_out: checkOut, guests: 2, city: null, country: 'PT', result_count: 1 },
    ]);
  });
});
