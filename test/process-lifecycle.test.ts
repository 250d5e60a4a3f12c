import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { daysFromNow } from './support/fixtures';
import { GraphQLTestClient, LOGIN } from './support/graphql-client';
import { spawnServer, type SpawnedServer } from './support/spawned-server';

/** The processes below `root` (children, grandchildren …), from /proc. */
function descendants(root: number): { pid: number; name: string }[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), parent);
      names.set(Number(entry), name);
    } catch {
      // exited meanwhile
    }
  }
  const found: { pid: number; name: string }[] = [];
  const visit = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      found.push({ pid: child, name: names.get(child) ?? '' });
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** Running (a zombie nobody reaped yet counts as gone). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const chromiumOf = (server: SpawnedServer) => descendants(server.child.pid!).filter((p) => /chrom/i.test(p.name)).map((p) => p.pid);

async function start(dataDir: string): Promise<{ server: SpawnedServer; url: string; client: GraphQLTestClient }> {
  const server = spawnServer({
    NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', CRON_ENABLED: 'false',
  });
  const listening = await server.waitFor(/staygraph is listening|staygraph: |failed to start/, 90_000);
  if (!/listening/.test(listening)) throw new Error(`did not start:\n${server.output()}`);
  const url = new URL(JSON.parse(listening).url as string).origin;
  return { server, url, client: new GraphQLTestClient(url) };
}

/** Books a demo house (a different week each time) and downloads its PDF: Chromium is now running. */
async function renderPdf(url: string, client: GraphQLTestClient, week: number): Promise<void> {
  const { login } = await client.data(LOGIN, { email: 'guest@staygraph.dev', password: 'guest-password-dev' });
  const { host } = await client.data('{ host(slug: "costa-olivo") { properties { rooms { id } } } }');
  const roomId = host.properties[0].rooms[0].id as string;
  // Well inside the house's booking window, and clear of the demo stay.
  const checkIn = daysFromNow(300 + 7 * week);
  const checkOut = daysFromNow(302 + 7 * week);
  const { createReservation } = await client.data(
    'mutation ($input: CreateReservationInput!) { createReservation(input: $input) { id } }',
    { input: { roomId, checkIn, checkOut, guests: 2 } },
    login.accessToken,
  );
  const pdf = await fetch(`${url}/reservations/${createReservation.id}/confirmation.pdf`, { headers: { authorization: `Bearer ${login.accessToken}` } });
  expect(pdf.status).toBe(200);
  expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
}

describe('the process with Chromium and the embedded database', () => {
  let home: string;
  let dataDir: string;
  let week = 0;
  const spawned: SpawnedServer[] = [];

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'staygraph-lifecycle-'));
    await chmod(home, 0o700);
    dataDir = path.join(home, '.data');
  });
  // A test that failed half-way leaves its server running: stop it, or every later start meets its lock.
  afterEach(() => {
    for (const server of spawned) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  });
  afterAll(async () => {
    for (const server of spawned) server.child.kill('SIGKILL');
    const clusterDir = await realpath(path.join(dataDir, 'postgres')).catch(() => undefined);
    if (clusterDir && !clusterDir.startsWith(home)) await rm(clusterDir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  const launch = async () => {
    const instance = await start(dataDir);
    spawned.push(instance.server);
    return instance;
  };

  /** Renders a PDF, sends `signal`: exit 0, the embedded database stopped, no Chromium left. */
  async function expectGracefulStop({ server, url, client }: Awaited<ReturnType<typeof launch>>, signal: NodeJS.Signals) {
    await renderPdf(url, client, (week += 1));
    const browsers = chromiumOf(server);
    expect(browsers.length).toBeGreaterThan(0);

    server.child.kill(signal);
    const exit = await server.exited;
    if (exit.code !== 0) process.stderr.write(server.output());
    expect(exit).toMatchObject({ code: 0, signal: null });
    const clusterDir = await realpath(path.join(dataDir, 'postgres'));
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
    expect(browsers.filter(isRunning)).toEqual([]);
  }

  // Before: SIGINT went to puppeteer's handler (exit 130, database left running); SIGHUP never exited.
  it.each(['SIGINT', 'SIGHUP'] as const)('after a PDF, %s shuts down gracefully: exit 0, database stopped, no Chromium left', async (signal) => {
    await expectGracefulStop(await launch(), signal);
  }, 180_000);

  it('closes the Chromium of a SIGKILLed instance on the next start, which then stops gracefully on SIGTERM', async () => {
    const first = await launch();
    await renderPdf(first.url, first.client, (week += 1));
    const browsers = chromiumOf(first.server);
    expect(browsers.length).toBeGreaterThan(0);
    first.server.child.kill('SIGKILL');
    await first.server.exited;
    expect(browsers.filter(isRunning).length).toBeGreaterThan(0); // left behind, as SIGKILL allows nothing else

    const next = await launch();
    expect(browsers.filter(isRunning)).toEqual([]);
    await expectGracefulStop(next, 'SIGTERM');
  }, 180_000);

  it('refuses a second instance on the same data folder, naming the first, which keeps serving', async () => {
    const first = await launch();
    const second = spawnServer({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', CRON_ENABLED: 'false' });
    spawned.push(second);
    const exit = await Promise.race([
      second.exited,
      second.waitFor(/staygraph is listening/, 90_000).then(() => ({ code: 'listening' as const })),
    ]);
    expect(exit.code).toBe(1);
    expect(second.output()).toContain(`staygraph is already running with ${dataDir} (pid ${first.server.child.pid}`);
    expect(second.output()).toContain(first.url);

    expect(await first.client.data('{ serverInfo { name } }')).toEqual({ serverInfo: { name: 'staygraph' } });
    const clusterDir = await realpath(path.join(dataDir, 'postgres'));
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(true);
    first.server.child.kill('SIGTERM');
    expect((await first.server.exited).code).toBe(0);
  }, 120_000);
});
