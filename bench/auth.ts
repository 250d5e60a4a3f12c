/**
 * bench/auth: what a signed-in caller costs, and what the server costs around graphql-js (issue 16, items 2
 * and 4). Throughput from a load generator in its own process (bench/load), rounds interleaved:
 *   1. authenticated `{ me { id } }` against anonymous `{ __typename }` on the same server (target ≥ 0.8×);
 *   2. anonymous `{ __typename }` against a bare graphql-js server on node:http in its own process
 *      (bench/bare-graphql-server.mjs; target ≥ 0.9×).
 * The server runs as in production (NODE_ENV=production, LISTEN/NOTIFY pub/sub, default auth cache);
 * limits are raised so that the load is never refused, and logging is at `warn`.
 * Run: npm run bench:auth   (DATABASE_URL optional; ROUNDS, SECONDS, CONNECTIONS; figures go to docs/benchmarks.md)
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';
import { type Contender, cpuTimeMs, generateLoad, type LoadResult } from './load';
import { benchDatabase, machine, percentile, runBenchmark, writeFigures } from './support';

const ROUNDS = Number(process.env['ROUNDS'] ?? 5);
const SECONDS = Number(process.env['SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 10);

/** CPU time (µs) a server process has used so far (bench/load's cpuTimeMs). */
type CpuClock = () => number;
const ownCpu: CpuClock = () => cpuTimeMs() * 1000;
const childCpu = (pid: number): CpuClock => () => cpuTimeMs(pid) * 1000;

interface Side {
  result: LoadResult;
  /** Server CPU per answered request: what the server spends, whoever is the bottleneck. */
  cpuPerRequest: number;
}

/**
 * bench/load's compare(), plus the server's CPU per request of each run: on this 2-core machine the load
 * generator may saturate before a fast server does, which pulls a throughput ratio towards 1; CPU per
 * request does not depend on who is the bottleneck.
 */
async function compareWithCpu(first: Contender & { cpu: CpuClock }, second: Contender & { cpu: CpuClock }, rounds: number) {
  const runs: [Side[], Side[]] = [[], []];
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, contender] of [first, second].entries()) {
      const before = contender.cpu();
      const result = await generateLoad(contender.job);
      const used = contender.cpu() - before;
      if (result.failures > 0) throw new Error(`${contender.name}: ${result.failures} failed requests in round ${round + 1}`);
      runs[index]!.push({ result, cpuPerRequest: used / (result.requestsPerSecond * (contender.job.durationSeconds ?? 5)) });
    }
  }
  const side = (list: Side[]) => ({
    result: [...list].sort((a, b) => a.result.requestsPerSecond - b.result.requestsPerSecond)[Math.floor(list.length / 2)]!.result,
    cpuPerRequest: percentile(list.map((run) => run.cpuPerRequest), 50),
    spread: `${Math.round(Math.min(...list.map((run) => run.result.requestsPerSecond)))}–${Math.round(Math.max(...list.map((run) => run.result.requestsPerSecond)))}`,
  });
  const [a, b] = [side(runs[0]), side(runs[1])];
  return { first: a, second: b, ratio: a.result.requestsPerSecond / b.result.requestsPerSecond, cpuRatio: b.cpuPerRequest / a.cpuPerRequest };
}

async function startBareServer(): Promise<{ url: string; cpu: CpuClock; stop(): void }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'bare-graphql-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/graphql`, cpu: childCpu(child.pid!), stop: () => child.kill('SIGTERM') };
}

const rate = (side: { result: LoadResult; cpuPerRequest: number; spread: string }) =>
  `${Math.round(side.result.requestsPerSecond).toLocaleString('en-US')} req/s (runs ${side.spread}; p99 ${side.result.p99} ms; ${Math.round(side.cpuPerRequest)} µs CPU/request)`;

async function main(): Promise<void> {
  const database = await benchDatabase('staygraph_bench_auth');
  const config = loadConfig({
    NODE_ENV: 'production', DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', JWT_SECRET: 'b'.repeat(40), LOG_LEVEL: 'warn',
    PUBSUB_DRIVER: 'postgres', RATE_LIMIT_MUTATIONS_PER_MINUTE: '1000000', RATE_LIMIT_REGISTER_PER_IP: '1000',
    RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE: '100000000', RATE_LIMIT_USER_QUERIES_PER_MINUTE: '100000000',
    JOB_CONCURRENCY: '0', CRON_ENABLED: 'false', PUBLIC_URL: 'http://127.0.0.1',
  });
  const app = await startApp({ config, log: createLogger(config.logLevel) });
  const bare = await startBareServer();
  const url = `http://127.0.0.1:${app.port}/graphql`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { register(input: { email: "bench@example.com", password: "bench password 1", fullName: "Bench Guest" }) { accessToken } }` }),
    });
    const token = ((await response.json()) as { data: { register: { accessToken: string } } }).data.register.accessToken;
    const job = (target: string, query: string, headers: Record<string, string> = {}) => ({
      url: target, bodies: [JSON.stringify({ query })], headers, connections: CONNECTIONS, durationSeconds: SECONDS,
    });
    const anonymous = job(url, '{ __typename }');
    const auth = await compareWithCpu(
      { name: 'authenticated { me { id } }', job: job(url, '{ me { id } }', { authorization: `Bearer ${token}` }), cpu: ownCpu },
      { name: 'anonymous { __typename }', job: anonymous, cpu: ownCpu },
      ROUNDS,
    );
    console.log(`authenticated ${rate(auth.first)} / anonymous ${rate(auth.second)} = ${auth.ratio.toFixed(2)}× (CPU ${auth.cpuRatio.toFixed(2)}×)`);
    const trivial = await compareWithCpu(
      { name: 'staygraph { __typename }', job: anonymous, cpu: ownCpu },
      { name: 'bare graphql-js { __typename }', job: job(bare.url, '{ __typename }'), cpu: bare.cpu },
      ROUNDS,
    );
    console.log(`staygraph ${rate(trivial.first)} / bare graphql-js ${rate(trivial.second)} = ${trivial.ratio.toFixed(2)}× (CPU ${trivial.cpuRatio.toFixed(2)}×)`);
    const load = os.loadavg()[0]!.toFixed(1);

    const date = new Date().toISOString().slice(0, 10);
    const file = await writeFigures(
      'auth',
      `## Authenticated requests and the trivial query (\`npm run bench:auth\`)

${date}, ${machine()}, 1-minute load average ${load} at the end (other jobs share the machine).
${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds interleaved A/B; medians, with the range of the runs.
The load generator runs in its own process (\`bench/load\`), the bare server too. Server in production mode
(NODE_ENV=production, PostgreSQL LISTEN/NOTIFY pub/sub, default \`AUTH_CACHE_TTL_MS\`, logging at \`warn\`, limits
raised so nothing is refused). "CPU ratio" is B's server CPU per request over A's: the throughput A would
reach relative to B if the server, not the load generator, were the bottleneck.

| comparison | A | B | throughput A / B | CPU ratio | target |
|---|---|---|---|---|---|
| authenticated \`{ me { id } }\` / anonymous \`{ __typename }\` | ${rate(auth.first)} | ${rate(auth.second)} | **${auth.ratio.toFixed(2)}×** | ${auth.cpuRatio.toFixed(2)}× | ≥ 0.8× |
| staygraph \`{ __typename }\` / bare graphql-js on node:http | ${rate(trivial.first)} | ${rate(trivial.second)} | **${trivial.ratio.toFixed(2)}×** | ${trivial.cpuRatio.toFixed(2)}× | ≥ 0.9× |`,
    );
    console.log(`figures written to ${file}`);
  } finally {
    bare.stop();
    await app.stop();
    await database.stop();
  }
}

runBenchmark(main);
