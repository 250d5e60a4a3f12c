import { Client } from 'pg';
import { registerGuest } from './support/graphql-client';
import { createHost, createProperty, createRoom, daysFromNow } from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * A plain booking (one room, no code, no points) takes two round trips: the quote's one read and
 * staygraph_book_stay, which re-reads that context under the room's lock and books only if nothing priced
 * changed. These tests hold the room's lock from another connection to put a change exactly between the two.
 */
describe('booking in two round trips', () => {
  let server: TestServer;
  let statements: string[] = [];
  let sql: Client;
  let hostToken: string;
  let propertyId: string;

  beforeAll(async () => {
    // No job runs here: outbox deliveries of earlier bookings would mix into the counts.
    server = await startTestServer({ JOB_CONCURRENCY: '0' }, { onQuery: (statement) => statements.push(statement) });
    sql = new Client({ connectionString: server.databaseUrl });
    await sql.connect();
    const host = await createHost(server.client);
    hostToken = host.token;
    propertyId = (await createProperty(server.client, hostToken)).id;
  });
  afterAll(async () => {
    await sql.end();
    await server.stop();
  });

  const newRoom = async () => (await createRoom(server.client, hostToken, propertyId, { name: `Room ${Math.random()}` })).id as string;
  const book = (token: string, roomId: string, checkIn: string, checkOut: string) =>
    server.client.request<{ createReservation: { id: string; total: { amount: number } } }>(
      `mutation ($input: CreateReservationInput!) { createReservation(input: $input) { id total { amount } } }`,
      { input: { roomId, checkIn, checkOut, guests: 2 } },
      token,
    );

  /** Takes the room's calendar lock in a transaction of its own and waits until `waiters` bookings queue on it. */
  async function holdRoom(roomId: string): Promise<{ waitFor(waiters: number): Promise<void>; release(change?: string): Promise<void> }> {
    await sql.query('BEGIN');
    await sql.query(`SELECT staygraph_lock_room_calendar($1)`, [roomId]);
    return {
      async waitFor(waiters) {
        for (let tries = 0; tries < 500; tries += 1) {
          const { rows } = await sql.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
          if (rows[0].n >= waiters) return;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        throw new Error(`${waiters} bookings never queued on the room's lock`);
      },
      async release(change) {
        if (change) await sql.query(change, [roomId]);
        await sql.query('COMMIT');
      },
    };
  }

  it('books in at most 3 round trips (the quote read and one statement), besides sign-in and rate limits', async () => {
    const guest = await registerGuest(server.client);
    const roomId = await newRoom();
    statements = [];
    const result = await book(guest.accessToken, roomId, daysFromNow(20), daysFromNow(23));
    expect(result.errors).toBeUndefined();
    const booking = statements.filter((statement) => !/rate_limit_points|FROM "users" "User"|"customer_stats"|pg_notify/.test(statement));
    expect(booking.map((statement) => statement.trim().slice(0, 40))).toEqual([
      'SELECT c AS context, md5(c::text) AS fin',
      'SELECT staygraph_book_stay($1, $2, $3, $',
    ]);
    // What the one statement wrote is all there: the occupancy, the history entry, the event and its delivery job.
    const id = result.data!.createReservation.id;
    const { rows } = await sql.query(
      `SELECT (SELECT count(*)::int FROM room_occupancies WHERE reservation_id = $1) AS occupancies,
              (SELECT count(*)::int FROM reservation_history WHERE reservation_id = $1 AND actor_role = 'GUEST') AS history,
              (SELECT count(*)::int FROM outbox_events e JOIN graphile_worker.jobs j ON j.key = 'outbox:' || e.id
                WHERE e.aggregate_id = $1 AND e.topic = 'reservation.created' AND e.payload->>'reservationId' = $1::text) AS events`,
      [id],
    );
    expect(rows[0]).toEqual({ occupancies: 1, history: 1, events: 1 });
  });

  it('prices again under the lock when the room changed between the quote and the lock (never the stale price)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const guest = await registerGuest(server.client);
      const roomId = await newRoom();
      const held = await holdRoom(roomId);
      const pending = book(guest.accessToken, roomId, daysFromNow(30), daysFromNow(32));
      await held.waitFor(1);
      const before = (await sql.query(`SELECT base_price_amount FROM rooms WHERE id = $1`, [roomId])).rows[0].base_price_amount;
      await held.release(`UPDATE rooms SET base_price_amount = base_price_amount * 2 WHERE id = $1`);
      const result = await pending;
      expect(result.errors).toBeUndefined();
      const { rows } = await sql.query(`SELECT subtotal_amount FROM reservations WHERE id = $1`, [result.data!.createReservation.id]);
      // Two nights at the doubled price: the booking was priced after the change, not from its first read.
      expect(Number(rows[0].subtotal_amount)).toBe(2 * 2 * Number(before));
    }
  });

  it('takes the same room lock however the room id is spelled, on both paths (one definition: staygraph_lock_room_calendar)', async () => {
    const { createDiscountCode } = await server.client.data(
      `mutation ($input: DiscountCodeInput!) { createDiscountCode(input: $input) { code } }`,
      { input: { code: `SPELLING-${Date.now()}`, percentOff: 5, propertyIds: [propertyId] } },
      hostToken,
    );
    // Plain (one statement), then with a code (the long way, whose lock takes the id as the caller wrote it).
    for (const extra of [{}, { discountCode: createDiscountCode.code }]) {
      const guest = await registerGuest(server.client);
      const roomId = await newRoom();
      const held = await holdRoom(roomId);
      const pending = server.client.request(
        `mutation ($input: CreateReservationInput!) { createReservation(input: $input) { id } }`,
        { input: { roomId: roomId.toUpperCase(), checkIn: daysFromNow(50), checkOut: daysFromNow(52), guests: 2, ...extra } },
        guest.accessToken,
      );
      await held.waitFor(1);
      await held.release();
      expect((await pending).errors).toBeUndefined();
    }
  });

  it('refuses the second of two bookings that both read the nights free before the lock', async () => {
    for (let round = 0; round < 5; round += 1) {
      const [first, second] = [await registerGuest(server.client), await registerGuest(server.client)];
      const roomId = await newRoom();
      const held = await holdRoom(roomId);
      const racing = [first, second].map((guest) => book(guest.accessToken, roomId, daysFromNow(40), daysFromNow(43)));
      await held.waitFor(2);
      await held.release();
      const results = await Promise.all(racing);
      const codes = results.map((result) => result.errors?.[0]?.extensions?.['code'] ?? 'BOOKED').sort();
      expect(codes).toEqual(['BOOKED', 'CONFLICT']);
      const refused = results.find((result) => result.errors)!;
      expect(refused.errors![0]!.message).toBe('Those dates are no longer available');
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM reservations WHERE room_id = $1`, [roomId]);
      expect(rows[0].n).toBe(1);
    }
  });
});
