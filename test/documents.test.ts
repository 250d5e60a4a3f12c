import { DocumentVersions1796428800000 } from '../migrations/1796428800000-document-versions';
import { ConfigError, loadConfig } from '../src/config';
import { registerGuest } from './support/graphql-client';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { FakeSendGrid } from './support/fake-sendgrid';
import { occurrences } from './support/message-text';
import { pdfText } from './support/pdf-text';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

interface Account {
  email: string;
  password: string;
}

const DOCUMENTS = `query ($id: ID!) { reservation(id: $id) { documents { version kind status sha256 url createdAt } } }`;
const PUBLIC_URL = 'https://stays.example.com';

describe('status-aware reservation documents and signed links', () => {
  const sendgrid = new FakeSendGrid();
  const clock = new TestClock(new Date('2027-05-01T10:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let guest: Account;
  let roomId: string;
  let next = 0;

  const as = (account: Account) => signIn(server.client, account);
  const book = async () => {
    next += 1;
    const checkIn = new Date(Date.UTC(2027, 7, 1 + next * 3)).toISOString().slice(0, 10);
    const checkOut = new Date(Date.UTC(2027, 7, 3 + next * 3)).toISOString().slice(0, 10);
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn, checkOut, guests: 2 } }, await as(guest));
    return createReservation as { id: string; code: string; holdExpiresAt: string };
  };
  const download = async (id: string, token?: string, version?: number) =>
    fetch(`${server.url}/reservations/${id}/confirmation.pdf${version ? `?version=${version}` : ''}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const textOf = async (response: Response) => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    return pdfText(Buffer.from(await response.arrayBuffer()));
  };
  const versions = async (id: string) =>
    (await server.app.db.query(`SELECT version, kind, status FROM reservation_documents WHERE reservation_id = $1 ORDER BY version`, [id])) as { version: number; kind: string; status: string }[];
  /** The signed link the guest's email carries, pointed at the test server. */
  const emailedLink = async (code: string) => {
    await server.app.services.outbox.processDue();
    const mail = sendgrid.accepted.find((candidate) => candidate.text.includes(code));
    const link = mail?.text.match(/https:\/\/stays\.example\.com\/documents\/\S+/)?.[0];
    expect(link).toBeDefined();
    return link!.replace(PUBLIC_URL, server.url);
  };

  beforeAll(async () => {
    await sendgrid.start();
    server = await startTestServer(
      { ...adminEnv, SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl, PUBLIC_URL, DOCUMENT_LINK_TTL_DAYS: '30' },
      { clock },
    );
    // The business has the property's name: the header prints it once.
    host = await createHost(server.client, 'Casa Documento');
    const registered = await registerGuest(server.client, { fullName: 'Paula Papel' });
    guest = { email: registered.user.email, password: registered.password };
    const property = await createProperty(server.client, host.token, { name: 'Casa Documento', cancellationPolicy: 'FLEXIBLE', timeZone: 'Europe/Madrid' });
    roomId = (await createRoom(server.client, host.token, property.id, { name: 'Paper room', basePricePerNight: { amount: 12_345, currency: 'EUR' } })).id;
  });
  afterAll(async () => {
    await server.stop();
    await sendgrid.stop();
  });

  it('renders one version per status: received with the hold expiry, confirmation, cancellation with the refund', async () => {
    clock.set('2027-05-01T10:00:00Z');
    const reservation = await book();
    const guestToken = await as(guest);

    const pending = await textOf(await download(reservation.id, guestToken));
    expect(pending).toContain('Booking received — awaiting payment');
    expect(pending).not.toContain('Booking confirmation');
    // The 15-minute hold ends at 10:15 UTC, printed in the property's zone (Madrid, UTC+2 in May).
    expect(pending).toMatch(/held until .*12:15 \(Europe\/Madrid\)/);
    expect(pending).toMatch(/Due now: €246\.90/);
    expect(pending).not.toContain('Check-in instructions');
    // The booking code on one line, the guest's and the property's names once each.
    expect(pending).toMatch(new RegExp(`awaiting payment\\s+${reservation.code}\\b`));
    expect(occurrences(pending, 'Paula Papel')).toBe(1);
    expect(occurrences(pending, 'Casa Documento')).toBe(1);

    await server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: reservation.id }, guestToken);
    const confirmed = await textOf(await download(reservation.id, await as(host)));
    expect(confirmed).toMatch(new RegExp(`Booking confirmation\\s+${reservation.code}\\b`));
    expect(confirmed).toContain('Check-in instructions');
    expect(confirmed).not.toContain('awaiting payment');

    await server.client.data(`mutation ($id: ID!) { cancelReservation(id: $id) { id } }`, { id: reservation.id }, guestToken);
    const cancelled = await textOf(await download(reservation.id, guestToken));
    expect(cancelled).toMatch(new RegExp(`Cancellation notice\\s+${reservation.code}\\b`));
    // Flexible policy, weeks before check-in: the whole amount paid comes back.
    expect(cancelled).toMatch(/Refund due: €246\.90/);
    expect(cancelled).not.toContain('Booking confirmation');
    expect(cancelled).not.toContain('Check-in instructions');

    // Downloading again renders nothing new.
    await textOf(await download(reservation.id, guestToken));
    expect(await versions(reservation.id)).toEqual([
      { version: 1, kind: 'RECEIVED', status: 'PENDING' },
      { version: 2, kind: 'CONFIRMATION', status: 'CONFIRMED' },
      { version: 3, kind: 'CANCELLATION', status: 'CANCELLED' },
    ]);
  }, 90_000);

  it('lets admins list and open earlier versions; guests, hosts and strangers get only the latest', async () => {
    const reservation = await book();
    const guestToken = await as(guest);
    await textOf(await download(reservation.id, guestToken));
    await server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: reservation.id }, guestToken);
    expect(await textOf(await download(reservation.id, guestToken))).toContain('Booking confirmation');

    const admin = await as(ADMIN);
    const { reservation: listed } = await server.client.data(DOCUMENTS, { id: reservation.id }, admin);
    expect(listed.documents.map((document: any) => [document.version, document.kind, document.status])).toEqual([
      [2, 'CONFIRMATION', 'CONFIRMED'],
      [1, 'RECEIVED', 'PENDING'],
    ]);
    expect(listed.documents[1].url).toBe(`${PUBLIC_URL}/reservations/${reservation.id}/confirmation.pdf?version=1`);
    expect(await textOf(await download(reservation.id, admin, 1))).toContain('Booking received — awaiting payment');
    expect(await textOf(await download(reservation.id, admin))).toContain('Booking confirmation');

    expect((await download(reservation.id, guestToken, 1)).status).toBe(403);
    expect((await download(reservation.id, await as(host), 1)).status).toBe(403);
    expect((await download(reservation.id, admin, 9)).status).toBe(404);
    const badVersion = await fetch(`${server.url}/reservations/${reservation.id}/confirmation.pdf?version=one`, { headers: { authorization: `Bearer ${admin}` } });
    expect(badVersion.status).toBe(400);
    expect(await badVersion.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
    const stranger = await registerGuest(server.client);
    expect((await download(reservation.id, stranger.accessToken)).status).toBe(403);
    expect((await download(reservation.id, stranger.accessToken, 1)).status).toBe(403);
    expect((await server.client.error(DOCUMENTS, { id: reservation.id }, guestToken)).extensions?.code).toBe('FORBIDDEN');
  }, 90_000);

  it('prints a short notice for a rejected booking and for an expired hold', async () => {
    const rejected = await book();
    await server.client.data(`mutation ($id: ID!) { rejectReservation(id: $id, reason: "closed") { id } }`, { id: rejected.id }, await as(host));
    const rejectedText = await textOf(await download(rejected.id, await as(guest)));
    expect(rejectedText).toMatch(new RegExp(`Booking not accepted\\s+${rejected.code}\\b`));
    expect(rejectedText).toContain('Nothing is charged');

    clock.set('2027-05-02T08:00:00Z');
    const expired = await book();
    clock.advance(16 * 60_000);
    await server.client.data(`mutation { runMaintenance(jobs: [EXPIRE_HOLDS]) { id } }`, {}, await as(ADMIN));
    const expiredText = await textOf(await download(expired.id, await as(guest)));
    expect(expiredText).toMatch(new RegExp(`Hold expired\\s+${expired.code}\\b`));
    expect(expiredText).toContain('the dates were released');
    expect(expiredText).not.toContain('Booking confirmation');
  }, 90_000);

  it('emails a signed link that opens without a header; tampered, foreign and expired links fail with a page', async () => {
    clock.set('2027-05-03T10:00:00Z');
    const first = await book();
    const second = await book();
    const link = await emailedLink(first.code);
    expect(link).toMatch(new RegExp(`/documents/${first.id}\\.pdf\\?expires=\\d+&signature=[\\w-]+$`));

    const opened = await fetch(link);
    expect(opened.headers.get('content-disposition')).toBe(`inline; filename="${first.code}.pdf"`);
    expect(await textOf(opened)).toContain('Booking received — awaiting payment');

    const url = new URL(link);
    const signature = url.searchParams.get('signature')!;
    const expectPage = async (target: string, status: number, phrase: string) => {
      const response = await fetch(target);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain(phrase);
    };
    const tampered = new URL(link);
    tampered.searchParams.set('signature', `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
    await expectPage(tampered.href, 403, 'not valid');
    const longer = new URL(link);
    longer.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 86_400));
    await expectPage(longer.href, 403, 'not valid');
    // The first booking's signature does not open the second booking's document.
    await expectPage(link.replace(first.id, second.id), 403, 'not valid');
    await expectPage(`${server.url}/documents/${first.id}.pdf`, 403, 'not valid');

    clock.advance(31 * 86_400_000);
    await expectPage(link, 410, 'expired');
    clock.set('2027-05-03T10:00:00Z');
    expect((await fetch(link)).status).toBe(200);
  }, 90_000);

  it('stores one row per version when several requests render it at once', async () => {
    for (let round = 0; round < 5; round += 1) {
      clock.set('2027-05-04T10:00:00Z');
      const reservation = await book();
      const guestToken = await as(guest);
      const hostToken = await as(host);
      const together = async () => {
        const responses = await Promise.all([guestToken, hostToken, guestToken, hostToken].map((token) => download(reservation.id, token)));
        const bodies = await Promise.all(responses.map(async (response) => Buffer.from(await response.arrayBuffer())));
        expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
        // Everyone is served the one stored row, byte for byte.
        expect(bodies.every((body) => body.equals(bodies[0]!))).toBe(true);
      };
      await together();
      await server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: reservation.id }, guestToken);
      await together();
      expect(await versions(reservation.id)).toEqual([
        { version: 1, kind: 'RECEIVED', status: 'PENDING' },
        { version: 2, kind: 'CONFIRMATION', status: 'CONFIRMED' },
      ]);
    }
  }, 180_000);
});

describe('confirmations stored before documents had versions', () => {
  it('become version 1 and are still served as they were', async () => {
    // No background jobs: nothing renders behind the test's back while the table changes shape.
    const server = await startTestServer({ ...adminEnv, JOB_CONCURRENCY: '0' });
    try {
      const host = await createHost(server.client);
      const property = await createProperty(server.client, host.token, { name: 'Casa Antigua' });
      const room = await createRoom(server.client, host.token, property.id);
      const guest = await registerGuest(server.client);
      const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId: room.id, checkIn: '2027-11-01', checkOut: '2027-11-03', guests: 2 } }, guest.accessToken);
      await server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: createReservation.id }, guest.accessToken);

      const runner = server.app.db.createQueryRunner();
      const migration = new DocumentVersions1796428800000();
      try {
        await migration.down(runner);
        await runner.query(`INSERT INTO reservation_documents (reservation_id, content, sha256) VALUES ($1, $2, 'legacy')`, [createReservation.id, Buffer.from('%PDF-1.4 legacy')]);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      expect(await server.app.db.query(`SELECT version, kind, status FROM reservation_documents WHERE reservation_id = $1`, [createReservation.id])).toEqual([
        { version: 1, kind: 'CONFIRMATION', status: null },
      ]);
      const response = await fetch(`${server.url}/reservations/${createReservation.id}/confirmation.pdf`, { headers: { authorization: `Bearer ${guest.accessToken}` } });
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('%PDF-1.4 legacy');
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('DOCUMENT_LINK_SECRET', () => {
  const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db/staygraph', JWT_SECRET: 'j'.repeat(40) };

  it('is derived from JWT_SECRET under its own label by default, and production refuses a short explicit one', () => {
    const derived = loadConfig(production).documentLinks.secret;
    expect(derived.length).toBe(32);
    expect(derived.toString('latin1')).not.toContain(production.JWT_SECRET);
    expect(loadConfig({ ...production, JWT_SECRET: 'k'.repeat(40) }).documentLinks.secret.equals(derived)).toBe(false);
    expect(() => loadConfig({ ...production, DOCUMENT_LINK_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, DOCUMENT_LINK_SECRET: 'short' })).toThrow(/DOCUMENT_LINK_SECRET/);
    expect(loadConfig({ ...production, DOCUMENT_LINK_SECRET: 's'.repeat(32) }).documentLinks.secret.toString()).toBe('s'.repeat(32));
    expect(loadConfig({ ...production, DOCUMENT_LINK_TTL_DAYS: '7' }).documentLinks.ttlDays).toBe(7);
    expect(loadConfig(production).documentLinks.ttlDays).toBe(30);
    expect(() => loadConfig({ ...production, DOCUMENT_LINK_TTL_DAYS: '0' })).toThrow(/DOCUMENT_LINK_TTL_DAYS/);
  });
});
