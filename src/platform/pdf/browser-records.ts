import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from '../processes';
import type { Logger } from '../logger';

/**
 * Chromium runs in its own process group (puppeteer detaches it, so a Ctrl-C in the terminal reaches us
 * and not the browser). A SIGKILLed server therefore leaves its browser running. Each launch writes a
 * record (our pid, the browser's pid and profile folder); the next start closes browsers whose owner is
 * gone. Several servers may share the folder: a live owner's browser is never touched.
 */
interface BrowserRecord {
  owner: number;
  pid: number;
  userDataDir?: string;
}

export class BrowserRecords {
  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** Best effort: a read-only data folder must not stop PDFs, it only loses the clean-up after a SIGKILL. */
  async add(pid: number, userDataDir: string | undefined): Promise<void> {
    const record: BrowserRecord = { owner: process.pid, pid, userDataDir };
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(this.file(pid), JSON.stringify(record));
    } catch (error) {
      this.log.warn({ err: error, dir: this.dir }, 'could not record the Chromium process: a killed server would leave it running');
    }
  }

  async remove(pid: number): Promise<void> {
    await rm(this.file(pid), { force: true });
  }

  /** Kills the browsers (process group and profile folder) of servers that died without closing them. */
  async reapOrphans(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.filter((candidate) => /^chromium-\d+\.json$/.test(candidate))) {
      const file = path.join(this.dir, name);
      const record = await readRecord(file);
      if (record && isProcessAlive(record.owner)) continue;
      if (record && (await isThatBrowser(record))) {
        killGroup(record.pid);
        this.log.warn({ pid: record.pid, owner: record.owner }, 'closed a Chromium left behind by a server that was killed');
      }
      if (record?.userDataDir) await rm(record.userDataDir, { recursive: true, force: true });
      await rm(file, { force: true });
    }
  }

  private file(pid: number): string {
    return path.join(this.dir, `chromium-${pid}.json`);
  }
}

async function readRecord(file: string): Promise<BrowserRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as Partial<BrowserRecord>;
    return Number.isInteger(record.owner) && Number.isInteger(record.pid) ? (record as BrowserRecord) : undefined;
  } catch {
    return undefined;
  }
}


/** The pid may have been reused since: only a process started with that profile folder is ours. */
async function isThatBrowser(record: BrowserRecord): Promise<boolean> {
  if (!record.userDataDir) return false;
  const commandLine = await readFile(`/proc/${record.pid}/cmdline`, 'utf8').catch(() => '');
  return commandLine.split('\0').includes(`--user-data-dir=${record.userDataDir}`);
}

function killGroup(pid: number): void {
  try {
    // Negative: the whole group (the browser and its renderer, GPU and zygote processes).
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
