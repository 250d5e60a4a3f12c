import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { registerGuest } from './support/graphql-client';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { FakeSendGrid } from './support/fake-sendgrid';
import { pdfText } from './support/pdf-text';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

interface Account {
  email: string;
  password: string;
}

describe('emails through SendGrid (the real SDK against a fake SendGrid) and PDF confirmations', () => {
  const sendgrid = new FakeSendGrid();
  const clock = new TestClock(new Date('2027-05-01T10:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let guest: Account & { id: string };
  let roomId: string;
  let next = 0;

  const as = (account: Account) => signIn(server.client, account);
  const book = async () => {
    next += 1;
    const checkIn = new Date(Date.UTC(2027, 6, 1 + next * 3)).toISOString().slice(0, 10);
    const checkOut = new Date(Date.UTC(2027, 6, 3 + next * 3)).toISOString().slice(0, 10);
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn, checkOut, guests: 2 } }, await as(guest));
    return createReservation as { id: string; code: string; checkIn: string };
  };
  // The guest's emails (the host's, at its contact address, are test/emails.test.ts's).
  const mailsFor = (code: string) => sendgrid.accepted.filter((mail) => mail.to === guest.email && (mail.subject.includes(code) || mail.text.includes(code)));

  beforeAll(async () => {
    await sendgrid.start();
    server = await startTestServer(
      { ...adminEnv, SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl, MAIL_FROM: 'Casa Correo <stays@example.com>', OUTBOX_MAX_ATTEMPTS: '3', PUBLIC_URL: 'https://stays.example.com' },
      { clock },
    );
    host = await createHost(server.client, 'Correo Holidays');
    const registered = await registerGuest(server.client, { fullName: 'Paula Postal' });
    guest = { email: registered.user.email, password: registered.password, id: registered.user.id };
    const property = await createProperty(server.client, host.token, { name: 'Casa Correo', cancellationPolicy: 'FLEXIBLE', timeZone: 'Europe/Madrid' });
    roomId = (await createRoom(server.client, host.token, property.id, { name: 'Sea room', basePricePerNight: { amount: 12_345, currency: 'EUR' } })).id;
  });
  afterAll(async () => {
    await server.stop();
    await sendgrid.stop();
  });

  it('emails the guest on booking with the PDF confirmation attached', async () => {
    const reservation = await book();
    await server.app.services.outbox.processDue();
    const [mail, ...others] = mailsFor(reservation.code);
    expect(others).toEqual([]);
    expect(mail).toMatchObject({ to: guest.email, subject: `We received your booking ${reservation.code} at Casa Correo` });
    expect(mail!.text).toContain('Hello Paula Postal');
    expect(mail!.text).toMatch(new RegExp(`https://stays\\.example\\.com/documents/${reservation.id}\\.pdf\\?expires=\\d+&signature=[\\w-]+`));
    // Formatted for the property (Spain): "€246.90".
    expect(mail!.text).toContain('€246.90');
    expect(mail!.attachments).toHaveLength(1);
    expect(mail!.attachments[0]).toMatchObject({ filename: `${reservation.code}.pdf`, type: 'application/pdf' });
    const text = await pdfText(mail!.attachments[0]!.content);
    expect(text).toContain(reservation.code);
    expect(text).toContain('Casa Correo');
    expect(text).toContain('Paula Postal');
    expect(text).toContain('Flexible: full refund until 48 hours before check-in');
  }, 60_000);

  it('delivers exactly once when SendGrid answers 500 and then 202', async () => {
    // Before booking: the job runner takes the event as soon as the booking commits.
    sendgrid.failNext(1);
    const reservation = await book();
    await server.app.services.outbox.processDue();
    expect(mailsFor(reservation.code)).toHaveLength(0);
    const [event] = await server.app.db.query(`SELECT attempts, last_error, processed_at FROM outbox_events WHERE aggregate_id = $1 AND topic = 'reservation.created'`, [reservation.id]);
    expect(event).toMatchObject({ attempts: 1, processed_at: null, last_error: expect.stringMatching(/Internal Server Error|500/) });

    await server.app.services.outbox.processDue(); // not due yet: backoff
    expect(mailsFor(reservation.code)).toHaveLength(0);
    // Skip the backoff (the runner's: exp(attempts) seconds), then again: one email, not two.
    expect(await server.app.services.jobs.retryNow(['outbox.deliver'])).toBeGreaterThanOrEqual(1);
    await server.app.services.outbox.processDue();
    await server.app.services.jobs.retryNow(['outbox.deliver']);
    await server.app.services.outbox.processDue();
    expect(mailsFor(reservation.code)).toHaveLength(1);
  }, 60_000);

  it('tells the guest about each status change, with the refund on cancellation', async () => {
    const reservation = await book();
    // Paid (local payment mode): a refund is only ever of money captured.
    await server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: reservation.id }, await as(guest));
    await server.client.data(`mutation ($id: ID!) { cancelReservation(id: $id) { id } }`, { id: reservation.id }, await as(guest));
    await server.app.services.outbox.processDue();
    const subjects = mailsFor(reservation.code).map((mail) => mail.subject);
    expect(subjects).toEqual([
      `We received your booking ${reservation.code} at Casa Correo`,
      `Your stay at Casa Correo is confirmed (${reservation.code})`,
      `Your booking ${reservation.code} is cancelled`,
    ]);
    expect(mailsFor(reservation.code)[2]!.text).toMatch(/Refund: €246\.90/);
  }, 60_000);

  it('marks an event dead after its attempts, lists it for admins, and retries it on request', async () => {
    sendgrid.failNext(100);
    const reservation = await book();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await server.app.services.outbox.processDue();
      await server.app.services.jobs.retryNow(['outbox.deliver']);
    }
    sendgrid.failNext(0);
    // Dead: its job has ended (nothing left to retry it behind the admin's back).
    const [{ jobs }] = await server.app.db.query(`SELECT count(*)::int AS jobs FROM graphile_worker.jobs WHERE key = 'outbox:' || $1`, [(await server.app.db.query(`SELECT id FROM outbox_events WHERE aggregate_id = $1 AND topic = 'reservation.created'`, [reservation.id]))[0].id]);
    expect(jobs).toBe(0);
    const adminToken = await as(ADMIN);
    const { deadOutboxEvents } = await server.client.data(`{ deadOutboxEvents { id topic aggregateId attempts lastError deadAt } }`, {}, adminToken);
    const dead = deadOutboxEvents.find((event: any) => event.aggregateId === reservation.id);
    expect(dead).toMatchObject({ topic: 'reservation.created', attempts: 3, deadAt: expect.any(String) });
    expect((await server.client.error(`{ deadOutboxEvents { id } }`, {}, await as(guest))).extensions?.code).toBe('FORBIDDEN');

    await server.client.data(`mutation ($id: ID!) { retryOutboxEvent(id: $id) { id deadAt } }`, { id: dead.id }, adminToken);
    await server.app.services.outbox.processDue();
    expect(mailsFor(reservation.code)).toHaveLength(1);
  }, 60_000);

  it('serves the stored PDF to the guest, the host and admins only, unchanged', async () => {
    const reservation = await book();
    const url = `${server.url}/reservations/${reservation.id}/confirmation.pdf`;
    const get = async (token?: string) => fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const first = await get(await as(guest));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const again = Buffer.from(await (await get(await as(host))).arrayBuffer());
    expect(again.equals(bytes)).toBe(true);
    expect((await get(await as(ADMIN))).status).toBe(200);
    const stranger = await registerGuest(server.client);
    expect((await get(stranger.accessToken)).status).toBe(403);
    expect((await get()).status).toBe(401);
    expect((await fetch(`${server.url}/reservations/00000000-0000-4000-8000-000000000000/confirmation.pdf`, { headers: { authorization: `Bearer ${await as(guest)}` } })).status).toBe(404);
    const { reservation: view } = await server.client.data(`query ($id: ID!) { reservation(id: $id) { confirmationPdfUrl } }`, { id: reservation.id }, await as(guest));
    expect(view.confirmationPdfUrl).toBe(`https://stays.example.com/reservations/${reservation.id}/confirmation.pdf`);
  }, 60_000);
});

describe('without Chromium or SendGrid', () => {
  it('fails the email job with a fix-it message and retries it, leaving the reservation alone', async () => {
    const server = await startTestServer({ PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' });
    try {
      const host = await createHost(server.client);
      const property = await createProperty(server.client, host.token, { name: 'Casa Sin Navegador' });
      const room = await createRoom(server.client, host.token, property.id);
      const guest = await registerGuest(server.client);
      const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId: room.id, checkIn: '2027-10-01', checkOut: '2027-10-03', guests: 2 } }, guest.accessToken);
      await server.app.services.outbox.processDue();
      const [event] = await server.app.db.query(`SELECT attempts, last_error, processed_at, dead_at FROM outbox_events WHERE aggregate_id = $1`, [createReservation.id]);
      expect(event).toMatchObject({ attempts: 1, processed_at: null, dead_at: null, last_error: expect.stringMatching(/apt-get install -y chromium.*PUPPETEER_EXECUTABLE_PATH/) });
      const { reservation } = await server.client.data(`query ($id: ID!) { reservation(id: $id) { status } }`, { id: createReservation.id }, guest.accessToken);
      expect(reservation.status).toBe('PENDING');
      const pdf = await fetch(`${server.url}/reservations/${createReservation.id}/confirmation.pdf`, { headers: { authorization: `Bearer ${guest.accessToken}` } });
      expect(pdf.status).toBe(503);
    } finally {
      await server.stop();
    }
  });

  it('writes emails to the local outbox folder as .eml files', async () => {
    const outbox = await mkdtemp(path.join(os.tmpdir(), 'staygraph-eml-'));
    const server = await startTestServer({ OUTBOX_DIR: outbox });
    try {
      const host = await createHost(server.client);
      const property = await createProperty(server.client, host.token, { name: 'Casa Local Mail' });
      const room = await createRoom(server.client, host.token, property.id);
      const guest = await registerGuest(server.client);
      const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId: room.id, checkIn: '2027-10-05', checkOut: '2027-10-07', guests: 2 } }, guest.accessToken);
      await server.app.services.outbox.processDue();
      // The guest's email and the host's (new booking).
      const files = (await readdir(outbox)).sort();
      expect(files).toHaveLength(2);
      expect(files[1]).toMatch(/-host-email-/);
      const eml = await readFile(path.join(outbox, files[0]!), 'utf8');
      expect(eml).toContain(`To: ${guest.user.email}`);
      expect(eml).toContain(`Subject: We received your booking ${createReservation.code} at Casa Local Mail`);
      expect(eml).toMatch(/Content-Type: application\/pdf; name=SG-/);
    } finally {
      await server.stop();
      await rm(outbox, { recursive: true, force: true });
    }
  }, 60_000);
});
