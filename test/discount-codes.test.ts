import { registerGuest } from './support/graphql-client';
import { ADMIN, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const CODE_FIELDS = `id code kind percentOff amountOff { amount currency } validFrom validUntil maxUsesTotal maxUsesPerGuest uses
  minTotal { amount } maxDiscount { amount } nights basePriceOnly propertyIds roomTypeCodes generatorId active`;
const CREATE_CODE = `mutation ($input: DiscountCodeInput!) { createDiscountCode(input: $input) { ${CODE_FIELDS} } }`;
const UPDATE_CODE = `mutation ($id: ID!, $input: DiscountCodeInput!) { updateDiscountCode(id: $id, input: $input) { ${CODE_FIELDS} } }`;
const DEACTIVATE = `mutation ($id: ID!) { deactivateDiscountCode(id: $id) { id active } }`;
const LIST = `query ($propertyId: ID, $first: Int) { discountCodes(propertyId: $propertyId, first: $first) { totalCount edges { node { code uses } } } }`;
const QUOTE = `query ($input: QuoteInput!) { quote(input: $input) {
  bookable subtotal { amount } fees { kind amount { amount } } discounts { label amount { amount } }
  taxes { amount } rounding { amount } total { amount currency }
  discount { code applied reason amount { amount currency } }
} }`;
const BOOK = `mutation ($input: CreateReservationInput!) { createReservation(input: $input) {
  id code status total { amount } discountCode discountCodeAmount { amount } discounts { label amount { amount } }
} }`;
const RESERVATION = `query ($id: ID!) { reservation(id: $id) {
  status total { amount } refundAmount { amount } payments { status amount { amount } } refunds { amount { amount } status }
} }`;
const GENERATOR = `mutation ($input: DiscountCodeGeneratorInput!) { createDiscountCodeGenerator(input: $input) { id prefix percentOff validityDays } }`;
const GENERATOR_CODES = `query ($after: String) { discountCodeGenerators { id codes(first: 100, after: $after) {
  totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } } }`;
const BY_GENERATOR = `query ($generatorId: ID) { discountCodes(generatorId: $generatorId, first: 5) { totalCount } }`;
const ISSUE = `mutation ($id: ID!, $count: Int!) { issueDiscountCodes(generatorId: $id, count: $count) { ${CODE_FIELDS} } }`;
const STATS = `query ($from: Date!, $to: Date!, $propertyId: ID) { stats(from: $from, to: $to, propertyId: $propertyId) {
  discounts { currency cost { amount } uses } discountCodesUsed } }`;
const SEARCH = `query ($input: SearchStaysInput!) { searchStays(input: $input) { edges { node { property { id } minNightlyPrice { amount } maxNightlyPrice { amount } rooms { id } } } } }`;
const SETTINGS = `mutation ($propertyId: ID!, $input: PricingSettingsInput!) { updatePricingSettings(propertyId: $propertyId, input: $input) { taxRatePercent } }`;

// The server's "now": 2027-05-01 (a Saturday). 2027-06-04 is a Friday, 2027-06-07 a Monday.
const NOW = new Date('2027-05-01T10:00:00Z');

describe('discount codes through the server', () => {
  const clock = new TestClock(NOW);
  let server: TestServer;
  let admin: string;
  let hostA: TestHost;
  let hostB: TestHost;
  let casa: string; // host A, EUR, tax 10 %, extra guest 20.00, cleaning 30.00, MODERATE
  let double: string; // DOUBLE, 100.00, 2 included, up to 4
  let suite: string; // SUITE, 200.00
  let other: string; // host B's property
  let otherRoom: string;
  let guests: { token: string; id: string; email: string; password: string }[];
  let codes = 0;

  const code = async (input: Record<string, unknown>, token = admin) => {
    codes += 1;
    return (await server.client.data(CREATE_CODE, { input: { code: `T${codes}-CODE`, ...input } }, token)).createDiscountCode;
  };
  const quote = async (input: Record<string, unknown>, token?: string) =>
    (await server.client.data(QUOTE, { input: { roomId: double, checkIn: '2027-06-07', checkOut: '2027-06-09', guests: 3, ...input } }, token)).quote;
  const reason = async (input: Record<string, unknown>, token?: string) => (await quote(input, token)).discount;

  beforeAll(async () => {
    server = await startTestServer(adminEnv, { clock });
    admin = await signIn(server.client, ADMIN);
    hostA = await createHost(server.client);
    hostB = await createHost(server.client);
    casa = (await createProperty(server.client, hostA.token, { name: 'Casa Promo', cancellationPolicy: 'MODERATE', address: { line1: 'x', city: 'Promoville', country: 'ES' } })).id;
    await server.client.data(
      SETTINGS,
      { propertyId: casa, input: { taxRatePercent: 10, extraGuestFee: { amount: 2_000, currency: 'EUR' }, cleaningFee: { amount: 3_000, currency: 'EUR' } } },
      hostA.token,
    );
    double = (await createRoom(server.client, hostA.token, casa, { name: 'D', roomType: { code: 'DOUBLE', label: 'Double' }, maxGuests: 4, includedGuests: 2, basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
    suite = (await createRoom(server.client, hostA.token, casa, { name: 'S', roomType: { code: 'SUITE', label: 'Suite' }, maxGuests: 4, includedGuests: 2, basePricePerNight: { amount: 20_000, currency: 'EUR' } })).id;
    other = (await createProperty(server.client, hostB.token, { name: 'Casa Otra' })).id;
    otherRoom = (await createRoom(server.client, hostB.token, other)).id;
    guests = [];
    for (let i = 0; i < 20; i += 1) {
      const g = await registerGuest(server.client);
      guests.push({ token: g.accessToken, id: g.user.id, email: g.user.email, password: g.password });
    }
  }, 120_000);
  afterAll(() => server.stop());

  describe('pricing', () => {
    // Mon 7 → Wed 9 June, 3 guests: nights 200.00, extra guest 1 × 2 × 20.00 = 40.00, cleaning 30.00.
    it('a percentage off the nights and fees, before tax, shown as a line and as the discount', async () => {
      await code({ code: 'Spring10', percentOff: 10 });
      const q = await quote({ discountCode: '  spring10 ' }); // case-insensitive, trimmed
      expect(q.discount).toEqual({ code: 'SPRING10', applied: true, reason: null, amount: { amount: 2_700, currency: 'EUR' } });
      expect(q.discounts).toEqual([{ label: 'Code SPRING10', amount: { amount: 2_700 } }]);
      expect(q.taxes.amount).toBe(2_430); // 10 % of 270.00 − 27.00
      expect(q.total.amount).toBe(26_730);
      expect(q.bookable).toBe(true);
      expect((await quote({})).discount).toBeNull();
    });

    it('base price only leaves the extra-guest and cleaning fees out', async () => {
      const { code: text } = await code({ percentOff: 10, basePriceOnly: true });
      const q = await quote({ discountCode: text });
      expect(q.discount.amount.amount).toBe(2_000);
      expect(q.taxes.amount).toBe(2_500);
      expect(q.total.amount).toBe(27_500);
    });

    it('caps by the maximum discount and never takes more than the eligible amount', async () => {
      const capped = await code({ percentOff: 50, maxDiscount: { amount: 5_000, currency: 'EUR' } });
      expect((await reason({ discountCode: capped.code })).amount.amount).toBe(5_000);
      const huge = await code({ amountOff: { amount: 90_000, currency: 'EUR' }, basePriceOnly: true });
      const q = await quote({ discountCode: huge.code });
      expect(q.discount.amount.amount).toBe(20_000); // the nights, no more
      expect(q.total.amount).toBe(7_700); // (40.00 + 30.00) + 10 %
      const all = await code({ percentOff: 100 });
      const free = await quote({ discountCode: all.code });
      expect(free.discount.amount.amount).toBe(27_000);
      expect(free.total.amount).toBe(0);
    });

    it('weekend codes discount only Friday and Saturday nights, weekday codes the others', async () => {
      const weekend = await code({ percentOff: 10, nights: 'WEEKENDS', basePriceOnly: true });
      const weekday = await code({ percentOff: 10, nights: 'WEEKDAYS', basePriceOnly: true });
      // Thu 3 → Sun 6 June: Thursday, Friday and Saturday nights.
      const stay = { checkIn: '2027-06-03', checkOut: '2027-06-06', guests: 2 };
      expect((await reason({ ...stay, discountCode: weekend.code })).amount.amount).toBe(2_000);
      expect((await reason({ ...stay, discountCode: weekday.code })).amount.amount).toBe(1_000);
      expect(await reason({ discountCode: weekend.code })).toMatchObject({ applied: false, reason: 'NO_ELIGIBLE_NIGHTS', amount: { amount: 0 } });
      // Not base-price-only and restricted: the extra-guest fee of the covered nights, not the cleaning.
      const weekendAll = await code({ percentOff: 10, nights: 'WEEKENDS' });
      expect((await reason({ ...stay, guests: 3, discountCode: weekendAll.code })).amount.amount).toBe(2_400);
    });

    it('comes after the length-of-stay discount', async () => {
      const losProperty = (await createProperty(server.client, hostA.token, { name: 'Casa Larga' })).id;
      await server.client.data(SETTINGS, { propertyId: losProperty, input: { lengthOfStayDiscounts: [{ minNights: 2, percent: 20 }], cleaningFee: { amount: 0, currency: 'EUR' }, taxRatePercent: 0 } }, hostA.token);
      const losRoom = (await createRoom(server.client, hostA.token, losProperty, { basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
      const c = await code({ percentOff: 10 });
      const q = await quote({ roomId: losRoom, guests: 2, discountCode: c.code });
      // 200.00 − 20 % = 160.00; the code: 10 % of 160.00.
      expect(q.discounts.map((d: any) => d.amount.amount)).toEqual([4_000, 1_600]);
      expect(q.total.amount).toBe(14_400);
    });
  });

  describe('why a code does not apply (the quote still succeeds)', () => {
    it('names every reason', async () => {
      const check = async (input: Record<string, unknown>, expected: string, extra: Record<string, unknown> = {}, token?: string) => {
        const c = await code(input);
        const q = await quote({ discountCode: c.code, ...extra }, token);
        expect(q.discount).toMatchObject({ code: c.code, applied: false, reason: expected, amount: { amount: 0 } });
        expect(q.discounts).toEqual([]);
        expect(q.bookable).toBe(true);
        expect(q.total.amount).toBe(29_700);
        return c;
      };
      expect((await quote({ discountCode: 'NO-SUCH-CODE' })).discount).toMatchObject({ applied: false, reason: 'UNKNOWN_CODE' });
      await check({ percentOff: 10, validFrom: '2027-05-02T00:00:00Z' }, 'NOT_YET_VALID');
      await check({ percentOff: 10, validUntil: '2027-05-01T10:00:00Z' }, 'EXPIRED'); // until is exclusive
      await check({ percentOff: 10, propertyIds: [other] }, 'NOT_FOR_PROPERTY');
      await check({ percentOff: 10, roomTypeCodes: ['SUITE'] }, 'NOT_FOR_ROOM_TYPE');
      await check({ amountOff: { amount: 1_000, currency: 'USD' } }, 'CURRENCY_MISMATCH');
      await check({ percentOff: 10, maxUsesPerGuest: 1 }, 'SIGN_IN_REQUIRED');
      await check({ percentOff: 10, minTotal: { amount: 27_001, currency: 'EUR' } }, 'MIN_TOTAL');
      const inactive = await code({ percentOff: 10 });
      await server.client.data(DEACTIVATE, { id: inactive.id }, admin);
      expect(await reason({ discountCode: inactive.code })).toMatchObject({ applied: false, reason: 'INACTIVE' });
      // The minimum is the stay before the code and tax (270.00): reached exactly, it applies.
      const exact = await code({ percentOff: 10, minTotal: { amount: 27_000, currency: 'EUR' } });
      expect(await reason({ discountCode: exact.code })).toMatchObject({ applied: true });
      // A host's code for their property is nothing at another host's.
      const casaOnly = await code({ percentOff: 10, propertyIds: [casa] }, hostA.token);
      expect(await reason({ roomId: otherRoom, guests: 2, discountCode: casaOnly.code })).toMatchObject({ applied: false, reason: 'NOT_FOR_PROPERTY' });
      // The suite is in scope for a SUITE code.
      const suiteCode = await code({ percentOff: 10, roomTypeCodes: ['suite'] });
      expect(await reason({ roomId: suite, discountCode: suiteCode.code })).toMatchObject({ applied: true });
    });

    it('USED_UP and USED_UP_BY_GUEST', async () => {
      const once = await code({ percentOff: 10, maxUsesTotal: 1 });
      await server.client.data(BOOK, { input: { roomId: double, checkIn: '2027-09-01', checkOut: '2027-09-02', guests: 1, discountCode: once.code } }, guests[0]!.token);
      expect(await reason({ discountCode: once.code }, guests[1]!.token)).toMatchObject({ applied: false, reason: 'USED_UP' });
      const perGuest = await code({ percentOff: 10, maxUsesPerGuest: 1 });
      await server.client.data(BOOK, { input: { roomId: double, checkIn: '2027-09-03', checkOut: '2027-09-04', guests: 1, discountCode: perGuest.code } }, guests[0]!.token);
      expect(await reason({ discountCode: perGuest.code }, guests[0]!.token)).toMatchObject({ applied: false, reason: 'USED_UP_BY_GUEST' });
      expect(await reason({ discountCode: perGuest.code }, guests[1]!.token)).toMatchObject({ applied: true });
      const error = await server.client.error(BOOK, { input: { roomId: double, checkIn: '2027-09-05', checkOut: '2027-09-06', guests: 1, discountCode: perGuest.code } }, guests[0]!.token);
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'discountCode', reason: 'USED_UP_BY_GUEST' });
    });
  });

  describe('who may manage codes', () => {
    it('hosts only for their own properties; admins any scope', async () => {
      const forOther = await server.client.error(CREATE_CODE, { input: { code: 'HOSTA-OTHER', percentOff: 5, propertyIds: [other] } }, hostA.token);
      expect(forOther.extensions?.code).toBe('FORBIDDEN');
      const global = await server.client.error(CREATE_CODE, { input: { code: 'HOSTA-ALL', percentOff: 5 } }, hostA.token);
      expect(global.extensions?.code).toBe('FORBIDDEN');
      const mine = await code({ percentOff: 5, propertyIds: [casa] }, hostA.token);
      expect(mine).toMatchObject({ propertyIds: [casa], active: true, uses: 0 });
      // Host B can neither change nor deactivate host A's code, nor an admin's code for every property.
      expect((await server.client.error(UPDATE_CODE, { id: mine.id, input: { code: mine.code, percentOff: 50, propertyIds: [other] } }, hostB.token)).extensions?.code).toBe('FORBIDDEN');
      expect((await server.client.error(DEACTIVATE, { id: mine.id }, hostB.token)).extensions?.code).toBe('FORBIDDEN');
      const adminCode = await code({ percentOff: 5 });
      expect((await server.client.error(DEACTIVATE, { id: adminCode.id }, hostA.token)).extensions?.code).toBe('FORBIDDEN');
      // Guests cannot create codes at all.
      expect((await server.client.error(CREATE_CODE, { input: { code: 'GUEST-CODE', percentOff: 5 } }, guests[0]!.token)).extensions?.code).toBe('FORBIDDEN');
      // Host A updates their own code; host B's list does not show it, host A's does.
      const updated = (await server.client.data(UPDATE_CODE, { id: mine.id, input: { code: mine.code, percentOff: 7.5, propertyIds: [casa] } }, hostA.token)).updateDiscountCode;
      expect(updated.percentOff).toBe(7.5);
      const listB = (await server.client.data(LIST, {}, hostB.token)).discountCodes;
      expect(listB.edges.map((e: any) => e.node.code)).not.toContain(mine.code);
      const listA = (await server.client.data(LIST, { propertyId: casa, first: 100 }, hostA.token)).discountCodes;
      expect(listA.edges.map((e: any) => e.node.code)).toContain(mine.code);
      expect(listA.edges.map((e: any) => e.node.code)).not.toContain(adminCode.code);
      expect((await server.client.error(LIST, { propertyId: casa }, hostB.token)).extensions?.code).toBe('FORBIDDEN');
    });

    it('refuses bad definitions with a field, and duplicates case-insensitively with CONFLICT', async () => {
      const bad = async (input: Record<string, unknown>) => (await server.client.error(CREATE_CODE, { input: { code: 'BAD-ONE', ...input } }, admin)).extensions;
      expect(await bad({})).toMatchObject({ code: 'BAD_USER_INPUT', field: 'percentOff' });
      expect(await bad({ percentOff: 10, amountOff: { amount: 100, currency: 'EUR' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'percentOff' });
      expect(await bad({ percentOff: 101 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'percentOff' });
      expect(await bad({ code: 'x', percentOff: 10 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
      expect(await bad({ amountOff: { amount: 100, currency: 'EUR' }, maxDiscount: { amount: 100, currency: 'USD' } })).toMatchObject({ field: 'amountOff' });
      expect(await bad({ percentOff: 10, validFrom: '2027-06-01T00:00:00Z', validUntil: '2027-05-01T00:00:00Z' })).toMatchObject({ field: 'validUntil' });
      expect(await bad({ percentOff: 10, propertyIds: ['not-an-id'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'propertyIds.0' });
      await code({ code: 'Twice', percentOff: 10 });
      expect((await server.client.error(CREATE_CODE, { input: { code: 'TWICE', percentOff: 10 } }, admin)).extensions).toMatchObject({ code: 'CONFLICT', field: 'code' });
      // Two creations of one new code at once: one wins, the other is the same CONFLICT (the unique key).
      const racing = await Promise.all([1, 2, 3].map(() => server.client.request(CREATE_CODE, { input: { code: 'Racing', percentOff: 10 } }, admin)));
      expect(racing.filter((r) => r.data?.['createDiscountCode'])).toHaveLength(1);
      for (const r of racing.filter((r) => r.errors)) expect(r.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'code' });
    });
  });

  describe('booking with a code', () => {
    it('keeps the code and its amount, at the quoted price; a code that no longer applies is CONFLICT', async () => {
      const c = await code({ percentOff: 10, maxUsesTotal: 1 });
      const stay = { roomId: double, checkIn: '2027-06-14', checkOut: '2027-06-16', guests: 3 };
      const quoted = await quote({ ...stay, discountCode: c.code.toLowerCase() }, guests[2]!.token);
      const booked = (await server.client.data(BOOK, { input: { ...stay, discountCode: c.code.toLowerCase() } }, guests[2]!.token)).createReservation;
      expect(booked).toMatchObject({ discountCode: c.code, discountCodeAmount: { amount: 2_700 }, total: { amount: quoted.total.amount } });
      const second = await server.client.error(BOOK, { input: { ...stay, checkIn: '2027-06-20', checkOut: '2027-06-22', discountCode: c.code } }, guests[3]!.token);
      expect(second.extensions).toMatchObject({ code: 'CONFLICT', field: 'discountCode', reason: 'USED_UP' });
      const unknown = await server.client.error(BOOK, { input: { ...stay, checkIn: '2027-06-20', checkOut: '2027-06-22', discountCode: 'NOPE-NOPE' } }, guests[3]!.token);
      expect(unknown.extensions).toMatchObject({ code: 'CONFLICT', field: 'discountCode', reason: 'UNKNOWN_CODE' });
      const [{ count }] = await server.app.db.query(`SELECT count(*)::int AS count FROM reservations WHERE guest_user_id = $1`, [guests[3]!.id]);
      expect(count).toBe(0);
    });

    it('cancellation and rejection give the use back', async () => {
      const c = await code({ percentOff: 10, maxUsesTotal: 1 });
      const stay = { roomId: double, checkIn: '2027-07-05', checkOut: '2027-07-06', guests: 1, discountCode: c.code };
      const first = (await server.client.data(BOOK, { input: stay }, guests[4]!.token)).createReservation;
      expect((await server.client.error(BOOK, { input: { ...stay, checkIn: '2027-07-07', checkOut: '2027-07-08' } }, guests[5]!.token)).extensions?.reason).toBe('USED_UP');
      await server.client.data(`mutation ($id: ID!) { cancelReservation(id: $id) { id } }`, { id: first.id }, guests[4]!.token);
      const second = (await server.client.data(BOOK, { input: { ...stay, checkIn: '2027-07-07', checkOut: '2027-07-08' } }, guests[5]!.token)).createReservation;
      expect(second.discountCode).toBe(c.code);
      await server.client.data(`mutation ($id: ID!) { rejectReservation(id: $id) { id } }`, { id: second.id }, hostA.token);
      expect(await reason({ discountCode: c.code }, guests[6]!.token)).toMatchObject({ applied: true });
      const rows = await server.app.db.query(`SELECT status FROM discount_code_uses WHERE discount_code_id = $1 ORDER BY created_at`, [c.id]);
      expect(rows.map((r: any) => r.status)).toEqual(['RELEASED', 'RELEASED']);
    });

    it('20 guests race for the last use: exactly one gets it, every round (10 rounds)', async () => {
      // One room per racer: a shared room's calendar lock would queue them anyway and hide a missing code lock.
      const rooms: string[] = [];
      for (let i = 0; i < 21; i += 1) rooms.push((await createRoom(server.client, hostA.token, casa, { name: `Race ${i}`, basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id);
      const room = rooms[20]!;
      for (let round = 0; round < 10; round += 1) {
        const c = await code({ percentOff: 10, maxUsesTotal: 3 });
        // Two uses taken already: one is left.
        for (let i = 0; i < 2; i += 1) {
          const day = 300 + round * 2 + i;
          await server.client.data(BOOK, { input: { roomId: room, checkIn: dayAfter(day), checkOut: dayAfter(day + 1), guests: 1, discountCode: c.code } }, guests[i]!.token);
        }
        // Twenty free rooms: without the code's limit, every one of them could book.
        const results = await Promise.all(
          guests.map((guest, i) =>
            server.client.request(BOOK, { input: { roomId: rooms[i], checkIn: dayAfter(30 + round), checkOut: dayAfter(31 + round), guests: 1, discountCode: c.code } }, guest.token),
          ),
        );
        const won = results.filter((r) => r.data?.['createReservation']);
        expect(won).toHaveLength(1);
        const refusals = results.filter((r) => r.errors).map((r) => r.errors![0]!.extensions);
        expect(refusals).toHaveLength(19);
        for (const refusal of refusals) expect(refusal).toMatchObject({ code: 'CONFLICT', field: 'discountCode', reason: 'USED_UP' });
        expect(results.every((r) => r.status < 500)).toBe(true);
        const [{ active }] = await server.app.db.query(`SELECT count(*)::int AS active FROM discount_code_uses WHERE discount_code_id = $1 AND status = 'ACTIVE'`, [c.id]);
        expect(active).toBe(3);
      }
    }, 120_000);
  });

  describe('refunds after discounts', () => {
    const pay = (id: string, token: string) => server.client.request(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id status } }`, { id }, token);
    const cancel = (id: string, token: string) => server.client.data(`mutation ($id: ID!) { cancelReservation(id: $id) { id } }`, { id }, token);
    const read = async (id: string, token: string) => (await server.client.data(RESERVATION, { id }, token)).reservation;

    it('a percentage policy refunds its share of what was paid after the discount', async () => {
      const c = await code({ percentOff: 50, basePriceOnly: true });
      const guest = guests[7]!;
      // MODERATE, less than 5 days before check-in: 50 %.
      const booked = (await server.client.data(BOOK, { input: { roomId: double, checkIn: '2027-05-04', checkOut: '2027-05-06', guests: 2, discountCode: c.code } }, guest.token)).createReservation;
      expect(booked.total.amount).toBe(14_300); // (200.00 − 100.00 + 30.00) + 10 %
      expect((await pay(booked.id, guest.token)).errors).toBeUndefined();
      await cancel(booked.id, guest.token);
      await server.app.services.refunds.processDue();
      const after = await read(booked.id, guest.token);
      expect(after).toMatchObject({
        status: 'CANCELLED',
        refundAmount: { amount: 7_150 },
        payments: [{ status: 'SUCCEEDED', amount: { amount: 14_300 } }],
        refunds: [{ amount: { amount: 7_150 }, status: 'SUCCEEDED' }],
      });
    });

    it('the host cancelling a discounted paid stay refunds what was paid, never the undiscounted price', async () => {
      const c = await code({ percentOff: 20 });
      const guest = guests[8]!;
      const booked = (await server.client.data(BOOK, { input: { roomId: double, checkIn: '2027-05-10', checkOut: '2027-05-12', guests: 2, discountCode: c.code } }, guest.token)).createReservation;
      expect(booked.total.amount).toBe(20_240); // (230.00 − 46.00) + 10 %
      await pay(booked.id, guest.token);
      await cancel(booked.id, hostA.token);
      await server.app.services.refunds.processDue();
      expect(await read(booked.id, guest.token)).toMatchObject({ refundAmount: { amount: 20_240 }, refunds: [{ amount: { amount: 20_240 } }] });
    });

    it('FLEXIBLE, late: keeps the first night as discounted (and its tax), not its list price', async () => {
      const flexible = (await createProperty(server.client, hostA.token, { name: 'Casa Flex', cancellationPolicy: 'FLEXIBLE' })).id;
      await server.client.data(SETTINGS, { propertyId: flexible, input: { taxRatePercent: 10, cleaningFee: { amount: 0, currency: 'EUR' } } }, hostA.token);
      const room = (await createRoom(server.client, hostA.token, flexible, { basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
      const c = await code({ percentOff: 20 });
      const guest = guests[18]!;
      // Tomorrow, within 48 hours: 2 × 100.00 − 20 % = 160.00, + 10 % = 176.00; the first night as bought is 80.00 + 8.00.
      const booked = (await server.client.data(BOOK, { input: { roomId: room, checkIn: '2027-05-02', checkOut: '2027-05-04', guests: 2, discountCode: c.code } }, guest.token)).createReservation;
      expect(booked.total.amount).toBe(17_600);
      await pay(booked.id, guest.token);
      await cancel(booked.id, guest.token);
      await server.app.services.refunds.processDue();
      expect(await read(booked.id, guest.token)).toMatchObject({ refundAmount: { amount: 8_800 }, refunds: [{ amount: { amount: 8_800 }, status: 'SUCCEEDED' }] });
    });

    it('a 100 % discounted stay refunds nothing', async () => {
      const c = await code({ percentOff: 100 });
      const guest = guests[9]!;
      const booked = (await server.client.data(BOOK, { input: { roomId: double, checkIn: '2027-05-20', checkOut: '2027-05-22', guests: 2, discountCode: c.code } }, guest.token)).createReservation;
      // Nothing to charge: confirmed at once, no checkout to start.
      expect(booked).toMatchObject({ status: 'CONFIRMED', total: { amount: 0 } });
      const checkout = await server.client.error(`mutation ($id: ID!) { startCheckout(reservationId: $id) { clientSecret } }`, { id: booked.id }, guest.token);
      expect(checkout.extensions).toMatchObject({ code: 'CONFLICT', status: 'CONFIRMED' });
      await cancel(booked.id, hostA.token);
      expect(await read(booked.id, guest.token)).toMatchObject({ status: 'CANCELLED', refundAmount: null, refunds: [] });
    });
  });

  describe('currencies', () => {
    it('JPY (no minor unit) rounds the discount half up to whole yen', async () => {
      const hotel = (await createProperty(server.client, hostA.token, { name: 'Ryokan', currency: 'JPY', timeZone: 'Asia/Tokyo' })).id;
      await server.client.data(SETTINGS, { propertyId: hotel, input: { taxRatePercent: 10, cleaningFee: { amount: 0, currency: 'JPY' } } }, hostA.token);
      const room = (await createRoom(server.client, hostA.token, hotel, { basePricePerNight: { amount: 3_333, currency: 'JPY' } })).id;
      const c = await code({ percentOff: 15 });
      const q = await quote({ roomId: room, checkIn: '2027-06-07', checkOut: '2027-06-08', guests: 2, discountCode: c.code });
      // 15 % of ¥3,333 = 499.95 → ¥500; tax 10 % of ¥2,833 = 283.3 → ¥283.
      expect(q.discount.amount).toEqual({ amount: 500, currency: 'JPY' });
      expect(q.taxes.amount).toBe(283);
      expect(q.total).toEqual({ amount: 3_116, currency: 'JPY' });
      const fixed = await code({ amountOff: { amount: 1_000, currency: 'JPY' } });
      expect((await reason({ roomId: room, checkIn: '2027-06-07', checkOut: '2027-06-08', guests: 2, discountCode: fixed.code })).amount.amount).toBe(1_000);
      expect(await reason({ discountCode: fixed.code })).toMatchObject({ applied: false, reason: 'CURRENCY_MISMATCH' });
    });

    it('KWD (three decimals): fils, then the total up to whole tens of fils', async () => {
      const hotel = (await createProperty(server.client, hostA.token, { name: 'Kuwait Towers Inn', currency: 'KWD', timeZone: 'Asia/Kuwait' })).id;
      await server.client.data(SETTINGS, { propertyId: hotel, input: { taxRatePercent: 5, cleaningFee: { amount: 0, currency: 'KWD' } } }, hostA.token);
      const room = (await createRoom(server.client, hostA.token, hotel, { basePricePerNight: { amount: 12_345, currency: 'KWD' } })).id;
      const c = await code({ percentOff: 10 });
      const q = await quote({ roomId: room, checkIn: '2027-06-07', checkOut: '2027-06-09', guests: 2, discountCode: c.code });
      // 24.690 − 2.469 = 22.221; tax 5 % = 1.111 (1.11105); 23.332 → 23.340 chargeable.
      expect(q.discount.amount).toEqual({ amount: 2_469, currency: 'KWD' });
      expect(q.taxes.amount).toBe(1_111);
      expect(q.rounding.amount).toBe(8);
      expect(q.total.amount).toBe(23_340);
    });

    it('the largest prices stay exact integers', async () => {
      const hotel = (await createProperty(server.client, hostA.token, { name: 'Palace', currency: 'IDR', timeZone: 'Asia/Jakarta' })).id;
      await server.client.data(SETTINGS, { propertyId: hotel, input: { taxRatePercent: 100, cleaningFee: { amount: 100_000_000_000, currency: 'IDR' }, maxNights: 365 } }, hostA.token);
      const room = (await createRoom(server.client, hostA.token, hotel, { basePricePerNight: { amount: 100_000_000_000, currency: 'IDR' } })).id;
      const c = await code({ percentOff: 33.33 });
      const q = await quote({ roomId: room, checkIn: '2027-05-10', checkOut: '2028-04-29', guests: 2, discountCode: c.code });
      const before = 356n * 100_000_000_000n; // 355 nights and the cleaning fee
      const discount = (before * 3333n + 5_000n) / 10_000n; // half up
      expect(BigInt(q.discount.amount.amount)).toBe(discount);
      expect(BigInt(q.total.amount)).toBe((before - discount) * 2n);
      expect(Number.isSafeInteger(q.total.amount)).toBe(true);
    });
  });

  describe('generators', () => {
    it('issues unique, unambiguous codes that work in quotes; admins only', async () => {
      const generator = (await server.client.data(GENERATOR, { input: { prefix: 'summer', percentOff: 12.5, validityDays: 30, maxUsesPerGuest: 1, basePriceOnly: true, propertyIds: [casa] } }, admin)).createDiscountCodeGenerator;
      expect(generator).toMatchObject({ prefix: 'SUMMER', percentOff: 12.5, validityDays: 30 });
      const issued = [
        ...(await server.client.data(ISSUE, { id: generator.id, count: 100 }, admin)).issueDiscountCodes,
        ...(await server.client.data(ISSUE, { id: generator.id, count: 100 }, admin)).issueDiscountCodes,
      ];
      expect(issued).toHaveLength(200);
      expect(new Set(issued.map((c: any) => c.code)).size).toBe(200);
      for (const c of issued) {
        expect(c.code).toMatch(/^SUMMER-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
        expect(c).toMatchObject({ kind: 'PERCENT', percentOff: 12.5, maxUsesPerGuest: 1, basePriceOnly: true, propertyIds: [casa], generatorId: generator.id });
        expect(new Date(c.validUntil).getTime() - new Date(c.validFrom).getTime()).toBe(30 * 86_400_000);
        expect(c.validFrom).toBe(NOW.toISOString());
      }
      expect((await reason({ discountCode: issued[0].code.toLowerCase() }, guests[10]!.token)).amount.amount).toBe(2_500);
      expect((await server.client.error(ISSUE, { id: generator.id, count: 101 }, admin)).extensions?.code).toBe('BAD_USER_INPUT');
      expect((await server.client.error(ISSUE, { id: generator.id, count: 1 }, hostA.token)).extensions?.code).toBe('FORBIDDEN');
      expect((await server.client.error(GENERATOR, { input: { prefix: 'X', percentOff: 10, validityDays: 30 } }, admin)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'prefix' });

      // The generator lists what it issued (and nothing else), page by page; so does discountCodes(generatorId).
      const listed = new Set<string>();
      let after: string | null = null;
      do {
        const page: any = (await server.client.data(GENERATOR_CODES, { after }, admin)).discountCodeGenerators.find((g: any) => g.id === generator.id).codes;
        expect(page.totalCount).toBe(200);
        for (const edge of page.edges) listed.add(edge.node.code);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect([...listed].sort()).toEqual(issued.map((c: any) => c.code).sort());
      const byFilter = (await server.client.data(BY_GENERATOR, { generatorId: generator.id }, admin)).discountCodes;
      expect(byFilter.totalCount).toBe(200);
      expect((await server.client.error(BY_GENERATOR, { generatorId: 'nope' }, admin)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'generatorId' });
      // Another host sees none of them (they are limited to host A's property).
      expect((await server.client.data(BY_GENERATOR, { generatorId: generator.id }, hostB.token)).discountCodes.totalCount).toBe(0);
    });
  });

  describe('search and stats', () => {
    it('search results are the same with codes around', async () => {
      const input = { checkIn: '2027-08-02', checkOut: '2027-08-04', guests: 2, city: 'Promoville' };
      const before = (await server.client.data(SEARCH, { input })).searchStays;
      await code({ percentOff: 90 });
      await code({ percentOff: 50, propertyIds: [casa] });
      expect((await server.client.data(SEARCH, { input })).searchStays).toEqual(before);
      expect(before.edges.length).toBeGreaterThan(0);
    });

    it('discount cost and uses of stays that stand, in SQL, per currency', async () => {
      const property = (await createProperty(server.client, hostB.token, { name: 'Casa Stats' })).id;
      await server.client.data(SETTINGS, { propertyId: property, input: { cleaningFee: { amount: 0, currency: 'EUR' }, taxRatePercent: 0 } }, hostB.token);
      const room = (await createRoom(server.client, hostB.token, property, { basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
      const a = await code({ percentOff: 10 });
      const b = await code({ amountOff: { amount: 2_500, currency: 'EUR' } });
      const book = async (checkIn: string, checkOut: string, text: string, guest: number) =>
        (await server.client.data(BOOK, { input: { roomId: room, checkIn, checkOut, guests: 2, discountCode: text } }, guests[guest]!.token)).createReservation;
      await book('2027-06-01', '2027-06-03', a.code, 11); // 20.00 off
      await book('2027-06-05', '2027-06-06', b.code, 12); // 25.00 off
      const cancelled = await book('2027-06-10', '2027-06-11', b.code, 13);
      await server.client.data(`mutation ($id: ID!) { cancelReservation(id: $id) { id } }`, { id: cancelled.id }, guests[13]!.token);
      await book('2027-06-12', '2027-06-13', a.code, 14); // 10.00 off
      const stats = (await server.client.data(STATS, { from: '2027-06-01', to: '2027-07-01', propertyId: property }, admin)).stats;
      expect(stats.discounts).toEqual([{ currency: 'EUR', cost: { amount: 5_500 }, uses: 3 }]);
      expect(stats.discountCodesUsed).toBe(2);
      expect((await server.client.data(STATS, { from: '2027-06-01', to: '2027-07-01', propertyId: other }, admin)).stats).toEqual({ discounts: [], discountCodesUsed: 0 });
    });
  });

  // Last: it moves the clock.
  describe('hold expiry', () => {
    it('an expired hold gives the use back', async () => {
      const c = await code({ percentOff: 10, maxUsesTotal: 1 });
      const guest = guests[15]!;
      await server.client.data(BOOK, { input: { roomId: suite, checkIn: '2027-06-21', checkOut: '2027-06-22', guests: 1, discountCode: c.code } }, guest.token);
      expect(await reason({ discountCode: c.code }, guests[16]!.token)).toMatchObject({ reason: 'USED_UP' });
      clock.advance(16 * 60_000);
      expect(await server.app.services.reservations.expireHolds()).toBeGreaterThanOrEqual(1);
      const token = await signIn(server.client, guests[16]!);
      expect(await reason({ discountCode: c.code }, token)).toMatchObject({ applied: true });
      const [{ status }] = await server.app.db.query(`SELECT status FROM discount_code_uses WHERE discount_code_id = $1`, [c.id]);
      expect(status).toBe('RELEASED');
    });
  });
});

/** A date `days` after the server's 2027-05-01. */
function dayAfter(days: number): string {
  const date = new Date(NOW);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
