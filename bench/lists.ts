/**
 * bench/lists: the nested list `properties(first: N) { rooms host }` against PostGraphile 5 on the same
 * database and data (500 properties, ~5 rooms each, 25 verified hosts), at N = 20 and N = 100, 10 connections,
 * interleaved rounds from a load generator in its own process (bench/load). Also staygraph's one statement
 * per page against the same page read with dataloaders batching rooms and hosts across it.
 * Run: npm run bench:lists   (DATABASE_URL optional; installs bench/postgraphile on first run; ROUNDS=5, DURATION=10 for more)
 */
import type { Client } from 'pg';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';
import { compare, type Contender, cpuTimeMs, generateLoad, type LoadResult } from './load';
import { startPostGraphile } from './postgraphile/start';
import { benchEnv, machine, runBenchmark, startBenchApp, writeFigures } from './support';

const HOSTS = 25;
const PROPERTIES = 500;
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const DURATION_SECONDS = Number(process.env['DURATION'] ?? 5);

// The same columns on both sides: PostGraphile's names for staygraph's (its rooms have no currency column).
const STAYGRAPH = `query ($first: Int) { properties(first: $first) { edges { cursor node {
  id name slug kind currency rating address { city country }
  rooms { id name maxGuests beds basePricePerNight { amount currency } }
  host { id businessName slug }
} } pageInfo { hasNextPage endCursor } } }`;
const POSTGRAPHILE = `query ($first: Int) { allProperties(first: $first, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { edges { cursor node {
  rowId name slug kind currency rating city country
  roomsByPropertyId { nodes { rowId name maxGuests beds basePriceAmount } }
  hostProfileByHostProfileId { rowId businessName slug }
} } pageInfo { hasNextPage endCursor } } }`;

async function generate(raw: Client): Promise<void> {
  await raw.query(
    `INSERT INTO users (id, email, full_name, password_hash, role)
     SELECT ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 'host' || i || '@example.com', 'Host ' || i, 'x', 'HOST'
       FROM generate_series(1, $1) AS i`,
    [HOSTS],
  );
  await raw.query(
    `INSERT INTO host_profiles (user_id, business_name, slug, contact_email, kyc_status)
     SELECT id, 'Business of ' || full_name, 'host-' || split_part(email, '@', 1), email, 'VERIFIED' FROM users WHERE role = 'HOST'`,
  );
  await raw.query(
    `INSERT INTO properties (host_profile_id, kind, name, slug, description, address_line1, city, country, time_zone, currency,
                             amenities, photos, rating, created_at)
     SELECT (SELECT id FROM host_profiles ORDER BY slug OFFSET i % $2 LIMIT 1),
            (ARRAY['HOUSE','HOTEL','HOMESTAY','RESORT','APARTMENT'])[1 + i % 5], 'Property ' || i, 'property-' || i,
            repeat('A description. ', 20), 'Street ' || i, (ARRAY['Nerja','Málaga','Sevilla','Granada'])[1 + i % 4], 'ES',
            'Europe/Madrid', 'EUR', ARRAY['wifi', 'pool'],
            jsonb_build_array(jsonb_build_object('url', 'https://images.example.com/' || i || '.jpg', 'altText', 'Front', 'position', 1)),
            3 + (i % 20) / 10.0, now() - i * interval '1 minute'
       FROM generate_series(1, $1) AS i`,
    [PROPERTIES, HOSTS],
  );
  // 3 to 7 rooms per property (5 on average).
  await raw.query(
    `INSERT INTO rooms (property_id, name, room_type_code, room_type_label, max_guests, included_guests, beds, base_price_amount)
     SELECT p.id, 'Room ' || n, 'DOUBLE', 'Double', 2, 2, 1, 5000 + n * 100
       FROM properties p CROSS JOIN generate_series(1, 7) AS n
      WHERE n <= 3 + (hashtext(p.id::text) & 4)`,
  );
  await raw.query('ANALYZE');
}

async function post(url: string, query: string, first: number): Promise<Record<string, any>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { first } }) });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Both servers list the same properties, rooms and hosts in the same order (else the ratio means nothing). */
async function assertSameAnswers(staygraph: string, postgraphile: string, first: number): Promise<number> {
  const ours = (await post(staygraph, STAYGRAPH, first))['properties'].edges.map(({ node }: any) => [
    node.id, node.rooms.map((room: any) => room.id).sort(), node.host.id,
  ]);
  const theirs = (await post(postgraphile, POSTGRAPHILE, first))['allProperties'].edges.map(({ node }: any) => [
    node.rowId, node.roomsByPropertyId.nodes.map((room: any) => room.rowId).sort(), node.hostProfileByHostProfileId.rowId,
  ]);
  if (JSON.stringify(ours) !== JSON.stringify(theirs) || ours.length !== first) throw new Error(`different answers at first = ${first}`);
  return ours.reduce((sum: number, [, rooms]: [string, string[]]) => sum + rooms.length, 0);
}

const contender = (name: string, url: string, query: string, first: number): Contender => ({
  name,
  job: { url, bodies: [JSON.stringify({ query, variables: { first } })], connections: 10, durationSeconds: DURATION_SECONDS },
});

/**
 * The server's CPU time per request under the same load: unlike throughput, it hardly moves when other work
 * shares the machine. Measured after the rounds, one run per side.
 */
async function cpuPerRequest(job: Contender['job'], pid?: number): Promise<number> {
  const before = cpuTimeMs(pid);
  const result = await generateLoad(job);
  return (cpuTimeMs(pid) - before) / (result.requestsPerSecond * (job.durationSeconds ?? 5));
}

const rate = (result: LoadResult) => `${Math.round(result.requestsPerSecond).toLocaleString('en')} req/s (p50 ${result.p50} ms, p99 ${result.p99} ms)`;

async function main(): Promise<void> {
  const bench = await startBenchApp('staygraph_bench_lists');
  // The same server, except that rooms and hosts come from dataloaders batching across the page (the other design).
  const loadersApp = await startApp({ config: loadConfig(benchEnv(bench.databaseUrl)), log: createLogger('silent') });
  const list = loadersApp.services.properties.list.bind(loadersApp.services.properties);
  loadersApp.services.properties.list = (viewer, filter, page, selection) =>
    list(viewer, filter, page, selection && { ...selection, rooms: false, host: false });
  const postgraphile = await startPostGraphile(bench.databaseUrl);
  try {
    await generate(bench.raw);
    const staygraphUrl = `http://127.0.0.1:${bench.app.port}/graphql`;
    const loadersUrl = `http://127.0.0.1:${loadersApp.port}/graphql`;
    const rows: string[] = [];
    const designRows: string[] = [];
    for (const first of [20, 100]) {
      const rooms = await assertSameAnswers(staygraphUrl, postgraphile.url, first);
      await assertSameAnswers(loadersUrl, postgraphile.url, first);
      const vsPostGraphile = await compare(
        contender('staygraph', staygraphUrl, STAYGRAPH, first),
        contender('PostGraphile 5', postgraphile.url, POSTGRAPHILE, first),
        ROUNDS,
      );
      const ourCpu = await cpuPerRequest(contender('staygraph', staygraphUrl, STAYGRAPH, first).job);
      const theirCpu = await cpuPerRequest(contender('PostGraphile 5', postgraphile.url, POSTGRAPHILE, first).job, postgraphile.pid);
      console.log(`N = ${first} (${rooms} rooms): staygraph ${rate(vsPostGraphile.first)}; PostGraphile ${rate(vsPostGraphile.second)}; ratio ${vsPostGraphile.ratio.toFixed(2)}×; CPU per request ${ourCpu.toFixed(2)} / ${theirCpu.toFixed(2)} ms`);
      rows.push(`| ${first} (${rooms} rooms) | ${rate(vsPostGraphile.first)} | ${rate(vsPostGraphile.second)} | **${vsPostGraphile.ratio.toFixed(2)}×** | ${ourCpu.toFixed(2)} / ${theirCpu.toFixed(2)} ms (${(theirCpu / ourCpu).toFixed(2)}×) |`);
      const designs = await compare(
        contender('one statement', staygraphUrl, STAYGRAPH, first),
        contender('dataloaders', loadersUrl, STAYGRAPH, first),
        ROUNDS,
      );
      console.log(`N = ${first}: one statement ${rate(designs.first)}; dataloaders ${rate(designs.second)}; ratio ${designs.ratio.toFixed(2)}×`);
      designRows.push(`| ${first} | ${rate(designs.first)} | ${rate(designs.second)} | ${designs.ratio.toFixed(2)}× |`);
    }
    const file = await writeFigures(
      'lists',
      `## Nested lists against PostGraphile 5 (\`npm run bench:lists\`)

${new Date().toISOString().slice(0, 10)}, ${machine()} (PostGraphile on Node 22). ${PROPERTIES} properties with 3–7 rooms each
(5 on average), ${HOSTS} verified hosts, one database. Both servers answer \`first: N\` properties, newest first, each with its
active rooms and its host, asking for the same columns (staygraph: \`properties { edges { cursor node { … rooms { … }
host { … } } } }\`; PostGraphile's Amber preset: \`allProperties(orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { edges { cursor node { …
roomsByPropertyId { nodes … } hostProfileByHostProfileId { … } } } }\`); the bench checks
that both list the same properties, rooms and hosts first. Load: autocannon in its own process, 10 connections,
${DURATION_SECONDS} s per round, ${ROUNDS} interleaved rounds per side; the medians. staygraph also applies its visibility rule
(verified hosts), which PostGraphile has no equivalent for here; its own conditions exist only on indexed columns, so
every property and room in the data is active. Both processes run with NODE_ENV=production (staygraph's configuration
stays the benchmarks' usual one: limits high, jobs idle). "CPU per request" is each server process's CPU time over one
more run divided by the requests it answered (staygraph / PostGraphile, and PostGraphile's as a share of staygraph's):
it moves much less than throughput when other work shares the machine. Target: ≥ 1.0×.

| N | staygraph | PostGraphile 5 | ratio | CPU per request |
|---|---|---|---|---|
${rows.join('\n')}

staygraph's two designs, on the same data: the page, rooms and hosts in one statement (\`json_agg\`, the one kept) against
the page's statement followed by the rooms and the hosts through the request's dataloaders, batching across the page
(3 statements; those loaders build TypeORM entities, and their resolvers answer with promises).

| N | one statement | dataloaders | ratio |
|---|---|---|---|
${designRows.join('\n')}`,
    );
    console.log(`figures written to ${file}`);
  } finally {
    await postgraphile.stop();
    await loadersApp.stop();
    await bench.stop();
  }
}

runBenchmark(main);
