import { registerGuest } from './support/graphql-client';
import { CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, propertyInput, signIn, type TestHost } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const SETTINGS = `mutation ($propertyId: ID!, $input: PricingSettingsInput!) { updatePricingSettings(propertyId: $propertyId, input: $input) { maxNights } }`;
const CREATE_RULE = `mutation ($input: PricingRuleInput!) { createPricingRule(input: $input) { id } }`;
const QUOTE = `query ($input: QuoteInput!) {
  quote(input: $input) { bookable problems { code } subtotal { amount } fees { kind amount { amount } } taxes { amount } rounding { amount } total { amount currency formatted } }
}`;
const CONFIRM = `mutation ($id: ID!) { confirmReservation(id: $id) { status total { amount } } }`;
const REVENUE = `query ($from: Date!, $to: Date!, $propertyId: ID) {
  stats(from: $from, to: $to, propertyId: $propertyId) { revenue { currency gross { amount formatted } net { amount } refunded { amount } } }
}`;

/** Every bound at its maximum: the dearest stay the API accepts (see MAX_PRICE_AMOUNT in src/platform/money.ts). */
const MAX = 100_000_000_000;
const NIGHTS = 365;
const DEAREST_TOTAL = (NIGHTS * (11 + 49) + 2) * MAX * 2; // 4 380 400 000 000 000, about half of 2^53

describe('money is 64-bit, bounded, and in ISO 4217 minor units', () => {
  const clock = new TestClock(new Date('2027-01-10T10:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let guest: { email: string; password: string };

  const money = (amount: number, currency = 'EUR') => ({ amount, currency });

  beforeAll(async () => {
    server = await startTestServer(adminEnv, { clock });
    host = await createHost(server.client);
    const registered = await registerGuest(server.client);
    guest = { email: registered.user.email, password: registered.password };
  });
  afterAll(() => server.stop());

  it('quotes and books 30 nights at the old top nightly price (3 000 000 000 cents, past 2^31)', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Casa Treinta' });
    const room = await createRoom(server.client, host.token, property.id, { basePricePerNight: money(100_000_000) });
    const input = { roomId: room.id, checkIn: '2027-02-01', checkOut: '2027-03-03', guests: 2 };
    const { quote } = await server.client.data(QUOTE, { input });
    expect(quote).toMatchObject({ bookable: true, total: { amount: 3_000_000_000, currency: 'EUR', formatted: '€30,000,000.00' } });
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input }, await signIn(server.client, guest));
    expect(createReservation.total).toEqual({ amount: 3_000_000_000, currency: 'EUR' });
  });

  it('quotes, books and reports the largest total the bounds allow, exactly', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Casa Máxima' });
    await server.client.data(
      SETTINGS,
      {
        propertyId: property.id,
        input: { extraGuestFee: money(MAX), cleaningFee: money(MAX), lateCheckoutFee: money(MAX), taxRatePercent: 100, maxNights: NIGHTS },
      },
      host.token,
    );
    // +1000 % every day: each night costs 11 × MAX.
    await server.client.data(
      CREATE_RULE,
      { input: { propertyId: property.id, name: 'Eleven times', weekdays: [1, 2, 3, 4, 5, 6, 7], percentChange: 1000 } },
      host.token,
    );
    const roomInput = { maxGuests: 50, includedGuests: 1, basePricePerNight: money(MAX) };
    const rooms = [
      await createRoom(server.client, host.token, property.id, { ...roomInput, name: 'One' }),
      await createRoom(server.client, host.token, property.id, { ...roomInput, name: 'Two' }),
    ];
    const stay = { checkIn: '2027-02-01', checkOut: '2028-02-01', guests: 50, lateCheckout: true };

    const { quote } = await server.client.data(QUOTE, { input: { ...stay, roomId: rooms[0]!.id } });
    expect(quote).toMatchObject({
      bookable: true,
      subtotal: { amount: NIGHTS * 11 * MAX },
      taxes: { amount: DEAREST_TOTAL / 2 },
      rounding: { amount: 0 },
      total: { amount: DEAREST_TOTAL, formatted: '€43,804,000,000,000.00' },
    });
    expect(quote.fees).toEqual([
      { kind: 'EXTRA_GUESTS', amount: { amount: 49 * NIGHTS * MAX } },
      { kind: 'CLEANING', amount: { amount: MAX } },
      { kind: 'LATE_CHECKOUT', amount: { amount: MAX } },
    ]);

    // Both rooms booked and confirmed: revenue sums two of them (8.76 × 10^15, just under 2^53) exactly.
    const guestToken = await signIn(server.client, guest);
    for (const room of rooms) {
      const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { ...stay, roomId: room.id } }, guestToken);
      expect(createReservation.total).toEqual({ amount: DEAREST_TOTAL, currency: 'EUR' });
      const { confirmReservation } = await server.client.data(CONFIRM, { id: createReservation.id }, host.token);
      expect(confirmReservation).toEqual({ status: 'CONFIRMED', total: { amount: DEAREST_TOTAL } });
    }
    const { stats } = await server.client.data(REVENUE, { from: '2027-02-01', to: '2027-03-01', propertyId: property.id }, host.token);
    expect(stats.revenue).toEqual([
      { currency: 'EUR', gross: { amount: 2 * DEAREST_TOTAL, formatted: '€87,608,000,000,000.00' }, net: { amount: 2 * DEAREST_TOTAL }, refunded: { amount: 0 } },
    ]);
    expect(2 * DEAREST_TOTAL).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });

  it('refuses one minor unit over a bound with BAD_USER_INPUT naming the field', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Casa Límite' });
    const room = await createRoom(server.client, host.token, property.id);
    const roomError = await server.client.error(
      `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
      { input: { propertyId: property.id, name: 'Over', roomType: { code: 'DOUBLE', label: 'Double' }, maxGuests: 2, beds: 1, basePricePerNight: money(MAX + 1) } },
      host.token,
    );
    expect(roomError.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'basePricePerNight.amount' });
    const feeError = await server.client.error(SETTINGS, { propertyId: property.id, input: { cleaningFee: money(MAX + 1) } }, host.token);
    expect(feeError.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cleaningFee.amount' });
    const ruleError = await server.client.error(
      CREATE_RULE,
      { input: { propertyId: property.id, roomId: room.id, name: 'Over', weekdays: [6], nightlyPrice: money(MAX + 1) } },
      host.token,
    );
    expect(ruleError.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nightlyPrice.amount' });
  });

  it('refuses currencies that are not active ISO 4217 codes', async () => {
    const refused = await server.client.error(
      `mutation ($input: CreatePropertyInput!) { createProperty(input: $input) { id } }`,
      { input: propertyInput({ name: 'Casa Moneda', currency: 'XYZ' }) },
      host.token,
    );
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
  });

  it('reads IDR, HUF, JPY and KWD amounts by their ISO digits', async () => {
    const cases = [
      { currency: 'IDR', amount: 240_000_000, formatted: 'IDR\u00a02,400,000' }, // two ISO digits (sen), shown without them
      { currency: 'IDR', amount: 240_000_050, formatted: 'IDR\u00a02,400,000.50' }, // unless they are not zero
      { currency: 'HUF', amount: 1_500_000, formatted: 'HUF\u00a015,000' },
      { currency: 'JPY', amount: 15_000, formatted: '¥15,000' },
      { currency: 'KWD', amount: 12_345, formatted: 'KWD\u00a012.345' },
    ];
    for (const { currency, amount, formatted } of cases) {
      const property = await createProperty(server.client, host.token, { name: `Casa ${currency} ${amount}`, currency });
      const room = await createRoom(server.client, host.token, property.id, { basePricePerNight: money(amount, currency) });
      expect(room.basePricePerNight).toEqual({ amount, currency, formatted });
    }
  });

  it('formats money for the locale a client asks for, and refuses a malformed tag', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Casa Locale' });
    const room = await createRoom(server.client, host.token, property.id, { basePricePerNight: money(74_580) });
    const query = `query ($id: ID!, $locale: String) { room(id: $id) { basePricePerNight { plain: formatted inLocale: formatted(locale: $locale) } } }`;
    const cases = [
      { locale: 'es-ES', inLocale: '745,80\u00a0€' },
      { locale: 'es-pe', inLocale: 'EUR\u00a0745.80' }, // canonicalized to es-PE: a euro amount as Peruvians write it
      { locale: 'en-US', inLocale: '€745.80' },
      { locale: 'de-DE', inLocale: '745,80\u00a0€' },
      { locale: null, inLocale: '€745.80' },
    ];
    for (const { locale, inLocale } of cases) {
      const { room: read } = await server.client.data<{ room: { basePricePerNight: { plain: string; inLocale: string } } }>(query, { id: room.id, locale });
      expect(read.basePricePerNight).toEqual({ plain: '€745.80', inLocale });
    }
    const refused = await server.client.error(query, { id: room.id, locale: 'not a locale!' });
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'locale' });
  });
});

const MONEY_MIGRATION_TIMESTAMP = 1795824000000;

/** Undoes the newest migrations until the one with `timestamp` (and every later one) is undone. */
async function undoMigrationsThrough(server: TestServer, timestamp: number): Promise<void> {
  for (;;) {
    const [{ latest }] = await server.app.db.query(`SELECT max(timestamp)::text AS latest FROM migrations`);
    if (Number(latest) < timestamp) return;
    await server.app.db.undoLastMigration();
  }
}

/** Its own database: going down to int4 must not meet the 64-bit totals of the tests above (it refuses them). */
describe('the money migration', () => {
  let server: TestServer;
  let host: TestHost;
  let guest: { email: string; password: string };
  const money = (amount: number, currency: string) => ({ amount, currency });

  beforeAll(async () => {
    server = await startTestServer({}, { clock: new TestClock(new Date('2027-01-10T10:00:00Z')) });
    host = await createHost(server.client);
    const registered = await registerGuest(server.client);
    guest = { email: registered.user.email, password: registered.password };
  });
  afterAll(() => server.stop());

  it('migrates stored IDR amounts between ICU digits (whole rupiah) and ISO digits (sen), both ways', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Villa Migrasi', currency: 'IDR' });
    const room = await createRoom(server.client, host.token, property.id, { basePricePerNight: money(240_000_000, 'IDR') });
    const input = { roomId: room.id, checkIn: '2027-05-01', checkOut: '2027-05-03', guests: 2 };
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input }, await signIn(server.client, guest));
    const amounts = async () =>
      (
        await server.app.db.query(
          `SELECT pg_typeof(r.total_amount)::text AS type, room.base_price_amount::text AS base, r.total_amount::text AS total,
                  r.price_snapshot->'nights'->0->>'amount' AS night
             FROM reservations r JOIN rooms room ON room.id = r.room_id WHERE r.id = $1`,
          [createReservation.id],
        )
      )[0];
    expect(await amounts()).toEqual({ type: 'bigint', base: '240000000', total: '480000000', night: '240000000' });
    await undoMigrationsThrough(server, MONEY_MIGRATION_TIMESTAMP); // back to int4 and whole rupiah, as stored before
    expect(await amounts()).toEqual({ type: 'integer', base: '2400000', total: '4800000', night: '2400000' });
    await server.app.db.runMigrations();
    expect(await amounts()).toEqual({ type: 'bigint', base: '240000000', total: '480000000', night: '240000000' });
  });
});
