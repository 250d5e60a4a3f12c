import { registerGuest } from './support/graphql-client';
import { createHost, createProperty, createRoom, type TestHost } from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

const SETTINGS = `mutation ($propertyId: ID!, $input: PricingSettingsInput!) {
  updatePricingSettings(propertyId: $propertyId, input: $input) {
    extraGuestFee { amount } cleaningFee { amount } lateCheckoutFee { amount } taxRatePercent minNights maxNights
    lengthOfStayDiscounts { minNights percent }
  }
}`;
const CREATE_RULE = `mutation ($input: PricingRuleInput!) {
  createPricingRule(input: $input) { id name roomTypeCode roomId dates { from to } weekdays nightlyPrice { amount currency } percentChange minNights maxNights }
}`;
const QUOTE = `query ($input: QuoteInput!) {
  quote(input: $input) {
    nights currency bookable problems { code message }
    lines { date price { amount } rule }
    subtotal { amount } fees { kind label amount { amount } } discounts { label amount { amount } }
    taxRatePercent taxes { amount } total { amount formatted }
  }
}`;
const SEARCH = `query ($input: SearchStaysInput!) { searchStays(input: $input) { edges { node { property { id } minNightlyPrice { amount } maxNightlyPrice { amount } rooms { id } } } } }`;

// 2027-07-30 is a Friday; August is high season.
describe('pricing rules and quotes through the server', () => {
  let server: TestServer;
  let host: TestHost;
  let propertyId: string;
  let double1: string;
  let double2: string;
  let suite: string;

  beforeAll(async () => {
    server = await startTestServer();
    host = await createHost(server.client);
    propertyId = (await createProperty(server.client, host.token, { name: 'Hotel Precio', kind: 'HOTEL', address: { line1: 'x', city: 'Precio', country: 'ES' } })).id;
    const double = { roomType: { code: 'DOUBLE', label: 'Double' }, maxGuests: 3, includedGuests: 2, basePricePerNight: { amount: 10_000, currency: 'EUR' } };
    double1 = (await createRoom(server.client, host.token, propertyId, { ...double, name: 'D1' })).id;
    double2 = (await createRoom(server.client, host.token, propertyId, { ...double, name: 'D2' })).id;
    suite = (await createRoom(server.client, host.token, propertyId, { name: 'S', roomType: { code: 'SUITE', label: 'Suite' }, maxGuests: 4, basePricePerNight: { amount: 20_000, currency: 'EUR' } })).id;

    await server.client.data(
      SETTINGS,
      {
        propertyId,
        input: {
          extraGuestFee: { amount: 2_000, currency: 'EUR' },
          cleaningFee: { amount: 3_000, currency: 'EUR' },
          lateCheckoutFee: { amount: 1_500, currency: 'EUR' },
          taxRatePercent: 10,
          lengthOfStayDiscounts: [{ minNights: 7, percent: 10 }],
        },
      },
      host.token,
    );
    const rules = [
      { name: 'Weekend', weekdays: [5, 6], percentChange: 20 },
      { name: 'August', dates: { from: '2027-08-01', to: '2027-09-01' }, percentChange: 50 },
      { name: 'August minimum', dates: { from: '2027-08-01', to: '2027-09-01' }, minNights: 3 },
      { name: 'Suites in August', roomTypeCode: 'SUITE', dates: { from: '2027-08-01', to: '2027-09-01' }, nightlyPrice: { amount: 35_000, currency: 'EUR' } },
      { name: 'Fiesta', dates: { from: '2027-08-14', to: '2027-08-16' }, nightlyPrice: { amount: 25_000, currency: 'EUR' } },
      { name: 'D2 special', roomId: double2, dates: { from: '2027-08-01', to: '2027-09-01' }, percentChange: -10 },
    ];
    for (const input of rules) await server.client.data(CREATE_RULE, { input: { propertyId, ...input } }, host.token);
  });
  afterAll(() => server.stop());

  const quote = async (input: Record<string, unknown>) => (await server.client.data(QUOTE, { input: { guests: 2, ...input } })).quote;

  it('quotes across a season boundary and weekdays, naming the rule of each night', async () => {
    const q = await quote({ roomId: double1, checkIn: '2027-07-29', checkOut: '2027-08-03' });
    expect(q.lines).toEqual([
      { date: '2027-07-29', price: { amount: 10_000 }, rule: null },
      { date: '2027-07-30', price: { amount: 12_000 }, rule: 'Weekend' },
      { date: '2027-07-31', price: { amount: 12_000 }, rule: 'Weekend' },
      { date: '2027-08-01', price: { amount: 15_000 }, rule: 'August' },
      { date: '2027-08-02', price: { amount: 15_000 }, rule: 'August' },
    ]);
    expect(q).toMatchObject({ nights: 5, currency: 'EUR', bookable: true, subtotal: { amount: 64_000 } });
    expect(q.fees).toEqual([{ kind: 'CLEANING', label: 'Cleaning', amount: { amount: 3_000 } }]);
    expect(q.taxes.amount).toBe(6_700);
    expect(q.total).toEqual({ amount: 73_700, formatted: '€737.00' });
  });

  it('lets the most specific rule win: a room, a room type, a special date', async () => {
    const d2 = await quote({ roomId: double2, checkIn: '2027-08-10', checkOut: '2027-08-13' });
    expect(d2.lines.map((l: any) => [l.price.amount, l.rule])).toEqual([[9_000, 'D2 special'], [9_000, 'D2 special'], [9_000, 'D2 special']]);
    const s = await quote({ roomId: suite, checkIn: '2027-08-10', checkOut: '2027-08-13' });
    expect(s.lines.map((l: any) => l.rule)).toEqual(['Suites in August', 'Suites in August', 'Suites in August']);
    const fiesta = await quote({ roomId: double1, checkIn: '2027-08-13', checkOut: '2027-08-17' });
    expect(fiesta.lines.map((l: any) => [l.date, l.price.amount, l.rule])).toEqual([
      ['2027-08-13', 15_000, 'August'],
      ['2027-08-14', 25_000, 'Fiesta'],
      ['2027-08-15', 25_000, 'Fiesta'],
      ['2027-08-16', 15_000, 'August'],
    ]);
  });

  it('adds extra-guest and late check-out fees, and the length-of-stay discount', async () => {
    const q = await quote({ roomId: double1, checkIn: '2027-09-06', checkOut: '2027-09-13', guests: 3, lateCheckout: true });
    expect(q.subtotal.amount).toBe(74_000);
    expect(q.fees.map((f: any) => [f.kind, f.amount.amount])).toEqual([['EXTRA_GUESTS', 14_000], ['CLEANING', 3_000], ['LATE_CHECKOUT', 1_500]]);
    expect(q.discounts).toEqual([{ label: '7+ nights −10 %', amount: { amount: 7_400 } }]);
    expect(q.taxes.amount).toBe(8_510);
    expect(q.total.amount).toBe(74_000 + 18_500 - 7_400 + 8_510);
  });

  it('explains why a stay cannot be booked', async () => {
    const short = await quote({ roomId: double1, checkIn: '2027-08-10', checkOut: '2027-08-12', guests: 4 });
    expect(short.bookable).toBe(false);
    expect(short.problems.map((p: any) => p.code).sort()).toEqual(['MIN_NIGHTS', 'TOO_MANY_GUESTS']);
    const past = await quote({ roomId: double1, checkIn: '2020-01-01', checkOut: '2020-01-03' });
    expect(past.problems.map((p: any) => p.code)).toEqual(['CHECK_IN_IN_PAST']);
    const backwards = await server.client.error(QUOTE, { input: { roomId: double1, checkIn: '2027-08-12', checkOut: '2027-08-10', guests: 2 } });
    expect(backwards.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkOut' });
  });

  it('prices searchStays with the same engine', async () => {
    const stays = [
      ['2027-07-28', '2027-08-04'],
      ['2027-08-12', '2027-08-17'],
      ['2027-09-03', '2027-09-06'],
    ];
    for (const [checkIn, checkOut] of stays) {
      const { searchStays } = await server.client.data(SEARCH, { input: { checkIn, checkOut, guests: 2, city: 'Precio' } });
      const result = searchStays.edges[0].node;
      const averages = [];
      for (const room of result.rooms) {
        const q = await quote({ roomId: room.id, checkIn, checkOut });
        const total = q.lines.reduce((sum: number, line: any) => sum + line.price.amount, 0);
        averages.push(Math.floor((2 * total + q.lines.length) / (2 * q.lines.length)));
      }
      expect([result.minNightlyPrice.amount, result.maxNightlyPrice.amount]).toEqual([Math.min(...averages), Math.max(...averages)]);
    }
  });

  it('lets only the host (or an admin) manage rules, and validates them', async () => {
    const guest = await registerGuest(server.client);
    const other = await createHost(server.client);
    const input = { propertyId, name: 'Sneaky', weekdays: [1], percentChange: -90 };
    expect((await server.client.error(CREATE_RULE, { input }, guest.accessToken)).extensions?.code).toBe('FORBIDDEN');
    expect((await server.client.error(CREATE_RULE, { input }, other.token)).extensions?.code).toBe('FORBIDDEN');
    const bad = [
      [{ name: 'x', weekdays: [8], percentChange: 5 }, 'weekdays.0'],
      [{ name: 'x', percentChange: 5 }, 'dates'],
      [{ name: 'x', weekdays: [1], minNights: 2 }, 'minNights'],
      [{ name: 'x', weekdays: [1] }, 'nightlyPrice'],
      [{ name: 'x', weekdays: [1], nightlyPrice: { amount: 1, currency: 'USD' } }, 'nightlyPrice.currency'],
      [{ name: 'x', dates: { from: '2027-01-05', to: '2027-01-01' }, percentChange: 5 }, 'dates.to'],
    ] as const;
    for (const [rule, field] of bad) {
      const error = await server.client.error(CREATE_RULE, { input: { propertyId, ...rule } }, host.token);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const rules = await server.client.data(`query ($id: ID!) { property(id: $id) { pricingRules { name } pricing { taxRatePercent } } }`, { id: propertyId });
    expect(rules.property.pricingRules.map((r: any) => r.name)).not.toContain('Sneaky');
    expect(rules.property.pricing.taxRatePercent).toBe(10);
  });
});
