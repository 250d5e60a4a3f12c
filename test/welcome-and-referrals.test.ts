import { registerGuest } from './support/graphql-client';
import { ADMIN, adminEnv, createHost, createProperty, createRoom, signIn } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) {
  accessToken user { id } welcomeCode { code percentOff validFrom validUntil maxUsesTotal } } }`;
const OFFER = `{ welcomePromotion { percentOff validityDays minTotal { amount } maxDiscount { amount currency } basePriceOnly propertyIds } }`;
const PROMOTION_FIELDS = `id percentOff validityDays minTotal { amount } maxDiscount { amount } basePriceOnly propertyIds active endedAt`;
const CREATE = `mutation ($input: WelcomePromotionInput!) { createWelcomePromotion(input: $input) { ${PROMOTION_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: WelcomePromotionInput!) { updateWelcomePromotion(id: $id, input: $input) { ${PROMOTION_FIELDS} } }`;
const END = `mutation ($id: ID!) { endWelcomePromotion(id: $id) { ${PROMOTION_FIELDS} } }`;
const QUOTE = `query ($input: QuoteInput!) { quote(input: $input) { subtotal { amount } total { amount } discount { code applied reason amount { amount } } } }`;
const BOOK = `mutation ($input: CreateReservationInput!) { createReservation(input: $input) { id status discountCode discountCodeAmount { amount } total { amount } } }`;
const PAY = `mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`;
const RUN = `mutation ($jobs: [MaintenanceJob!]) { runMaintenance(jobs: $jobs) { job error } }`;

// The server's "now": 2027-05-01 10:00 UTC.
const NOW = new Date('2027-05-01T10:00:00Z');
let counter = 0;

describe('welcome codes through the server', () => {
  const clock = new TestClock(NOW);
  let server: TestServer;
  let admin: string;
  let room: string; // 100.00 a night, no tax, no fees
  let otherRoom: string; // another property, outside a scoped promotion
  let property: string;

  const register = async () => {
    counter += 1;
    const input = { email: `welcome${counter}-${Date.now()}@example.com`, password: 'correct horse battery', fullName: `Wendy Welcome${counter}` };
    return (await server.client.data(REGISTER, { input })).register as {
      accessToken: string;
      user: { id: string };
      welcomeCode: { code: string; percentOff: number; validFrom: string; validUntil: string; maxUsesTotal: number } | null;
    };
  };
  const quote = async (token: string | undefined, discountCode: string, roomId = room) =>
    (await server.client.data(QUOTE, { input: { roomId, checkIn: '2027-05-10', checkOut: '2027-05-12', guests: 2, discountCode } }, token)).quote;
  /** Books 3–5 May (optionally with a code), pays, and completes the stay through COMPLETE_STAYS. */
  const completedStay = async (token: string, checkIn: string, checkOut: string) => {
    const booked = (await server.client.data(BOOK, { input: { roomId: room, checkIn, checkOut, guests: 2 } }, token)).createReservation;
    await server.client.data(PAY, { id: booked.id }, token);
    clock.set(`${checkOut}T12:00:00Z`);
    try {
      await server.client.data(RUN, { jobs: ['COMPLETE_STAYS'] }, await signIn(server.client, ADMIN));
    } finally {
      clock.set(NOW);
    }
  };

  beforeAll(async () => {
    server = await startTestServer(adminEnv, { clock });
    admin = await signIn(server.client, ADMIN);
    const host = await createHost(server.client);
    property = (await createProperty(server.client, host.token, { name: 'Casa Bienvenida' })).id;
    room = (await createRoom(server.client, host.token, property, { basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
    const other = (await createProperty(server.client, host.token, { name: 'Casa Otra' })).id;
    otherRoom = (await createRoom(server.client, host.token, other, { basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
  }, 120_000);
  afterAll(() => server.stop());

  it('no active promotion: the public query says null and registering gives no code', async () => {
    expect((await server.client.data(OFFER)).welcomePromotion).toBeNull();
    expect((await register()).welcomeCode).toBeNull();
  });

  it('registration issues a personal WELCOME code with the promotion rules; only its owner may use it, once', async () => {
    const promotion = (await server.client.data(CREATE, { input: { percentOff: 10, validityDays: 30, maxDiscount: { amount: 1_500, currency: 'EUR' } } }, admin))
      .createWelcomePromotion;
    try {
      // Public, without internals (no id, no dates of the promotion itself).
      expect((await server.client.data(OFFER)).welcomePromotion).toEqual({
        percentOff: 10,
        validityDays: 30,
        minTotal: null,
        maxDiscount: { amount: 1_500, currency: 'EUR' },
        basePriceOnly: false,
        propertyIds: null,
      });
      const wendy = await register();
      expect(wendy.welcomeCode).toMatchObject({ percentOff: 10, maxUsesTotal: 1, validFrom: NOW.toISOString() });
      expect(wendy.welcomeCode!.code).toMatch(/^WELCOME-[A-HJKMNP-Z2-9]{6}$/);
      expect(wendy.welcomeCode!.validUntil).toBe(new Date(NOW.getTime() + 30 * 86_400_000).toISOString());

      // 2 nights × 100.00 = 200.00; 10 % is 20.00, capped at 15.00 by maxDiscount.
      const code = wendy.welcomeCode!.code;
      expect((await quote(wendy.accessToken, code.toLowerCase())).discount).toEqual({ code, applied: true, reason: null, amount: { amount: 1_500 } });
      const stranger = await registerGuest(server.client);
      expect((await quote(stranger.accessToken, code)).discount).toMatchObject({ applied: false, reason: 'NOT_YOURS' });
      expect((await quote(undefined, code)).discount).toMatchObject({ applied: false, reason: 'SIGN_IN_REQUIRED' });
      const refused = await server.client.error(BOOK, { input: { roomId: room, checkIn: '2027-05-10', checkOut: '2027-05-12', guests: 2, discountCode: code } }, stranger.accessToken);
      expect(refused.extensions).toMatchObject({ code: 'CONFLICT', field: 'discountCode', reason: 'NOT_YOURS' });

      const booked = (await server.client.data(BOOK, { input: { roomId: room, checkIn: '2027-05-10', checkOut: '2027-05-12', guests: 2, discountCode: code } }, wendy.accessToken))
        .createReservation;
      expect(booked).toMatchObject({ discountCode: code, discountCodeAmount: { amount: 1_500 }, total: { amount: 18_500 } });
      // One use: a second booking with it is refused.
      expect((await quote(wendy.accessToken, code, otherRoom)).discount).toMatchObject({ applied: false, reason: 'USED_UP' });
    } finally {
      await server.client.data(END, { id: promotion.id }, admin);
    }
  }, 60_000);

  it('a guest with a completed stay cannot use their welcome code (NOT_FIRST_STAY)', async () => {
    const promotion = (await server.client.data(CREATE, { input: { percentOff: 20, validityDays: 60 } }, admin)).createWelcomePromotion;
    try {
      const guest = await register();
      const code = guest.welcomeCode!.code;
      expect((await quote(guest.accessToken, code)).discount).toMatchObject({ applied: true, amount: { amount: 4_000 } });
      await completedStay(guest.accessToken, '2027-05-03', '2027-05-05');
      expect((await quote(guest.accessToken, code)).discount).toMatchObject({ applied: false, reason: 'NOT_FIRST_STAY' });
    } finally {
      await server.client.data(END, { id: promotion.id }, admin);
    }
  }, 60_000);

  it('at most one active promotion, also when two creations race; update changes only later codes; end stops issuing', async () => {
    const race = async () => {
      const attempts = await Promise.all(
        [15, 15, 15].map((percentOff) => server.client.request(CREATE, { input: { percentOff, validityDays: 7 } }, admin)),
      );
      const won = attempts.filter((attempt) => !attempt.errors);
      expect(won).toHaveLength(1);
      for (const lost of attempts.filter((attempt) => attempt.errors)) expect(lost.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT' });
      return won[0]!.data!.createWelcomePromotion;
    };
    for (let round = 0; round < 5; round += 1) await server.client.data(END, { id: (await race()).id }, admin);
    const promotion = await race();

    const early = await register();
    const updated = (await server.client.data(UPDATE, { id: promotion.id, input: { percentOff: 50, validityDays: 7, propertyIds: [property] } }, admin))
      .updateWelcomePromotion;
    expect(updated).toMatchObject({ percentOff: 50, propertyIds: [property], active: true });
    const late = await register();
    expect(late.welcomeCode!.percentOff).toBe(50);
    expect((await quote(late.accessToken, late.welcomeCode!.code, otherRoom)).discount).toMatchObject({ applied: false, reason: 'NOT_FOR_PROPERTY' });
    expect((await quote(early.accessToken, early.welcomeCode!.code)).discount).toMatchObject({ applied: true, amount: { amount: promotion.percentOff * 200 } });

    const ended = (await server.client.data(END, { id: promotion.id }, admin)).endWelcomePromotion;
    expect(ended).toMatchObject({ active: false, endedAt: NOW.toISOString() });
    expect((await server.client.data(OFFER)).welcomePromotion).toBeNull();
    expect((await register()).welcomeCode).toBeNull();
    // Issued codes outlive the promotion until their own end.
    expect((await quote(late.accessToken, late.welcomeCode!.code)).discount).toMatchObject({ applied: true, amount: { amount: 10_000 } });
  }, 60_000);

  it('bad promotion input and non-admins get stable codes', async () => {
    expect((await server.client.error(CREATE, { input: { percentOff: 0, validityDays: 7 } }, admin)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await server.client.error(CREATE, { input: { percentOff: 10, validityDays: 0 } }, admin)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await server.client.error(END, { id: '00000000-0000-4000-8000-000000000000' }, admin)).extensions).toMatchObject({ code: 'NOT_FOUND' });
    const guest = await registerGuest(server.client);
    expect((await server.client.error(CREATE, { input: { percentOff: 10, validityDays: 7 } }, guest.accessToken)).extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('referrals through the server', () => {
  const clock = new TestClock(NOW);
  let server: TestServer;
  let admin: string;
  let property: string;
  let room: string; // 100.00 a night, no tax or fees
  let second: string;

  const REFERRER = `query ($code: String!) { referrer(code: $code) { firstName level { name referralPercent } } }`;
  const MINE = `{ myLoyalty { balance referralCode level { name } history(first: 10) { edges { node { kind points reservationId } } } } }`;
  const REFERRAL_QUOTE = `query ($input: QuoteInput!) { quote(input: $input) {
    total { amount } discounts { label amount { amount } } referral { percent applied amount { amount } reason } discount { applied } } }`;
  const BOOK_REFERRED = `mutation ($input: CreateReservationInput!) { createReservation(input: $input) {
    id total { amount } referralDiscount { amount } discountCodeAmount { amount } discounts { label amount { amount } } } }`;
  const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { status } }`;
  const STATS = `query ($from: Date!, $to: Date!, $propertyId: ID) { stats(from: $from, to: $to, propertyId: $propertyId) {
    loyaltyPointsIssued loyaltyPointsRedeemed referralsConverted } }`;
  const SEARCH = `query ($input: SearchStaysInput!) { searchStays(input: $input) { edges { node { property { id } minNightlyPrice { amount } maxNightlyPrice { amount } } } } }`;

  const registerWith = async (fullName: string, referralCode?: string) => {
    counter += 1;
    const input = { email: `ref${counter}-${Date.now()}@example.com`, password: 'correct horse battery', fullName, referralCode };
    return server.client.request(REGISTER, { input });
  };
  const stay = (checkIn = '2027-05-10', checkOut = '2027-05-12') => ({ roomId: room, checkIn, checkOut, guests: 2 });

  beforeAll(async () => {
    server = await startTestServer(adminEnv, { clock });
    admin = await signIn(server.client, ADMIN);
    const host = await createHost(server.client);
    property = (await createProperty(server.client, host.token, { name: 'Casa Amigos' })).id;
    room = (await createRoom(server.client, host.token, property, { basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
    second = (await createRoom(server.client, host.token, property, { name: 'Second', basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
  }, 120_000);
  afterAll(() => server.stop());

  it('from registration with a code to the referrer\'s REFERRAL points when the first stay completes', async () => {
    const rosa = (await registerWith('Rosa María Referrer')).data!.register;
    const code = (await server.client.data(MINE, {}, rosa.accessToken)).myLoyalty.referralCode;
    expect(code).toMatch(/^REF-[A-HJKMNP-Z2-9]{6}$/);

    // The public lookup: first name and level, nothing else (and NOT_FOUND for a code nobody has).
    expect((await server.client.data(REFERRER, { code: code.toLowerCase() })).referrer).toEqual({ firstName: 'Rosa', level: { name: 'Bronze', referralPercent: 5 } });
    expect((await server.client.error(REFERRER, { code: 'REF-NOBODY' })).extensions).toMatchObject({ code: 'NOT_FOUND' });
    const unknown = await registerWith('Fran Friend', 'REF-NOBODY');
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'referralCode' });

    const fran = (await registerWith('Fran Friend', code)).data!.register;
    // 200.00, Bronze referrer: 5 % = 10.00 off, its own line; a guest nobody referred has no referral at all.
    const quoted = (await server.client.data(REFERRAL_QUOTE, { input: stay() }, fran.accessToken)).quote;
    expect(quoted).toMatchObject({
      total: { amount: 19_000 },
      discounts: [{ label: 'Referral −5 %', amount: { amount: 1_000 } }],
      referral: { percent: 5, applied: true, amount: { amount: 1_000 }, reason: null },
    });
    expect((await server.client.data(REFERRAL_QUOTE, { input: stay() }, rosa.accessToken)).quote.referral).toBeNull();
    expect((await server.client.data(REFERRAL_QUOTE, { input: stay() })).quote.referral).toBeNull();

    // A first booking that is cancelled does not count: the next one is still the first.
    const cancelled = (await server.client.data(BOOK_REFERRED, { input: stay() }, fran.accessToken)).createReservation;
    expect(cancelled.referralDiscount).toEqual({ amount: 1_000 });
    await server.client.data(CANCEL, { id: cancelled.id }, fran.accessToken);
    const first = (await server.client.data(BOOK_REFERRED, { input: stay('2027-05-03', '2027-05-05') }, fran.accessToken)).createReservation;
    expect(first).toMatchObject({ total: { amount: 19_000 }, referralDiscount: { amount: 1_000 } });
    const later = (await server.client.data(REFERRAL_QUOTE, { input: { ...stay('2027-06-03', '2027-06-05'), roomId: second } }, fran.accessToken)).quote;
    expect(later).toMatchObject({ total: { amount: 20_000 }, referral: { applied: false, reason: 'NOT_FIRST_BOOKING', amount: { amount: 0 } } });

    await server.client.data(PAY, { id: first.id }, fran.accessToken);
    clock.set('2027-05-05T12:00:00Z');
    try {
      const token = await signIn(server.client, ADMIN);
      await server.client.data(RUN, { jobs: ['COMPLETE_STAYS'] }, token);
      await server.client.data(RUN, { jobs: ['COMPLETE_STAYS'] }, token);
    } finally {
      clock.set(NOW);
    }
    const rosaAfter = (await server.client.data(MINE, {}, rosa.accessToken)).myLoyalty;
    expect(rosaAfter.balance).toBe(50);
    expect(rosaAfter.history.edges.map((e: any) => e.node)).toEqual([{ kind: 'REFERRAL', points: 50, reservationId: first.id }]);
    // Fran earned 5 % of the 190.00 paid: 9 points.
    expect((await server.client.data(MINE, {}, fran.accessToken)).myLoyalty.balance).toBe(9);

    const stats = (await server.client.data(STATS, { from: '2027-05-01', to: '2027-06-01', propertyId: property }, admin)).stats;
    expect(stats).toEqual({ loyaltyPointsIssued: 59, loyaltyPointsRedeemed: 0, referralsConverted: 1 });
  }, 60_000);

  it('a referral and a welcome code both apply: the referral on what the code left, before tax', async () => {
    const promotion = (await server.client.data(CREATE, { input: { percentOff: 10, validityDays: 30 } }, admin)).createWelcomePromotion;
    try {
      const rosa = (await registerWith('Rosa Second')).data!.register;
      const code = (await server.client.data(MINE, {}, rosa.accessToken)).myLoyalty.referralCode;
      const fran = (await registerWith('Fran Second', code)).data!.register;
      const welcome = fran.welcomeCode.code;
      // 200.00 − 10 % code (20.00) = 180.00; referral 5 % of 180.00 = 9.00 → 171.00.
      const booked = (await server.client.data(BOOK_REFERRED, { input: { ...stay('2027-07-01', '2027-07-03'), discountCode: welcome } }, fran.accessToken))
        .createReservation;
      expect(booked).toMatchObject({
        total: { amount: 17_100 },
        discountCodeAmount: { amount: 2_000 },
        referralDiscount: { amount: 900 },
        discounts: [
          { label: `Code ${welcome}`, amount: { amount: 2_000 } },
          { label: 'Referral −5 %', amount: { amount: 900 } },
        ],
      });
    } finally {
      await server.client.data(END, { id: promotion.id }, admin);
    }
  }, 60_000);

  it('search prices are the same for a referred guest as for anyone', async () => {
    const rosa = (await registerWith('Rosa Third')).data!.register;
    const code = (await server.client.data(MINE, {}, rosa.accessToken)).myLoyalty.referralCode;
    const fran = (await registerWith('Fran Third', code)).data!.register;
    const input = { city: 'Nerja', checkIn: '2027-08-01', checkOut: '2027-08-03', guests: 2 };
    const anonymous = (await server.client.data(SEARCH, { input })).searchStays.edges;
    const referred = (await server.client.data(SEARCH, { input }, fran.accessToken)).searchStays.edges;
    expect(anonymous.length).toBeGreaterThan(0);
    expect(referred).toEqual(anonymous);
    expect(anonymous.find((edge: any) => edge.node.property.id === property).node.minNightlyPrice).toEqual({ amount: 10_000 });
  });
});
