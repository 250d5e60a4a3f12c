import { registerGuest } from './support/graphql-client';
import { CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { FakeStripe, signedEvent } from './support/fake-stripe';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const WEBHOOK_SECRET = 'whsec_amounts';
const CHECKOUT = `mutation ($id: ID!) { startCheckout(reservationId: $id) { paymentIntentId amount { amount currency } } }`;
const READ = `query ($id: ID!) { reservation(id: $id) {
  status total { amount formatted } refundAmount { amount }
  payments { amount { amount } amountRefunded { amount } } refunds { amount { amount currency } status }
} }`;
const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { status refundAmount { amount } } }`;
const QUOTE = `query ($input: QuoteInput!) { quote(input: $input) { subtotal { amount } rounding { amount } total { amount } } }`;

/**
 * One property per currency; every amount is ISO 4217 minor units on staygraph's side and Stripe's units
 * on the wire (Stripe's currency guide: zero-decimal, three-decimal and special cases).
 */
const CASES = [
  // currency, nightly price (ISO minor units), nights → total (ISO) and what Stripe is asked for
  { currency: 'EUR', nightly: 12_345, nights: 2, total: 24_690, stripe: 24_690, formatted: '€246.90' },
  { currency: 'JPY', nightly: 15_000, nights: 2, total: 30_000, stripe: 30_000, formatted: '¥30,000' },
  // Rp 2 400 000 a night: 240 000 000 sen; Stripe takes IDR with two decimals too.
  { currency: 'IDR', nightly: 240_000_000, nights: 2, total: 480_000_000, stripe: 480_000_000, formatted: 'IDR\u00a04,800,000' },
  // HUF: two decimals for charges (zero-decimal only for payouts).
  { currency: 'HUF', nightly: 1_500_050, nights: 2, total: 3_000_100, stripe: 3_000_100, formatted: 'HUF\u00a030,001' },
  // KWD: three decimals whose last must be 0: 30.015 KWD is charged as 30.020 (rounding 5 fils).
  { currency: 'KWD', nightly: 10_005, nights: 3, total: 30_020, stripe: 30_020, formatted: 'KWD\u00a030.020' },
  // ISK: zero-decimal, but Stripe wants it as a two-decimal value ending in 00.
  { currency: 'ISK', nightly: 20_000, nights: 2, total: 40_000, stripe: 4_000_000, formatted: 'ISK\u00a040,000' },
] as const;

describe('Stripe amounts by currency (the real SDK against a fake Stripe)', () => {
  const fake = new FakeStripe();
  const clock = new TestClock(new Date('2027-05-01T10:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let guest: { email: string; password: string };
  const rooms = new Map<string, string>();

  const webhook = async (type: string, object: Record<string, unknown>) => {
    const event = signedEvent(WEBHOOK_SECRET, type, object);
    const response = await fetch(`${server.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
      body: event.payload,
    });
    return response.status;
  };
  const read = async (id: string) => (await server.client.data(READ, { id }, await signIn(server.client, guest))).reservation;
  const bookAndPay = async (currency: string, nights: number, checkIn = '2027-06-01') => {
    const checkOut = new Date(Date.parse(`${checkIn}T00:00:00Z`) + nights * 86_400_000).toISOString().slice(0, 10);
    const token = await signIn(server.client, guest);
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId: rooms.get(currency), checkIn, checkOut, guests: 2 } }, token);
    const { startCheckout } = await server.client.data(CHECKOUT, { id: createReservation.id }, token);
    return { reservation: createReservation as { id: string }, checkout: startCheckout as { paymentIntentId: string; amount: { amount: number } } };
  };

  beforeAll(async () => {
    await fake.start();
    server = await startTestServer(
      {
        ...adminEnv,
        STRIPE_SECRET_KEY: 'sk_test_fake',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_fake',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: fake.baseUrl,
      },
      { clock },
    );
    host = await createHost(server.client);
    const registered = await registerGuest(server.client);
    guest = { email: registered.user.email, password: registered.password };
    for (const { currency, nightly } of CASES) {
      const property = await createProperty(server.client, host.token, { name: `Casa ${currency}`, currency, cancellationPolicy: 'FLEXIBLE', timeZone: 'Europe/Madrid' });
      rooms.set(currency, (await createRoom(server.client, host.token, property.id, { basePricePerNight: { amount: nightly, currency } })).id);
    }
  });
  afterAll(async () => {
    await server.stop();
    await fake.stop();
  });

  it.each(CASES)('$currency: charges Stripe $stripe for a total of $total, maps the webhook back and refunds in Stripe units', async (c) => {
    const { reservation, checkout } = await bookAndPay(c.currency, c.nights);
    expect(checkout.amount).toEqual({ amount: c.total, currency: c.currency });
    const sent = fake.requests.find((r) => r.path === '/v1/payment_intents' && r.body['metadata']?.reservationId === reservation.id);
    expect(sent?.body).toMatchObject({ amount: String(c.stripe), currency: c.currency.toLowerCase() });

    const intent = { id: checkout.paymentIntentId, object: 'payment_intent', amount: c.stripe, amount_received: c.stripe, currency: c.currency.toLowerCase(), status: 'succeeded', metadata: { reservationId: reservation.id } };
    expect(await webhook('payment_intent.succeeded', intent)).toBe(200);
    expect(await read(reservation.id)).toMatchObject({ status: 'CONFIRMED', total: { amount: c.total, formatted: c.formatted }, payments: [{ amount: { amount: c.total } }] });

    // The host cancels: everything back, sent to Stripe in Stripe's units.
    await server.client.data(CANCEL, { id: reservation.id }, host.token);
    await server.app.services.refunds.processDue();
    const refund = fake.requests.find((r) => r.path === '/v1/refunds' && r.body['payment_intent'] === checkout.paymentIntentId);
    expect(refund?.body['amount']).toBe(String(c.stripe));
    expect((await read(reservation.id)).refunds).toEqual([{ amount: { amount: c.total, currency: c.currency }, status: 'SUCCEEDED' }]);

    // Stripe reports the refund back in its units: charge.refunded maps to ISO minor units.
    const charge = { id: `ch_${reservation.id}`, object: 'charge', payment_intent: checkout.paymentIntentId, currency: c.currency.toLowerCase(), amount: c.stripe, amount_refunded: c.stripe, refunds: { data: [] } };
    expect(await webhook('charge.refunded', charge)).toBe(200);
    expect((await read(reservation.id)).payments).toEqual([{ amount: { amount: c.total }, amountRefunded: { amount: c.total } }]);
  });

  it('rounds a KWD total up to whole tens of fils, and a guest refund down to them', async () => {
    const { quote } = await server.client.data(QUOTE, { input: { roomId: rooms.get('KWD'), checkIn: '2027-07-01', checkOut: '2027-07-04', guests: 2 } });
    expect(quote).toEqual({ subtotal: { amount: 30_015 }, rounding: { amount: 5 }, total: { amount: 30_020 } });

    const { reservation, checkout } = await bookAndPay('KWD', 3, '2027-07-01');
    await webhook('payment_intent.succeeded', { id: checkout.paymentIntentId, object: 'payment_intent', amount: 30_020, amount_received: 30_020, currency: 'kwd', status: 'succeeded', metadata: { reservationId: reservation.id } });
    // FLEXIBLE, a day before check-in: all but the first night, 30.020 − 10.005 = 20.015 → 20.010 KWD.
    clock.set('2027-06-30T12:00:00Z');
    const { cancelReservation } = await server.client.data(CANCEL, { id: reservation.id }, await signIn(server.client, guest));
    expect(cancelReservation).toEqual({ status: 'CANCELLED', refundAmount: { amount: 20_010 } });
    await server.app.services.refunds.processDue();
    const refund = fake.requests.find((r) => r.path === '/v1/refunds' && r.body['payment_intent'] === checkout.paymentIntentId);
    expect(refund?.body['amount']).toBe('20010');
  });

  it('maps a partial ISK refund reported by Stripe back to whole krónur', async () => {
    clock.set('2027-05-01T10:00:00Z');
    const { reservation, checkout } = await bookAndPay('ISK', 2, '2027-08-01');
    await webhook('payment_intent.succeeded', { id: checkout.paymentIntentId, object: 'payment_intent', amount: 4_000_000, amount_received: 4_000_000, currency: 'isk', status: 'succeeded', metadata: { reservationId: reservation.id } });
    // 10 000 kr refunded from Stripe's dashboard: Stripe says 1 000 000.
    await webhook('charge.refunded', { id: `ch_${reservation.id}`, object: 'charge', payment_intent: checkout.paymentIntentId, currency: 'isk', amount: 4_000_000, amount_refunded: 1_000_000, refunds: { data: [] } });
    expect((await read(reservation.id)).payments).toEqual([{ amount: { amount: 40_000 }, amountRefunded: { amount: 10_000 } }]);
  });
});
