import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
const GENERATOR = path.join(__dirname, 'load-generator.mjs');

export interface LoadJob {
  url: string;
  /** GraphQL request bodies (JSON strings): all connections take the next one in turn, each once before any repeats. */
  bodies: string[];
  headers?: Record<string, string>;
  connections?: number;
  durationSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Requests answered in the run (a bench that creates rows checks them against this). */
  total: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, timeouts and socket errors: a run with any is not a valid measurement. */
  failures: number;
}

/** Drives `job` from a separate process (autocannon) and returns its throughput and latencies. */
export async function generateLoad(job: LoadJob): Promise<LoadResult> {
  const spec = { connections: 10, durationSeconds: 5, headers: {}, ...job };
  const stdout = await runGenerator(JSON.stringify(spec));
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

function runGenerator(job: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GENERATOR], { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`load generator exited with ${code}`))));
    child.stdin.end(job);
  });
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

/**
 * CPU time (user + system, ms) a process has used so far: this one without a pid, or a child's from /proc
 * (clock ticks of 10 ms). A server's CPU per request hardly moves when other work shares the machine.
 */
export function cpuTimeMs(pid?: number): number {
  if (pid === undefined) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  }
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
