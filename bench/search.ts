/**
 * bench/search: 1,000 properties, 10,000 rooms and 200,000 blocks; `searchStays` for a 7-night window over
 * HTTP (p50/p95 over 200+ requests) against the same search as one raw SQL statement.
 * Run: npm run bench:search   (DATABASE_URL optional; the figures go to docs/benchmarks.md)
 */
import { Client } from 'pg';
import { addDays } from '../src/platform/calendar-dates';
import { machine, ms, percentile, runBenchmark, startBenchApp, timeEach, writeFigures } from './support';

const PROPERTIES = 1_000;
const ROOMS_PER_PROPERTY = 10;
const BLOCKS_PER_ROOM = 20;
const REQUESTS = 240;
const CITIES = ['Nerja', 'Málaga', 'Sevilla', 'Granada', 'Cádiz', 'Valencia', 'Barcelona', 'Madrid', 'Bilbao', 'Lisboa',
  'Porto', 'Faro', 'Roma', 'Napoli', 'Firenze', 'Venezia', 'Nice', 'Lyon', 'Paris', 'Bordeaux'];

async function generate(url: string, today: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await insertData(db, today);
  } finally {
    await db.end();
  }
}

async function insertData(db: Client, today: string): Promise<void> {
  const started = performance.now();
  await db.query(`INSERT INTO users (id, email, full_name, password_hash, role)
                  VALUES ('00000000-0000-4000-8000-000000000001', 'bench-host@example.com', 'Bench Host', 'x', 'HOST')`);
  // Verified: only verified hosts' properties are searchable.
  await db.query(`INSERT INTO host_profiles (id, user_id, business_name, slug, contact_email, kyc_status)
                  VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'Bench', 'bench', 'b@example.com', 'VERIFIED')`);
  await db.query(
    `INSERT INTO properties (host_profile_id, kind, name, slug, address_line1, city, country, time_zone, currency, amenities, rating)
     SELECT '00000000-0000-4000-8000-000000000002',
            (ARRAY['HOUSE','HOTEL','HOMESTAY','RESORT','APARTMENT'])[1 + i % 5],
            'Property ' || i, 'property-' || i, 'Street ' || i, ($1::text[])[1 + i % 20], 'ES', 'Europe/Madrid', 'EUR',
            string_to_array((ARRAY['wifi', 'wifi,pool', 'breakfast', 'wifi,parking'])[1 + i % 4], ','),
            3 + (i % 20) / 10.0
       FROM generate_series(1, $2) AS i`,
    [CITIES, PROPERTIES],
  );
  await db.query(
    `INSERT INTO rooms (property_id, name, room_type_code, room_type_label, max_guests, included_guests, beds, base_price_amount)
     SELECT p.id, 'Room ' || n, 'DOUBLE', 'Double', 1 + (n % 6), 1, 1, 5000 + ((hashtext(p.id::text || n) & 255) * 100)
       FROM properties p CROSS JOIN generate_series(1, $1) AS n`,
    [ROOMS_PER_PROPERTY],
  );
  // 20 blocks per room, one in each 20-day slot (start offset ≤ 10, length ≤ 7: they never overlap).
  await db.query(
    `WITH made AS (
       INSERT INTO room_blocks (room_id, starts_on, ends_on, reason)
       SELECT r.id, s.starts_on, s.starts_on + 1 + (hashtext(r.id::text || k) & 7) % 7, 'bench'
         FROM rooms r CROSS JOIN generate_series(0, $2 - 1) AS k
         CROSS JOIN LATERAL (SELECT $1::date + k * 20 + (hashtext(k || r.id::text) & 15) % 11 AS starts_on) AS s
       RETURNING id, room_id, starts_on, ends_on)
     INSERT INTO room_occupancies (room_id, stay, source, block_id)
     SELECT room_id, daterange(starts_on, ends_on), 'BLOCK', id FROM made`,
    [today, BLOCKS_PER_ROOM],
  );
  await db.query('ANALYZE');
  const [{ count }] = (await db.query(`SELECT count(*)::int AS count FROM room_occupancies`)).rows;
  console.log(`generated ${PROPERTIES} properties, ${PROPERTIES * ROOMS_PER_PROPERTY} rooms, ${count} blocks in ${ms(performance.now() - started)}`);
}

const QUERY = `query ($input: SearchStaysInput!) {
  searchStays(input: $input) {
    totalCount
    edges { node { property { id name slug } availableRoomCount minNightlyPrice { amount currency } maxNightlyPrice { amount } rooms { id name } } }
  }
}`;

interface Scenario {
  name: string;
  input: (i: number, today: string) => Record<string, unknown>;
}

const scenarios: Scenario[] = [
  {
    name: 'one city (~500 rooms)',
    input: (i, today) => ({ checkIn: addDays(today, 7 + (i % 90)), checkOut: addDays(today, 14 + (i % 90)), guests: 2, city: CITIES[i % CITIES.length] }),
  },
  {
    name: 'no filter (all 10,000 rooms)',
    input: (i, today) => ({ checkIn: addDays(today, 7 + (i % 90)), checkOut: addDays(today, 14 + (i % 90)), guests: 2 }),
  },
];

async function main(): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const bench = await startBenchApp('staygraph_bench_search');
  const { app, raw } = bench;
  try {
    await generate(bench.databaseUrl, today);
    const rows: string[] = [];
    for (const scenario of scenarios) {
      const post = async (i: number) => {
        const response = await fetch(`http://127.0.0.1:${app.port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: QUERY, variables: { input: { ...scenario.input(i, today), first: 20 } } }),
        });
        const body = (await response.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      };
      const sql = async (i: number) => {
        const criteria = app.services.search.parse({ ...scenario.input(i, today), first: 20 });
        const { sql: statement, parameters } = app.services.search.statement(criteria, { limit: 21, offset: 0 });
        await raw.query(statement, parameters);
      };
      await timeEach(20, post); // warm-up: JIT, plans, pools
      await timeEach(20, sql);
      const http = await timeEach(REQUESTS, post);
      const direct = await timeEach(REQUESTS, sql);
      const [h50, h95, s50, s95] = [percentile(http, 50), percentile(http, 95), percentile(direct, 50), percentile(direct, 95)];
      console.log(`${scenario.name}: HTTP p50 ${ms(h50)} p95 ${ms(h95)}; raw SQL p50 ${ms(s50)} p95 ${ms(s95)}; ratio p95 ${(h95 / s95).toFixed(2)}×`);
      rows.push(`| ${scenario.name} | ${ms(h50)} | ${ms(h95)} | ${ms(s50)} | ${ms(s95)} | ${(h50 / s50).toFixed(2)}× | ${(h95 / s95).toFixed(2)}× |`);
    }
    const file = await writeFigures(
      'search',
      `## Stay search (\`npm run bench:search\`)

${new Date().toISOString().slice(0, 10)}, ${machine()}. ${PROPERTIES.toLocaleString('en')} properties in ${CITIES.length} cities, ${(PROPERTIES * ROOMS_PER_PROPERTY).toLocaleString('en')} rooms, ${(PROPERTIES * ROOMS_PER_PROPERTY * BLOCKS_PER_ROOM).toLocaleString('en')} blocks over the next 400 days.
Each figure: ${REQUESTS} sequential requests for a 7-night stay for 2 guests (check-in 7 to 96 days ahead, varying), first 20 results,
after 20 warm-up requests. "HTTP" is \`searchStays\` through the running server (JSON over loopback, Apollo, resolvers, dataloaders
priming from the statement's rows; the search record is buffered and written in batches); "raw SQL" is the same single statement
(search, page with its property and room rows) sent through \`pg\` directly.
Target: HTTP p95 ≤ 50 ms and ≤ 2× raw SQL.

| scenario | HTTP p50 | HTTP p95 | raw SQL p50 | raw SQL p95 | ratio p50 | ratio p95 |
|---|---|---|---|---|---|---|
${rows.join('\n')}`,
    );
    console.log(`figures written to ${file}`);
  } finally {
    await bench.stop();
  }
}

runBenchmark(main);
