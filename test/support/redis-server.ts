import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded-postgres';

export interface RedisServer {
  url: string;
  /** Kills the server (clients lose their connections), then starts a new one on the same port. */
  restart(options?: { downForMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

interface RunningRedis {
  child: ChildProcess;
  exited: Promise<void>;
}

/** redis-server on `port`, without persistence, resolved once it accepts connections. */
async function spawnRedis(port: number, dir: string): Promise<RunningRedis> {
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${output}`));
    });
  });
  return { child, exited };
}

/** A throwaway redis-server on a free loopback port, without persistence, in a temporary folder. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'staygraph-redis-'));
  const port = await freePort();
  let running = await spawnRedis(port, dir);
  const kill = async () => {
    running.child.kill('SIGKILL');
    await running.exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart({ downForMs = 0 } = {}) {
      await kill();
      await new Promise((resolve) => setTimeout(resolve, downForMs));
      running = await spawnRedis(port, dir);
    },
    async stop() {
      running.child.kill('SIGTERM');
      await running.exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
