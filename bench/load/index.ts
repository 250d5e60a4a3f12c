import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const GENERATOR = path.join(__dirname, 'load-generator.mjs');

export interface LoadJob {
  url: string;
  /** GraphQL request bodies (JSON strings), sent round-robin by every connection. */
  bodies: string[];
  headers?: Record<string, string>;
  connections?: number;
  durationSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, timeouts and socket errors: a run with any is not a valid measurement. */
  failures: number;
}

/** Drives `job` from a separate process (autocannon) and returns its throughput and latencies. */
export async function generateLoad(job: LoadJob): Promise<LoadResult> {
  const spec = { connections: 10, durationSeconds: 5, headers: {}, ...job };
  const { stdout } = await run(process.execPath, [GENERATOR, JSON.stringify(spec)], { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

export interface Contender {
  name: string;
  job: LoadJob;
}

/**
 * Rounds interleaved A, B, A, B… so a slow spell of the machine hits both sides alike; reports each side's
 * median throughput and the ratio of the first to the second. A round with any failure aborts the bench.
 */
export async function compare(first: Contender, second: Contender, rounds = 3): Promise<{ first: LoadResult; second: LoadResult; ratio: number }> {
  const results: [LoadResult[], LoadResult[]] = [[], []];
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, contender] of [first, second].entries()) {
      const result = await generateLoad(contender.job);
      if (result.failures > 0) throw new Error(`${contender.name}: ${result.failures} failed requests in round ${round + 1}`);
      results[index]!.push(result);
    }
  }
  const median = (list: LoadResult[]) => [...list].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(list.length / 2)]!;
  const [a, b] = [median(results[0]), median(results[1])];
  return { first: a, second: b, ratio: a.requestsPerSecond / b.requestsPerSecond };
}
