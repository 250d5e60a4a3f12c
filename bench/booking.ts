/**
 * bench/booking: uncontended bookings per second over HTTP against the same inserts as raw SQL through the
 * same constraints, and 200 racers for one room (time until every one is answered).
 * Run: npm run bench:booking   (DATABASE_URL optional; the figures go to docs/benchmarks.md)
 */
import { addDays } from '../src/platform/calendar-dates';
import { machine, ms, percentile, runBenchmark, startBenchApp, timeEach, writeFigures } from './support';

const ROOMS = 100;
const BOOKINGS = 600;
const CONCURRENCY = 8;
const RACERS = 200;

const BOOK = `mutation ($input: CreateReservationInput!) { createReservation(input: $input) { id } }`;

async function main(): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const bench = await startBenchApp('staygraph_bench_booking');
  const { app, raw } = bench;
  const url = `http://127.0.0.1:${app.port}/graphql`;
  try {
    const post = async (query: string, variables: object, token?: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
    };
    const { data } = await post(
      `mutation { register(input: { email: "bench@example.com", password: "bench password 1", fullName: "Bench Guest" }) { accessToken user { id } } }`,
      {},
    );
    const token: string = data.register.accessToken;
    const guestId: string = data.register.user.id;
    await raw.query(`INSERT INTO users (id, email, full_name, password_hash, role) VALUES ('00000000-0000-4000-8000-000000000001', 'host@example.com', 'Host', 'x', 'HOST')`);
    await raw.query(`INSERT INTO host_profiles (id, user_id, business_name, slug, contact_email, kyc_status) VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'Bench', 'bench', 'h@example.com', 'VERIFIED')`);
    const [{ id: propertyId }] = (
      await raw.query(`INSERT INTO properties (host_profile_id, kind, name, slug, address_line1, city, country, time_zone, currency, max_nights)
                       VALUES ('00000000-0000-4000-8000-000000000002', 'HOTEL', 'Bench Hotel', 'bench-hotel', 'x', 'Bench', 'ES', 'Europe/Madrid', 'EUR', 365) RETURNING id`)
    ).rows;
    const rooms: string[] = (
      await raw.query(
        `INSERT INTO rooms (property_id, name, room_type_code, room_type_label, max_guests, included_guests, beds, base_price_amount)
         SELECT $1, 'Room ' || n, 'DOUBLE', 'Double', 2, 2, 1, 10000 FROM generate_series(1, $2) n RETURNING id`,
        [propertyId, ROOMS + 2],
      )
    ).rows.map((row: { id: string }) => row.id);
    const [hotRoom, rawRoomSeed] = [rooms.pop()!, rooms.pop()!];
    void rawRoomSeed;

    // Uncontended: every booking its own (room, dates).
    const stay = (i: number) => {
      const start = addDays(today, 10 + Math.floor(i / ROOMS) * 3);
      return { roomId: rooms[i % ROOMS]!, checkIn: start, checkOut: addDays(start, 2) };
    };
    let nextHttp = 0;
    const httpBook = async () => {
      const result = await post(BOOK, { input: { ...stay(nextHttp++), guests: 2 } }, token);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    };
    await timeEach(30, httpBook); // warm-up
    const sequential = await timeEach(BOOKINGS, httpBook);
    const concurrentStarted = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, () => timeEach(BOOKINGS / CONCURRENCY, httpBook)));
    const concurrentSeconds = (performance.now() - concurrentStarted) / 1000;

    // The same rows through raw SQL: the room's advisory lock, the reservation, its occupancy.
    let nextRaw = nextHttp + 1000;
    const rawBook = async () => {
      const { roomId, checkIn, checkOut } = stay(nextRaw++);
      await raw.query('BEGIN');
      await raw.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [`room:${roomId}`]);
      const inserted = await raw.query(
        `INSERT INTO reservations (code, property_id, room_id, guest_user_id, status, check_in, check_out, guests, guest_name, guest_email,
                                   currency, subtotal_amount, fees_amount, discount_amount, taxes_amount, total_amount, price_snapshot,
                                   cancellation_policy, hold_expires_at)
         VALUES ('SG-' || upper(substr(md5(random()::text), 1, 6)), $1, $2, $3, 'PENDING', $4, $5, 2, 'Bench Guest', 'bench@example.com',
                 'EUR', 20000, 0, 0, 0, 20000, '{}', 'MODERATE', now() + interval '15 minutes') RETURNING id`,
        [propertyId, roomId, guestId, checkIn, checkOut],
      );
      await raw.query(`INSERT INTO room_occupancies (room_id, stay, source, reservation_id) VALUES ($1, daterange($2, $3), 'RESERVATION', $4)`, [
        roomId, checkIn, checkOut, inserted.rows[0].id,
      ]);
      await raw.query('COMMIT');
    };
    await timeEach(30, rawBook);
    const rawTimes = await timeEach(BOOKINGS, rawBook);

    // 200 racers for one room and the same dates.
    const raceStarted = performance.now();
    const racers = await Promise.all(
      Array.from({ length: RACERS }, () => post(BOOK, { input: { roomId: hotRoom, checkIn: addDays(today, 20), checkOut: addDays(today, 23), guests: 2 } }, token)),
    );
    const raceMs = performance.now() - raceStarted;
    const winners = racers.filter((r) => r.data?.createReservation).length;
    const conflicts = racers.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT').length;

    const perSecond = (durations: number[]) => durations.length / (durations.reduce((a, b) => a + b, 0) / 1000);
    const httpRate = perSecond(sequential);
    const rawRate = perSecond(rawTimes);
    const lines = [
      `| HTTP \`createReservation\`, one client | ${httpRate.toFixed(0)}/s | ${ms(percentile(sequential, 50))} | ${ms(percentile(sequential, 95))} |`,
      `| HTTP \`createReservation\`, ${CONCURRENCY} concurrent clients | ${(BOOKINGS / concurrentSeconds).toFixed(0)}/s | | |`,
      `| raw SQL (lock + reservation + occupancy), one connection | ${rawRate.toFixed(0)}/s | ${ms(percentile(rawTimes, 50))} | ${ms(percentile(rawTimes, 95))} |`,
    ];
    console.log(lines.join('\n'));
    console.log(`race: ${RACERS} racers answered in ${ms(raceMs)}: ${winners} won, ${conflicts} CONFLICT`);
    const file = await writeFigures(
      'booking',
      `## Booking (\`npm run bench:booking\`)

${today}, ${machine()}. ${BOOKINGS} uncontended bookings (each its own room and dates among ${ROOMS} rooms) after 30 warm-up
bookings. "HTTP" is \`createReservation\` through the running server: the caller's account, the quote (rules, discounts,
availability) under the room's advisory lock, the reservation, its occupancy row, history and outbox rows, one transaction.
"Raw SQL" inserts the same reservation and occupancy rows under the same lock and constraints, nothing else.

| path | bookings per second | p50 | p95 |
|---|---|---|---|
${lines.join('\n')}

Ratio, one client: raw SQL is ${(rawRate / httpRate).toFixed(1)}× the HTTP rate.

Race: ${RACERS} simultaneous \`createReservation\` calls for one room and the same dates were all answered in ${ms(raceMs)}:
${winners} booked, ${conflicts} CONFLICT, no other outcome (no 500, no deadlock).`,
    );
    console.log(`figures written to ${file}`);
  } finally {
    await bench.stop();
  }
}

runBenchmark(main);
