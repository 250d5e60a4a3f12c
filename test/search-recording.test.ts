import { ADMIN, signIn } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const SEARCH = `query ($input: SearchStaysInput!) { searchStays(input: $input) { totalCount } }`;
const DEMAND = `query ($from: Date!, $to: Date!) { stats(from: $from, to: $to) { searchDemand { searches byCity { city searches } } } }`;

const isSearchInsert = (sql: string) => /INSERT INTO "?search_requests/i.test(sql);

/** searchStays records searches for demand statistics in batches, not with a write per search. */
describe('search recording', () => {
  const clock = new TestClock(new Date('2027-07-01T10:00:00Z'));
  const statements: string[] = [];
  let server: TestServer;

  beforeAll(async () => {
    // No timed flush during the test (an hour): only full batches, statistics and shutdown write.
    server = await startTestServer({ SEARCH_RECORD_FLUSH_SECONDS: '300', SEARCH_RECORD_BATCH: '25' }, { clock, onQuery: (sql) => statements.push(sql) });
  });
  afterAll(() => server.stop());

  const search = (city: string) => server.client.data(SEARCH, { input: { checkIn: '2027-08-01', checkOut: '2027-08-04', guests: 2, city } });
  const demand = async () =>
    (await server.client.data(DEMAND, { from: '2027-07-01', to: '2027-07-02' }, await signIn(server.client, ADMIN))).stats.searchDemand;

  it('writes many searches in a few statements, and statistics still count every one', async () => {
    statements.length = 0;
    for (let n = 0; n < 60; n += 1) await search(n % 3 ? 'Nerja' : 'Lisboa');
    // 60 searches, batches of 25: two inserts so far (the last 10 wait).
    expect(statements.filter(isSearchInsert)).toHaveLength(2);
    const figures = await demand();
    // Statistics write what this process still holds before they count.
    expect(statements.filter(isSearchInsert)).toHaveLength(3);
    expect(figures.searches).toBe(60);
    expect(figures.byCity).toEqual([
      { city: 'Nerja', searches: 40 },
      { city: 'Lisboa', searches: 20 },
    ]);
  });

  it('keeps to full batches under concurrent searches (no small insert per search arriving meanwhile)', async () => {
    await server.app.services.searchRecorder.flush();
    statements.length = 0;
    await Promise.all(Array.from({ length: 200 }, (_, n) => search(n % 2 ? 'Malaga' : 'Ronda')));
    await server.app.services.searchRecorder.flush();
    // 200 searches in batches of 25: 8 inserts, and a few more at most where a flush caught a partial batch.
    const inserts = statements.filter(isSearchInsert).length;
    expect(inserts).toBeGreaterThanOrEqual(8);
    expect(inserts).toBeLessThanOrEqual(12);
    const [{ recorded }] = await server.app.db.query(`SELECT count(*)::int AS recorded FROM search_requests WHERE city IN ('Malaga', 'Ronda')`);
    expect(recorded).toBe(200);
  });

  it('records with the time of the search, and writes what is left on shutdown', async () => {
    const second = await startTestServer({ SEARCH_RECORD_FLUSH_SECONDS: '300' }, { databaseUrl: server.databaseUrl, clock });
    clock.set('2027-07-03T09:00:00Z');
    for (let n = 0; n < 5; n += 1) await second.client.data(SEARCH, { input: { checkIn: '2027-08-01', checkOut: '2027-08-03', guests: 1, city: 'Porto' } });
    const [{ waiting }] = await server.app.db.query(`SELECT count(*)::int AS waiting FROM search_requests WHERE city = 'Porto'`);
    expect(waiting).toBe(0);
    await second.stop();
    const rows = await server.app.db.query(`SELECT created_at FROM search_requests WHERE city = 'Porto'`);
    expect(rows.map((row: { created_at: Date }) => row.created_at.toISOString())).toEqual(Array(5).fill('2027-07-03T09:00:00.000Z'));
  });
});
