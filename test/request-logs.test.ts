import net from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../src/platform/logger';
import { adminToken } from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

const RUN = `mutation RunExpiry { runMaintenance(jobs: [EXPIRE_HOLDS]) { job } }`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Line = Record<string, unknown> & { msg?: string; requestId?: string };

/** The server's log lines, as JSON objects, read from the logger's own stream. */
class LogLines extends Writable {
  readonly lines: Line[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const text of chunk.toString('utf8').split('\n')) if (text.trim()) this.lines.push(JSON.parse(text) as Line);
    done();
  }
  withMessage(message: string): Line[] {
    return this.lines.filter((line) => line.msg === message);
  }
}

/** A request written byte by byte, so that the header carries what fetch would refuse to send. */
function rawRequest(port: number, requestId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n`, 'latin1');
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('log lines name the request they were written for', () => {
  const logs = new LogLines();
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({}, { log: createLogger('info', logs) });
    token = await adminToken(server.client);
  });
  afterAll(() => server.stop());

  const post = (requestId: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId, ...headers },
      body: JSON.stringify({ query: RUN }),
    });

  it.each([
    ['the direct POST route', 'logs-direct-1', {}],
    // A body with a content-encoding goes through Express (its body parser reads it).
    ['the Express route', 'logs-express-1', { 'content-encoding': 'identity' }],
  ])('%s: the service’s line and the operation’s line carry the x-request-id, which is returned', async (_route, requestId, headers) => {
    const response = await post(requestId, headers);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual({ runMaintenance: [{ job: 'EXPIRE_HOLDS' }] });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    // Logged by MaintenanceService with the app's logger, not the request's.
    const service = logs.withMessage('maintenance run').filter((line) => line.requestId === requestId);
    expect(service).toHaveLength(1);
    const operation = logs.withMessage('graphql operation').filter((line) => line.requestId === requestId);
    expect(operation).toEqual([expect.objectContaining({ operationName: 'RunExpiry', outcome: 'ok' })]);
    // One requestId key per line (a duplicated key would still parse, keeping the last).
    expect(logs.lines.every((line) => !JSON.stringify(line).includes('"requestId":"x'))).toBe(true);
  });

  it('replaces a hostile x-request-id (too long, odd characters) by a generated one, on both routes', async () => {
    for (const hostile of ['x'.repeat(101), 'a b', 'a"b', '<script>', 'é']) {
      for (const headers of [{}, { 'content-encoding': 'identity' }] as Record<string, string>[]) {
        const response = await post(hostile, headers);
        const returned = response.headers.get('x-request-id');
        expect(returned).toMatch(UUID);
        expect(logs.withMessage('maintenance run').filter((line) => line.requestId === returned)).toHaveLength(1);
      }
    }
    // Control characters, which fetch refuses to send.
    for (const hostile of ['abc\x01def', 'abc\x7fdef']) {
      const answer = await rawRequest(server.app.port, hostile);
      const returned = /\r\nx-request-id: ([^\r]*)\r\n/i.exec(answer)?.[1];
      // Either the parser refuses the request outright, or the id is replaced.
      if (answer.startsWith('HTTP/1.1 400')) continue;
      expect(returned).toMatch(UUID);
    }
    expect(logs.lines.some((line) => typeof line.requestId === 'string' && line.requestId.length > 100)).toBe(false);
  });

  it('WebSocket operations log with their own ids (socket/operation), services included', async () => {
    const before = logs.withMessage('maintenance run').length;
    const socket = server.client.webSocket({ authorization: `Bearer ${token}` });
    const run = () =>
      new Promise<void>((resolve, reject) => socket.subscribe({ query: RUN }, { next: () => undefined, error: reject, complete: resolve }));
    await run();
    await run();
    await socket.dispose();
    const service = logs.withMessage('maintenance run').slice(before);
    expect(service).toHaveLength(2);
    const ids = service.map((line) => line.requestId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}\/[0-9a-f-]+$/);
    expect(new Set(ids).size).toBe(2);
    // Each operation's own line ("graphql operation", over WebSocket) has the same id as its service's line.
    const operations = logs.withMessage('graphql operation').filter((line) => line['transport'] === 'websocket');
    for (const id of ids) expect(operations.filter((line) => line.requestId === id)).toHaveLength(1);
  });

  it('keeps concurrent requests apart: each id on exactly its own lines, HTTP and WebSocket at once', async () => {
    const seen = logs.lines.length;
    const sockets = [0, 1].map(() => server.client.webSocket({ authorization: `Bearer ${token}` }));
    const overSocket = (socket: (typeof sockets)[number]) =>
      new Promise<void>((resolve, reject) => socket.subscribe({ query: RUN }, { next: () => undefined, error: reject, complete: resolve }));
    const ids = Array.from({ length: 30 }, (_, i) => `race-${i}`);
    await Promise.all([
      ...ids.map((id, i) => post(id, i % 2 ? { 'content-encoding': 'identity' } : {}).then((response) => expect(response.headers.get('x-request-id')).toBe(id))),
      ...sockets.flatMap((socket) => Array.from({ length: 10 }, () => overSocket(socket))),
    ]);
    await Promise.all(sockets.map((socket) => socket.dispose()));
    const lines = logs.lines.slice(seen);
    const service = lines.filter((line) => line.msg === 'maintenance run').map((line) => line.requestId);
    const operations = lines.filter((line) => line.msg === 'graphql operation').map((line) => line.requestId);
    expect(service).toHaveLength(50);
    // Every id exactly once among the services' lines, and the same set among the operations' lines.
    expect(new Set(service).size).toBe(50);
    for (const id of ids) expect(service.filter((candidate) => candidate === id)).toHaveLength(1);
    expect(new Set(operations)).toEqual(new Set(service));
  });
});
