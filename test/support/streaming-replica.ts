import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, runProgram, startEmbeddedPostgres } from '../../src/db/embedded-postgres';

const run = promisify(execFile);
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * A primary of its own (not the shared test cluster, which holds every test's databases) and a hot standby
 * made from it with `pg_basebackup -R`, streaming WAL from it. Both are throwaway: stop() removes them.
 */
export interface StreamingReplica {
  /** The `staygraph` database on the primary (empty until a server migrates it). */
  primaryUrl: string;
  /** The same database on the replica. */
  replicaUrl: string;
  /** Stops replaying WAL on the replica: it keeps answering, with the data of that moment. */
  pauseReplay(): Promise<void>;
  /** Replays again and waits until the replica has everything the primary has written. */
  resumeReplay(): Promise<void>;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  /** Stops the replica's server (its port refuses connections), and starts it again on the same port. */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  stop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An empty directory the server's account may own (as root: under /var/lib/staygraph, which it can reach). */
async function replicaDirectory(): Promise<string> {
  if (!isRoot()) return path.join(await mkdtemp(path.join(os.tmpdir(), 'staygraph-replica-')), 'data');
  const dir = path.join('/var/lib/staygraph/clusters', `replica-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chown(dir, ...(await serviceAccount()));
  return dir;
}

async function serviceAccount(): Promise<[number, number]> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return [Number(uid.trim()), Number(gid.trim())];
}

export async function startStreamingReplica(): Promise<StreamingReplica> {
  const primaryDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'staygraph-primary-')), 'postgres');
  // initdb's pg_hba.conf already allows replication connections from 127.0.0.1 (SCRAM); wal_level is replica.
  const primary = await startEmbeddedPostgres({ dataDir: primaryDir, database: 'staygraph', removeOnStop: true });
  const binDir = primary.binaries.binDir;
  const dataDir = await replicaDirectory();
  const port = await freePort();
  const replicaUrlFor = (database: string) => {
    const url = new URL(primary.url);
    url.port = String(port);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const pgCtl = (args: string[]) => runProgram(path.join(binDir, 'pg_ctl'), args);
  const startReplica = async () => {
    await pgCtl(['start', '--wait', '--timeout', '60', '--pgdata', dataDir, '--log', path.join(dataDir, 'replica.log'),
      '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c hot_standby=on`]);
  };
  const stopReplica = async () => {
    await pgCtl(['stop', '--wait', '--mode', 'fast', '--pgdata', dataDir]);
  };

  const removeBoth = async () => {
    await stopReplica().catch(() => undefined);
    await rm(isRoot() ? dataDir : path.dirname(dataDir), { recursive: true, force: true });
    await primary.stop();
    await rm(path.dirname(primaryDir), { recursive: true, force: true });
  };

  const streaming = () =>
    withClient(primary.adminUrl, async (client) => (await client.query(`SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'`)).rowCount === 1);
  const caughtUp = async () => {
    const { lsn } = await withClient(primary.adminUrl, async (client) => (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!);
    await until('the replica replays the primary\'s WAL', () =>
      withClient(replicaUrlFor('postgres'), async (client) =>
        (await client.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])).rows[0]!.done,
      ),
    );
  };

  try {
    // The base backup copies every file of the cluster: root's credentials file too, which the server must read.
    if (isRoot()) await chown(path.join(primary.clusterDir, 'staygraph-credentials.json'), ...(await serviceAccount()));
    // -R writes primary_conninfo and standby.signal: the copy starts as a hot standby of the primary.
    await runProgram(path.join(binDir, 'pg_basebackup'), ['--dbname', primary.adminUrl, '--pgdata', dataDir, '--write-recovery-conf', '--wal-method', 'stream', '--checkpoint', 'fast']);
    await startReplica();
    await until('the replica streams from the primary', streaming);
  } catch (error) {
    await removeBoth();
    throw error;
  }

  return {
    primaryUrl: primary.url,
    replicaUrl: replicaUrlFor('staygraph'),
    pauseReplay: () => withClient(replicaUrlFor('postgres'), (client) => client.query('SELECT pg_wal_replay_pause()')).then(() => undefined),
    async resumeReplay() {
      await withClient(replicaUrlFor('postgres'), (client) => client.query('SELECT pg_wal_replay_resume()'));
      await caughtUp();
    },
    caughtUp,
    stopReplica,
    async startReplica() {
      await startReplica();
      await until('the replica streams from the primary again', streaming);
    },
    stop: removeBoth,
  };
}
