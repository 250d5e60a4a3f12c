import ical from 'node-ical';
import { registerGuest } from './support/graphql-client';
import { CREATE_RESERVATION, adminEnv, blockDates, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

const CREATE_EXPORT = `mutation ($roomId: ID, $propertyId: ID) { createCalendarExport(roomId: $roomId, propertyId: $propertyId) { id url roomId propertyId } }`;
const REVOKE_EXPORT = `mutation ($id: ID!) { revokeCalendarExport(id: $id) }`;
const EXPORTS = `query ($propertyId: ID!) { calendarExports(propertyId: $propertyId) { id roomId url } }`;

/** All-day dates as node-ical gives them (local midnight, dateOnly), as YYYY-MM-DD. */
const day = (value: Date) => `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;

describe('iCal export', () => {
  let server: TestServer;
  let host: TestHost;
  let propertyId: string;
  let roomA: string;
  let roomB: string;
  let reservation: { id: string; contact: { name: string; email: string } };
  let block: { id: string };

  beforeAll(async () => {
    server = await startTestServer(adminEnv);
    host = await createHost(server.client);
    propertyId = (await createProperty(server.client, host.token, { name: 'Casa Export', timeZone: 'UTC' })).id;
    roomA = (await createRoom(server.client, host.token, propertyId, { name: 'Sea room', roomType: { code: 'DOUBLE', label: 'Double' } })).id;
    roomB = (await createRoom(server.client, host.token, propertyId, { name: 'Garden room', roomType: { code: 'DOUBLE', label: 'Double' } })).id;
    const guest = await registerGuest(server.client, { fullName: 'Zelda Quintanilla' });
    reservation = (
      await server.client.data(
        CREATE_RESERVATION,
        { input: { roomId: roomA, checkIn: daysFromNow(10), checkOut: daysFromNow(13), guests: 2, guestName: 'Zelda Quintanilla', guestPhone: '+34 600 111 222' } },
        guest.accessToken,
      )
    ).createReservation;
    block = await blockDates(server.client, host.token, roomA, daysFromNow(20), daysFromNow(22), 'owner stay');
    await blockDates(server.client, host.token, roomB, daysFromNow(5), daysFromNow(7));
  });
  afterAll(() => server.stop());

  const createExport = async (scope: { roomId?: string; propertyId?: string }) =>
    (await server.client.data(CREATE_EXPORT, scope, host.token)).createCalendarExport as { id: string; url: string };
  /** The export URL carries the server's PUBLIC_URL; tests read it from this server. */
  const get = (url: string, headers: Record<string, string> = {}) => fetch(`${server.url}${new URL(url).pathname}`, { headers });

  it("serves a room's reservations and blocks as all-day events without guest data, and round-trips through node-ical", async () => {
    const link = await createExport({ roomId: roomA });
    expect(link.url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const response = await get(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, max-age=300');
    const body = await response.text();
    expect(body).toContain(`DTSTART;VALUE=DATE:${daysFromNow(10).replaceAll('-', '')}`);
    expect(body).not.toMatch(/Zelda|Quintanilla|600 111|@example|owner stay/);
    expect(body).not.toContain(reservation.contact.email);

    const events = Object.values(ical.sync.parseICS(body)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    const summary = events.map((event) => ({ uid: event.uid, summary: event.summary, from: day(event.start), to: day(event.end!), dateOnly: event.start.dateOnly }));
    expect(summary).toEqual([
      { uid: `${reservation.id}@localhost`, summary: 'Reserved', from: daysFromNow(10), to: daysFromNow(13), dateOnly: true },
      { uid: `${block.id}@localhost`, summary: 'Not available', from: daysFromNow(20), to: daysFromNow(22), dateOnly: true },
    ]);

    // Stable: the same bytes (and UIDs) again, and a 304 for a client that has them.
    const again = await get(link.url);
    expect(await again.text()).toBe(body);
    const etag = again.headers.get('etag')!;
    expect((await get(link.url, { 'if-none-match': etag })).status).toBe(304);
  });

  it('merges every room in the property feed', async () => {
    const link = await createExport({ propertyId });
    const body = await (await get(link.url)).text();
    const events = Object.values(ical.sync.parseICS(body)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    expect(events.map((event) => [event.summary, day(event.start)])).toEqual([
      ['Not available (Garden room)', daysFromNow(5)],
      ['Reserved (Sea room)', daysFromNow(10)],
      ['Not available (Sea room)', daysFromNow(20)],
    ]);
  });

  it('rotates and revokes: old and unknown tokens are 404, never 500', async () => {
    const first = await createExport({ roomId: roomB });
    const second = await createExport({ roomId: roomB });
    expect((await get(first.url)).status).toBe(404);
    expect((await get(second.url)).status).toBe(200);
    const listed = (await server.client.data(EXPORTS, { propertyId }, host.token)).calendarExports as { id: string; url: string | null }[];
    expect(listed.map((row) => row.id)).toContain(second.id);
    expect(listed.every((row) => row.url === null)).toBe(true);

    expect((await server.client.data(REVOKE_EXPORT, { id: second.id }, host.token)).revokeCalendarExport).toBe(true);
    expect((await server.client.data(REVOKE_EXPORT, { id: second.id }, host.token)).revokeCalendarExport).toBe(false);
    expect((await get(second.url)).status).toBe(404);
    expect((await fetch(`${server.url}/calendar/${'x'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetch(`${server.url}/calendar/short.ics`)).status).toBe(404);
    expect((await fetch(`${server.url}/calendar/%E0%A4%A.ics`)).status).toBeLessThan(500);
  });

  it("refuses other hosts and bad scopes with stable codes", async () => {
    const stranger = await createHost(server.client);
    expect((await server.client.error(CREATE_EXPORT, { roomId: roomA }, stranger.token)).extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await server.client.error(CREATE_EXPORT, { roomId: roomA, propertyId }, host.token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await server.client.error(CREATE_EXPORT, {}, host.token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const guest = await registerGuest(server.client);
    expect((await server.client.error(CREATE_EXPORT, { propertyId }, guest.accessToken)).extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
