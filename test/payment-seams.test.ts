import { FakeSendGrid } from './support/fake-sendgrid';
import { CANCEL, StripeWorld, succeededIntent } from './support/stripe-harness';

/** Sessions of the app's database sitting in an open transaction while nothing runs in them. */
async function idleInTransaction(world: StripeWorld): Promise<number> {
  const [{ count }] = await world.server.app.db.query(
    `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
  );
  return count;
}

describe('payments at the seams', () => {
  const world = new StripeWorld('MODERATE');
  const sendgrid = new FakeSendGrid();

  beforeAll(async () => {
    await sendgrid.start();
    world.env = { SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl };
    await world.start();
  });
  afterAll(async () => {
    await world.stop();
    await sendgrid.stop();
  });

  it('flags a success of another amount or currency for admins, and never confirms on it', async () => {
    const admin = await world.admin();
    const token = await world.as(world.guest);
    const wrongAmount = await world.bookAndCheckout(token);
    const wrongCurrency = await world.bookAndCheckout(token);
    expect((await world.webhook('payment_intent.succeeded', succeededIntent(wrongAmount.intentId, 100, wrongAmount.reservation.id))).status).toBe(200);
    expect((await world.webhook('payment_intent.succeeded', succeededIntent(wrongCurrency.intentId, wrongCurrency.amount, wrongCurrency.reservation.id, 'usd'))).status).toBe(200);

    const first = await world.read(wrongAmount.reservation.id, token);
    expect(first).toMatchObject({ status: 'PENDING', payments: [{ status: 'MISMATCH' }], refunds: [] });
    expect((await world.read(wrongCurrency.reservation.id, token))).toMatchObject({ status: 'PENDING', payments: [{ status: 'MISMATCH' }] });

    const { payments } = await world.server.client.data(`{ payments(status: MISMATCH, first: 50) { edges { node { intentId mismatchReason reservation { id } } } } }`, {}, admin);
    const flagged = payments.edges.map((edge: any) => edge.node);
    expect(flagged).toEqual(expect.arrayContaining([
      { intentId: wrongAmount.intentId, mismatchReason: `Stripe reported 100 EUR; the payment expects ${wrongAmount.amount} EUR`, reservation: { id: wrongAmount.reservation.id } },
      { intentId: wrongCurrency.intentId, mismatchReason: `Stripe reported ${wrongCurrency.amount} USD; the payment expects ${wrongCurrency.amount} EUR`, reservation: { id: wrongCurrency.reservation.id } },
    ]));
    const events = await world.server.app.db.query(`SELECT aggregate_id FROM outbox_events WHERE topic = 'payment.mismatch'`);
    expect(events.map((e: any) => e.aggregate_id).sort()).toEqual([wrongAmount.reservation.id, wrongCurrency.reservation.id].sort());

    // A replay of the matching amount does not turn the flagged payment into a confirmation either.
    await world.webhook('payment_intent.succeeded', succeededIntent(wrongAmount.intentId, wrongAmount.amount, wrongAmount.reservation.id));
    expect(await world.read(wrongAmount.reservation.id, token)).toMatchObject({ status: 'PENDING', payments: [{ status: 'MISMATCH' }] });
  });

  it('holds no transaction open while Stripe answers a refund', async () => {
    const token = await world.as(world.guest);
    const { reservation, intentId, amount } = await world.bookAndCheckout(token);
    await world.webhook('payment_intent.succeeded', succeededIntent(intentId, amount, reservation.id));
    world.fake.hold('/v1/refunds');
    try {
      // The cancellation queues the refund and, after commit, starts sending it: Stripe keeps it waiting.
      await world.server.client.data(CANCEL, { id: reservation.id }, token);
      await world.fake.waitForHeld();
      expect(await idleInTransaction(world)).toBe(0);
    } finally {
      world.fake.release();
    }
    await world.server.app.services.refunds.processDue();
    const after = await world.read(reservation.id, token);
    expect(after.refunds).toMatchObject([{ amount: { amount }, status: 'SUCCEEDED', stripeRefundId: expect.stringMatching(/^re_fake_/) }]);
    const sent = world.fake.requests.filter((r) => r.path === '/v1/refunds' && r.body['payment_intent'] === intentId);
    expect(new Set(sent.map((r) => r.idempotencyKey)).size).toBe(1);
  });

  it('holds no transaction open while SendGrid (and Chromium before it) deliver an email', async () => {
    const token = await world.as(world.guest);
    await world.server.app.services.outbox.processDue(); // earlier tests' emails out of the way
    // Held before booking: the job runner takes the event as soon as the booking commits.
    sendgrid.hold(true);
    const reservation = await world.book(token);
    const pass = world.server.app.services.outbox.processDue();
    try {
      await sendgrid.waitForHeld();
      expect(await idleInTransaction(world)).toBe(0);
    } finally {
      sendgrid.releaseHeld();
    }
    await pass;
    await world.server.app.services.outbox.processDue();
    // The guest's email (the host's new-booking email goes out too).
    expect(sendgrid.accepted.filter((mail) => mail.to === world.guest.email && mail.subject.includes(reservation.code))).toHaveLength(1);
    const [event] = await world.server.app.db.query(
      `SELECT processed_at, (SELECT count(*)::int FROM graphile_worker.jobs WHERE key = 'outbox:' || e.id) AS jobs FROM outbox_events e WHERE aggregate_id = $1 AND topic = 'reservation.created'`,
      [reservation.id],
    );
    // Delivered, and its job is done (a finished job leaves the queue).
    expect(event).toMatchObject({ processed_at: expect.any(Date), jobs: 0 });
  }, 60_000);
});
