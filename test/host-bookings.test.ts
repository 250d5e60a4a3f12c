import { CREATE_RESERVATION, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const STOREFRONT = `query ($slug: String!) { host(slug: $slug) { totalBookings } }`;
const CONFIRM = `mutation ($id: ID!) { confirmReservation(id: $id) { status } }`;
const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { status } }`;

describe('HostProfile.totalBookings', () => {
  let server: TestServer;
  let host: TestHost;
  let other: TestHost;
  const clock = new TestClock();

  beforeAll(async () => {
    server = await startTestServer({}, { clock });
    host = await createHost(server.client, 'Counted Holidays');
    other = await createHost(server.client, 'Other Holidays');
  });
  afterAll(() => server.stop());

  const total = async (slug: string) => (await server.client.data(STOREFRONT, { slug })).host.totalBookings;

  it('counts the CONFIRMED and COMPLETED reservations of the host’s properties, live as statuses change', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Casa Contada' });
    const rooms = [await createRoom(server.client, host.token, property.id), await createRoom(server.client, host.token, property.id, { name: 'Annex' })];
    const otherRoom = await createRoom(server.client, other.token, (await createProperty(server.client, other.token, { name: 'Casa Otra' })).id);
    const guest = await registerGuest(server.client);
    const book = async (roomId: string, from: number, to: number) =>
      (await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn: daysFromNow(from), checkOut: daysFromNow(to), guests: 2 } }, guest.accessToken))
        .createReservation.id as string;

    const first = await book(rooms[0]!.id, 3, 5);
    const second = await book(rooms[1]!.id, 3, 5);
    const third = await book(rooms[0]!.id, 10, 12);
    const elsewhere = await book(otherRoom.id, 3, 5);
    expect(await total(host.slug)).toBe(0); // PENDING holds are not bookings yet

    for (const id of [first, second, third]) await server.client.data(CONFIRM, { id }, host.token);
    await server.client.data(CONFIRM, { id: elsewhere }, other.token);
    expect(await total(host.slug)).toBe(3);
    expect(await total(other.slug)).toBe(1);

    await server.client.data(CANCEL, { id: second }, guest.accessToken);
    expect(await total(host.slug)).toBe(2);

    // After check-out, maintenance completes the stay: still a booking.
    clock.advance(6 * 86_400_000);
    await server.app.services.reservations.completeStays();
    const [{ status }] = await server.app.db.query(`SELECT status FROM reservations WHERE id = $1`, [first]);
    expect(status).toBe('COMPLETED');
    expect(await total(host.slug)).toBe(2);
  });
});
