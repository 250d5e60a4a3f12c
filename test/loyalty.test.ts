import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { FakeSendGrid } from './support/fake-sendgrid';
import { registerGuest } from './support/graphql-client';
import { flat, htmlText } from './support/message-text';
import { pdfText } from './support/pdf-text';
import { ADMIN, adminEnv, createHost, createProperty, createRoom, signIn } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const QUOTE = `query ($input: QuoteInput!) { quote(input: $input) {
  total { amount } taxes { amount } discounts { kind label amount { amount } }
  points { requested redeemed amount { amount currency } balance maxRedeemable pointValue { amount currency } reason } } }`;
const BOOK = `mutation ($input: CreateReservationInput!) { createReservation(input: $input) {
  id code status total { amount } pointsRedeemed pointsAmount { amount } discountCodeAmount { amount } } }`;
const PAY = `mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`;
const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { status refundAmount { amount } total { amount } } }`;
const RUN = `mutation ($jobs: [MaintenanceJob!]) { runMaintenance(jobs: $jobs) { job error } }`;
const MINE = `{ myLoyalty { balance completedStays pointsEarned level { name referralPercent } nextLevel { name }
  history(first: 50) { totalCount edges { node { kind points reservationId reason } } } } }`;
const ADJUST = `mutation ($userId: ID!, $points: Int!, $reason: String!) { adjustLoyaltyPoints(userId: $userId, points: $points, reason: $reason) { kind points reason } }`;
const CREATE_CODE = `mutation ($input: DiscountCodeInput!) { createDiscountCode(input: $input) { id code } }`;
const LEVELS = `{ loyaltyLevels { id name minCompletedStays minPointsEarned referralPercent } }`;
const UPDATE_LEVEL = `mutation ($id: ID!, $input: LoyaltyLevelInput!) { updateLoyaltyLevel(id: $id, input: $input) { name minCompletedStays referralPercent } }`;
const STATS = `query ($from: Date!, $to: Date!, $propertyId: ID) { stats(from: $from, to: $to, propertyId: $propertyId) {
  loyaltyPointsIssued loyaltyPointsRedeemed referralsConverted } }`;

// The server's "now": 2027-05-01 10:00 UTC (noon in Madrid).
const NOW = new Date('2027-05-01T10:00:00Z');

describe('loyalty points through the server', () => {
  const clock = new TestClock(NOW);
  const sendgrid = new FakeSendGrid();
  let server: TestServer;
  let admin: string;
  let casa: string;
  let rooms: string[]; // EUR, 100.00 a night, no tax or fees
  let yenRoom: string; // JPY ¥12,345 a night
  let kwdRoom: string; // KWD 12.345 a night
  let usdRoom: string; // USD 50.00 a night: no point value configured

  const as = async () => signIn(server.client, ADMIN);
  const book = (token: string, input: Record<string, unknown>) =>
    server.client.request(BOOK, { input: { roomId: rooms[0], checkIn: '2027-05-10', checkOut: '2027-05-12', guests: 2, ...input } }, token);
  const mine = async (token: string) => (await server.client.data(MINE, {}, token)).myLoyalty;
  const complete = async (token: string, reservationId: string, checkOut: string) => {
    await server.client.data(PAY, { id: reservationId }, token);
    clock.set(`${checkOut}T12:00:00Z`);
    try {
      await server.client.data(RUN, { jobs: ['COMPLETE_STAYS'] }, await as());
      await server.client.data(RUN, { jobs: ['COMPLETE_STAYS'] }, await as());
    } finally {
      clock.set(NOW);
    }
  };

  beforeAll(async () => {
    await sendgrid.start();
    server = await startTestServer(
      { ...adminEnv, LOYALTY_POINT_VALUES: 'EUR:1, JPY:150, KWD:0.300', SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl },
      { clock },
    );
    admin = await as();
    const host = await createHost(server.client);
    casa = (await createProperty(server.client, host.token, { name: 'Casa Puntos' })).id;
    rooms = [];
    for (let i = 0; i < 3; i += 1) {
      rooms.push((await createRoom(server.client, host.token, casa, { name: `R${i}`, basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id);
    }
    const yen = (await createProperty(server.client, host.token, { name: 'Ryokan', currency: 'JPY', timeZone: 'Europe/Madrid' })).id;
    yenRoom = (await createRoom(server.client, host.token, yen, { basePricePerNight: { amount: 12_345, currency: 'JPY' } })).id;
    const kwd = (await createProperty(server.client, host.token, { name: 'Dar', currency: 'KWD', timeZone: 'Europe/Madrid' })).id;
    kwdRoom = (await createRoom(server.client, host.token, kwd, { basePricePerNight: { amount: 12_345, currency: 'KWD' } })).id;
    const usd = (await createProperty(server.client, host.token, { name: 'Cabin', currency: 'USD', timeZone: 'Europe/Madrid' })).id;
    usdRoom = (await createRoom(server.client, host.token, usd, { basePricePerNight: { amount: 5_000, currency: 'USD' } })).id;
  }, 120_000);
  afterAll(async () => {
    await server.stop();
    await sendgrid.stop();
  });

  it('a new guest starts at Bronze with nothing; checkout earns 5 % of what was paid after a code, once', async () => {
    const guest = await registerGuest(server.client);
    expect(await mine(guest.accessToken)).toEqual({
      balance: 0,
      completedStays: 0,
      pointsEarned: 0,
      level: { name: 'Bronze', referralPercent: 5 },
      nextLevel: { name: 'Silver' },
      history: { totalCount: 0, edges: [] },
    });
    const { code } = (await server.client.data(CREATE_CODE, { input: { code: 'LOYAL10', percentOff: 10 } }, admin)).createDiscountCode;
    // 2 nights × 100.00 = 200.00 − 10 % = 180.00 paid; 5 % of it is 9.00 → 9 points.
    const booked = (await book(guest.accessToken, { discountCode: code, checkIn: '2027-05-03', checkOut: '2027-05-05' })).data!.createReservation;
    expect(booked.total).toEqual({ amount: 18_000 });
    await complete(guest.accessToken, booked.id, '2027-05-05');
    const after = await mine(guest.accessToken);
    expect(after).toMatchObject({ balance: 9, completedStays: 1, pointsEarned: 9 });
    expect(after.history.edges.map((e: any) => e.node)).toEqual([{ kind: 'EARNED', points: 9, reservationId: booked.id, reason: null }]);
  }, 60_000);

  it('a point has one worth in every currency (EUR 1, JPY 150, KWD 0.300): earned and redeemed at that worth', async () => {
    const guest = await registerGuest(server.client);
    const yen = (await book(guest.accessToken, { roomId: yenRoom, checkIn: '2027-05-03', checkOut: '2027-05-05' })).data!.createReservation;
    const kwd = (await book(guest.accessToken, { roomId: kwdRoom, checkIn: '2027-05-03', checkOut: '2027-05-05' })).data!.createReservation;
    expect([yen.total, kwd.total]).toEqual([{ amount: 24_690 }, { amount: 24_690 }]);
    await complete(guest.accessToken, yen.id, '2027-05-05');
    await complete(guest.accessToken, kwd.id, '2027-05-05');
    // 5 % of ¥24,690 is ¥1,234.50 = 8.23 points of ¥150; 5 % of KWD 24.690 is 1.2345 = 4.115 points of KWD 0.300.
    const standing = await mine(guest.accessToken);
    const entries = standing.history.edges.map((e: any) => [e.node.reservationId, e.node.points]);
    expect(Object.fromEntries(entries)).toEqual({ [yen.id]: 8, [kwd.id]: 4 });
    expect(standing.balance).toBe(12);

    // The 12 points pay ¥1,800 of a yen stay (not ¥12): each at its worth, within 50 % of the total.
    const input = { roomId: yenRoom, checkIn: '2027-05-12', checkOut: '2027-05-13', guests: 2, redeemPoints: 12 };
    const quoted = (await server.client.data(QUOTE, { input }, guest.accessToken)).quote;
    expect(quoted).toMatchObject({
      total: { amount: 12_345 - 1_800 },
      points: { redeemed: 12, amount: { amount: 1_800, currency: 'JPY' }, pointValue: { amount: 150, currency: 'JPY' }, maxRedeemable: 41, reason: null },
    });
    // In KWD the same 12 points pay 3.600 (3,600 fils), the total 12.345 allowing up to 20 points.
    const kwdQuote = (await server.client.data(QUOTE, { input: { ...input, roomId: kwdRoom } }, guest.accessToken)).quote;
    expect(kwdQuote.points).toMatchObject({ redeemed: 12, amount: { amount: 3_600, currency: 'KWD' }, maxRedeemable: 20 });
  }, 60_000);

  it('a currency without a point value neither earns nor redeems, and says why', async () => {
    const guest = await registerGuest(server.client);
    await server.client.data(ADJUST, { userId: guest.user.id, points: 50, reason: 'Welcome gift' }, admin);
    const input = { roomId: usdRoom, checkIn: '2027-05-03', checkOut: '2027-05-05', guests: 2 };
    const quoted = (await server.client.data(QUOTE, { input: { ...input, redeemPoints: 10 } }, guest.accessToken)).quote;
    expect(quoted).toMatchObject({
      total: { amount: 10_000 },
      points: { requested: 10, redeemed: 0, amount: { amount: 0, currency: 'USD' }, balance: 50, maxRedeemable: 0, pointValue: null, reason: 'CURRENCY_NOT_ACCEPTED' },
    });
    const refused = await book(guest.accessToken, { ...input, redeemPoints: 10 });
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'redeemPoints', reason: 'CURRENCY_NOT_ACCEPTED' });
    const booked = (await book(guest.accessToken, input)).data!.createReservation;
    await complete(guest.accessToken, booked.id, '2027-05-05');
    const standing = await server.client.data('{ myLoyalty { balance completedStays pointValues { amount currency } } }', {}, guest.accessToken);
    expect(standing.myLoyalty).toEqual({
      balance: 50,
      completedStays: 1,
      pointValues: [{ amount: 100, currency: 'EUR' }, { amount: 150, currency: 'JPY' }, { amount: 300, currency: 'KWD' }],
    });
  }, 60_000);

  it('redeems up to the limit, pays the rest in money; cancelling returns the points and refunds only money', async () => {
    const guest = await registerGuest(server.client);
    expect((await server.client.error(ADJUST, { userId: guest.user.id, points: 1_000, reason: '' }, admin)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await server.client.data(ADJUST, { userId: guest.user.id, points: 1_000, reason: 'Goodwill after a noisy night' }, admin)).adjustLoyaltyPoints)
      .toEqual({ kind: 'ADJUSTED', points: 1_000, reason: 'Goodwill after a noisy night' });
    expect((await server.client.error(ADJUST, { userId: guest.user.id, points: -1_001, reason: 'Too much' }, admin)).extensions).toMatchObject({ code: 'CONFLICT' });

    // 200.00: at most 50 % → 100 points of 1.00 each.
    const input = { roomId: rooms[1], checkIn: '2027-05-20', checkOut: '2027-05-22', guests: 2 };
    const quoted = (await server.client.data(QUOTE, { input: { ...input, redeemPoints: 500 } }, guest.accessToken)).quote;
    expect(quoted).toMatchObject({ total: { amount: 10_000 }, points: { requested: 500, redeemed: 100, amount: { amount: 10_000, currency: 'EUR' }, balance: 1_000, maxRedeemable: 100 } });
    expect((await server.client.data(QUOTE, { input: { ...input, redeemPoints: 5 } })).quote.points).toMatchObject({ redeemed: 0, balance: 0 });

    const tooMany = await book(guest.accessToken, { ...input, redeemPoints: 101 });
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'redeemPoints' });
    const negative = await book(guest.accessToken, { ...input, redeemPoints: -1 });
    expect(negative.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const booked = (await book(guest.accessToken, { ...input, redeemPoints: 100 })).data!.createReservation;
    expect(booked).toMatchObject({ total: { amount: 10_000 }, pointsRedeemed: 100, pointsAmount: { amount: 10_000 } });
    expect((await mine(guest.accessToken)).balance).toBe(900);

    await server.client.data(PAY, { id: booked.id }, guest.accessToken);
    const cancelled = (await server.client.data(CANCEL, { id: booked.id }, guest.accessToken)).cancelReservation;
    // FLEXIBLE, weeks ahead: everything paid comes back — the 100.00 of money; the points as points.
    expect(cancelled).toEqual({ status: 'CANCELLED', refundAmount: { amount: 10_000 }, total: { amount: 10_000 } });
    const after = await mine(guest.accessToken);
    expect(after.balance).toBe(1_000);
    expect(after.history.edges.map((e: any) => [e.node.kind, e.node.points])).toEqual(
      expect.arrayContaining([['ADJUSTED', 1_000], ['REDEEMED', -100], ['RETURNED', 100]]),
    );
    expect(after.history.totalCount).toBe(3);
  }, 60_000);

  it('the PDF and the emails show the referral line and the points paid, in the guest\'s language', async () => {
    const referrer = await registerGuest(server.client, { fullName: 'Rosa Mar' });
    const code = (await server.client.data('{ myLoyalty { referralCode } }', {}, referrer.accessToken)).myLoyalty.referralCode;
    const guest = await registerGuest(server.client, { fullName: 'Pablo Sur', referralCode: code });
    await server.client.data(`mutation { updateGuestProfile(input: { preferredLanguage: "es" }) { preferredLanguage } }`, {}, guest.accessToken);
    await server.client.data(ADJUST, { userId: guest.user.id, points: 20, reason: 'Goodwill' }, admin);
    const input = { roomId: rooms[2], checkIn: '2027-07-10', checkOut: '2027-07-12', guests: 2 };
    const quoted = (await server.client.data(QUOTE, { input: { ...input, redeemPoints: 20 } }, guest.accessToken)).quote;
    // 200.00 − 5 % referral (Bronze) = 190.00, then 20 points of 1.00 paid: 170.00 to pay in money.
    expect(quoted.discounts).toEqual([{ kind: 'REFERRAL', label: 'Referral −5 %', amount: { amount: 1_000 } }]);
    const booked = (await book(guest.accessToken, { ...input, redeemPoints: 20 })).data!.createReservation;
    expect(booked.total).toEqual({ amount: 17_000 });
    await server.client.data(PAY, { id: booked.id }, guest.accessToken);

    const response = await fetch(`${server.url}/reservations/${booked.id}/confirmation.pdf`, { headers: { authorization: `Bearer ${guest.accessToken}` } });
    const pdf = flat(await pdfText(Buffer.from(await response.arrayBuffer())));
    expect(pdf).toContain('Recomendación −5 % −10,00 €');
    expect(pdf).toContain('Pagado con 20 puntos −20,00 €');
    expect(pdf).not.toContain('Referral');

    await server.app.services.outbox.processDue();
    const mails = sendgrid.accepted.filter((mail) => mail.to === guest.user.email);
    expect(mails.length).toBeGreaterThanOrEqual(2);
    for (const mail of mails) expect(htmlText(mail.html)).toContain('Total: 170,00 € Pagado con 20 puntos: −20,00 €');
  }, 60_000);

  it('a stay its discounts pay in full is confirmed at once: one confirmation email, nothing to pay, no points', async () => {
    const free = (await server.client.data(CREATE_CODE, { input: { code: `FREE-${Date.now()}`, percentOff: 100 } }, admin)).createDiscountCode;
    const guest = await registerGuest(server.client);
    const input = { roomId: rooms[2], checkIn: '2027-07-20', checkOut: '2027-07-22', guests: 2, discountCode: free.code };
    const booked = (await book(guest.accessToken, input)).data!.createReservation;
    expect(booked).toMatchObject({ status: 'CONFIRMED', total: { amount: 0 } });
    const history = await server.client.data(`query ($id: ID!) { reservation(id: $id) { holdExpiresAt history { from to actorRole reason } } }`, { id: booked.id }, guest.accessToken);
    expect(history.reservation).toMatchObject({
      holdExpiresAt: null,
      history: [{ from: null, to: 'PENDING', actorRole: 'GUEST' }, { from: 'PENDING', to: 'CONFIRMED', actorRole: 'SYSTEM', reason: 'nothing to pay: discounts cover the stay' }],
    });

    await server.app.services.outbox.processDue();
    const mails = sendgrid.accepted.filter((mail) => mail.to === guest.user.email);
    expect(mails.map((mail) => mail.subject)).toEqual([expect.stringContaining('is confirmed')]);
    expect(htmlText(mails[0]!.html)).toContain('There is nothing to pay: your discounts cover the whole stay.');
    expect(mails[0]!.attachments?.length ?? 0).toBe(1);
    const hostMail = sendgrid.accepted.find((mail) => mail.subject.includes(booked.code) && mail.to !== guest.user.email)!;
    expect(htmlText(hostMail.html)).toContain('Discounts cover the whole stay, so there is nothing to pay and the booking is confirmed.');

    clock.set('2027-07-22T12:00:00Z');
    try {
      await server.client.data(RUN, { jobs: ['COMPLETE_STAYS'] }, await as());
    } finally {
      clock.set(NOW);
    }
    expect(await mine(guest.accessToken)).toMatchObject({ balance: 0, completedStays: 1 });
  }, 60_000);

  it('two bookings redeeming the same points at once: one wins, the other is CONFLICT (10 rounds)', async () => {
    for (let round = 0; round < 10; round += 1) {
      const guest = await registerGuest(server.client);
      await server.client.data(ADJUST, { userId: guest.user.id, points: 100, reason: 'race round' }, admin);
      const checkIn = `2027-06-${String(1 + 2 * round).padStart(2, '0')}`;
      const checkOut = `2027-06-${String(3 + 2 * round).padStart(2, '0')}`;
      const results = await Promise.all(
        [rooms[0], rooms[2]].map((roomId) => book(guest.accessToken, { roomId, checkIn, checkOut, redeemPoints: 100 })),
      );
      const won = results.filter((result) => !result.errors);
      expect(won).toHaveLength(1);
      expect(results.find((result) => result.errors)!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'redeemPoints', reason: 'INSUFFICIENT_POINTS' });
      expect((await mine(guest.accessToken)).balance).toBe(0);
    }
  }, 120_000);

  it('the ledger is append-only: UPDATE and DELETE fail in the database', async () => {
    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      const [{ count }] = (await db.query(`SELECT count(*)::int AS count FROM loyalty_ledger`)).rows;
      expect(count).toBeGreaterThan(0);
      await expect(db.query(`UPDATE loyalty_ledger SET points = points + 1`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM loyalty_ledger`)).rejects.toThrow(/append-only/);
      expect((await db.query(`SELECT count(*)::int AS count FROM loyalty_ledger`)).rows[0].count).toBe(count);
    } finally {
      await db.end();
    }
  });

  it('levels are admin-editable; the level is the highest reached', async () => {
    const levels = (await server.client.data(LEVELS)).loyaltyLevels;
    expect(levels.map((l: any) => [l.name, l.minCompletedStays, l.minPointsEarned, l.referralPercent])).toEqual([
      ['Bronze', 0, null, 5],
      ['Silver', 3, 1000, 7],
      ['Gold', 10, 5000, 10],
    ]);
    const silver = levels[1];
    const guest = await registerGuest(server.client);
    const booked = (await book(guest.accessToken, { roomId: rooms[2], checkIn: '2027-05-03', checkOut: '2027-05-04' })).data!.createReservation;
    await complete(guest.accessToken, booked.id, '2027-05-04');
    expect((await mine(guest.accessToken)).level.name).toBe('Bronze');
    await server.client.data(UPDATE_LEVEL, { id: silver.id, input: { name: 'Silver', minCompletedStays: 1, minPointsEarned: 1000, referralPercent: 7 } }, admin);
    try {
      expect(await mine(guest.accessToken)).toMatchObject({ level: { name: 'Silver', referralPercent: 7 }, nextLevel: { name: 'Gold' } });
    } finally {
      await server.client.data(UPDATE_LEVEL, { id: silver.id, input: { name: 'Silver', minCompletedStays: 3, minPointsEarned: 1000, referralPercent: 7 } }, admin);
    }
    const bad = await server.client.error(UPDATE_LEVEL, { id: silver.id, input: { name: 'Silver', referralPercent: 7 } }, admin);
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minCompletedStays' });
  }, 60_000);

  it('stats count points issued and redeemed (net of returns) for stays in the period', async () => {
    const stats = (await server.client.data(STATS, { from: '2027-05-01', to: '2027-07-01', propertyId: casa }, admin)).stats;
    // Issued: 9 (first test) + 5 (one night of 100.00 in the levels test); redeemed: 10 race winners × 100,
    // the cancelled booking's 100 returned.
    expect(stats).toEqual({ loyaltyPointsIssued: 14, loyaltyPointsRedeemed: 1_000, referralsConverted: 0 });
  });
});

describe('LOYALTY_POINT_VALUES', () => {
  const load = (value?: string) => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), ...(value === undefined ? {} : { LOYALTY_POINT_VALUES: value }) });

  it('reads each currency once as CODE:worth in major units, exactly, in steps a card can be charged', () => {
    expect([...load().loyalty.pointValues]).toEqual([['EUR', 100]]);
    expect([...load('USD:1.10, JPY:150, KWD:0.300, BHD:0.5').loyalty.pointValues]).toEqual([['USD', 110], ['JPY', 150], ['KWD', 300], ['BHD', 500]]);
  });

  it.each(['EUR', 'EUR:0', 'JPY:0.5', 'EUR:1.001', 'XXY:1', 'EUR:1,EUR:2', 'EUR:-1', 'EUR:1e3', 'KWD:0.305', 'MGA:1.50'])('refuses %s', (value) => {
    expect(() => load(value)).toThrow(/LOYALTY_POINT_VALUES/);
  });
});
