import { recordEvent } from '../src/platform/outbox/outbox';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { FakeSendGrid, type SentMail } from './support/fake-sendgrid';
import { FakeStripe, signedEvent } from './support/fake-stripe';
import { registerGuest } from './support/graphql-client';
import { flat, htmlText, occurrences } from './support/message-text';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

/** Each phrase is in the plain-text part and in the HTML part. */
function expectBothParts(mail: SentMail | undefined, phrases: string[], absent: string[] = []) {
  expect(mail).toBeDefined();
  const text = flat(mail!.text);
  const html = htmlText(mail!.html);
  for (const phrase of phrases) {
    expect(text).toContain(phrase);
    expect(html).toContain(phrase);
  }
  for (const phrase of absent) {
    expect(text).not.toContain(phrase);
    expect(html).not.toContain(phrase);
  }
}

const RESERVATION_ACTION = (name: string, withReason = false) =>
  `mutation ($id: ID!${withReason ? ', $reason: String' : ''}) { ${name}(id: $id${withReason ? ', reason: $reason' : ''}) { id status } }`;
const RUN = `mutation ($jobs: [MaintenanceJob!]) { runMaintenance(jobs: $jobs) { job error counts { name value } } }`;
const SETTINGS = `mutation ($input: HostNotificationSettingsInput!) { updateHostNotificationSettings(input: $input) { newBooking cancellation paymentFailed arrivalsDigest } }`;

describe('emails: a message per status and payment mode, host emails, the digest, the order', () => {
  const sendgrid = new FakeSendGrid();
  const clock = new TestClock(new Date('2027-05-01T10:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let digestHost: TestHost;
  let guest: { email: string; password: string };
  let online: { roomId: string; propertyId: string };
  let atProperty: { roomId: string; propertyId: string };
  let digestProperty: { roomId: string; propertyId: string };
  let week = 0;

  const as = (account: { email: string; password: string }) => signIn(server.client, account);
  /** A two-night stay in a week of its own (from August 2027), so bookings never collide. */
  const book = async (place: { roomId: string }, input: Record<string, unknown> = {}) => {
    week += 1;
    const start = Date.UTC(2027, 7, 1) + week * 7 * 86_400_000;
    const day = (offset: number) => new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
    const { createReservation } = await server.client.data(
      CREATE_RESERVATION,
      { input: { roomId: place.roomId, checkIn: day(0), checkOut: day(2), guests: 2, ...input } },
      await as(guest),
    );
    return createReservation as { id: string; code: string; holdExpiresAt: string };
  };
  const deliver = () => server.app.services.outbox.processDue();
  const guestMails = (code: string) => sendgrid.accepted.filter((mail) => mail.to === guest.email && mail.subject.concat(mail.text).includes(code));
  const hostMails = (code: string) => sendgrid.accepted.filter((mail) => mail.to === host.email && mail.subject.concat(mail.text).includes(code));
  const act = async (name: string, id: string, account: { email: string; password: string }, reason?: string) =>
    server.client.data(RESERVATION_ACTION(name, reason !== undefined), { id, reason }, await as(account));
  const payOnline = async (id: string) => server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id status } }`, { id }, await as(guest));

  beforeAll(async () => {
    await sendgrid.start();
    server = await startTestServer(
      { ...adminEnv, SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl, OUTBOX_MAX_ATTEMPTS: '5', PUBLIC_URL: 'https://stays.example.com' },
      { clock },
    );
    host = await createHost(server.client, 'Correo & <Hijos>');
    digestHost = await createHost(server.client, 'Resumen Stays');
    const registered = await registerGuest(server.client, { fullName: 'Paula Postal' });
    guest = { email: registered.user.email, password: registered.password };
    const place = async (owner: TestHost, name: string, paymentCollection: string) => {
      const property = await createProperty(server.client, owner.token, { name, cancellationPolicy: 'FLEXIBLE', paymentCollection });
      const room = await createRoom(server.client, owner.token, property.id, { name: 'Sea room', basePricePerNight: { amount: 12_345, currency: 'EUR' } });
      return { roomId: room.id, propertyId: property.id };
    };
    online = await place(host, 'Casa Correo', 'ONLINE');
    atProperty = await place(host, 'Casa Pago', 'AT_PROPERTY');
    digestProperty = await place(digestHost, 'Casa Resumen', 'ONLINE');
  });
  afterAll(async () => {
    await server.stop();
    await sendgrid.stop();
  });

  it('paid online: received "while you pay", confirmed by the payment, cancelled with the refund — both parts, the name once', async () => {
    const reservation = await book(online);
    await payOnline(reservation.id);
    await act('cancelReservation', reservation.id, guest);
    await deliver();
    const [received, confirmed, cancelled, ...others] = guestMails(reservation.code);
    expect(others).toEqual([]);
    expectBothParts(received, ['Casa Correo', 'Hello Paula Postal,', 'held for you while you pay', 'Total: €246.90', `Reference: ${reservation.code}`]);
    expectBothParts(confirmed, ['is confirmed', 'We received your payment of €246.90'], ['nothing is charged online']);
    expectBothParts(cancelled, ['As you asked, your booking at Casa Correo', 'You get €246.90 back on the card you paid with', 'Refund: €246.90'], ['Nothing was charged']);
    for (const mail of [received!, confirmed!, cancelled!]) {
      expect(occurrences(mail.text, 'Paula Postal')).toBe(1);
      expect(occurrences(htmlText(mail.html), 'Paula Postal')).toBe(1);
      // The host's business name is escaped in HTML, never raw.
      expect(mail.html).toContain('Correo &amp; &lt;Hijos&gt; via staygraph');
      expect(mail.html).not.toContain('<Hijos>');
      expect(mail.text).toContain('Correo & <Hijos> via staygraph');
    }
  }, 60_000);

  it('pay at the property: no "while you pay", the host confirms, a cancellation promises no refund', async () => {
    const reservation = await book(atProperty);
    await act('confirmReservation', reservation.id, host);
    await act('cancelReservation', reservation.id, host, 'Pipes burst');
    await deliver();
    const [received, confirmed, cancelled, ...others] = guestMails(reservation.code);
    expect(others).toEqual([]);
    expectBothParts(received, ['will confirm your booking shortly', 'Nothing is charged online: you pay €246.90 at the property'], ['while you pay', 'payment succeeds']);
    expectBothParts(confirmed, ['is confirmed', 'You pay €246.90 at the property; nothing is charged online'], ['We received your payment']);
    expectBothParts(cancelled, ['Correo & <Hijos> cancelled your booking at Casa Pago for ', 'Nothing was charged, so there is nothing to refund', 'Reason: Pipes burst'], ['Refund:', 'back on the card', 'is cancelled.']);
  }, 60_000);

  it('holds a pay-at-property booking for the host to confirm (HOST_CONFIRMATION_HOURS), an online one while the guest pays', async () => {
    const now = Date.parse('2027-05-01T10:00:00Z');
    const atPropertyBooking = await book(atProperty);
    const onlineBooking = await book(online);
    expect(Date.parse(atPropertyBooking.holdExpiresAt) - now).toBe(24 * 3_600_000);
    expect(Date.parse(onlineBooking.holdExpiresAt) - now).toBe(15 * 60_000);
    const checkout = await server.client.error(`mutation ($id: ID!) { startCheckout(reservationId: $id) { clientSecret } }`, { id: atPropertyBooking.id }, await as(guest));
    expect(checkout.extensions).toMatchObject({ code: 'CONFLICT', paymentCollection: 'AT_PROPERTY' });
    clock.set(new Date(now + 60 * 60_000));
    try {
      await server.client.data(RUN, { jobs: ['EXPIRE_HOLDS'] }, await as(ADMIN));
    } finally {
      clock.set('2027-05-01T10:00:00Z');
    }
    const status = async (id: string) => (await server.client.data(`query ($id: ID!) { reservation(id: $id) { status } }`, { id }, await as(guest))).reservation.status;
    expect(await status(atPropertyBooking.id)).toBe('PENDING');
    expect(await status(onlineBooking.id)).toBe('EXPIRED');
    await act('cancelReservation', atPropertyBooking.id, guest);
  }, 60_000);

  it('rejected, expired (per payment mode) and a failed payment: the guest and the host hear', async () => {
    const rejected = await book(online);
    await act('rejectReservation', rejected.id, host, 'Closed for works');
    const expiredOnline = await book(online);
    const expiredAtProperty = await book(atProperty);
    const failed = await book(online);
    await server.app.db.transaction((manager) =>
      recordEvent(manager, 'payment.failed', failed.id, { reservationId: failed.id, intentId: 'pi_test', message: 'Your card was declined.' }),
    );
    await deliver();
    expectBothParts(guestMails(rejected.code)[1], ['could not accept your booking', 'Nothing was charged.', 'Reason: Closed for works']);
    expectBothParts(guestMails(failed.code)[1], ['The payment for your booking at Casa Correo failed. Nothing was charged.', 'Your dates stay held until', 'The bank said: Your card was declined.']);
    expectBothParts(hostMails(failed.code).find((mail) => mail.subject.startsWith('Payment failed')), [
      'The online payment of Paula Postal',
      'The bank said: Your card was declined.',
    ]);

    clock.set(new Date(Date.parse(expiredAtProperty.holdExpiresAt) + 60_000));
    try {
      await server.client.data(RUN, { jobs: ['EXPIRE_HOLDS'] }, await as(ADMIN));
    } finally {
      clock.set('2027-05-01T10:00:00Z');
    }
    await deliver();
    expectBothParts(guestMails(expiredOnline.code)[1], ['We did not receive the payment in time', 'Nothing was charged'], ['did not confirm']);
    expectBothParts(guestMails(expiredAtProperty.code)[1], ['Correo & <Hijos> did not confirm your booking in time', 'Nothing was charged'], ['payment in time']);
  }, 60_000);

  it('no-show and completed stays get their own emails', async () => {
    // Stays right after "now" (1 May): check-in passes, then check-out.
    const stay = async (checkIn: string, checkOut: string) =>
      (await server.client.data(CREATE_RESERVATION, { input: { roomId: online.roomId, checkIn, checkOut, guests: 2 } }, await as(guest))).createReservation as { id: string; code: string };
    const noShow = await stay('2027-05-03', '2027-05-05');
    const completed = await stay('2027-05-06', '2027-05-07');
    await payOnline(noShow.id);
    await payOnline(completed.id);
    try {
      clock.set('2027-05-03T16:00:00Z'); // 18:00 in Madrid: past the 15:00 check-in
      await act('markNoShow', noShow.id, host);
      clock.set('2027-05-07T12:00:00Z');
      await server.client.data(RUN, { jobs: ['COMPLETE_STAYS'] }, await as(ADMIN));
    } finally {
      clock.set('2027-05-01T10:00:00Z');
    }
    await deliver();
    const noShowMail = guestMails(noShow.code).at(-1);
    expect(noShowMail?.subject).toBe(`You were recorded as not arriving at Casa Correo (${noShow.code})`);
    expectBothParts(noShowMail, ['recorded that you did not arrive', `please write to ${host.email}`]);
    expectBothParts(guestMails(completed.code).at(-1), ['We hope you enjoyed your stay']);
  }, 60_000);

  it("tells the host about a new booking (the guest's contact and requests) and a cancellation, unless turned off", async () => {
    const reservation = await book(online, { guests: 3, guestPhone: '+34 600 123 456', specialRequests: 'Late arrival, around 23:00 <please>' });
    await act('cancelReservation', reservation.id, guest, 'Change of plans');
    await deliver();
    const [created, cancelled, ...others] = hostMails(reservation.code).filter((mail) => mail.to === host.email && !mail.subject.startsWith('We received'));
    expect(others).toEqual([]);
    expect(created!.subject).toMatch(new RegExp(`^New booking ${reservation.code} at Casa Correo`));
    expectBothParts(created, [
      'Hello Correo & <Hijos>,',
      'Paula Postal booked Sea room. The guest pays online',
      `Email: ${guest.email}`,
      'Phone: +34600123456',
      'Guests: 3',
      'Special requests: Late arrival, around 23:00 <please>',
      'Total: ',
    ]);
    expect(created!.html).toContain('Late arrival, around 23:00 &lt;please&gt;');
    expect(occurrences(created!.text, 'Paula Postal')).toBe(1);
    expectBothParts(cancelled, ['The guest cancelled the booking of Paula Postal', 'Refund to the guest: none (nothing was paid online)', 'Reason: Change of plans']);

    // Turned off: the host hears nothing of the next booking; the guest still does.
    const hostToken = await as(host);
    expect((await server.client.data(SETTINGS, { input: { newBooking: false, cancellation: false } }, hostToken)).updateHostNotificationSettings).toEqual({
      newBooking: false,
      cancellation: false,
      paymentFailed: true,
      arrivalsDigest: true,
    });
    const { host: profile } = await server.client.data(`query ($slug: String!) { host(slug: $slug) { notificationSettings { newBooking cancellation } } }`, { slug: host.slug }, hostToken);
    expect(profile.notificationSettings).toEqual({ newBooking: false, cancellation: false });
    const quiet = await book(online);
    await act('cancelReservation', quiet.id, guest);
    await deliver();
    expect(hostMails(quiet.code).filter((mail) => mail.to === host.email && !mail.subject.startsWith('We received'))).toEqual([]);
    expect(guestMails(quiet.code).map((mail) => mail.subject)).toEqual([`We received your booking ${quiet.code} at Casa Correo`, `Your booking ${quiet.code} is cancelled`]);
    await server.client.data(SETTINGS, { input: { newBooking: true, cancellation: true } }, hostToken);

    // Only hosts change them; others see no settings.
    expect((await server.client.error(SETTINGS, { input: { newBooking: false } }, await as(guest))).extensions?.code).toBe('FORBIDDEN');
    const stranger = await server.client.data(`query ($slug: String!) { host(slug: $slug) { notificationSettings { newBooking } } }`, { slug: host.slug }, await as(guest));
    expect(stranger.host.notificationSettings).toBeNull();
  }, 60_000);

  it('sends each property one arrivals digest per day, after the local hour, even when the job runs six times at once', async () => {
    const stayIn = async (checkIn: string, checkOut: string, fullName: string) => {
      const someone = await registerGuest(server.client, { fullName });
      const { createReservation } = await server.client.data(
        CREATE_RESERVATION,
        { input: { roomId: digestProperty.roomId, checkIn, checkOut, guests: 2, guestPhone: '+34 611 000 111' } },
        someone.accessToken,
      );
      await server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: createReservation.id }, someone.accessToken);
      return createReservation as { code: string };
    };
    const leaving = await stayIn('2027-12-08', '2027-12-10', 'Lena Leaving');
    const arriving = await stayIn('2027-12-10', '2027-12-12', 'Arturo Arriving');
    const digests = () => sendgrid.accepted.filter((mail) => mail.to === digestHost.email && mail.subject.startsWith('Casa Resumen on'));
    let admin = await as(ADMIN);
    try {
      clock.set('2027-12-09T14:00:00Z'); // 15:00 in Madrid: before the digest hour (17)
      admin = await as(ADMIN);
      await server.client.data(RUN, { jobs: ['SEND_ARRIVALS_DIGEST'] }, admin);
      await deliver();
      expect(digests()).toEqual([]);

      clock.set('2027-12-09T17:30:00Z'); // 18:30 in Madrid
      admin = await as(ADMIN); // the token of 15:00 has expired
      // Six runs at once (the claim is the (property, day) key, so instances race the same way): one digest.
      const runs = await Promise.all(Array.from({ length: 6 }, () => server.client.data(RUN, { jobs: ['SEND_ARRIVALS_DIGEST'] }, admin)));
      const queued = runs.map((run) => run.runMaintenance[0].counts.find((c: any) => c.name === 'digests').value);
      expect(queued.sort()).toEqual([0, 0, 0, 0, 0, 1]);
      await server.client.data(RUN, { jobs: ['SEND_ARRIVALS_DIGEST'] }, admin);
      await deliver();
      const [digest, ...again] = digests();
      expect(again).toEqual([]);
      expect(digest!.subject).toMatch(/^Casa Resumen on .*2027: 1 arrival, 1 departure$/);
      expectBothParts(digest, ['Hello Resumen Stays,', 'Arrivals (1)', `Arturo Arriving, 2 guests, Sea room (${arriving.code}), +34611000111`, 'Departures (1)', `Lena Leaving, 2 guests, Sea room (${leaving.code})`]);
      expect(digest!.text).toMatch(/Friday, 10 December 2027/);

      // Nobody comes or goes on the 11th: no digest. The 12th has a departure, but the host turned it off.
      clock.set('2027-12-10T17:30:00Z');
      admin = await as(ADMIN);
      await server.client.data(RUN, { jobs: ['SEND_ARRIVALS_DIGEST'] }, admin);
      await server.client.data(SETTINGS, { input: { arrivalsDigest: false } }, await as(digestHost));
      clock.set('2027-12-11T17:30:00Z');
      await server.client.data(RUN, { jobs: ['SEND_ARRIVALS_DIGEST'] }, await as(ADMIN));
      await deliver();
      expect(digests()).toHaveLength(1);
    } finally {
      clock.set('2027-05-01T10:00:00Z');
    }
  }, 60_000);

  it("delivers a reservation's emails in the order its statuses happened, while an earlier one is still being sent", async () => {
    sendgrid.hold(true);
    const reservation = await book(online);
    // The "received" email (with its PDF) is at SendGrid, unanswered; later requests pass again.
    await sendgrid.waitForHeld();
    sendgrid.hold(false);
    await payOnline(reservation.id);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(guestMails(reservation.code)).toEqual([]);
    sendgrid.releaseHeld();
    await deliver();
    expect(guestMails(reservation.code).map((mail) => mail.subject)).toEqual([
      `We received your booking ${reservation.code} at Casa Correo`,
      `Your stay at Casa Correo is confirmed (${reservation.code})`,
    ]);
  }, 60_000);

  it('a failing earlier email is not overtaken by a later one, and waiting spends no attempt', async () => {
    sendgrid.failNext(1);
    const reservation = await book(online);
    await deliver();
    await payOnline(reservation.id);
    await deliver();
    // "received" waits for its retry (backoff); "confirmed" waits behind it instead of going first.
    expect(guestMails(reservation.code)).toEqual([]);
    await server.app.services.jobs.retryNow(['outbox.deliver']);
    await deliver();
    expect(guestMails(reservation.code).map((mail) => mail.subject)).toEqual([
      `We received your booking ${reservation.code} at Casa Correo`,
      `Your stay at Casa Correo is confirmed (${reservation.code})`,
    ]);
    const events = await server.app.db.query(`SELECT topic, attempts FROM outbox_events WHERE aggregate_id = $1 ORDER BY created_at`, [reservation.id]);
    expect(events).toEqual([
      { topic: 'reservation.created', attempts: 2 },
      { topic: 'reservation.status_changed', attempts: 1 },
    ]);
    // Each reservation's serial queue stays a row in graphile-worker until retention removes the idle ones.
    const queues = async () => (await server.app.db.query(`SELECT count(*)::int AS n FROM graphile_worker._private_job_queues`))[0].n as number;
    expect(await queues()).toBeGreaterThan(0);
    const { runMaintenance } = await server.client.data(RUN, { jobs: ['PURGE_OLD_RECORDS'] }, await as(ADMIN));
    expect(runMaintenance[0].counts).toContainEqual({ name: 'idleJobQueues', value: expect.any(Number) });
    expect(await queues()).toBe(0);
  }, 60_000);
});

describe('emails with Stripe: a payment refunded in full at Stripe', () => {
  const sendgrid = new FakeSendGrid();
  const stripe = new FakeStripe();
  const secret = 'whsec_emails_secret';
  let server: TestServer;

  beforeAll(async () => {
    await sendgrid.start();
    await stripe.start();
    server = await startTestServer(
      {
        ...adminEnv,
        SENDGRID_API_KEY: 'SG.test-key',
        SENDGRID_API_BASE: sendgrid.baseUrl,
        STRIPE_SECRET_KEY: 'sk_test_fake',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_fake',
        STRIPE_WEBHOOK_SECRET: secret,
        STRIPE_API_BASE: stripe.baseUrl,
      },
      { clock: new TestClock(new Date('2027-05-01T10:00:00Z')) },
    );
  });
  afterAll(async () => {
    await server.stop();
    await stripe.stop();
    await sendgrid.stop();
  });

  it('tells the guest and the host the money went back, never "no refund is due"', async () => {
    const host = await createHost(server.client, 'Casa Tarjeta SL');
    const property = await createProperty(server.client, host.token, { name: 'Casa Tarjeta', cancellationPolicy: 'STRICT' });
    const room = await createRoom(server.client, host.token, property.id, { basePricePerNight: { amount: 12_345, currency: 'EUR' } });
    const guest = await registerGuest(server.client, { fullName: 'Carla Card' });
    const { createReservation: reservation } = await server.client.data(
      CREATE_RESERVATION,
      { input: { roomId: room.id, checkIn: '2027-09-01', checkOut: '2027-09-03', guests: 2 } },
      guest.accessToken,
    );
    const { startCheckout } = await server.client.data(`mutation ($id: ID!) { startCheckout(reservationId: $id) { paymentIntentId amount { amount } } }`, { id: reservation.id }, guest.accessToken);
    const amount = startCheckout.amount.amount as number;
    const webhook = async (type: string, object: Record<string, unknown>) => {
      const event = signedEvent(secret, type, object);
      const response = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': event.signature }, body: event.payload });
      expect(response.status).toBe(200);
    };
    const intent = startCheckout.paymentIntentId as string;
    await webhook('payment_intent.succeeded', { id: intent, object: 'payment_intent', amount, amount_received: amount, currency: 'eur', status: 'succeeded', metadata: { reservationId: reservation.id } });
    await webhook('charge.refunded', { id: 'ch_emails', object: 'charge', payment_intent: intent, currency: 'eur', amount, amount_refunded: amount, refunds: { data: [] } });
    await server.app.services.outbox.processDue();

    const mails = (to: string) => sendgrid.accepted.filter((mail) => mail.to === to && mail.subject.concat(mail.text).includes(reservation.code));
    const [received, confirmed, cancelled, ...others] = mails(guest.user.email);
    expect(others).toEqual([]);
    expectBothParts(received, ['held for you while you pay']);
    expectBothParts(confirmed, ['We received your payment of €246.90']);
    expectBothParts(cancelled, ['Your booking at Casa Tarjeta', 'Your payment of €246.90 was refunded in full to the card you paid with'], ['No refund is due', 'Nothing was charged']);
    const hostCancelled = mails(host.email).find((mail) => mail.subject.includes('is cancelled'));
    expectBothParts(hostCancelled, ['staygraph, as the whole payment was refunded, cancelled the booking of Carla Card', 'Refund to the guest: €246.90 (already refunded)'], ['by the cancellation policy']);
  }, 60_000);
});
