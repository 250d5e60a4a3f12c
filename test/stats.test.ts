import { registerGuest } from './support/graphql-client';
import { ADMIN, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const STATS = `query ($from: Date!, $to: Date!, $propertyId: ID) {
  stats(from: $from, to: $to, propertyId: $propertyId) {
    reservationsByStatus { status count }
    occupancy { rate bookedNights availableNights byProperty { property { name } bookedNights availableNights rate } byMonth { month bookedNights availableNights rate } }
    revenue { currency gross { amount } refunded { amount } net { amount } adr { amount } revpar { amount } }
    averageLengthOfStay averageLeadTimeDays cancellationRate
    newGuests returningGuests
    customersByTier { tier count }
    topGuests { name stays nights }
    checkInsToday checkInsNext7Days checkOutsToday checkOutsNext7Days activeStays
    searchDemand { searches bookings byCity { city searches bookings } byLeadTime { window searches } }
  }
}`;

/**
 * A small business whose figures were worked out by hand (see the comments). Reservations are written
 * straight into the tables so that statuses, amounts and booking times are exactly as described.
 */
describe('statistics on a hand-checked data set', () => {
  const clock = new TestClock(new Date('2027-04-25T10:00:00Z')); // "today" is 25 April in Madrid and Lisbon
  let server: TestServer;
  let host: TestHost;
  let other: TestHost;
  let propertyA: string;
  let propertyB: string;

  beforeAll(async () => {
    server = await startTestServer(adminEnv, { clock });
    host = await createHost(server.client, 'Stats Holidays');
    other = await createHost(server.client, 'Other Holidays');
    propertyA = (await createProperty(server.client, host.token, { name: 'Casa A', address: { line1: 'x', city: 'Nerja', country: 'ES' }, timeZone: 'Europe/Madrid' })).id;
    propertyB = (await createProperty(server.client, host.token, { name: 'Casa B', address: { line1: 'x', city: 'Lisboa', country: 'PT' }, timeZone: 'Europe/Lisbon' })).id;
    const propertyC = (await createProperty(server.client, other.token, { name: 'Casa C', currency: 'USD', address: { line1: 'x', city: 'Miami', country: 'US' }, timeZone: 'America/New_York' })).id;
    const A1 = (await createRoom(server.client, host.token, propertyA, { name: 'A1' })).id;
    const A2 = (await createRoom(server.client, host.token, propertyA, { name: 'A2' })).id;
    const B1 = (await createRoom(server.client, host.token, propertyB, { name: 'B1' })).id;
    const C1 = (await createRoom(server.client, other.token, propertyC, { name: 'C1', basePricePerNight: { amount: 5000, currency: 'USD' } })).id;
    const ana = (await registerGuest(server.client, { fullName: 'Ana' })).user.id;
    const ben = (await registerGuest(server.client, { fullName: 'Ben' })).user.id;
    const cid = (await registerGuest(server.client, { fullName: 'Cid' })).user.id;
    await server.app.db.query(`UPDATE customer_stats SET tier = 'SUPER' WHERE user_id = $1`, [ana]);
    await server.app.db.query(`UPDATE customer_stats SET tier = 'REGULAR' WHERE user_id = $1`, [ben]);

    let serial = 0;
    const insert = async (room: string, property: string, guest: string, status: string, checkIn: string, checkOut: string, nightly: number, created: string, refund: number | null = null, currency = 'EUR') => {
      const nights: { date: string; amount: number; ruleId: null; ruleName: null }[] = [];
      for (let d = new Date(`${checkIn}T00:00:00Z`); d < new Date(`${checkOut}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
        nights.push({ date: d.toISOString().slice(0, 10), amount: nightly, ruleId: null, ruleName: null });
      }
      const total = nightly * nights.length;
      serial += 1;
      const [row] = await server.app.db.query(
        `INSERT INTO reservations (code, property_id, room_id, guest_user_id, status, check_in, check_out, guests, guest_name, guest_email,
                                   currency, subtotal_amount, fees_amount, discount_amount, taxes_amount, total_amount, price_snapshot,
                                   cancellation_policy, refund_amount, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 2, 'Guest', 'guest@example.com', $8, $9, 0, 0, 0, $9, $10, 'MODERATE', $11, $12) RETURNING id`,
        [`SG-STAT${String(serial).padStart(2, '0').replace(/0/g, 'Z').replace(/1/g, 'Y')}`, property, room, guest, status, checkIn, checkOut, currency, total,
          JSON.stringify({ nights, fees: [], discounts: [], taxRateBasisPoints: 0 }), refund, `${created}T12:00:00Z`],
      );
      return row.id as string;
    };
    await insert(A1, propertyA, ana, 'COMPLETED', '2027-03-05', '2027-03-08', 10_000, '2027-02-20'); // R1
    await insert(A2, propertyA, ben, 'CONFIRMED', '2027-03-30', '2027-04-03', 15_000, '2027-03-01'); // R2
    const r3 = await insert(B1, propertyB, ana, 'CANCELLED', '2027-04-10', '2027-04-12', 20_000, '2027-03-10', 20_000); // R3
    await server.app.db.query(`INSERT INTO reservation_history (reservation_id, from_status, to_status, actor_role) VALUES ($1, 'PENDING', 'CONFIRMED', 'HOST')`, [r3]);
    await insert(A1, propertyA, cid, 'PENDING', '2027-04-20', '2027-04-22', 10_000, '2027-04-01'); // R4
    await insert(A1, propertyA, ben, 'EXPIRED', '2027-04-05', '2027-04-06', 10_000, '2027-03-20'); // R5
    await insert(B1, propertyB, ana, 'NO_SHOW', '2027-04-25', '2027-04-28', 20_000, '2027-04-01'); // R6
    await insert(A2, propertyA, ana, 'COMPLETED', '2027-01-10', '2027-01-12', 10_000, '2026-12-01'); // R7, before the period
    await insert(A1, propertyA, cid, 'CONFIRMED', '2027-05-10', '2027-05-12', 10_000, '2027-04-15'); // R8, after the period
    await insert(A2, propertyA, cid, 'CONFIRMED', '2027-04-25', '2027-04-27', 15_000, '2027-04-10'); // R9, checks in today
    await insert(A1, propertyA, ben, 'CONFIRMED', '2027-04-23', '2027-04-25', 10_000, '2027-04-05'); // R10, checks out today
    await insert(A2, propertyA, ben, 'CONFIRMED', '2027-04-28', '2027-04-30', 15_000, '2027-04-12'); // R11
    await insert(C1, propertyC, cid, 'COMPLETED', '2027-03-15', '2027-03-17', 5_000, '2027-03-01', null, 'USD'); // another host's
    await server.app.db.query(`INSERT INTO room_blocks (room_id, starts_on, ends_on) VALUES ($1, '2027-03-10', '2027-03-15')`, [A2]);
    await server.app.db.query(`INSERT INTO room_blocks (room_id, starts_on, ends_on, removed_at) VALUES ($1, '2027-03-01', '2027-03-03', now())`, [B1]);
    const search = (city: string | null, created: string, checkIn: string) =>
      server.app.db.query(
        `INSERT INTO search_requests (check_in, check_out, guests, city, result_count, created_at) VALUES ($1, $1::date + 2, 2, $2, 1, $3)`,
        [checkIn, city, `${created}T12:00:00Z`],
      );
    await search('Nerja', '2027-03-02', '2027-03-05'); // 3 days ahead
    await search('nerja', '2027-03-10', '2027-04-01'); // 22
    await search('Nerja', '2027-04-01', '2027-06-01'); // 61
    await search('Lisboa', '2027-04-02', '2027-08-01'); // 121
    await search('Madrid', '2027-04-03', '2027-04-05'); // not one of the host's cities
    await search(null, '2027-04-04', '2027-04-06'); // no city
  });
  afterAll(() => server.stop());

  const stats = async (token: string, propertyId?: string) =>
    (await server.client.data(STATS, { from: '2027-03-01', to: '2027-05-01', propertyId }, token)).stats;

  it('computes every figure for a host over March and April', async () => {
    const figures = await stats(await signIn(server.client, host));
    // Checking in within the period: R1–R6, R9–R11.
    expect(figures.reservationsByStatus).toEqual([
      { status: 'PENDING', count: 1 },
      { status: 'CONFIRMED', count: 4 },
      { status: 'CANCELLED', count: 1 },
      { status: 'REJECTED', count: 0 },
      { status: 'EXPIRED', count: 1 },
      { status: 'COMPLETED', count: 1 },
      { status: 'NO_SHOW', count: 1 },
    ]);
    // Available: 3 rooms × 61 nights − 5 blocked (A2, 10–14 March) = 178; March 93 − 5, April 90.
    // Sold nights: R1 3, R2 4 (2 + 2), R6 3, R9 2, R10 2, R11 2 = 16; March 5, April 11; Casa A 13, Casa B 3.
    expect(figures.occupancy).toEqual({
      rate: 0.0899,
      bookedNights: 16,
      availableNights: 178,
      byProperty: expect.arrayContaining([
        { property: { name: 'Casa A' }, bookedNights: 13, availableNights: 117, rate: 0.1111 },
        { property: { name: 'Casa B' }, bookedNights: 3, availableNights: 61, rate: 0.0492 },
      ]),
      byMonth: [
        { month: '2027-03', bookedNights: 5, availableNights: 88, rate: 0.0568 },
        { month: '2027-04', bookedNights: 11, availableNights: 90, rate: 0.1222 },
      ],
    });
    // Gross: R1 300 + R2 600 + R3 400 (cancelled after confirmation) + R6 600 + R9 300 + R10 200 + R11 300 = €2,700;
    // refunded €200; room revenue of the 16 sold nights €2,300 → ADR €143.75, RevPAR €2,300 / 178 = €12.92.
    expect(figures.revenue).toEqual([
      { currency: 'EUR', gross: { amount: 270_000 }, refunded: { amount: 20_000 }, net: { amount: 250_000 }, adr: { amount: 14_375 }, revpar: { amount: 1_292 } },
    ]);
    // Sold stays 3, 4, 3, 2, 2, 2 nights; booked 13, 29, 24, 15, 18, 16 days ahead.
    expect(figures.averageLengthOfStay).toBe(2.67);
    expect(figures.averageLeadTimeDays).toBe(19.17);
    // 1 cancelled of 8 (the expired one does not count).
    expect(figures.cancellationRate).toBe(0.125);
    // Ana came in January already; Ben and Cid are new.
    expect([figures.newGuests, figures.returningGuests]).toEqual([2, 1]);
    expect(figures.customersByTier).toEqual([
      { tier: 'NEW', count: 1 },
      { tier: 'REGULAR', count: 1 },
      { tier: 'SUPER', count: 1 },
    ]);
    expect(figures.topGuests).toEqual([
      { name: 'Ben', stays: 3, nights: 8 },
      { name: 'Ana', stays: 2, nights: 6 },
      { name: 'Cid', stays: 1, nights: 2 },
    ]);
    // Today 25 April: R9 arrives, R10 leaves, R9 is in progress; R11 arrives and R9, R11 leave within 7 days.
    expect([figures.checkInsToday, figures.checkInsNext7Days, figures.checkOutsToday, figures.checkOutsNext7Days, figures.activeStays]).toEqual([1, 1, 1, 2, 1]);
    // Searches in the host's cities: Nerja 3, Lisboa 1. Reservations made in the period: 7 at Casa A (Nerja), 2 at Casa B.
    expect(figures.searchDemand).toEqual({
      searches: 4,
      bookings: 9,
      byCity: [
        { city: 'Nerja', searches: 3, bookings: 7 },
        { city: 'Lisboa', searches: 1, bookings: 2 },
      ],
      byLeadTime: [
        { window: '0-7', searches: 1 },
        { window: '8-30', searches: 1 },
        { window: '31-90', searches: 1 },
        { window: '91+', searches: 1 },
      ],
    });
  });

  it('narrows to one property, and gives admins everything across currencies', async () => {
    const onlyB = await stats(await signIn(server.client, host), propertyB);
    expect(onlyB.occupancy).toMatchObject({ bookedNights: 3, availableNights: 61 });
    expect(onlyB.revenue).toEqual([
      { currency: 'EUR', gross: { amount: 100_000 }, refunded: { amount: 20_000 }, net: { amount: 80_000 }, adr: { amount: 20_000 }, revpar: { amount: 984 } },
    ]);
    const all = await stats(await signIn(server.client, ADMIN));
    expect(all.revenue.map((r: any) => [r.currency, r.gross.amount])).toEqual([['EUR', 270_000], ['USD', 10_000]]);
    expect(all.searchDemand.searches).toBe(6);
  });

  it('is for the property host and admins only, over at most 366 days', async () => {
    expect((await server.client.error(STATS, { from: '2027-03-01', to: '2027-05-01', propertyId: propertyA }, other.token)).extensions?.code).toBe('FORBIDDEN');
    const guest = await registerGuest(server.client);
    expect((await server.client.error(STATS, { from: '2027-03-01', to: '2027-05-01' }, guest.accessToken)).extensions?.code).toBe('FORBIDDEN');
    const long = await server.client.error(STATS, { from: '2027-01-01', to: '2028-01-03' }, await signIn(server.client, host));
    expect(long.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });
});
