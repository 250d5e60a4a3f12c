import { Logger, run, runMigrations, type Runner } from 'graphile-worker';
import { Pool } from 'pg';
import PgBoss from 'pg-boss';
import { benchDatabase, machine, ms, percentile, runBenchmark, writeFigures } from './support';

/**
 * The job runner candidates side by side, on one throwaway database each: enqueue→start latency of a job
 * added inside a business transaction (one at a time, the worker idle), and throughput of no-op jobs with
 * 10 running at once. Run with `npx tsx bench/jobs.ts`; figures go to docs/benchmarks.md.
 */
const LATENCY_JOBS = 100;
const THROUGHPUT_JOBS = 2_000;
const CONCURRENCY = 10;

interface Figures {
  latency: number[];
  perSecond: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function graphileWorker(url: string): Promise<Figures> {
  const pool = new Pool({ connectionString: url, max: 12 });
  pool.on('error', () => undefined);
  await runMigrations({ pgPool: pool, logger: silentGraphileLogger() });
  const started = new Map<number, number>();
  let done = 0;
  const runner: Runner = await run({
    pgPool: pool,
    concurrency: CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 2_000,
    logger: silentGraphileLogger(),
    taskList: {
      latency: async (payload) => void started.set((payload as { i: number }).i, performance.now()),
      noop: async () => void (done += 1),
    },
  });
  const latency: number[] = [];
  for (let i = 0; i < LATENCY_JOBS; i += 1) {
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query(`SELECT graphile_worker.add_job('latency', json_build_object('i', $1::int))`, [i]);
    await client.query('COMMIT');
    const committed = performance.now();
    client.release();
    while (!started.has(i)) await sleep(1);
    latency.push(started.get(i)! - committed);
  }
  const t0 = performance.now();
  await pool.query(`SELECT graphile_worker.add_jobs(array_agg(ROW('noop', '{}'::json, NULL, NULL, NULL, NULL, NULL, NULL)::graphile_worker.job_spec)) FROM generate_series(1, $1)`, [THROUGHPUT_JOBS]);
  while (done < THROUGHPUT_JOBS) await sleep(5);
  const perSecond = THROUGHPUT_JOBS / ((performance.now() - t0) / 1000);
  await runner.stop();
  await pool.end();
  return { latency, perSecond };
}

/** A logger that drops everything: the figures stay readable. */
const silentGraphileLogger = () => new Logger(() => () => undefined);

async function pgBoss(url: string, batchSize: number): Promise<Figures> {
  const pool = new Pool({ connectionString: url, max: 4 });
  const boss = new PgBoss({ connectionString: url, max: 12 });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.createQueue('latency');
  await boss.createQueue('noop');
  const started = new Map<number, number>();
  let done = 0;
  // The shortest polling pg-boss 10 accepts (0.5 s); it has no LISTEN/NOTIFY wake-up.
  await boss.work<{ i: number }>('latency', { pollingIntervalSeconds: 0.5 }, async ([job]) => void started.set(job!.data.i, performance.now()));
  for (let w = 0; w < CONCURRENCY; w += 1) {
    await boss.work('noop', { pollingIntervalSeconds: 0.5, batchSize }, async (jobs) => void (done += jobs.length));
  }
  const latency: number[] = [];
  for (let i = 0; i < LATENCY_JOBS; i += 1) {
    const client = await pool.connect();
    await client.query('BEGIN');
    // The business transaction's connection, through pg-boss's `db` option.
    await boss.send('latency', { i }, { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } });
    await client.query('COMMIT');
    const committed = performance.now();
    client.release();
    while (!started.has(i)) await sleep(1);
    latency.push(started.get(i)! - committed);
  }
  const t0 = performance.now();
  await boss.insert(Array.from({ length: THROUGHPUT_JOBS }, () => ({ name: 'noop', data: {} })));
  while (done < THROUGHPUT_JOBS) await sleep(5);
  const perSecond = THROUGHPUT_JOBS / ((performance.now() - t0) / 1000);
  await boss.stop({ graceful: true, wait: true });
  await pool.end();
  return { latency, perSecond };
}

runBenchmark(async () => {
  const gw = await benchDatabase('staygraph_bench_graphile');
  const graphile = await graphileWorker(gw.url);
  await gw.stop();
  const pb = await benchDatabase('staygraph_bench_pgboss');
  const boss = await pgBoss(pb.url, 1);
  await pb.stop();
  const pbBatch = await benchDatabase('staygraph_bench_pgboss_batch');
  const bossBatch = await pgBoss(pbBatch.url, 20);
  await pbBatch.stop();
  const row = (name: string, f: Figures) =>
    `| ${name} | ${ms(percentile(f.latency, 50))} | ${ms(percentile(f.latency, 95))} | ${ms(Math.max(...f.latency))} | ${Math.round(f.perSecond)} |`;
  const markdown = `## Job runner candidates (\`npx tsx bench/jobs.ts\`)

${machine()}, PostgreSQL on the same machine. Latency: a job added inside a transaction, from COMMIT to
the handler starting (${LATENCY_JOBS} jobs, one at a time, worker idle). Throughput: ${THROUGHPUT_JOBS} no-op jobs
added at once, ${CONCURRENCY} running at a time.

| library | latency p50 | p95 | max | jobs/s |
|---|---|---|---|---|
${row('graphile-worker 0.17.3 (LISTEN/NOTIFY)', graphile)}
${row('pg-boss 10.4.2 (polling every 0.5 s, 1 job per fetch)', boss)}
${row('pg-boss 10.4.2 (polling every 0.5 s, 20 jobs per fetch)', bossBatch)}
`;
  console.log(markdown);
  console.log(`written to ${await writeFigures('jobs', markdown)}`);
});
