import { registerGuest } from './support/graphql-client';
import { BLOCK, adminEnv, blockDates, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

const AVAILABILITY = `query ($propertyId: ID!, $roomId: ID, $from: Date!, $to: Date!) {
  availability(propertyId: $propertyId, roomId: $roomId, from: $from, to: $to) {
    room { id name }
    free { from to }
    unavailable { from to reason blockId reservationId note }
  }
}`;
const UNBLOCK = `mutation ($id: ID!) { unblockDates(blockId: $id) }`;

describe('blocks and availability', () => {
  let server: TestServer;
  let host: TestHost;
  let propertyId: string;
  let roomA: string;
  let roomB: string;

  beforeAll(async () => {
    server = await startTestServer(adminEnv);
    host = await createHost(server.client);
    const property = await createProperty(server.client, host.token, { name: 'Casa Calendario', timeZone: 'Europe/Madrid' });
    propertyId = property.id;
    roomA = (await createRoom(server.client, host.token, propertyId, { name: 'A', roomType: { code: 'DOUBLE', label: 'Double' } })).id;
    roomB = (await createRoom(server.client, host.token, propertyId, { name: 'B', roomType: { code: 'DOUBLE', label: 'Double' } })).id;
  });
  afterAll(() => server.stop());

  const availability = async (variables: Record<string, unknown>, token?: string) =>
    (await server.client.data(AVAILABILITY, { propertyId, ...variables }, token)).availability as any[];

  it('shows a fresh room entirely free', async () => {
    const [a, b] = await availability({ from: daysFromNow(10), to: daysFromNow(20) });
    expect(a).toMatchObject({ room: { name: 'A' }, free: [{ from: daysFromNow(10), to: daysFromNow(20) }], unavailable: [] });
    expect(b.room.name).toBe('B');
  });

  it('keeps back-to-back blocks (same-day turnover) and one-night blocks apart, and refuses overlaps', async () => {
    const first = await blockDates(server.client, host.token, roomA, daysFromNow(30), daysFromNow(33), 'painting');
    const turnover = await blockDates(server.client, host.token, roomA, daysFromNow(33), daysFromNow(35), 'owner stay');
    const oneNight = await blockDates(server.client, host.token, roomA, daysFromNow(36), daysFromNow(37));
    const overlap = await server.client.error(BLOCK, { roomId: roomA, from: daysFromNow(34), to: daysFromNow(36) }, host.token);
    expect(overlap.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(overlap.message).toMatch(/another block/);

    const [a] = await availability({ roomId: roomA, from: daysFromNow(29), to: daysFromNow(38) }, host.token);
    expect(a.unavailable).toEqual([
      { from: daysFromNow(30), to: daysFromNow(33), reason: 'BLOCKED', blockId: first.id, reservationId: null, note: 'painting' },
      { from: daysFromNow(33), to: daysFromNow(35), reason: 'BLOCKED', blockId: turnover.id, reservationId: null, note: 'owner stay' },
      { from: daysFromNow(36), to: daysFromNow(37), reason: 'BLOCKED', blockId: oneNight.id, reservationId: null, note: null },
    ]);
    expect(a.free).toEqual([
      { from: daysFromNow(29), to: daysFromNow(30) },
      { from: daysFromNow(35), to: daysFromNow(36) },
      { from: daysFromNow(37), to: daysFromNow(38) },
    ]);
  });

  it('clips ranges to the window, narrows to one room, and hides block details from the public', async () => {
    await blockDates(server.client, host.token, roomB, daysFromNow(50), daysFromNow(60), 'renovation');
    const rooms = await availability({ roomId: roomB, from: daysFromNow(55), to: daysFromNow(65) });
    expect(rooms).toHaveLength(1);
    expect(rooms[0]).toMatchObject({
      room: { id: roomB },
      unavailable: [{ from: daysFromNow(55), to: daysFromNow(60), reason: 'BLOCKED', blockId: null, note: null }],
      free: [{ from: daysFromNow(60), to: daysFromNow(65) }],
    });
    const stranger = await registerGuest(server.client);
    const seenByStranger = await availability({ roomId: roomB, from: daysFromNow(55), to: daysFromNow(65) }, stranger.accessToken);
    expect(seenByStranger[0].unavailable[0].note).toBeNull();
  });

  it('handles windows across months and across a daylight-saving change in the property zone', async () => {
    // Europe/Madrid moves its clocks on the last Sundays of March and October: nights stay whole dates.
    const property = await createProperty(server.client, host.token, { name: 'Casa Verano', timeZone: 'Europe/Madrid' });
    const room = await createRoom(server.client, host.token, property.id);
    const year = new Date().getUTCFullYear() + 1;
    await blockDates(server.client, host.token, room.id, `${year}-03-27`, `${year}-03-30`);
    await blockDates(server.client, host.token, room.id, `${year}-10-30`, `${year}-11-02`);
    const { availability: [calendar] } = await server.client.data(AVAILABILITY, {
      propertyId: property.id,
      from: `${year}-03-01`,
      to: `${year}-11-30`,
    });
    expect(calendar.unavailable.map((r: any) => [r.from, r.to])).toEqual([
      [`${year}-03-27`, `${year}-03-30`],
      [`${year}-10-30`, `${year}-11-02`],
    ]);
    expect(calendar.free).toEqual([
      { from: `${year}-03-01`, to: `${year}-03-27` },
      { from: `${year}-03-30`, to: `${year}-10-30` },
      { from: `${year}-11-02`, to: `${year}-11-30` },
    ]);
  });

  it('treats a reservation like a block: unavailable, and blocks cannot overlap it', async () => {
    const guest = await registerGuest(server.client);
    const { createReservation } = await server.client.data(
      `mutation ($input: CreateReservationInput!) { createReservation(input: $input) { id } }`,
      { input: { roomId: roomB, checkIn: daysFromNow(70), checkOut: daysFromNow(73), guests: 2 } },
      guest.accessToken,
    );
    const [b] = await availability({ roomId: roomB, from: daysFromNow(69), to: daysFromNow(74) }, host.token);
    expect(b.unavailable).toEqual([
      { from: daysFromNow(70), to: daysFromNow(73), reason: 'RESERVED', blockId: null, reservationId: createReservation.id, note: null },
    ]);
    const overlap = await server.client.error(BLOCK, { roomId: roomB, from: daysFromNow(72), to: daysFromNow(75) }, host.token);
    expect(overlap).toMatchObject({ message: expect.stringMatching(/reservation/), extensions: { code: 'CONFLICT' } });
  });

  it('keeps overlaps impossible in the database itself', async () => {
    const [block] = await server.app.db.query(
      `INSERT INTO room_blocks (room_id, starts_on, ends_on) VALUES ($1, $2, $3) RETURNING id`,
      [roomB, daysFromNow(71), daysFromNow(72)],
    );
    await expect(
      server.app.db.query(`INSERT INTO room_occupancies (room_id, stay, source, block_id) VALUES ($1, daterange($2, $3), 'BLOCK', $4)`, [
        roomB,
        daysFromNow(71),
        daysFromNow(72),
        block.id,
      ]),
    ).rejects.toThrow(/room_occupancies_no_overlap/);
  });

  it('serializes concurrent blocks of the same dates: exactly one wins', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () => server.client.request(BLOCK, { roomId: roomA, from: daysFromNow(90), to: daysFromNow(95) }, host.token)),
    );
    expect(attempts.filter((a) => a.data?.['blockDates']).length).toBe(1);
    expect(attempts.filter((a) => a.errors?.[0]?.extensions?.code === 'CONFLICT').length).toBe(9);
  });

  it('lifts a block once, freeing its dates', async () => {
    const block = await blockDates(server.client, host.token, roomB, daysFromNow(100), daysFromNow(104));
    expect(await server.client.data(UNBLOCK, { id: block.id }, host.token)).toEqual({ unblockDates: true });
    expect(await server.client.data(UNBLOCK, { id: block.id }, host.token)).toEqual({ unblockDates: false });
    const [b] = await availability({ roomId: roomB, from: daysFromNow(100), to: daysFromNow(104) });
    expect(b.unavailable).toEqual([]);
    const history = await server.client.data(
      `query ($roomId: ID!) { roomBlocks(roomId: $roomId, includeRemoved: true) { id removedAt } }`,
      { roomId: roomB },
      host.token,
    );
    expect(history.roomBlocks.find((b: any) => b.id === block.id).removedAt).not.toBeNull();
  });

  it('lets only the host and admins block, and validates the range', async () => {
    const other = await createHost(server.client);
    const guest = await registerGuest(server.client);
    const variables = { roomId: roomA, from: daysFromNow(120), to: daysFromNow(121) };
    expect((await server.client.error(BLOCK, variables, other.token)).extensions?.code).toBe('FORBIDDEN');
    expect((await server.client.error(BLOCK, variables, guest.accessToken)).extensions?.code).toBe('FORBIDDEN');
    expect((await server.client.error(BLOCK, variables)).extensions?.code).toBe('UNAUTHENTICATED');
    const backwards = await server.client.error(BLOCK, { ...variables, to: daysFromNow(119) }, host.token);
    expect(backwards.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const past = await server.client.error(BLOCK, { ...variables, from: daysFromNow(-10), to: daysFromNow(-5) }, host.token);
    expect(past.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('refuses windows over 366 days and backwards windows', async () => {
    const long = await server.client.error(AVAILABILITY, { propertyId, from: daysFromNow(0), to: daysFromNow(367) });
    expect(long.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    await server.client.data(AVAILABILITY, { propertyId, from: daysFromNow(0), to: daysFromNow(366) });
    const backwards = await server.client.error(AVAILABILITY, { propertyId, from: daysFromNow(5), to: daysFromNow(1) });
    expect(backwards.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const badDate = await server.client.error(AVAILABILITY, { propertyId, from: '2026-02-30', to: daysFromNow(1) });
    expect(badDate.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await server.client.error(AVAILABILITY, { propertyId: '00000000-0000-4000-8000-000000000000', from: daysFromNow(1), to: daysFromNow(2) });
    expect(unknown.extensions?.code).toBe('NOT_FOUND');
  });
});
