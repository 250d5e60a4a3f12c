import { addDays, todayIn } from '../src/platform/calendar-dates';
import { registerGuest } from './support/graphql-client';
import { CREATE_RESERVATION, ADMIN, adminEnv, blockDates, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { FakeSendGrid } from './support/fake-sendgrid';
import { IcalServer, renderFixture } from './support/ical-server';
import { TestClock } from './support/test-clock';
import { SubscriptionRecorder } from './support/subscription-recorder';
import { startTestServer, type TestServer } from './support/test-server';

const ADD_FEED = `mutation ($input: AddCalendarFeedInput!) { addCalendarFeed(input: $input) { id name url room { id } lastRun { status } } }`;
const SYNC = `mutation ($id: ID!) { syncCalendarFeed(id: $id) { status eventsSeen added changed removed conflicts error } }`;
const REMOVE_FEED = `mutation ($id: ID!) { removeCalendarFeed(id: $id) }`;
const FEEDS = `query ($roomId: ID!) { calendarFeeds(roomId: $roomId) { id name lastRun { status eventsSeen } runs { status } } }`;
const BLOCKS = `query ($roomId: ID!) { roomBlocks(roomId: $roomId) { id from to source externalUid reason feed { name } } }`;
const CONFLICTS = `query ($propertyId: ID) { calendarConflicts(propertyId: $propertyId) { eventUid from to reservation { id status checkIn checkOut } feed { name } resolvedAt } }`;

describe('iCal import', () => {
  const clock = new TestClock();
  const channel = new IcalServer();
  const sendgrid = new FakeSendGrid();
  let server: TestServer;
  let host: TestHost;
  let propertyId: string;
  let today: string;
  let token: string;

  beforeAll(async () => {
    await channel.start();
    await sendgrid.start();
    server = await startTestServer(
      { ...adminEnv, CALENDAR_FETCH_ALLOW_PRIVATE: 'true', CALENDAR_FETCH_TIMEOUT_MS: '1500', SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl },
      { clock },
    );
    host = await createHost(server.client);
    propertyId = (await createProperty(server.client, host.token, { name: 'Casa Sync', timeZone: 'UTC' })).id;
  });
  afterAll(async () => {
    await server.stop();
    await channel.stop();
    await sendgrid.stop();
  });
  beforeEach(async () => {
    today = todayIn('UTC', clock.now());
    channel.today = today;
    token = await signIn(server.client, host);
  });

  const d = (days: number) => addDays(today, days);
  const newRoom = async (name: string) =>
    (await createRoom(server.client, token, propertyId, { name, roomType: { code: 'DOUBLE', label: 'Double' } })).id;
  const addFeed = async (roomId: string, name: string, path: string) =>
    (await server.client.data(ADD_FEED, { input: { roomId, name, url: channel.url(path) } }, token)).addCalendarFeed as { id: string };
  const sync = async (id: string) => (await server.client.data(SYNC, { id }, token)).syncCalendarFeed;
  const blocks = async (roomId: string) =>
    ((await server.client.data(BLOCKS, { roomId }, token)).roomBlocks as { id: string; from: string; to: string; source: string; externalUid: string | null }[]).sort(
      (a, b) => (a.from < b.from ? -1 : 1),
    );

  it('turns an Airbnb export into EXTERNAL blocks; a repeated sync changes nothing; a change moves the block; a removal lifts it', async () => {
    const roomId = await newRoom('Airbnb room');
    channel.serve('/airbnb-1.ics', { fixture: 'airbnb.ics' });
    const feed = await addFeed(roomId, 'Airbnb', '/airbnb-1.ics');

    expect(await sync(feed.id)).toEqual({ status: 'OK', eventsSeen: 2, added: 2, changed: 0, removed: 0, conflicts: 0, error: null });
    const first = await blocks(roomId);
    expect(first).toMatchObject([
      { from: d(10), to: d(15), source: 'EXTERNAL', externalUid: '1418fb94e984-a5c1c2f5c8a0e3b2d4e6f7a8b9c0d1e2@airbnb.com', reason: 'Reserved', feed: { name: 'Airbnb' } },
      { from: d(20), to: d(24), source: 'EXTERNAL', reason: 'Airbnb (Not available)' },
    ]);

    expect(await sync(feed.id)).toEqual({ status: 'OK', eventsSeen: 2, added: 0, changed: 0, removed: 0, conflicts: 0, error: null });
    expect(await blocks(roomId)).toEqual(first);

    channel.serve('/airbnb-1.ics', { fixture: 'airbnb-changed.ics' });
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', eventsSeen: 1, added: 0, changed: 1, removed: 1 });
    const moved = await blocks(roomId);
    expect(moved).toMatchObject([{ id: first[0]!.id, from: d(12), to: d(17) }]);

    const feeds = (await server.client.data(FEEDS, { roomId }, token)).calendarFeeds;
    expect(feeds).toMatchObject([{ name: 'Airbnb', lastRun: { status: 'OK', eventsSeen: 1 }, runs: [{ status: 'OK' }, { status: 'OK' }, { status: 'OK' }] }]);

    expect((await server.client.data(REMOVE_FEED, { id: feed.id }, token)).removeCalendarFeed).toBe(true);
    expect(await blocks(roomId)).toEqual([]);
  });

  it("reads Booking.com's CLOSED - Not available and Vrbo's Reserved - name / Blocked", async () => {
    const roomId = await newRoom('Two channels');
    channel.serve('/booking.ics', { fixture: 'booking.ics' });
    channel.serve('/vrbo.ics', { fixture: 'vrbo.ics' });
    const booking = await addFeed(roomId, 'Booking.com', '/booking.ics');
    const vrbo = await addFeed(roomId, 'Vrbo', '/vrbo.ics');
    expect(await sync(booking.id)).toMatchObject({ status: 'OK', added: 2 });
    expect(await sync(vrbo.id)).toMatchObject({ status: 'OK', added: 2 });
    expect((await blocks(roomId)).map((block) => [block.from, block.to])).toEqual([
      [d(30), d(33)],
      [d(40), d(41)],
      [d(50), d(54)],
      [d(60), d(62)],
    ]);
  });

  it('uses ETag: an unchanged feed is 304 and NOT_MODIFIED', async () => {
    const roomId = await newRoom('ETag room');
    channel.serve('/etag.ics', { fixture: 'booking.ics', etag: true });
    const feed = await addFeed(roomId, 'Booking.com', '/etag.ics');
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', added: 2 });
    expect(await sync(feed.id)).toMatchObject({ status: 'NOT_MODIFIED', eventsSeen: 2, added: 0 });
    const sent = channel.requests.filter((request) => request.path === '/etag.ics');
    expect(sent[1]!.headers['if-none-match']).toMatch(/^"/);
    expect(await blocks(roomId)).toHaveLength(2);
  });

  it('records an event over a direct reservation as a conflict, blocks only the free nights and never touches the reservation', async () => {
    const roomId = await newRoom('Conflict room');
    const guest = await registerGuest(server.client);
    const reservation = (
      await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn: d(12), checkOut: d(14), guests: 2 } }, guest.accessToken)
    ).createReservation as { id: string; code: string };
    channel.serve('/conflict.ics', { fixture: 'airbnb.ics' });
    const feed = await addFeed(roomId, 'Airbnb', '/conflict.ics');
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', added: 2, conflicts: 1 });
    expect((await blocks(roomId)).map((block) => [block.from, block.to])).toEqual([
      [d(10), d(12)],
      [d(14), d(15)],
      [d(20), d(24)],
    ]);
    const conflicts = (await server.client.data(CONFLICTS, { propertyId }, token)).calendarConflicts;
    expect(conflicts).toEqual([
      {
        eventUid: '1418fb94e984-a5c1c2f5c8a0e3b2d4e6f7a8b9c0d1e2@airbnb.com',
        from: d(12),
        to: d(14),
        reservation: { id: reservation.id, status: 'PENDING', checkIn: d(12), checkOut: d(14) },
        feed: { name: 'Airbnb' },
        resolvedAt: null,
      },
    ]);
    // Admins see it too; a repeated sync does not record it again.
    const admin = await signIn(server.client, ADMIN);
    expect((await server.client.data(CONFLICTS, {}, admin)).calendarConflicts).toHaveLength(1);
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', added: 0, changed: 0, conflicts: 0 });
    expect((await server.client.data(CONFLICTS, { propertyId }, token)).calendarConflicts).toHaveLength(1);

    // The host is emailed once, whatever the number of syncs.
    await server.app.services.outbox.processDue();
    const mails = sendgrid.accepted.filter((mail) => mail.subject.startsWith('Double booking at Casa Sync'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: host.email, subject: `Double booking at Casa Sync: Airbnb closes Conflict room over booking ${reservation.code}` });
    expect(mails[0]!.text).toContain('1418fb94e984-a5c1c2f5c8a0e3b2d4e6f7a8b9c0d1e2@airbnb.com');

    // The Airbnb stay moves but still overlaps: the same conflict, its nights kept current, no new one.
    channel.serve('/conflict.ics', { fixture: 'airbnb-changed.ics' });
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', changed: 1, removed: 1, conflicts: 0 });
    expect((await server.client.data(CONFLICTS, { propertyId }, token)).calendarConflicts).toMatchObject([{ from: d(12), to: d(14) }]);
    await server.app.services.outbox.processDue();
    expect(sendgrid.accepted.filter((mail) => mail.subject.startsWith('Double booking at Casa Sync'))).toHaveLength(1);

    // The host cancels the direct reservation: the next sync closes those nights too and resolves the conflict.
    await server.client.data(`mutation ($id: ID!) { cancelReservation(id: $id, reason: "double booked") { status } }`, { id: reservation.id }, token);
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', added: 0, changed: 0, conflicts: 0 });
    expect((await server.client.data(CONFLICTS, { propertyId }, token)).calendarConflicts).toEqual([]);
    expect((await server.client.data(`query ($p: ID) { calendarConflicts(propertyId: $p, includeResolved: true) { resolvedAt } }`, { p: propertyId }, token)).calendarConflicts)
      .toEqual([{ resolvedAt: expect.any(String) }]);
    expect((await blocks(roomId)).map((block) => [block.from, block.to])).toEqual([[d(12), d(17)]]);
  });

  it('takes a channel echoing one of our bookings back (same dates, "not available") as no conflict', async () => {
    const roomId = await newRoom('Echo room');
    const guest = await registerGuest(server.client);
    await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn: d(30), checkOut: d(33), guests: 2 } }, guest.accessToken);
    channel.serve('/echo.ics', { fixture: 'booking.ics' });
    const feed = await addFeed(roomId, 'Booking.com', '/echo.ics');
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', added: 2, conflicts: 0 });
    expect((await blocks(roomId)).map((block) => [block.from, block.to])).toEqual([[d(40), d(41)]]);
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', added: 0, changed: 0, conflicts: 0 });
    const conflicts = (await server.client.data(CONFLICTS, { propertyId }, token)).calendarConflicts as { reservation: { checkIn: string } }[];
    expect(conflicts.filter((c) => c.reservation.checkIn === d(30))).toEqual([]);
  });

  it('keeps the last good blocks when the feed fails, answers garbage, or suddenly returns nothing', async () => {
    const roomId = await newRoom('Safety room');
    channel.serve('/flaky.ics', { fixture: 'airbnb.ics' });
    const feed = await addFeed(roomId, 'Airbnb', '/flaky.ics');
    await sync(feed.id);
    const good = await blocks(roomId);
    expect(good).toHaveLength(2);

    channel.serve('/flaky.ics', { status: 500, body: 'upstream error' });
    expect(await sync(feed.id)).toMatchObject({ status: 'FAILED', removed: 0, error: expect.stringMatching(/HTTP 500/) });
    channel.serve('/flaky.ics', { status: 200, body: '<html><body>Please sign in</body></html>', contentType: 'text/html' });
    expect(await sync(feed.id)).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/not an iCalendar/) });
    channel.serve('/flaky.ics', { stall: true });
    expect(await sync(feed.id)).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/no answer within 1500 ms/) });
    channel.serve('/flaky.ics', { status: 200, body: 'BEGIN:VCALENDAR\r\n' + 'X'.repeat(2_100_000), contentType: 'text/calendar' });
    expect(await sync(feed.id)).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/larger than/) });
    channel.serve('/flaky.ics', { status: 302, headers: { location: 'file:///etc/passwd' } });
    expect(await sync(feed.id)).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/redirect target must be an http or https URL/) });
    channel.serve('/flaky.ics', { status: 301, headers: { location: '/flaky.ics' } });
    expect(await sync(feed.id)).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/too many redirects/) });
    expect(await blocks(roomId)).toEqual(good);
    // A calendar that parses but cannot be stored (a NUL byte, which PostgreSQL text refuses): FAILED, logged, nothing applied.
    const nul = renderFixture('airbnb-changed.ics', today).replace('SUMMARY:Reserved', 'SUMMARY:Reserved\u0000');
    channel.serve('/flaky.ics', { status: 200, body: nul, contentType: 'text/calendar' });
    expect(await sync(feed.id)).toMatchObject({ status: 'FAILED', eventsSeen: 1, error: expect.stringMatching(/could not be applied/) });
    expect(await blocks(roomId)).toEqual(good);
    // A redirect to a good calendar is followed.
    channel.serve('/flaky.ics', { status: 301, headers: { location: '/flaky-moved.ics' } });
    channel.serve('/flaky-moved.ics', { fixture: 'airbnb.ics' });
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', eventsSeen: 2, added: 0, removed: 0 });

    channel.serve('/flaky.ics', { fixture: 'empty.ics' });
    expect(await sync(feed.id)).toMatchObject({ status: 'KEPT_LAST_GOOD', removed: 0, error: expect.stringMatching(/no events/) });
    expect(await blocks(roomId)).toEqual(good);
    // Empty twice in a row: believed.
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', removed: 2 });
    expect(await blocks(roomId)).toEqual([]);
  });

  it("moves Airbnb's rolling advance-notice and horizon windows the next day instead of adding blocks", async () => {
    const roomId = await newRoom('Rolling room');
    channel.serve('/rolling.ics', { fixture: 'airbnb-rolling.ics', uid: 'day1' });
    const feed = await addFeed(roomId, 'Airbnb', '/rolling.ics');
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', added: 2 });
    const before = await blocks(roomId);
    expect(before.map((block) => [block.from, block.to])).toEqual([
      [d(0), d(2)],
      [d(365), d(700)],
    ]);

    clock.advance(86_400_000);
    today = todayIn('UTC', clock.now());
    channel.today = today;
    token = await signIn(server.client, host);
    channel.serve('/rolling.ics', { fixture: 'airbnb-rolling.ics', uid: 'day2' });
    expect(await sync(feed.id)).toMatchObject({ status: 'OK', added: 0, changed: 2, removed: 0 });
    const after = await blocks(roomId);
    expect(after.map((block) => [block.id, block.from, block.to, block.externalUid])).toEqual([
      [before[0]!.id, d(0), d(2), '1418fb94e984-day2-notice@airbnb.com'],
      [before[1]!.id, d(365), d(700), '1418fb94e984-day2-horizon@airbnb.com'],
    ]);
  });

  it('publishes availabilityChanged for imported changes, after commit', async () => {
    const roomId = await newRoom('Live room');
    channel.serve('/live.ics', { fixture: 'airbnb.ics' });
    const feed = await addFeed(roomId, 'Airbnb', '/live.ics');
    const socket = server.client.webSocket();
    const recorder = new SubscriptionRecorder(
      socket,
      `subscription ($roomId: ID) { availabilityChanged(roomId: $roomId) { roomId from to reason } }`,
      { roomId },
    );
    try {
      await recorder.started;
      await sync(feed.id);
      await recorder.event(1);
      channel.serve('/live.ics', { fixture: 'airbnb-changed.ics' });
      await sync(feed.id);
      await recorder.event(4);
      const seen = recorder.events.map((event) => event.data.availabilityChanged).map((c) => [c.reason, c.from, c.to]);
      expect(seen).toEqual([
        ['BLOCKED', d(10), d(15)],
        ['BLOCKED', d(20), d(24)],
        ['UNBLOCKED', d(20), d(24)],
        ['UNBLOCKED', d(10), d(15)],
        ['BLOCKED', d(12), d(17)],
      ]);
    } finally {
      recorder.stop();
      await socket.dispose();
    }
  });

  it('refuses to lift an imported block by hand', async () => {
    const roomId = await newRoom('Hands off');
    channel.serve('/hands-off.ics', { fixture: 'booking.ics' });
    await sync((await addFeed(roomId, 'Booking.com', '/hands-off.ics')).id);
    const [block] = await blocks(roomId);
    const error = await server.client.error(`mutation ($id: ID!) { unblockDates(blockId: $id) }`, { id: block!.id }, token);
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'blockId' });
    expect(await blocks(roomId)).toHaveLength(2);
  });

  it('never duplicates under concurrent syncs of the same feed', async () => {
    for (let round = 0; round < 4; round += 1) {
      const roomId = await newRoom(`Race ${round}`);
      channel.serve(`/race-${round}.ics`, { fixture: 'airbnb.ics' });
      const feed = await addFeed(roomId, 'Airbnb', `/race-${round}.ics`);
      const runs = await Promise.all(Array.from({ length: 6 }, () => sync(feed.id)));
      expect(runs.every((run) => run.status === 'OK')).toBe(true);
      expect(runs.reduce((sum, run) => sum + run.added, 0)).toBe(2);
      expect((await blocks(roomId)).map((block) => [block.from, block.to])).toEqual([
        [d(10), d(15)],
        [d(20), d(24)],
      ]);
    }
  });

  it('syncs every feed once per SYNC_CALENDAR_FEEDS run; a failing feed fails alone', async () => {
    const good = await addFeed(await newRoom('Cron good'), 'Vrbo', '/cron-good.ics');
    const bad = await addFeed(await newRoom('Cron bad'), 'Vrbo', '/cron-bad.ics');
    channel.serve('/cron-good.ics', { fixture: 'vrbo.ics' });
    channel.serve('/cron-bad.ics', { status: 503, body: 'maintenance' });
    const runsOf = async (id: string) => (await server.app.db.query(`SELECT status FROM calendar_sync_runs WHERE feed_id = $1`, [id])) as { status: string }[];
    const [{ live }] = await server.app.db.query(`SELECT count(*)::int AS live FROM calendar_feeds WHERE removed_at IS NULL`);
    const admin = await signIn(server.client, ADMIN);
    const [run] = (
      await server.client.data(`mutation { runMaintenance(jobs: [SYNC_CALENDAR_FEEDS]) { job error counts { name value } } }`, {}, admin)
    ).runMaintenance;
    expect(run.error).toBeNull();
    const counts = Object.fromEntries(run.counts.map((c: { name: string; value: number }) => [c.name, c.value]));
    expect(counts['feeds']).toBe(live);
    expect(counts['failed']).toBeGreaterThanOrEqual(1);
    expect(await runsOf(good.id)).toEqual([{ status: 'OK' }]);
    expect(await runsOf(bad.id)).toEqual([{ status: 'FAILED' }]);
  });

  it('refuses bad feed URLs at creation with BAD_USER_INPUT', async () => {
    const roomId = await newRoom('Bad URLs');
    for (const url of ['ftp://example.com/cal.ics', 'file:///etc/passwd', 'not a url', 'https://user:pw@example.com/x.ics']) {
      const error = await server.client.error(ADD_FEED, { input: { roomId, name: 'X', url } }, token);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    }
    const blank = await server.client.error(ADD_FEED, { input: { roomId, name: ' ', url: channel.url('/a.ics') } }, token);
    expect(blank.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    await blockDates(server.client, token, roomId, d(3), d(4));
  });
});

describe('iCal import with production address rules', () => {
  let server: TestServer;
  let host: TestHost;
  let roomId: string;
  const channel = new IcalServer();

  beforeAll(async () => {
    await channel.start();
    server = await startTestServer(adminEnv);
    host = await createHost(server.client);
    const propertyId = (await createProperty(server.client, host.token, { timeZone: 'UTC' })).id;
    roomId = (await createRoom(server.client, host.token, propertyId)).id;
  });
  afterAll(async () => {
    await server.stop();
    await channel.stop();
  });

  it('refuses literal private addresses at creation and a name resolving to loopback at sync, in the sync log', async () => {
    for (const url of ['http://127.0.0.1/cal.ics', 'http://10.1.2.3/cal.ics', 'http://[::1]/cal.ics', 'http://169.254.169.254/latest', 'http://[fd00::1]/x.ics']) {
      const error = await server.client.error(ADD_FEED, { input: { roomId, name: 'X', url } }, host.token);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      expect(error.message).toMatch(/public address/);
    }
    channel.serve('/cal.ics', { fixture: 'airbnb.ics' });
    const port = new URL(channel.url('/')).port;
    const feed = (await server.client.data(ADD_FEED, { input: { roomId, name: 'Airbnb', url: `http://localhost:${port}/cal.ics` } }, host.token)).addCalendarFeed;
    const run = (await server.client.data(SYNC, { id: feed.id }, host.token)).syncCalendarFeed;
    expect(run).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/localhost resolves to a non-public address/) });
    expect(channel.requests).toHaveLength(0);
  });
});
