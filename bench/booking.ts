/**
 * bench/booking: uncontended bookings per second over HTTP (10 connections from a load generator in its own
 * process) against the same rows inserted by raw SQL (10 connections) under the same lock and constraints,
 * in interleaved rounds; then 200 racers for one room (time until every one is answered).
 * Run: npm run bench:booking   (DATABASE_URL optional; the figures go to docs/benchmarks.md)
 */
import { Pool } from 'pg';
import { addDays } from '../src/platform/calendar-dates';
import { cpuTimeMs, generateLoad, type LoadResult } from './load';
import { machine, ms, percentile, runBenchmark, startBenchApp, writeFigures } from './support';

const ROOMS = 400;
const CONNECTIONS = 10;
const ROUNDS = 3;
const SECONDS = 5;
/** More stays than a round can book: each is booked once, by whichever connection takes it. */
const STAYS_PER_ROUND = 12_000;
const RACERS = 200;

const BOOK = `mutation ($input: CreateReservationInput!) { createReservation(input: $input) { id } }`;

async function main(): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const bench = await startBenchApp('staygraph_bench_booking');
  const { app, raw } = bench;
  const url = `http://127.0.0.1:${app.port}/graphql`;
  const pool = new Pool({ connectionString: bench.databaseUrl, max: CONNECTIONS, options: '-c jit=off' });
  try {
    const post = async (query: string, variables: object, token?: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
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
    const newRooms = async (count: number): Promise<string[]> =>
      (
        await raw.query(
          `INSERT INTO rooms (property_id, name, room_type_code, room_type_label, max_guests, included_guests, beds, base_price_amount)
           SELECT $1, 'Room ' || n, 'DOUBLE', 'Double', 2, 2, 1, 10000 FROM generate_series(1, $2) n RETURNING id`,
          [propertyId, count],
        )
      ).rows.map((row: { id: string }) => row.id);
    const [httpRooms, rawRooms, [hotRoom]] = [await newRooms(ROOMS), await newRooms(ROOMS), await newRooms(1)];

    // Every stay its own (room, dates): two nights, the rooms taken in turn, then the next dates.
    const stays = (rooms: string[]) => {
      let next = 0;
      return () => {
        const i = next++;
        const start = addDays(today, 10 + Math.floor(i / rooms.length) * 2);
        return { roomId: rooms[i % rooms.length]!, checkIn: start, checkOut: addDays(start, 2) };
      };
    };
    const httpStay = stays(httpRooms);
    const rawStay = stays(rawRooms);
    const reservationsIn = async (rooms: string[]) =>
      Number((await raw.query(`SELECT count(*) AS n FROM reservations WHERE room_id = ANY($1)`, [rooms])).rows[0].n);

    // The server's CPU per booking (this process hosts the server; the load generator has its own).
    const serverCpuMs: number[] = [];
    const httpRound = async (): Promise<LoadResult> => {
      const before = await reservationsIn(httpRooms);
      const bodies = Array.from({ length: STAYS_PER_ROUND }, () => JSON.stringify({ query: BOOK, variables: { input: { ...httpStay(), guests: 2 } } }));
      const cpu = cpuTimeMs();
      const result = await generateLoad({ url, bodies, headers: { authorization: `Bearer ${token}` }, connections: CONNECTIONS, durationSeconds: SECONDS });
      const used = cpuTimeMs() - cpu;
      const booked = (await reservationsIn(httpRooms)) - before;
      serverCpuMs.push(used / booked);
      // A GraphQL error is an HTTP 200: every answered request must have made its reservation (the run's
      // count leaves out the last requests in flight when it stops, at most one per connection).
      if (result.failures > 0 || booked < result.total || booked > result.total + CONNECTIONS) throw new Error(`HTTP round: ${result.total} answered, ${booked} booked, ${result.failures} failed`);
      return result;
    };

    // The same rows through raw SQL: the room's advisory lock, the reservation, its occupancy.
    let rawCodes = 36 ** 5 * 35; // codes from SG-Z00000 up: unique, and apart from the random ones
    const rawBook = async () => {
      const { roomId, checkIn, checkOut } = rawStay();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT staygraph_lock_room_calendar($1)', [roomId]);
        const inserted = await client.query(
          `INSERT INTO reservations (code, property_id, room_id, guest_user_id, status, check_in, check_out, guests, guest_name, guest_email,
                                     currency, subtotal_amount, fees_amount, discount_amount, taxes_amount, total_amount, price_snapshot,
                                     cancellation_policy, hold_expires_at)
           VALUES ($6, $1, $2, $3, 'PENDING', $4, $5, 2, 'Bench Guest', 'bench@example.com',
                   'EUR', 20000, 0, 0, 0, 20000, '{}', 'MODERATE', now() + interval '15 minutes') RETURNING id`,
          [propertyId, roomId, guestId, checkIn, checkOut, `SG-${(rawCodes++).toString(36).toUpperCase().padStart(6, '0')}`],
        );
        await client.query(`INSERT INTO room_occupancies (room_id, stay, source, reservation_id) VALUES ($1, daterange($2, $3), 'RESERVATION', $4)`, [
          roomId, checkIn, checkOut, inserted.rows[0].id,
        ]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    const rawRound = async (): Promise<number> => {
      const until = performance.now() + SECONDS * 1000;
      let count = 0;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (performance.now() < until) {
            await rawBook();
            count += 1;
          }
        }),
      );
      return count / SECONDS;
    };

    // Warm-up, then interleaved rounds (a slow spell of the machine hits both sides alike).
    await generateLoad({ url, bodies: Array.from({ length: 2000 }, () => JSON.stringify({ query: BOOK, variables: { input: { ...httpStay(), guests: 2 } } })), headers: { authorization: `Bearer ${token}` }, connections: CONNECTIONS, durationSeconds: 1 });
    await Promise.all(Array.from({ length: 100 }, rawBook));
    const http: LoadResult[] = [];
    const rawRates: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      http.push(await httpRound());
      rawRates.push(await rawRound());
    }
    const httpRate = percentile(http.map((result) => result.requestsPerSecond), 50);
    const rawRate = percentile(rawRates, 50);
    const httpP50 = percentile(http.map((result) => result.p50), 50);
    const httpP99 = percentile(http.map((result) => result.p99), 50);

    // 200 racers for one room and the same dates.
    const raceStarted = performance.now();
    const racers = await Promise.all(
      Array.from({ length: RACERS }, () => post(BOOK, { input: { roomId: hotRoom, checkIn: addDays(today, 20), checkOut: addDays(today, 23), guests: 2 } }, token)),
    );
    const raceMs = performance.now() - raceStarted;
    const winners = racers.filter((r) => r.data?.createReservation).length;
    const conflicts = racers.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT').length;

    const ratio = httpRate / rawRate;
    const spread = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
    const lines = [
      `| HTTP \`createReservation\` | ${httpRate.toFixed(0)}/s (rounds ${spread(http.map((r) => r.requestsPerSecond))}) | ${httpP50} ms | ${httpP99} ms |`,
      `| raw SQL (lock + reservation + occupancy, one transaction) | ${rawRate.toFixed(0)}/s (rounds ${spread(rawRates)}) | | |`,
    ];
    console.log(lines.join('\n'));
    const cpuPerBooking = percentile(serverCpuMs, 50);
    console.log(`ratio HTTP / raw SQL: ${ratio.toFixed(2)}× (target ≥ 0.5×); server CPU per booking ${cpuPerBooking.toFixed(2)} ms`);
    console.log(`race: ${RACERS} racers answered in ${ms(raceMs)}: ${winners} won, ${conflicts} CONFLICT`);
    const file = await writeFigures(
      'booking',
      `## Booking (\`npm run bench:booking\`)

${today}, ${machine()}. ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s each side (median shown), after a
warm-up; every booking its own room and dates among ${ROOMS} rooms, and every answered request checked against the rows it made.
"HTTP" is \`createReservation { id }\` through the running server, driven by autocannon in its own process (\`bench/load\`):
sign-in, rate limit, the quote's one read and \`staygraph_book_stay\` (lock, re-read, reservation, occupancy, history, outbox
event and job). "Raw SQL" inserts the reservation and occupancy rows under the same lock and constraints, nothing else, from
${CONNECTIONS} connections of this process.

| path | bookings per second | p50 | p99 |
|---|---|---|---|
${lines.join('\n')}

**Ratio: HTTP is ${ratio.toFixed(2)}× the raw SQL rate** (target ≥ 0.5×). The server's own CPU per booking (Node, this
process): ${cpuPerBooking.toFixed(2)} ms.

Race: ${RACERS} simultaneous \`createReservation\` calls for one room and the same dates were all answered in ${ms(raceMs)}:
${winners} booked, ${conflicts} CONFLICT, no other outcome (no 500, no deadlock).`,
    );
    console.log(`figures written to ${file}`);
  } finally {
    await pool.end();
    await bench.stop();
  }
}

runBenchmark(main);
