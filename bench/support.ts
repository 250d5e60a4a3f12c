import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { type RunningApp, startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { createLogger } from '../src/platform/logger';

/** Shared pieces of the benchmarks: a throwaway database, timing, percentiles and the figures file. */

export interface BenchDatabase {
  url: string;
  stop(): Promise<void>;
}

/** A fresh database on DATABASE_URL's server, or on a throwaway embedded cluster. */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  let adminUrl = process.env['DATABASE_URL'];
  let stopCluster = async (): Promise<void> => undefined;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'staygraph-bench-'));
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), database: 'postgres', removeOnStop: true });
    adminUrl = cluster.adminUrl;
    stopCluster = async () => {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop: stopCluster };
}

export async function timeEach(count: number, run: (i: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await run(i);
    durations.push(performance.now() - started);
  }
  return durations;
}

export function percentile(durations: readonly number[], p: number): number {
  const sorted = [...durations].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Replaces the section between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in docs/benchmarks.md (or another file in docs/). */
export async function writeFigures(name: string, markdown: string, document = 'benchmarks.md'): Promise<string> {
  const file = path.resolve(__dirname, '..', 'docs', document);
  const current = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`;
  await writeFile(file, next);
  return file;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Runs a benchmark's main function; any failure is printed and exits 1. */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

export interface BenchApp {
  app: RunningApp;
  /** The benchmark's own connection, for raw-SQL baselines and data generation. */
  raw: Client;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** The benchmarks' server settings over `databaseUrl` (silent, limits high, outbox and cron idle). */
export function benchEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'test', DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', JWT_SECRET: 'b'.repeat(40), LOG_LEVEL: 'silent',
    PUBSUB_DRIVER: 'memory', RATE_LIMIT_MUTATIONS_PER_MINUTE: '1000000', RATE_LIMIT_REGISTER_PER_IP: '1000',
    RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE: '1000000', RATE_LIMIT_USER_QUERIES_PER_MINUTE: '0',
    // Measure the request path only: no jobs run here (Chromium rendering PDFs would steal the CPU), no cron.
    JOB_CONCURRENCY: '0', CRON_ENABLED: 'false',
  };
}

/** A fresh database, the real server on a free port (silent, limits high, outbox and cron idle) and a raw connection. */
export async function startBenchApp(name: string): Promise<BenchApp> {
  const database = await benchDatabase(name);
  const config = loadConfig(benchEnv(database.url));
  const app = await startApp({ config, log: createLogger('silent') });
  // The same session settings as the app's pool (JIT off), so the raw baseline is the same statement run the same way.
  const raw = new Client({ connectionString: database.url, options: '-c jit=off' });
  await raw.connect();
  return {
    app,
    raw,
    databaseUrl: database.url,
    async stop() {
      await raw.end().catch(() => undefined);
      await app.stop();
      await database.stop();
    },
  };
}
