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
    const attempts = await Promise.all(
      [15, 25].map((percentOff) => server.client.request(CREATE, { input: { percentOff, validityDays: 7 } }, admin)),
    );
    const won = attempts.filter((attempt) => !attempt.errors);
    expect(won).toHaveLength(1);
    expect(attempts.find((attempt) => attempt.errors)!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT' });
    const promotion = won[0]!.data!.createWelcomePromotion;

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
