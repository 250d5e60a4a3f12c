import { loadConfig } from '../src/config';
import { ANONYMOUS_OPERATION, MAX_OPERATION_NAMES, OTHER_OPERATION } from '../src/platform/metrics';
import { CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, daysFromNow, signIn } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { parseExposition, type Sample, samplesOf, valueOf } from './support/prometheus-text';
import { SubscriptionRecorder } from './support/subscription-recorder';
import { startTestServer, type TestServer } from './support/test-server';

const TOKEN = 'metrics-token-for-the-test-0123456789';
const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { id status } }`;
const DURATION = 'staygraph_graphql_operation_duration_seconds';

async function scrape(url: string, token?: string): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

async function samples(url: string, token?: string): Promise<Sample[]> {
  const answer = await scrape(url, token);
  expect(answer.status).toBe(200);
  return parseExposition(answer.text).samples;
}

describe('/metrics with METRICS_TOKEN on the main port', () => {
  let server: TestServer;
  let hostToken: string;
  let propertyId: string;
  let roomId: string;
  let guest: { email: string; password: string };

  beforeAll(async () => {
    server = await startTestServer({ ...adminEnv, METRICS_TOKEN: TOKEN });
    const host = await createHost(server.client, 'Casa Métrica');
    hostToken = host.token;
    propertyId = (await createProperty(server.client, hostToken, { name: 'Casa Métrica' })).id;
    roomId = (await createRoom(server.client, hostToken, propertyId, { roomType: { code: 'DOUBLE', label: 'Double' } })).id;
    const registered = await registerGuest(server.client);
    guest = { email: registered.user.email, password: registered.password };
  });
  afterAll(() => server.stop());

  it('refuses a scrape without the token or with another one (401), and serves Prometheus text with it', async () => {
    expect((await scrape(server.url)).status).toBe(401);
    expect((await scrape(server.url, `${TOKEN}x`)).status).toBe(401);
    expect((await scrape(server.url, TOKEN.slice(0, -1))).status).toBe(401);
    const answer = await scrape(server.url, TOKEN);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types } = parseExposition(answer.text);
    expect(types.get(DURATION)).toBe('histogram');
    expect(types.get('staygraph_bookings_total')).toBe('counter');
    // The default Node process metrics are there too.
    expect(types.get('process_cpu_user_seconds_total')).toBe('counter');
  });

  it('times named and anonymous operations over HTTP, and counts errors by code', async () => {
    await server.client.data(`query MetricsHello { serverInfo { name } }`);
    await server.client.data(`query MetricsHello { serverInfo { name } }`);
    await server.client.data(`{ serverInfo { name } }`);
    expect((await server.client.error(`query MetricsBroken { noSuchField }`)).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await server.client.error(`query MetricsDenied { myReservations { totalCount } }`)).extensions?.code).toBe('UNAUTHENTICATED');

    const found = await samples(server.url, TOKEN);
    expect(valueOf(found, `${DURATION}_count`, { operation: 'MetricsHello', type: 'query', transport: 'http' })).toBe(2);
    expect(valueOf(found, `${DURATION}_bucket`, { operation: 'MetricsHello', type: 'query', transport: 'http', le: '+Inf' })).toBe(2);
    expect(valueOf(found, `${DURATION}_count`, { operation: ANONYMOUS_OPERATION, type: 'query', transport: 'http' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(found, 'staygraph_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(valueOf(found, 'staygraph_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    // HTTP requests by route: the direct POST route and Express's (GET /healthz) alike.
    await fetch(`${server.url}/healthz`);
    const after = await samples(server.url, TOKEN);
    expect(valueOf(after, 'staygraph_http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(valueOf(after, 'staygraph_http_request_duration_seconds_count', { method: 'GET', route: '/health', status: '200' })).toBe(1);
    expect(valueOf(after, 'staygraph_http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status: '401' })).toBe(3);
  });

  it('counts bookings on both paths and cancellations once they commit', async () => {
    const token = await signIn(server.client, guest);
    const before = await samples(server.url, TOKEN);
    expect(valueOf(before, 'staygraph_bookings_total')).toBe(0);
    // The fast path (one room, no code, no points)…
    const direct = (await server.client.data(CREATE_RESERVATION, { input: { roomId, guests: 2, checkIn: daysFromNow(40), checkOut: daysFromNow(42) } }, token))
      .createReservation;
    const once = await samples(server.url, TOKEN);
    expect(valueOf(once, 'staygraph_bookings_total')).toBe(1);
    expect(valueOf(once, 'staygraph_cancellations_total')).toBe(0);
    await server.client.data(CANCEL, { id: direct.id }, token);
    // …and the long way (a property and a room type).
    await server.client.data(CREATE_RESERVATION, { input: { propertyId, roomType: 'DOUBLE', guests: 2, checkIn: daysFromNow(50), checkOut: daysFromNow(52) } }, token);
    // A refused booking or cancellation counts nothing.
    expect((await server.client.error(CREATE_RESERVATION, { input: { roomId, guests: 2, checkIn: daysFromNow(51), checkOut: daysFromNow(53) } }, token)).extensions?.code).toBe(
      'CONFLICT',
    );
    expect((await server.client.error(CANCEL, { id: direct.id }, token)).extensions?.code).toBe('CONFLICT');
    const after = await samples(server.url, TOKEN);
    expect(valueOf(after, 'staygraph_bookings_total')).toBe(2);
    expect(valueOf(after, 'staygraph_cancellations_total')).toBe(1);
  });

  it('shows the pool, the job queue, dead letters and the outbox lag, read at scrape time', async () => {
    const db = server.app.db;
    // A job for a task no instance runs (due now), one for later, one whose attempts are used up.
    await db.query(`SELECT graphile_worker.add_job('metrics_test_nobody_runs', '{}'::json)`);
    await db.query(`SELECT graphile_worker.add_job('metrics_test_nobody_runs', '{}'::json, run_at => now() + interval '1 hour')`);
    const [dead] = await db.query(`SELECT (graphile_worker.add_job('metrics_test_nobody_runs', '{}'::json, max_attempts => 1)).id`);
    await db.query(`UPDATE graphile_worker._private_jobs SET attempts = 1 WHERE id = $1`, [dead.id]);
    const before = await samples(server.url, TOKEN);
    // An event nobody delivers (no job), written 90 seconds ago.
    await db.query(
      `INSERT INTO outbox_events (topic, aggregate_id, payload, created_at, available_at) VALUES ('metrics.test', gen_random_uuid(), '{}', now() - interval '90 seconds', now())`,
    );
    const found = await samples(server.url, TOKEN);
    expect(valueOf(found, 'staygraph_job_queue_jobs', { state: 'ready' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(found, 'staygraph_job_queue_jobs', { state: 'scheduled' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(found, 'staygraph_job_queue_jobs', { state: 'dead' })).toBe(1);
    expect(valueOf(before, 'staygraph_outbox_lag_seconds')).toBeLessThan(60);
    expect(valueOf(found, 'staygraph_outbox_lag_seconds')).toBeGreaterThanOrEqual(89);
    expect(valueOf(found, 'staygraph_outbox_dead_events')).toBe(0);
    const total = valueOf(found, 'staygraph_db_pool_connections', { pool: 'primary', state: 'total' })!;
    const idle = valueOf(found, 'staygraph_db_pool_connections', { pool: 'primary', state: 'idle' })!;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(idle).toBeLessThanOrEqual(total);
    expect(valueOf(found, 'staygraph_db_pool_connections', { pool: 'primary', state: 'waiting' })).toBe(0);
    await db.query(`UPDATE outbox_events SET processed_at = now() WHERE topic = 'metrics.test'`);
    await db.query(`DELETE FROM graphile_worker._private_jobs WHERE task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'metrics_test_nobody_runs')`);
  });

  it('counts failed job attempts of this instance', async () => {
    expect(valueOf(await samples(server.url, TOKEN), 'staygraph_job_failures_total')).toBe(0);
    // A maintenance job naming no job: its handler throws, and with one attempt it is dead at once.
    await server.app.db.query(`SELECT graphile_worker.add_job('maintenance.run', '{"job":"NO_SUCH_JOB"}'::json, max_attempts => 1)`);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = await samples(server.url, TOKEN);
      // The event comes as the attempt fails; the row is unlocked just after.
      if (valueOf(found, 'staygraph_job_failures_total') === 1 && valueOf(found, 'staygraph_job_queue_jobs', { state: 'dead' }) === 1) break;
      if (Date.now() > deadline) throw new Error('the failed job was not counted');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.app.db.query(`DELETE FROM graphile_worker._private_jobs WHERE attempts >= max_attempts`);
  });

  it('counts live sockets and subscriptions, and times operations over WebSocket', async () => {
    const idle = await samples(server.url, TOKEN);
    expect(valueOf(idle, 'staygraph_websocket_sockets')).toBe(0);
    expect(valueOf(idle, 'staygraph_subscriptions_active')).toBe(0);
    const socket = server.client.webSocket();
    const recorder = new SubscriptionRecorder(socket, `subscription MetricsWatch { availabilityChanged(roomId: "${roomId}") { roomId } }`);
    await recorder.started;
    await new Promise<void>((resolve, reject) =>
      socket.subscribe({ query: 'query MetricsOverSocket { serverInfo { name } }' }, { next: () => undefined, error: reject, complete: resolve }),
    );
    const live = await samples(server.url, TOKEN);
    expect(valueOf(live, 'staygraph_websocket_sockets')).toBe(1);
    expect(valueOf(live, 'staygraph_subscriptions_active')).toBe(1);
    expect(valueOf(live, `${DURATION}_count`, { operation: 'MetricsOverSocket', type: 'query', transport: 'websocket' })).toBe(1);
    expect(valueOf(live, `${DURATION}_count`, { operation: 'MetricsWatch', type: 'subscription', transport: 'websocket' })).toBe(1);
    await socket.dispose();
    const deadline = Date.now() + 5_000;
    for (;;) {
      const after = await samples(server.url, TOKEN);
      if (valueOf(after, 'staygraph_websocket_sockets') === 0 && valueOf(after, 'staygraph_subscriptions_active') === 0) break;
      if (Date.now() > deadline) throw new Error('the socket is still counted after it closed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  // Last: it uses up the operation names.
  it('caps operation names: odd names and names past the limit share one label', async () => {
    await server.client.data(`query ${'Q'.repeat(70)} { serverInfo { name } }`);
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i += 1) await server.client.data(`query Many${i} { serverInfo { name } }`);
    const found = await samples(server.url, TOKEN);
    const names = new Set(samplesOf(found, `${DURATION}_count`).map((sample) => sample.labels['operation']));
    expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 2);
    expect(names.has(`Many${MAX_OPERATION_NAMES + 4}`)).toBe(false);
    expect(valueOf(found, `${DURATION}_count`, { operation: OTHER_OPERATION, type: 'query', transport: 'http' })).toBeGreaterThanOrEqual(6);
  });
});

describe('/metrics on METRICS_PORT', () => {
  let server: TestServer;
  let plain: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ METRICS_PORT: '0' });
    plain = await startTestServer({}, { databaseUrl: server.databaseUrl });
  });
  afterAll(async () => {
    await plain.stop();
    await server.stop();
  });

  it('serves without a token on its own listener; the main port then has no /metrics, and neither does a server without a setting', async () => {
    expect(server.app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.app.metricsUrl).not.toBe(server.url);
    await server.client.data(`query OverThePort { serverInfo { name } }`);
    const found = await samples(server.app.metricsUrl!);
    expect(valueOf(found, `${DURATION}_count`, { operation: 'OverThePort', type: 'query', transport: 'http' })).toBe(1);
    expect((await fetch(`${server.app.metricsUrl}/graphql`)).status).toBe(404);
    expect((await scrape(server.url)).status).toBe(404);
    expect((await scrape(server.url, TOKEN)).status).toBe(404);
    expect(plain.app.metricsUrl).toBeUndefined();
    expect((await scrape(plain.url)).status).toBe(404);
  });
});

describe('metrics settings', () => {
  const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@localhost/db', JWT_SECRET: 'x'.repeat(40) };

  it('refuses a short METRICS_TOKEN in production and METRICS_PORT equal to PORT', () => {
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short-token' })).toThrow(/METRICS_TOKEN must be at least 32 characters/);
    expect(loadConfig({ ...base, METRICS_TOKEN: TOKEN }).metrics).toEqual({ token: TOKEN, port: undefined, host: '127.0.0.1' });
    expect(() => loadConfig({ ...base, PORT: '9100', METRICS_PORT: '9100' })).toThrow(/METRICS_PORT must differ from PORT/);
    expect(() => loadConfig({ ...base, METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
    expect(loadConfig({ ...base, METRICS_PORT: '9464' }).metrics).toEqual({ token: undefined, port: 9464, host: '127.0.0.1' });
  });
});
