import { existsSync } from 'node:fs';
import { chmod, mkdtemp, realpath, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { GraphQLTestClient, LOGIN } from './support/graphql-client';
import { spawnServer } from './support/spawned-server';

/** An HTTP request that is in flight: headers and half the body sent, the rest when `finish()` is called. */
function slowRequest(url: string, query: string) {
  const body = JSON.stringify({ query });
  const half = Math.floor(body.length / 2);
  let finish!: () => void;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    request.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.write(body.slice(0, half));
    finish = () => request.end(body.slice(half));
  });
  return { response, finish: () => finish() };
}

describe('the staygraph process (as `npm start` runs it)', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'staygraph-start-'));
    await chmod(home, 0o700);
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('starts with no database installed, prints demo credentials, serves the explorer, and shuts down gracefully', async () => {
    const dataDir = path.join(home, '.data');
    const server = spawnServer({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      const listening = await server.waitFor(/staygraph is listening/, 90_000);
      const url = new URL(JSON.parse(listening).url as string).origin;
      const client = new GraphQLTestClient(url);

      // The printed demo credentials work: { me { id } } with the guest's token.
      const credentials = /guest\s+(\S+@\S+) \/ (\S+?)(?:\\n|")/.exec(server.output());
      expect(credentials).not.toBeNull();
      const { login } = await client.data(LOGIN, { email: credentials![1], password: credentials![2] });
      expect(await client.data('{ me { id } }', {}, login.accessToken)).toEqual({ me: { id: login.user.id } });

      // The demo catalog: a company with three holiday houses and a hotel with room types.
      const demo = await client.data(`{
        company: host(slug: "costa-olivo") { properties { kind rooms { roomType { code } } } }
        hotel: host(slug: "hotel-miramar") { properties { kind rooms { roomType { code } } } }
      }`);
      expect(demo.company.properties.map((p: any) => [p.kind, p.rooms.length])).toEqual([['HOUSE', 1], ['HOUSE', 1], ['HOUSE', 1]]);
      const hotelRooms = demo.hotel.properties[0].rooms.map((r: any) => r.roomType.code).sort();
      expect(hotelRooms).toEqual(['DOUBLE', 'DOUBLE', 'DOUBLE', 'SINGLE', 'SINGLE', 'SUITE', 'SUITE']);

      const explorer = await fetch(`${url}/explorer/`);
      expect(explorer.status).toBe(200);
      expect(await explorer.text()).toMatch(/explorer\.js/);
      expect(existsSync(path.join(dataDir, 'jwt-secret'))).toBe(true);

      // In flight at SIGTERM: one open subscription and one half-sent HTTP request.
      const socket = client.webSocket({ authorization: `Bearer ${login.accessToken}` });
      const socketClosed = new Promise<number>((resolve) => socket.on('closed', (event) => resolve((event as { code: number }).code)));
      await new Promise<void>((resolve, reject) =>
        socket.subscribe({ query: 'subscription { heartbeat(intervalSeconds: 1) { time } }' }, { next: () => resolve(), error: reject, complete: () => undefined }),
      );
      const inFlight = slowRequest(url, '{ serverInfo { name } }');
      await new Promise((resolve) => setTimeout(resolve, 200));

      const signalledAt = Date.now();
      server.child.kill('SIGTERM');
      await server.waitFor(/shutting down/);
      inFlight.finish();
      expect(await inFlight.response).toEqual({ status: 200, body: expect.stringContaining('"staygraph"') });
      expect(await socketClosed).toBe(1001);

      const exit = await server.exited;
      if (exit.code !== 0) process.stderr.write(server.output().split('\n').filter((l) => !l.includes('"level":30')).join('\n'));
      expect(exit.code).toBe(0);
      expect(exit.at - signalledAt).toBeLessThan(10_000);
      // The embedded database was stopped, not left running.
      const clusterDir = await realpath(path.join(dataDir, 'postgres'));
      expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      if (!clusterDir.startsWith(home)) await rm(clusterDir, { recursive: true, force: true });
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 120_000);

  it.each([
    [{ PORT: 'not-a-port' }, /PORT/],
    [{ NODE_ENV: 'production' }, /DATABASE_URL and JWT_SECRET/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x', JWT_SECRET: 'short' }, /JWT_SECRET: must be at least 32/],
    [{ ADMIN_EMAIL: 'admin@example.com' }, /ADMIN_EMAIL and ADMIN_PASSWORD/],
  ])('refuses to start with invalid configuration %p', async (env, message) => {
    const server = spawnServer({ DATA_DIR: path.join(home, 'unused'), ...env });
    const exit = await server.exited;
    expect(exit.code).toBe(1);
    expect(server.output()).toMatch(message);
  });
});
