import { registerGuest } from './support/graphql-client';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { FakeStripe, signedEvent } from './support/fake-stripe';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const WEBHOOK_SECRET = 'whsec_test_secret';
const CHECKOUT = `mutation ($id: ID!) { startCheckout(reservationId: $id) { clientSecret paymentIntentId amount { amount currency } publishableKey mode holdExpiresAt } }`;
const RESERVATION = `query ($id: ID!) { reservation(id: $id) {
  id status holdExpiresAt refundAmount { amount }
  payments { intentId status amount { amount } amountRefunded { amount } failureMessage mode }
  refunds { amount { amount } status reason stripeRefundId attempts lastError }
  history { from to actorRole reason }
} }`;
const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { status refundAmount { amount } } }`;

interface Account {
  email: string;
  password: string;
}

describe('payments with Stripe (the real SDK against a fake Stripe)', () => {
  const fake = new FakeStripe();
  const clock = new TestClock(new Date('2027-05-01T10:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let guest: Account;
  let roomId: string;
  let next = 0;

  const as = (account: Account) => signIn(server.client, account);
  const webhook = async (type: string, object: Record<string, unknown>, options: { id?: string; secret?: string; signature?: string | null } = {}) => {
    const event = signedEvent(options.secret ?? WEBHOOK_SECRET, type, object, options.id);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.signature !== null) headers['stripe-signature'] = options.signature ?? event.signature;
    const response = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers, body: event.payload });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, id: event.id };
  };
  const succeeded = (intentId: string, amount: number, reservationId?: string) => ({
    id: intentId, object: 'payment_intent', amount, amount_received: amount, currency: 'eur', status: 'succeeded',
    metadata: reservationId ? { reservationId } : {},
  });
  /** A fresh PENDING reservation on its own dates. */
  const book = async () => {
    next += 1;
    const checkIn = new Date(Date.UTC(2027, 5, 1 + next * 3)).toISOString().slice(0, 10);
    const checkOut = new Date(Date.UTC(2027, 5, 3 + next * 3)).toISOString().slice(0, 10);
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn, checkOut, guests: 2 } }, await as(guest));
    return createReservation as { id: string; code: string; checkIn: string; holdExpiresAt: string };
  };
  /** A fresh reservation and its checkout, `minutes` after booking. */
  const bookAndCheckout = async (minutes = 0) => {
    const createReservation = await book();
    clock.advance(minutes * 60_000);
    const { startCheckout } = await server.client.data(CHECKOUT, { id: createReservation.id }, await as(guest));
    return { reservation: createReservation, checkout: startCheckout };
  };
  const read = async (id: string) => (await server.client.data(RESERVATION, { id }, await as(guest))).reservation;

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
    const property = await createProperty(server.client, host.token, { name: 'Casa Pago', cancellationPolicy: 'MODERATE', timeZone: 'Europe/Madrid' });
    roomId = (await createRoom(server.client, host.token, property.id, { basePricePerNight: { amount: 12_345, currency: 'EUR' } })).id;
  });
  afterAll(async () => {
    await server.stop();
    await fake.stop();
  });
  beforeEach(() => clock.set('2027-05-01T10:00:00Z'));

  it('checks out once per reservation, extends the hold once, and confirms on payment_intent.succeeded', async () => {
    // Booked at 10:00 (hold until 10:15); checkout starts at 10:10 and moves the hold to 10:25.
    const { reservation, checkout } = await bookAndCheckout(10);
    expect(reservation.holdExpiresAt).toBe('2027-05-01T10:15:00.000Z');
    expect(checkout).toMatchObject({
      holdExpiresAt: '2027-05-01T10:25:00.000Z',
      paymentIntentId: expect.stringMatching(/^pi_fake_/),
      clientSecret: expect.stringMatching(/_secret_/),
      amount: { amount: 24_690, currency: 'EUR' },
      publishableKey: 'pk_test_fake',
      mode: 'STRIPE',
    });
    const intent = fake.intents.get(checkout.paymentIntentId)!;
    expect(intent).toMatchObject({ amount: 24_690, currency: 'eur', metadata: { reservationId: reservation.id, code: reservation.code } });
    expect(fake.idempotencyKeys('/v1/payment_intents')).toContain(`pi_${reservation.id}_24690_EUR`);

    // At 10:20 the guest reloads the payment page: same intent, and the hold is not extended again.
    clock.set('2027-05-01T10:20:00Z');
    const again = (await server.client.data(CHECKOUT, { id: reservation.id }, await as(guest))).startCheckout;
    expect(again.paymentIntentId).toBe(checkout.paymentIntentId);
    expect(again.holdExpiresAt).toBe('2027-05-01T10:25:00.000Z');
    expect([...fake.intents.values()].filter((i) => i.metadata.reservationId === reservation.id)).toHaveLength(1);

    const delivery = await webhook('payment_intent.succeeded', succeeded(checkout.paymentIntentId, 24_690, reservation.id));
    expect(delivery).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    const paid = await read(reservation.id);
    expect(paid).toMatchObject({
      status: 'CONFIRMED',
      holdExpiresAt: null,
      payments: [{ intentId: checkout.paymentIntentId, status: 'SUCCEEDED', amount: { amount: 24_690 }, mode: 'STRIPE' }],
    });
    expect(paid.history.at(-1)).toMatchObject({ from: 'PENDING', to: 'CONFIRMED', actorRole: 'SYSTEM', reason: 'payment succeeded' });
  });

  it('treats the same event delivered five times as one', async () => {
    const { reservation, checkout } = await bookAndCheckout();
    const id = `evt_replayed_${reservation.id}`;
    const deliveries = [];
    for (let i = 0; i < 5; i += 1) deliveries.push(await webhook('payment_intent.succeeded', succeeded(checkout.paymentIntentId, 24_690, reservation.id), { id }));
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);
    expect(deliveries.map((d) => d.body['duplicate'])).toEqual([false, true, true, true, true]);
    const paid = await read(reservation.id);
    expect(paid.history.filter((h: any) => h.to === 'CONFIRMED')).toHaveLength(1);
    const [{ count }] = await server.app.db.query(`SELECT count(*)::int AS count FROM stripe_events WHERE id = $1`, [id]);
    expect(count).toBe(1);
  });

  it('stays safe when a refund event arrives before the success event', async () => {
    const { reservation, checkout } = await bookAndCheckout();
    const refundedFirst = await webhook('charge.refunded', {
      id: 'ch_early', object: 'charge', payment_intent: checkout.paymentIntentId, currency: 'eur', amount: 24_690, amount_refunded: 24_690, refunds: { data: [] },
    });
    expect(refundedFirst.status).toBe(200);
    const success = await webhook('payment_intent.succeeded', succeeded(checkout.paymentIntentId, 24_690, reservation.id));
    expect(success.status).toBe(200);
    // The money is already back: the booking is not confirmed on a refunded payment, and no payment holds
    // it any more, so it is cancelled by the system, as it would be had the refund come after the success.
    const after = await read(reservation.id);
    expect(after).toMatchObject({
      status: 'CANCELLED',
      refundAmount: null,
      payments: [{ status: 'SUCCEEDED', amountRefunded: { amount: 24_690 } }],
    });
    expect(after.history.map((h: any) => h.to)).toEqual(['PENDING', 'CANCELLED']);
    expect(after.history.at(-1)).toMatchObject({ actorRole: 'SYSTEM', reason: 'refunded in full at Stripe' });
  });

  it('answers a bad or missing signature with 400 and changes nothing', async () => {
    const { reservation, checkout } = await bookAndCheckout();
    const forged = await webhook('payment_intent.succeeded', succeeded(checkout.paymentIntentId, 24_690, reservation.id), { secret: 'whsec_wrong' });
    expect(forged).toMatchObject({ status: 400, body: { error: 'Invalid signature' } });
    const unsigned = await webhook('payment_intent.succeeded', succeeded(checkout.paymentIntentId, 24_690, reservation.id), { signature: null });
    expect(unsigned.status).toBe(400);
    expect((await read(reservation.id)).status).toBe('PENDING');
    const [{ count }] = await server.app.db.query(`SELECT count(*)::int AS count FROM stripe_events WHERE id IN ($1, $2)`, [forged.id, unsigned.id]);
    expect(count).toBe(0);
  });

  it('refunds in full a payment that arrives after the hold expired', async () => {
    const { reservation, checkout } = await bookAndCheckout();
    clock.set(new Date(Date.parse(checkout.holdExpiresAt) + 1_000));
    await server.app.services.reservations.expireHolds();
    expect((await read(reservation.id)).status).toBe('EXPIRED');

    const late = await webhook('payment_intent.succeeded', succeeded(checkout.paymentIntentId, 24_690, reservation.id));
    expect(late.status).toBe(200);
    await server.app.services.refunds.processDue();
    const after = await read(reservation.id);
    expect(after).toMatchObject({
      status: 'EXPIRED',
      refunds: [{ amount: { amount: 24_690 }, status: 'SUCCEEDED', reason: 'paid after the reservation was expired', stripeRefundId: expect.stringMatching(/^re_fake_/) }],
    });
    const refund = fake.refunds.get(after.refunds[0].stripeRefundId)!;
    expect(refund).toMatchObject({ amount: 24_690, payment_intent: checkout.paymentIntentId });
  });

  it('refunds a cancelled, paid stay by the cancellation policy (partial included)', async () => {
    const { reservation, checkout } = await bookAndCheckout();
    await webhook('payment_intent.succeeded', succeeded(checkout.paymentIntentId, 24_690, reservation.id));
    // MODERATE, less than five days before check-in: half back.
    clock.set(new Date(Date.parse(`${reservation.checkIn}T14:00:00Z`) - 2 * 86_400_000));
    const cancelled = (await server.client.data(CANCEL, { id: reservation.id }, await as(guest))).cancelReservation;
    expect(cancelled).toEqual({ status: 'CANCELLED', refundAmount: { amount: 12_345 } });
    await server.app.services.refunds.processDue();
    const after = await read(reservation.id);
    expect(after.refunds).toMatchObject([{ amount: { amount: 12_345 }, status: 'SUCCEEDED', reason: 'cancellation, per the cancellation policy' }]);
    const sent = fake.requests.filter((r) => r.path === '/v1/refunds' && r.body['payment_intent'] === checkout.paymentIntentId);
    expect(sent.map((r) => [r.body['amount'], r.idempotencyKey])).toEqual([['12345', expect.stringMatching(new RegExp(`^refund_${reservation.id}_`))]]);

    // Stripe later reports the refund's final state through refund.updated.
    const stripeRefundId = after.refunds[0].stripeRefundId;
    expect((await webhook('refund.updated', { id: stripeRefundId, object: 'refund', status: 'succeeded', metadata: {} })).status).toBe(200);
  });

  it('gives checkout a clear error when Stripe fails, and retries a refund later with nothing lost', async () => {
    const token = await as(guest);
    const createReservation = await book();
    fake.failNext(10);
    const failed = await server.client.error(CHECKOUT, { id: createReservation.id }, token);
    expect(failed).toMatchObject({ extensions: { code: 'PAYMENT_PROVIDER_UNAVAILABLE' }, message: expect.stringMatching(/nothing was charged/) });
    fake.failNext(0);

    const { reservation, checkout } = await bookAndCheckout();
    await webhook('payment_intent.succeeded', succeeded(checkout.paymentIntentId, 24_690, reservation.id));
    // One attempt fails (the SDK's own retry included: two requests); the next one goes through.
    fake.failNext(2);
    // The host cancels: a full refund is due, but Stripe is down.
    await server.client.data(CANCEL, { id: reservation.id }, await as(host));
    await server.app.services.refunds.processDue();
    const queued = await read(reservation.id);
    expect(queued.refunds).toMatchObject([{ status: 'QUEUED', attempts: 1, lastError: expect.stringMatching(/500/), amount: { amount: 24_690 } }]);
    const adminView = await server.client.data(`{ refunds(status: QUEUED) { id lastError } }`, {}, await as(ADMIN));
    expect(adminView.refunds.length).toBeGreaterThanOrEqual(1);

    // Stripe is back; once the backoff has passed (skipped here, unless a slow machine already waited it out),
    // the same refund (same idempotency key) goes through once.
    await server.app.services.jobs.retryNow(['refund.send']);
    await server.app.services.refunds.processDue();
    const done = await read(reservation.id);
    expect(done.refunds).toMatchObject([{ status: 'SUCCEEDED', attempts: 2, lastError: null }]);
    const keys = fake.requests.filter((r) => r.path === '/v1/refunds' && r.body['payment_intent'] === checkout.paymentIntentId).map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(1);
    expect([...fake.refunds.values()].filter((r) => r.payment_intent === checkout.paymentIntentId)).toHaveLength(1);
  }, 90_000);

  it('records a failed payment, and never lets a failure undo a success', async () => {
    const { reservation, checkout } = await bookAndCheckout();
    await webhook('payment_intent.payment_failed', { ...succeeded(checkout.paymentIntentId, 24_690, reservation.id), status: 'requires_payment_method', last_payment_error: { message: 'Your card was declined.' } });
    expect((await read(reservation.id)).payments[0]).toMatchObject({ status: 'FAILED', failureMessage: 'Your card was declined.' });
    const [{ count }] = await server.app.db.query(`SELECT count(*)::int AS count FROM outbox_events WHERE topic = 'payment.failed' AND aggregate_id = $1`, [reservation.id]);
    expect(count).toBe(1);
    await webhook('payment_intent.succeeded', succeeded(checkout.paymentIntentId, 24_690, reservation.id));
    await webhook('payment_intent.payment_failed', { ...succeeded(checkout.paymentIntentId, 24_690, reservation.id), last_payment_error: { message: 'late' } });
    expect(await read(reservation.id)).toMatchObject({ status: 'CONFIRMED', payments: [{ status: 'SUCCEEDED' }] });
  });

  it('answers 200 to the success of an unknown intent, lists it for admins, and applies it when checkout records the intent', async () => {
    const token = await as(guest);
    const createReservation = await book();
    // The success of an intent we do not know yet (no metadata either): kept waiting, not failed.
    const intentId = fake.peekNextIntentId();
    const early = await webhook('payment_intent.succeeded', succeeded(intentId, 24_690));
    expect(early).toMatchObject({ status: 200, body: { received: true, waiting: true } });
    const adminToken = await as(ADMIN);
    const lists = `{ waitingStripeEvents { id type attempts error intentId waitingSince } failedStripeEvents { id } }`;
    const before = await server.client.data(lists, {}, adminToken);
    expect(before.waitingStripeEvents).toContainEqual({ id: early.id, type: 'payment_intent.succeeded', attempts: 1, error: null, intentId, waitingSince: expect.any(String) });
    expect(before.failedStripeEvents).not.toContainEqual({ id: early.id });
    expect((await server.client.error(`{ waitingStripeEvents { id } }`, {}, token)).extensions?.code).toBe('FORBIDDEN');

    // Run again by an admin while the intent is still unknown: it keeps waiting.
    const reprocess = `mutation ($id: String!) { reprocessStripeEvent(id: $id) { id processedAt error attempts waitingSince } }`;
    expect((await server.client.data(reprocess, { id: early.id }, adminToken)).reprocessStripeEvent).toMatchObject({ processedAt: null, attempts: 2, waitingSince: expect.any(String) });

    // Checkout creates that intent: the waiting event applies at once and confirms the stay.
    const { startCheckout } = await server.client.data(CHECKOUT, { id: createReservation.id }, token);
    expect(startCheckout.paymentIntentId).toBe(intentId);
    expect((await read(createReservation.id)).status).toBe('CONFIRMED');
    const after = await server.client.data(lists, {}, adminToken);
    expect(after.waitingStripeEvents).not.toContainEqual(expect.objectContaining({ id: early.id }));
    const [event] = await server.app.db.query(`SELECT processed_at, parked_at FROM stripe_events WHERE id = $1`, [early.id]);
    expect(event).toMatchObject({ processed_at: expect.any(Date), parked_at: null });
  });

  it('refuses confirmTestPayment when real keys are set, and checkout to anyone but the guest', async () => {
    const { reservation } = await bookAndCheckout();
    const god = await server.client.error(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: reservation.id }, await as(guest));
    expect(god.extensions?.code).toBe('FORBIDDEN');
    expect((await server.client.error(CHECKOUT, { id: reservation.id }, await as(host))).extensions?.code).toBe('FORBIDDEN');
  });
});

describe('local payment mode (no Stripe keys)', () => {
  let server: TestServer;
  let production: TestServer;
  let host: TestHost;

  beforeAll(async () => {
    server = await startTestServer();
    production = await startTestServer({ NODE_ENV: 'production' }, { databaseUrl: server.databaseUrl });
    host = await createHost(server.client);
  });
  afterAll(async () => {
    await production.stop();
    await server.stop();
  });

  it('returns a local marker at checkout and pays through the webhook path with confirmTestPayment', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Casa Local' });
    const room = await createRoom(server.client, host.token, property.id);
    const guest = await registerGuest(server.client);
    const { createReservation } = await server.client.data(
      CREATE_RESERVATION,
      { input: { roomId: room.id, checkIn: '2027-09-01', checkOut: '2027-09-03', guests: 2 } },
      guest.accessToken,
    );
    const { startCheckout } = await server.client.data(CHECKOUT, { id: createReservation.id }, guest.accessToken);
    expect(startCheckout).toMatchObject({ mode: 'LOCAL', publishableKey: null, clientSecret: `local_mode:${startCheckout.paymentIntentId}` });

    // Production without keys is still local mode, but never accepts test payments.
    const refused = await production.client.error(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: createReservation.id }, guest.accessToken);
    expect(refused.extensions?.code).toBe('FORBIDDEN');

    const { confirmTestPayment } = await server.client.data(
      `mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { status payments { mode status } history { to actorRole reason } } }`,
      { id: createReservation.id },
      guest.accessToken,
    );
    expect(confirmTestPayment).toMatchObject({ status: 'CONFIRMED', payments: [{ mode: 'LOCAL', status: 'SUCCEEDED' }] });
    expect(confirmTestPayment.history.at(-1)).toMatchObject({ to: 'CONFIRMED', actorRole: 'SYSTEM', reason: 'payment succeeded' });

    const hook = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', body: '{}' });
    expect(hook.status).toBe(503);
  });
});
