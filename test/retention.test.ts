import { randomUUID } from 'node:crypto';
import { ADMIN, createHost, createProperty, createRoom, signIn } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const PURGE = `mutation { runMaintenance(jobs: [PURGE_OLD_RECORDS]) { job error counts { name value } } }`;
const NOW = new Date('2027-06-01T09:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

/**
 * The retention job deletes what is older than its configured age, kind by kind, and keeps what is recent
 * or still has work to do (an undelivered or dead event within the dead-letter age, a waiting Stripe event,
 * a run still going). Ages here: outbox 30 days, dead letters 90, Stripe events 30, runs 30, searches 60,
 * rate-limit windows and sign-in failures 24 hours; batches of 7 rows, so a backlog takes several batches.
 */
describe('retention (PURGE_OLD_RECORDS)', () => {
  const clock = new TestClock(NOW);
  let server: TestServer;
  const sql = (text: string, values: unknown[] = []) => server.app.db.query(text, values);

  beforeAll(async () => {
    server = await startTestServer({ RETENTION_SEARCH_REQUESTS_DAYS: '60', RETENTION_BATCH_SIZE: '7' }, { clock });
  });
  afterAll(() => server.stop());

  async function outboxEvent(fields: { processedAt?: Date; deadAt?: Date; createdAt: Date }): Promise<string> {
    const id = randomUUID();
    await sql(`INSERT INTO outbox_events (id, topic, aggregate_id, payload, created_at, processed_at, dead_at) VALUES ($1, 'test.retention', $2, '{}', $3, $4, $5)`, [
      id, randomUUID(), fields.createdAt, fields.processedAt ?? null, fields.deadAt ?? null,
    ]);
    await sql(`INSERT INTO outbox_deliveries (event_id, channel, recipient, delivered_at) VALUES ($1, 'email', 'guest@example.com', $2)`, [id, fields.createdAt]);
    return id;
  }

  const remaining = async (table: string, column: string, ids: string[]) =>
    (await sql(`SELECT ${column} AS id FROM ${table} WHERE ${column}::text = ANY ($1)`, [ids])).map((row: { id: string }) => row.id).sort();

  it('purges each kind past its age, in batches, and keeps the recent, the pending and the dead letters', async () => {
    const outbox = {
      deliveredOld: await outboxEvent({ createdAt: daysAgo(41), processedAt: daysAgo(40) }),
      deliveredRecent: await outboxEvent({ createdAt: daysAgo(2), processedAt: daysAgo(1) }),
      pendingOld: await outboxEvent({ createdAt: daysAgo(40) }),
      deadRecentEnough: await outboxEvent({ createdAt: daysAgo(41), deadAt: daysAgo(40) }),
      deadAncient: await outboxEvent({ createdAt: daysAgo(101), deadAt: daysAgo(100) }),
    };

    const stripe = { processedOld: `evt_${randomUUID()}`, processedRecent: `evt_${randomUUID()}`, waitingOld: `evt_${randomUUID()}` };
    const stripeRow = `INSERT INTO stripe_events (id, type, payload, received_at, processed_at, parked_at) VALUES ($1, 'payment_intent.succeeded', '{}', $2, $3, $4)`;
    await sql(stripeRow, [stripe.processedOld, daysAgo(31), daysAgo(31), null]);
    await sql(stripeRow, [stripe.processedRecent, daysAgo(3), daysAgo(3), null]);
    await sql(stripeRow, [stripe.waitingOld, daysAgo(45), null, daysAgo(45)]);

    const run = `INSERT INTO maintenance_runs (job, trigger, started_at, finished_at) VALUES ('EXPIRE_HOLDS', 'MANUAL', $1, $2) RETURNING id`;
    const runs = {
      old: (await sql(run, [daysAgo(31), daysAgo(31)]))[0].id as string,
      recent: (await sql(run, [daysAgo(29), daysAgo(29)]))[0].id as string,
      unfinishedOld: (await sql(run, [daysAgo(31), null]))[0].id as string,
    };

    const search = `INSERT INTO search_requests (check_in, check_out, guests, result_count, created_at) VALUES ('2027-07-01', '2027-07-03', 2, 0, $1) RETURNING id`;
    const oldSearches: string[] = [];
    for (let i = 0; i < 20; i += 1) oldSearches.push((await sql(search, [daysAgo(61 + i)]))[0].id);
    const recentSearch = (await sql(search, [daysAgo(59)]))[0].id as string;

    // rate-limiter-flexible's rows: `expire` is the window's end in epoch milliseconds.
    const window = `INSERT INTO rate_limit_points (key, points, expire) VALUES ($1, 1, $2)`;
    const windowKeys = { old: `test:${randomUUID()}`, recent: `test:${randomUUID()}` };
    await sql(window, [windowKeys.old, hoursAgo(25).getTime()]);
    await sql(window, [windowKeys.recent, hoursAgo(23).getTime()]);
    const failure = `INSERT INTO login_failures (key, failures, last_failure_at) VALUES ($1, 3, $2)`;
    const failureKeys = { old: `pair:${randomUUID()}`, recent: `pair:${randomUUID()}` };
    await sql(failure, [failureKeys.old, hoursAgo(25)]);
    await sql(failure, [failureKeys.recent, hoursAgo(23)]);

    const [purge] = (await server.client.data(PURGE, {}, await signIn(server.client, ADMIN))).runMaintenance;
    expect(purge.error).toBeNull();
    const counts = Object.fromEntries(purge.counts.map((count: { name: string; value: number }) => [count.name, count.value]));
    expect(counts).toMatchObject({ outboxEvents: 1, deadOutboxEvents: 1, stripeEvents: 1, searchRequests: 20, loginFailures: 1 });
    // The admin's own sign-in windows go too: the library dates `expire` by the wall clock (2026 here), long
    // before this test's clock; in production both clocks agree. Which rows stay is checked below.
    expect(counts['rateLimitWindows']).toBeGreaterThanOrEqual(1);
    expect(counts['maintenanceRuns']).toBeGreaterThanOrEqual(1);

    expect(await remaining('outbox_events', 'id', Object.values(outbox))).toEqual([outbox.deliveredRecent, outbox.pendingOld, outbox.deadRecentEnough].sort());
    expect(await remaining('outbox_deliveries', 'event_id', Object.values(outbox))).toEqual([outbox.deliveredRecent, outbox.pendingOld, outbox.deadRecentEnough].sort());
    expect(await remaining('stripe_events', 'id', Object.values(stripe))).toEqual([stripe.processedRecent, stripe.waitingOld].sort());
    expect(await remaining('maintenance_runs', 'id', Object.values(runs))).toEqual([runs.recent, runs.unfinishedOld].sort());
    expect(await remaining('search_requests', 'id', [...oldSearches, recentSearch])).toEqual([recentSearch]);
    expect(await remaining('rate_limit_points', 'key', Object.values(windowKeys))).toEqual([windowKeys.recent]);
    expect(await remaining('login_failures', 'key', Object.values(failureKeys))).toEqual([failureKeys.recent]);

    // Run again: nothing more is old, so nothing more goes.
    const [again] = (await server.client.data(PURGE, {}, await signIn(server.client, ADMIN))).runMaintenance;
    expect(again.counts.filter((count: { value: number }) => count.value > 0)).toEqual([]);
  });

  it('purges old calendar sync runs but keeps each feed\'s newest run, however old', async () => {
    const host = await createHost(server.client);
    const room = (await createRoom(server.client, host.token, (await createProperty(server.client, host.token)).id)).id;
    const feed = `INSERT INTO calendar_feeds (room_id, name, url) VALUES ($1, $2, $3) RETURNING id`;
    const busy = (await sql(feed, [room, 'Airbnb', 'https://example.com/a.ics']))[0].id as string;
    const quiet = (await sql(feed, [room, 'Vrbo', 'https://example.com/v.ics']))[0].id as string;
    const run = `INSERT INTO calendar_sync_runs (feed_id, started_at, finished_at, status) VALUES ($1, $2, $2, 'OK') RETURNING id`;
    const runs = {
      busyOld: (await sql(run, [busy, daysAgo(40)]))[0].id as string,
      busyOlder: (await sql(run, [busy, daysAgo(35)]))[0].id as string,
      busyRecent: (await sql(run, [busy, daysAgo(1)]))[0].id as string,
      quietOld: (await sql(run, [quiet, daysAgo(40)]))[0].id as string,
      quietNewestButOld: (await sql(run, [quiet, daysAgo(35)]))[0].id as string,
    };
    const [purge] = (await server.client.data(PURGE, {}, await signIn(server.client, ADMIN))).runMaintenance;
    expect(purge.counts).toContainEqual({ name: 'calendarSyncRuns', value: 3 });
    expect(await remaining('calendar_sync_runs', 'id', Object.values(runs))).toEqual([runs.busyRecent, runs.quietNewestButOld].sort());
  });

  it('keeps a dead letter that an admin retried, and purges it once delivered and old', async () => {
    const dead = await outboxEvent({ createdAt: daysAgo(101), deadAt: daysAgo(100) });
    // What retryOutboxEvent does to the row: dead no more, waiting for delivery.
    await sql(`UPDATE outbox_events SET dead_at = NULL, attempts = 0 WHERE id = $1`, [dead]);
    await server.client.data(PURGE, {}, await signIn(server.client, ADMIN));
    expect(await remaining('outbox_events', 'id', [dead])).toEqual([dead]);
    await sql(`UPDATE outbox_events SET processed_at = $2 WHERE id = $1`, [dead, daysAgo(31)]);
    await server.client.data(PURGE, {}, await signIn(server.client, ADMIN));
    expect(await remaining('outbox_events', 'id', [dead])).toEqual([]);
  });

  it('purges dead jobs past the dead-letter age (the database\'s clock), in batches, and keeps the rest', async () => {
    // Jobs of a task no instance runs: they wait untouched until we decide their fate.
    const add = async () => (await sql(`SELECT (graphile_worker.add_job('test.retention', '{}'::json)).id`))[0].id as string;
    const deadOld: string[] = [];
    for (let i = 0; i < 9; i += 1) deadOld.push(await add());
    const [deadRecent, waiting] = [await add(), await add()];
    await sql(`SELECT graphile_worker.permanently_fail_jobs($1::bigint[], 'gave up')`, [[...deadOld, deadRecent]]);
    // Test-only: age them (the library stamps updated_at itself).
    await sql(`UPDATE graphile_worker._private_jobs SET updated_at = now() - interval '91 days' WHERE id = ANY ($1::bigint[])`, [deadOld]);
    await sql(`UPDATE graphile_worker._private_jobs SET updated_at = now() - interval '89 days' WHERE id = ANY ($1::bigint[])`, [[deadRecent, waiting]]);

    const [purge] = (await server.client.data(PURGE, {}, await signIn(server.client, ADMIN))).runMaintenance;
    expect(purge.counts).toContainEqual({ name: 'deadJobs', value: 9 });
    const left = await sql(`SELECT id::text FROM graphile_worker.jobs WHERE task_identifier = 'test.retention' ORDER BY id`);
    expect(left.map((row: { id: string }) => row.id)).toEqual([deadRecent, waiting].map(String));
  });

  it('refuses a Stripe event retention shorter than Stripe retries webhooks', async () => {
    await expect(startTestServer({ RETENTION_STRIPE_EVENTS_DAYS: '2' })).rejects.toThrow(/RETENTION_STRIPE_EVENTS_DAYS: must be at least 7/);
  });
});
