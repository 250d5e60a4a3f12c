import { registerGuest } from './support/graphql-client';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { FakeSendGrid } from './support/fake-sendgrid';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const RESERVATION = `query ($id: ID!) { reservation(id: $id) {
  status total { amount } refundAmount { amount }
  payments { status amount { amount } amountRefunded { amount } }
  refunds { amount { amount } status }
} }`;
const STATS = `query ($from: Date!, $to: Date!, $propertyId: ID) { stats(from: $from, to: $to, propertyId: $propertyId) { revenue { refunded { amount } } } }`;

/**
 * A refund is only ever of money captured: the reservation's refundAmount, the guest's email and the
 * statistics agree, and none of them promises money that was never paid (local payment mode).
 */
describe('refunds of money that is real', () => {
  const sendgrid = new FakeSendGrid();
  const clock = new TestClock(new Date('2027-05-01T10:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let guest: { email: string; password: string };
  let roomId: string;
  let next = 0;

  const as = (account: { email: string; password: string }) => signIn(server.client, account);
  const call = async (mutation: string, id: string, token: string) => server.client.data(`mutation ($id: ID!) { ${mutation}(id: $id) { id } }`, { id }, token);
  /** A fresh property (its own stats scope) with one booking of two nights. */
  const book = async () => {
    next += 1;
    const property = await createProperty(server.client, host.token, { name: `Casa Verdad ${next}`, cancellationPolicy: 'MODERATE', timeZone: 'Europe/Madrid' });
    roomId = (await createRoom(server.client, host.token, property.id, { basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn: '2027-06-10', checkOut: '2027-06-12', guests: 2 } }, await as(guest));
    return { ...(createReservation as { id: string; code: string }), propertyId: property.id };
  };
  const read = async (id: string) => (await server.client.data(RESERVATION, { id }, await as(guest))).reservation;
  const refundedInStats = async (propertyId: string) =>
    (await server.client.data(STATS, { from: '2027-06-01', to: '2027-07-01', propertyId }, await as(ADMIN))).stats.revenue.map((r: any) => r.refunded.amount);
  const cancellationEmail = async (code: string) => {
    await server.app.services.outbox.processDue();
    return sendgrid.accepted.find((mail) => mail.subject === `Your booking ${code} is cancelled`)!.text;
  };

  beforeAll(async () => {
    await sendgrid.start();
    server = await startTestServer({ ...adminEnv, SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl }, { clock });
    host = await createHost(server.client);
    const registered = await registerGuest(server.client);
    guest = { email: registered.user.email, password: registered.password };
  });
  afterAll(async () => {
    await server.stop();
    await sendgrid.stop();
  });

  it('promises no refund when an unpaid hold is cancelled', async () => {
    const reservation = await book();
    await call('cancelReservation', reservation.id, await as(guest));
    expect(await read(reservation.id)).toMatchObject({ status: 'CANCELLED', refundAmount: null, refunds: [] });
    expect(await cancellationEmail(reservation.code)).toMatch(/Nothing was charged, so there is nothing to refund\./);
    expect(await cancellationEmail(reservation.code)).not.toMatch(/Refund:/);
  });

  it('promises no refund when a pay-at-property stay is cancelled, and stats count none', async () => {
    const reservation = await book();
    await call('confirmReservation', reservation.id, host.token);
    await call('cancelReservation', reservation.id, host.token); // the host: "everything" of nothing paid
    expect(await read(reservation.id)).toMatchObject({ status: 'CANCELLED', refundAmount: null, payments: [], refunds: [] });
    expect(await cancellationEmail(reservation.code)).toMatch(/Nothing was charged, so there is nothing to refund\./);
    expect(await refundedInStats(reservation.propertyId)).toEqual([0]);
  });

  it('refunds what was paid, and the payment, the email and the stats all say so', async () => {
    const reservation = await book();
    await server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: reservation.id }, await as(guest));
    // MODERATE, more than 5 days before check-in: everything back.
    await call('cancelReservation', reservation.id, await as(guest));
    await server.app.services.refunds.processDue();
    const after = await read(reservation.id);
    const total = after.total.amount;
    expect(total).toBe(20_000);
    expect(after).toMatchObject({
      status: 'CANCELLED',
      refundAmount: { amount: total },
      payments: [{ status: 'SUCCEEDED', amount: { amount: total }, amountRefunded: { amount: total } }],
      refunds: [{ amount: { amount: total }, status: 'SUCCEEDED' }],
    });
    expect(await cancellationEmail(reservation.code)).toMatch(/Refund: €200\.00/);
    expect(await refundedInStats(reservation.propertyId)).toEqual([total]);
  });
});
