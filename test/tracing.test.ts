import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ADMIN, adminEnv } from './support/fixtures';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { type SpawnedServer, spawnServer } from './support/spawned-server';
import { createTestDatabase } from './support/test-database';

/**
 * Instrumentation patches modules as Node loads them, which jest's own module registry bypasses: the server
 * runs in a child process, as `npm start` runs it, and exports to a collector this test runs (in memory).
 */
jest.setTimeout(120_000);

const SERVER_KIND = 2;
const LIST = `query TracedList { properties(first: 5) { edges { node { id name } } } }`;
const LOGIN = `mutation TracedLogin($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const INLINE_LOGIN = `mutation TracedInline { login(email: "${ADMIN.email}", password: "${ADMIN.password}") { accessToken } }`;
const ME = `query TracedMe { me { id } }`;

type LogLine = Record<string, unknown> & { msg?: string };

async function startServer(env: Record<string, string>): Promise<{ server: SpawnedServer; url: string; drop: () => Promise<void> }> {
  const database = await createTestDatabase();
  const server = spawnServer({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
    EXPLORER_ENABLED: 'false',
    CRON_ENABLED: 'false',
    OUTBOX_DIR: path.join(os.tmpdir(), 'staygraph-test-outbox'),
    PASSWORD_HASH_MEMORY_KIB: '4096',
    ...adminEnv,
    ...env,
  });
  const listening = await server.waitFor(/staygraph is listening/, 90_000);
  return { server, url: new URL(JSON.parse(listening).url as string).origin, drop: database.drop };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data?: any; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function stop(server: SpawnedServer): Promise<void> {
  server.child.kill('SIGTERM');
  const { code } = await server.exited;
  expect(code).toBe(0);
}

const logLines = (server: SpawnedServer): LogLine[] =>
  server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

describe('tracing with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  const receiver = new OtlpReceiver();
  let spans: ReceivedSpan[];
  let lines: LogLine[];
  let accessToken: string;

  beforeAll(async () => {
    await receiver.start();
    const { server, url, drop } = await startServer({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'staygraph-traced' });
    try {
      await post(url, LIST, {}, { 'x-request-id': 'traced-list' });
      accessToken = (await post(url, LOGIN, { email: ADMIN.email, password: ADMIN.password })).login.accessToken;
      await post(url, INLINE_LOGIN);
      await post(url, ME, {}, { authorization: `Bearer ${accessToken}` });
      await fetch(`${url}/healthz`);
    } finally {
      // Spans are batched: what the server holds is sent on a clean stop.
      await stop(server);
      await drop();
    }
    spans = receiver.spans;
    lines = logLines(server);
  });
  afterAll(() => receiver.stop());

  /** The trace of one operation, found through its log line (which names the trace). */
  const traceOf = (operationName: string) => {
    const line = lines.find((candidate) => candidate.msg === 'graphql operation' && candidate['operationName'] === operationName);
    expect(line).toBeDefined();
    expect(line!['traceId']).toMatch(/^[0-9a-f]{32}$/);
    expect(line!['spanId']).toMatch(/^[0-9a-f]{16}$/);
    return { traceId: line!['traceId'] as string, line: line!, spans: spans.filter((span) => span.traceId === line!['traceId']) };
  };

  const ancestors = (span: ReceivedSpan, all: ReceivedSpan[]): ReceivedSpan[] => {
    const parent = all.find((candidate) => candidate.spanId === span.parentSpanId);
    return parent ? [parent, ...ancestors(parent, all)] : [];
  };

  it('exports traces only (no metrics, no logs) over OTLP/HTTP, named by OTEL_SERVICE_NAME', () => {
    expect(receiver.requests.length).toBeGreaterThan(0);
    expect(new Set(receiver.requests.map((request) => request.path))).toEqual(new Set(['/v1/traces']));
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['staygraph-traced']));
  });

  it('makes one trace per operation: the HTTP server span, the GraphQL execution under it, the SQL under that', () => {
    const { traceId, spans: trace, line } = traceOf('TracedList');
    expect(line['requestId']).toBe('traced-list');
    const roots = trace.filter((span) => span.parentSpanId === undefined);
    expect(roots).toHaveLength(1);
    const [root] = roots;
    expect(root!.kind).toBe(SERVER_KIND);
    expect(root!.scope).toBe('@opentelemetry/instrumentation-http');
    const execute = trace.filter((span) => span.scope === '@opentelemetry/instrumentation-graphql' && /execute|^query TracedList/.test(span.name));
    expect(execute).toHaveLength(1);
    expect(execute[0]!.attributes['graphql.operation.name']).toBe('TracedList');
    expect(ancestors(execute[0]!, trace)).toContainEqual(root);
    const sql = trace.filter((span) => span.scope === '@opentelemetry/instrumentation-pg' && (span.attributes['db.statement'] ?? span.attributes['db.query.text']));
    const underExecute = sql.filter((span) => ancestors(span, trace).includes(execute[0]!));
    expect(underExecute.length).toBeGreaterThan(0);
    expect(underExecute.some((span) => /FROM "?properties"?/i.test(String(span.attributes['db.statement'] ?? span.attributes['db.query.text'])))).toBe(true);
    // Every span of the trace hangs from the one root.
    for (const span of trace.filter((candidate) => candidate !== root)) expect(ancestors(span, trace).at(-1)).toBe(root);

    const other = traceOf('TracedMe');
    expect(other.traceId).not.toBe(traceId);
    expect(other.spans.filter((span) => span.parentSpanId === undefined)).toHaveLength(1);
    expect(new Set([traceId, other.traceId, traceOf('TracedLogin').traceId, traceOf('TracedInline').traceId]).size).toBe(4);
  });

  it('keeps passwords and tokens out of every exported span, and does not trace /healthz', () => {
    const exported = receiver.requests.map((request) => request.body).join('\n');
    expect(exported).toContain('TracedLogin');
    expect(exported).not.toContain(ADMIN.password);
    expect(exported).not.toContain(accessToken);
    expect(exported).not.toContain(accessToken.split('.')[2]);
    expect(spans.some((span) => Object.values(span.attributes).some((value) => String(value).includes('/healthz')))).toBe(false);
  });
});

describe('tracing without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  const receiver = new OtlpReceiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());

  it('starts no SDK: nothing is exported even where the standard variables point, and logs carry no trace', async () => {
    // Were the SDK started from the environment, these would send it to the receiver.
    const { server, url, drop } = await startServer({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`, OTEL_TRACES_EXPORTER: 'otlp' });
    try {
      await post(url, LIST, {}, { 'x-request-id': 'untraced-list' });
    } finally {
      await stop(server);
      await drop();
    }
    expect(receiver.requests).toEqual([]);
    const line = logLines(server).find((candidate) => candidate.msg === 'graphql operation');
    expect(line).toMatchObject({ operationName: 'TracedList', requestId: 'untraced-list' });
    expect(line).not.toHaveProperty('traceId');
    expect(line).not.toHaveProperty('spanId');
  });
});
