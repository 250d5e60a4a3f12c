import { registerGuest } from './support/graphql-client';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const RUN = `mutation ($jobs: [MaintenanceJob!]) { runMaintenance(jobs: $jobs) { id job trigger startedAt finishedAt counts { name value } error } }`;
const RUNS = `query ($job: MaintenanceJob) { maintenanceRuns(job: $job) { job trigger scheduledFor counts { name value } } }`;
const STATUS = `query ($id: ID!) { reservation(id: $id) { status } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Account {
  email: string;
  password: string;
}

async function setUp(server: TestServer) {
  const host = await createHost(server.client);
  const property = await createProperty(server.client, host.token, { name: `Casa Mantenimiento ${Math.random()}`, timeZone: 'Europe/Madrid' });
  const room = await createRoom(server.client, host.token, property.id);
  const registered = await registerGuest(server.client);
  const guest = { email: registered.user.email, password: registered.password, id: registered.user.id };
  return { host, roomId: room.id, guest };
}

async function book(server: TestServer, account: Account, roomId: string, checkIn: string, checkOut: string) {
  const token = await signIn(server.client, account);
  return (await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn, checkOut, guests: 2 } }, token)).createReservation as { id: string };
}

describe('maintenance jobs through runMaintenance', () => {
  const clock = new TestClock(new Date('2027-06-01T09:00:00Z'));
  let server: TestServer;
  let context: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    server = await startTestServer({ ...adminEnv, CUSTOMER_TIER_REGULAR_VISITS: '1', CUSTOMER_TIER_SUPER_VISITS: '2' }, { clock });
    context = await setUp(server);
  });
  afterAll(() => server.stop());

  it('expires elapsed holds, completes finished stays and records each run', async () => {
    const hold = await book(server, context.guest, context.roomId, '2027-06-10', '2027-06-12');
    const stay = await book(server, context.guest, context.roomId, '2027-06-03', '2027-06-05');
    const other = await book(server, context.guest, context.roomId, '2027-06-20', '2027-06-21');
    await server.client.data(`mutation ($id: ID!) { confirmReservation(id: $id) { id } }`, { id: stay.id }, await signIn(server.client, context.host));
    await server.client.data(`mutation ($id: ID!) { confirmReservation(id: $id) { id } }`, { id: other.id }, await signIn(server.client, context.host));

    clock.set('2027-06-01T09:20:00Z');
    let admin = await signIn(server.client, ADMIN);
    const [expired] = (await server.client.data(RUN, { jobs: ['EXPIRE_HOLDS'] }, admin)).runMaintenance;
    expect(expired).toMatchObject({ job: 'EXPIRE_HOLDS', trigger: 'MANUAL', counts: [{ name: 'expired', value: 1 }], error: null, finishedAt: expect.any(String) });
    // Idempotent: running it again finds nothing more.
    expect((await server.client.data(RUN, { jobs: ['EXPIRE_HOLDS'] }, admin)).runMaintenance[0].counts).toEqual([{ name: 'expired', value: 0 }]);

    clock.set('2027-06-05T12:00:00Z');
    admin = await signIn(server.client, ADMIN);
    const [completed] = (await server.client.data(RUN, { jobs: ['COMPLETE_STAYS'] }, admin)).runMaintenance;
    expect(completed.counts).toEqual([{ name: 'completed', value: 1 }]);

    const guestToken = await signIn(server.client, context.guest);
    expect((await server.client.data(STATUS, { id: hold.id }, guestToken)).reservation.status).toBe('EXPIRED');
    expect((await server.client.data(STATUS, { id: stay.id }, guestToken)).reservation.status).toBe('COMPLETED');
    expect((await server.client.data(STATUS, { id: other.id }, guestToken)).reservation.status).toBe('CONFIRMED');

    const history = (await server.client.data(RUNS, { job: 'EXPIRE_HOLDS' }, admin)).maintenanceRuns;
    expect(history.map((run: any) => run.trigger)).toEqual(['MANUAL', 'MANUAL']);
  });

  it('refreshes customer stats and tiers from completed stays (configurable thresholds)', async () => {
    clock.set('2027-06-01T09:00:00Z');
    const visitor = await registerGuest(server.client);
    const account = { email: visitor.user.email, password: visitor.password };
    const first = await book(server, account, context.roomId, '2027-07-01', '2027-07-03');
    const second = await book(server, account, context.roomId, '2027-07-05', '2027-07-07');
    const hostToken = await signIn(server.client, context.host);
    for (const { id } of [first, second]) await server.client.data(`mutation ($id: ID!) { confirmReservation(id: $id) { id } }`, { id }, hostToken);
    const tier = async () =>
      (await server.client.data(`query ($id: ID!) { user(id: $id) { customerStats { totalVisits tier } } }`, { id: visitor.user.id }, await signIn(server.client, ADMIN))).user.customerStats;

    clock.set('2027-07-04T12:00:00Z');
    await server.client.data(RUN, { jobs: ['COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS'] }, await signIn(server.client, ADMIN));
    expect(await tier()).toEqual({ totalVisits: 1, tier: 'REGULAR' });
    clock.set('2027-07-08T12:00:00Z');
    await server.client.data(RUN, { jobs: ['COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS'] }, await signIn(server.client, ADMIN));
    expect(await tier()).toEqual({ totalVisits: 2, tier: 'SUPER' });
  });

  it('purges expired refresh tokens, runs every job when none is named, and is for admins only', async () => {
    clock.set('2027-06-01T09:00:00Z');
    const shortLived = await registerGuest(server.client);
    clock.set('2027-08-15T09:00:00Z'); // past the 30-day refresh token lifetime
    const runs = (await server.client.data(RUN, {}, await signIn(server.client, ADMIN))).runMaintenance;
    expect(runs.map((run: any) => run.job)).toEqual(['EXPIRE_HOLDS', 'COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS', 'PURGE_EXPIRED_TOKENS', 'PURGE_OLD_RECORDS', 'SEND_ARRIVALS_DIGEST', 'SYNC_CALENDAR_FEEDS']);
    expect(runs[3].counts[0]).toMatchObject({ name: 'purged', value: expect.any(Number) });
    expect(runs[3].counts[0].value).toBeGreaterThanOrEqual(1);
    // Rate-limit windows from the sign-ups months ago are gone too (the retention job).
    const windowsPurged = runs[4].counts.find((count: any) => count.name === 'rateLimitWindows');
    expect(windowsPurged.value).toBeGreaterThanOrEqual(1);
    const [{ windows }] = await server.app.db.query(`SELECT count(*)::int AS windows FROM rate_limit_points WHERE expire < $1`, [Date.parse('2027-08-14T09:00:00Z')]);
    expect(windows).toBe(0);
    const [{ count }] = await server.app.db.query(`SELECT count(*)::int AS count FROM refresh_tokens WHERE user_id = $1`, [shortLived.user.id]);
    expect(count).toBe(0);
    expect((await server.client.error(RUN, {}, await signIn(server.client, context.guest))).extensions?.code).toBe('FORBIDDEN');
  });

  it('bounds the job list: non-empty, each job once, so one call runs at most every job once', async () => {
    const admin = await signIn(server.client, ADMIN);
    const before = await server.app.db.query(`SELECT count(*)::int AS runs FROM maintenance_runs`);
    for (const jobs of [[], ['EXPIRE_HOLDS', 'EXPIRE_HOLDS'], ['COMPLETE_STAYS', 'EXPIRE_HOLDS', 'COMPLETE_STAYS'], Array.from({ length: 10_000 }, () => 'EXPIRE_HOLDS')]) {
      const error = await server.client.error(RUN, { jobs }, admin);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jobs' });
      expect(error.message).toMatch(/jobs/);
    }
    // Nothing ran for the refused lists.
    expect(await server.app.db.query(`SELECT count(*)::int AS runs FROM maintenance_runs`)).toEqual(before);
    const every = ['SYNC_CALENDAR_FEEDS', 'SEND_ARRIVALS_DIGEST', 'PURGE_OLD_RECORDS', 'PURGE_EXPIRED_TOKENS', 'REFRESH_CUSTOMER_STATS', 'COMPLETE_STAYS', 'EXPIRE_HOLDS'];
    expect((await server.client.data(RUN, { jobs: every }, admin)).runMaintenance.map((run: any) => run.job)).toEqual(every);
  });
});

describe('maintenance on cron', () => {
  it('expires holds and completes stays on schedule with a controllable clock, once per tick across two instances', async () => {
    const clock = new TestClock(new Date('2027-06-01T09:00:00Z'));
    // Every second, so the test does not wait for minutes; the other jobs far away.
    const cron = {
      CRON_ENABLED: 'true',
      CRON_EXPIRE_HOLDS: '* * * * * *',
      CRON_COMPLETE_STAYS: '* * * * * *',
      CRON_REFRESH_CUSTOMER_STATS: '0 0 1 1 *',
      CRON_PURGE_EXPIRED_TOKENS: '0 0 1 1 *',
      CRON_SEND_ARRIVALS_DIGEST: '0 0 1 1 *',
      CRON_SYNC_CALENDAR_FEEDS: '0 0 1 1 *',
    };
    const first = await startTestServer({ ...adminEnv, ...cron }, { clock });
    const second = await startTestServer(cron, { clock, databaseUrl: first.databaseUrl });
    try {
      const context = await setUp(first);
      const reservation = await book(first, context.guest, context.roomId, '2027-06-10', '2027-06-12');
      const stay = await book(first, context.guest, context.roomId, '2027-06-02', '2027-06-04');
      await first.client.data(`mutation ($id: ID!) { confirmReservation(id: $id) { id } }`, { id: stay.id }, await signIn(first.client, context.host));
      await sleep(1_500);
      expect((await first.client.data(STATUS, { id: reservation.id }, await signIn(first.client, context.guest))).reservation.status).toBe('PENDING');

      clock.set('2027-06-01T09:16:00Z'); // past the hold: the next tick expires it
      const statusOf = async (id: string) => (await first.client.data(STATUS, { id }, await signIn(first.client, context.guest))).reservation.status;
      const waitFor = async (id: string, wanted: string) => {
        const deadline = Date.now() + 10_000;
        let status = await statusOf(id);
        while (status !== wanted && Date.now() < deadline) {
          await sleep(250);
          status = await statusOf(id);
        }
        return status;
      };
      expect(await waitFor(reservation.id, 'EXPIRED')).toBe('EXPIRED');
      expect(await statusOf(stay.id)).toBe('CONFIRMED');
      clock.set('2027-06-04T12:00:00Z'); // after check-out: the next tick completes the stay
      expect(await waitFor(stay.id, 'COMPLETED')).toBe('COMPLETED');
      await sleep(2_000);

      const ticks = await first.app.db.query(
        `SELECT scheduled_for, count(*)::int AS runs FROM maintenance_runs WHERE job = 'EXPIRE_HOLDS' AND trigger = 'CRON' GROUP BY scheduled_for`,
      );
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.every((tick: { runs: number }) => tick.runs === 1)).toBe(true);
      const expiring = await first.app.db.query(
        `SELECT count(*)::int AS runs FROM maintenance_runs WHERE job = 'EXPIRE_HOLDS' AND trigger = 'CRON' AND (counts->>'expired')::int > 0`,
      );
      expect(expiring[0].runs).toBe(1);
      const { maintenanceRuns } = await first.client.data(RUNS, { job: 'EXPIRE_HOLDS' }, await signIn(first.client, ADMIN));
      expect(maintenanceRuns[0]).toMatchObject({ trigger: 'CRON', scheduledFor: expect.any(String) });
    } finally {
      await second.stop();
      await first.stop();
    }
  }, 60_000);
});
