import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';

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
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), database: 'postgres' });
    adminUrl = cluster.adminUrl;
    stopCluster = () => cluster.stop();
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

/** Replaces the section between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in docs/benchmarks.md. */
export async function writeFigures(name: string, markdown: string): Promise<string> {
  const file = path.resolve(__dirname, '..', 'docs', 'benchmarks.md');
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
