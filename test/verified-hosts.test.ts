import { ConfigError, loadConfig } from '../src/config';
import { ADMIN, CREATE_RESERVATION, createHost, createProperty, createRoom, daysFromNow, setKycStatus, signIn, type TestHost } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';

const checkIn = daysFromNow(30);
const checkOut = daysFromNow(33);
const stay = { checkIn, checkOut, guests: 2 };

const PUBLIC_VIEW = `query ($id: ID!, $roomId: ID!, $slug: String!, $city: String!, $search: SearchStaysInput!) {
  property(id: $id) { id }
  room(id: $roomId) { id }
  host(slug: $slug) { slug properties { id } }
  properties(filter: { city: $city }) { edges { node { id } } }
  searchStays(input: $search) { totalCount }
}`;
const QUOTE = `query ($input: QuoteInput!) { quote(input: $input) { bookable problems { code } } }`;
const AVAILABILITY = `query ($propertyId: ID!, $from: Date!, $to: Date!) { availability(propertyId: $propertyId, from: $from, to: $to) { room { id } } }`;
const WISHLIST_ADD = `mutation ($propertyId: ID!) { addToWishlist(propertyId: $propertyId) { id } }`;

describe('only verified hosts are public and bookable', () => {
  let server: TestServer;
  let host: TestHost;
  let propertyId: string;
  let roomId: string;
  let admin: string;
  let guest: Awaited<ReturnType<typeof registerGuest>>;

  const view = async (token?: string) =>
    server.client.data(
      PUBLIC_VIEW,
      { id: propertyId, roomId, slug: host.slug, city: 'Pendiente', search: { ...stay, city: 'Pendiente' } },
      token,
    );

  beforeAll(async () => {
    server = await startTestServer();
    host = await createHost(server.client, 'Pending Holidays', { verified: false });
    propertyId = (await createProperty(server.client, host.token, { name: 'Casa Pendiente', address: { line1: 'x', city: 'Pendiente', country: 'ES' } })).id;
    roomId = (await createRoom(server.client, host.token, propertyId)).id;
    admin = await signIn(server.client, ADMIN);
    guest = await registerGuest(server.client);
  });
  afterAll(() => server.stop());

  it('hides a pending host and its properties from the public on every path', async () => {
    for (const token of [undefined, guest.accessToken]) {
      expect(await view(token)).toEqual({ property: null, room: null, host: null, properties: { edges: [] }, searchStays: { totalCount: 0 } });
      expect((await server.client.error(QUOTE, { input: { roomId, ...stay } }, token)).extensions?.code).toBe('NOT_FOUND');
      expect((await server.client.error(AVAILABILITY, { propertyId, from: checkIn, to: checkOut }, token)).extensions?.code).toBe('NOT_FOUND');
    }
    expect((await server.client.error(CREATE_RESERVATION, { input: { roomId, ...stay } }, guest.accessToken)).extensions?.code).toBe('NOT_FOUND');
    const byType = { propertyId, roomType: 'WHOLE_HOUSE', ...stay };
    expect((await server.client.error(CREATE_RESERVATION, { input: byType }, guest.accessToken)).extensions?.code).toBe('NOT_FOUND');
    expect((await server.client.error(WISHLIST_ADD, { propertyId }, guest.accessToken)).extensions?.code).toBe('NOT_FOUND');
  });

  it('lets the host and admins see it, and tells them why it cannot be booked', async () => {
    for (const token of [host.token, admin]) {
      const seen = await view(token);
      expect(seen).toMatchObject({ property: { id: propertyId }, room: { id: roomId }, host: { slug: host.slug, properties: [{ id: propertyId }] } });
      expect(seen.searchStays.totalCount).toBe(0); // search is the public's view
      const { quote } = await server.client.data(QUOTE, { input: { roomId, ...stay } }, token);
      expect(quote).toEqual({ bookable: false, problems: [{ code: 'HOST_NOT_VERIFIED' }] });
    }
    const own = await server.client.data(`{ properties(filter: { city: "Pendiente", includeInactive: true }) { edges { node { id } } } }`, {}, host.token);
    expect(own.properties.edges).toEqual([{ node: { id: propertyId } }]);
    const booking = await server.client.error(CREATE_RESERVATION, { input: { roomId, ...stay } }, host.token);
    expect(booking.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roomId' });
  });

  it('makes the property public once an admin verifies the host, and hides it again when KYC is rejected', async () => {
    await setKycStatus(server.client, host.hostProfileId, 'VERIFIED');
    expect(await view()).toEqual({
      property: { id: propertyId },
      room: { id: roomId },
      host: { slug: host.slug, properties: [{ id: propertyId }] },
      properties: { edges: [{ node: { id: propertyId } }] },
      searchStays: { totalCount: 1 },
    });
    expect((await server.client.data(QUOTE, { input: { roomId, ...stay } })).quote.bookable).toBe(true);
    await server.client.data(WISHLIST_ADD, { propertyId }, guest.accessToken);
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId, ...stay } }, guest.accessToken);
    expect(createReservation.status).toBe('PENDING');

    await setKycStatus(server.client, host.hostProfileId, 'REJECTED');
    expect((await view()).property).toBeNull();
    expect((await server.client.data(`{ myWishlist { id } }`, {}, guest.accessToken)).myWishlist).toEqual([]);
    const later = { roomId, checkIn: daysFromNow(40), checkOut: daysFromNow(42), guests: 2 };
    expect((await server.client.error(CREATE_RESERVATION, { input: later }, guest.accessToken)).extensions?.code).toBe('NOT_FOUND');
    // The guest still sees the reservation they made.
    const mine = await server.client.data(`query ($id: ID!) { reservation(id: $id) { property { id } } }`, { id: createReservation.id }, guest.accessToken);
    expect(mine.reservation.property.id).toBe(propertyId);
  });

  it('lists pending hosts when REQUIRE_VERIFIED_HOSTS=false (development), and production refuses that setting', async () => {
    const relaxed = await startTestServer({ REQUIRE_VERIFIED_HOSTS: 'false' });
    try {
      const pending = await createHost(relaxed.client, 'Relaxed Holidays', { verified: false });
      const property = await createProperty(relaxed.client, pending.token, { name: 'Casa Libre', address: { line1: 'x', city: 'Libre', country: 'ES' } });
      const room = await createRoom(relaxed.client, pending.token, property.id);
      const { searchStays } = await relaxed.client.data(`query ($input: SearchStaysInput!) { searchStays(input: $input) { totalCount } }`, { input: { ...stay, city: 'Libre' } });
      expect(searchStays.totalCount).toBe(1);
      expect((await relaxed.client.data(QUOTE, { input: { roomId: room.id, ...stay } })).quote).toEqual({ bookable: true, problems: [] });
    } finally {
      await relaxed.stop();
    }
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@localhost/x', JWT_SECRET: 'p'.repeat(40) };
    expect(loadConfig(production).requireVerifiedHosts).toBe(true);
    expect(() => loadConfig({ ...production, REQUIRE_VERIFIED_HOSTS: 'false' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, REQUIRE_VERIFIED_HOSTS: 'false' })).toThrow(/REQUIRE_VERIFIED_HOSTS/);
  });
});
