import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './processes';

/** Another live server holds the data folder; the message names it. */
export class InstanceLocked extends Error {}

interface Holder {
  pid: number;
  startedAt: string;
  url?: string;
}

export interface InstanceLock {
  /** Adds the server's address to the lock, so a refused second start can say where the first one is. */
  describe(url: string): Promise<void>;
  release(): Promise<void>;
}

/**
 * One server per data folder. A second one would adopt the first one's embedded PostgreSQL and stop it when
 * it exits, pulling the database from under the first. The lock is a file naming its holder; a holder that
 * is no longer alive (killed) leaves a stale file, which the next start takes over.
 */
export async function lockDataDir(dataDir: string): Promise<InstanceLock> {
  const file = path.join(dataDir, 'staygraph.lock');
  await mkdir(dataDir, { recursive: true });
  const holder: Holder = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(holder));
      await handle.close();
      return {
        describe: (url) => writeFile(file, JSON.stringify({ ...holder, url })),
        release: () => rm(file, { force: true }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await readHolder(file);
    if (current && current.pid !== process.pid && isProcessAlive(current.pid)) {
      const where = current.url ? `, ${current.url}` : '';
      throw new InstanceLocked(
        `staygraph is already running with ${dataDir} (pid ${current.pid}, started ${current.startedAt}${where}). ` +
          `Stop that one first, or give this one another DATA_DIR (or a DATABASE_URL).`,
      );
    }
    await rm(file, { force: true }); // stale: its holder is gone
  }
  throw new InstanceLocked(`could not lock ${dataDir}: another server is starting there at the same time`);
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as Partial<Holder>;
    return Number.isInteger(holder.pid) ? (holder as Holder) : undefined;
  } catch {
    return undefined;
  }
}
