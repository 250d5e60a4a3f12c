import { registerGuest } from './support/graphql-client';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { status refundAmount { amount } history { to actorRole } } }`;
const PAY = `mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { status } }`;
const CONFIRM = `mutation ($id: ID!) { confirmReservation(id: $id) { status } }`;

/** The role in a transition comes from the actor's relation to that reservation, not the account's highest role. */
describe('roles in a reservation', () => {
  const clock = new TestClock(new Date('2027-03-01T09:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let roomId: string;
  let next = 0;

  /** A FLEXIBLE stay of two nights at €100 checking in at 16:00 Madrid time; refund late = all but the first night. */
  const book = async (token: string) => {
    next += 1;
    const day = String(next * 3).padStart(2, '0');
    const checkOut = String(next * 3 + 2).padStart(2, '0');
    const input = { roomId, checkIn: `2027-04-${day}`, checkOut: `2027-04-${checkOut}`, guests: 2 };
    return (await server.client.data(CREATE_RESERVATION, { input }, token)).createReservation as { id: string; checkIn: string; total: { amount: number } };
  };
  /** A booking paid in local mode: refunds are only ever of money captured. */
  const bookAndPay = async (token: string) => {
    const reservation = await book(token);
    await server.client.data(PAY, { id: reservation.id }, token);
    return reservation;
  };
  /** A day before check-in: a guest gets all but the first night back. */
  const dayBefore = (checkIn: string) => clock.set(new Date(Date.parse(`${checkIn}T14:00:00Z`) - 86_400_000));

  beforeAll(async () => {
    server = await startTestServer(adminEnv, { clock });
    host = await createHost(server.client);
    const property = await createProperty(server.client, host.token, { name: 'Casa Propia', timeZone: 'Europe/Madrid', checkInTime: '16:00', cancellationPolicy: 'FLEXIBLE' });
    roomId = (await createRoom(server.client, host.token, property.id, { basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
  });
  afterAll(() => server.stop());
  beforeEach(() => clock.set('2027-03-01T09:00:00Z'));

  it('gives a host who booked their own property the guest policy refund on cancel, not a full one', async () => {
    const own = await bookAndPay(await signIn(server.client, host));
    expect(own.total.amount).toBe(20_000);
    dayBefore(own.checkIn);
    const { cancelReservation } = await server.client.data(CANCEL, { id: own.id }, await signIn(server.client, host));
    expect(cancelReservation.status).toBe('CANCELLED');
    expect(cancelReservation.refundAmount).toEqual({ amount: 10_000 });
    expect(cancelReservation.history.at(-1)).toEqual({ to: 'CANCELLED', actorRole: 'GUEST' });
  });

  it('does not let a host confirm their own booking as its host', async () => {
    const own = await book(await signIn(server.client, host));
    const refused = await server.client.error(CONFIRM, { id: own.id }, await signIn(server.client, host));
    expect(refused.extensions?.code).toBe('FORBIDDEN');
  });

  it('treats an admin who booked for themselves as the guest, and keeps the admin role on others', async () => {
    const adminOwn = await bookAndPay(await signIn(server.client, ADMIN));
    dayBefore(adminOwn.checkIn);
    const own = (await server.client.data(CANCEL, { id: adminOwn.id }, await signIn(server.client, ADMIN))).cancelReservation;
    expect(own).toMatchObject({ refundAmount: { amount: 10_000 }, history: expect.arrayContaining([{ to: 'CANCELLED', actorRole: 'GUEST' }]) });

    clock.set('2027-03-01T09:00:00Z');
    const someone = await registerGuest(server.client);
    const theirs = await bookAndPay(someone.accessToken);
    dayBefore(theirs.checkIn);
    const byAdmin = (await server.client.data(CANCEL, { id: theirs.id }, await signIn(server.client, ADMIN))).cancelReservation;
    expect(byAdmin).toMatchObject({ refundAmount: { amount: 20_000 }, history: expect.arrayContaining([{ to: 'CANCELLED', actorRole: 'ADMIN' }]) });
  });

  it('keeps the host role (and a full refund) when the host cancels a guest’s stay', async () => {
    const someone = await registerGuest(server.client);
    const theirs = await bookAndPay(someone.accessToken);
    dayBefore(theirs.checkIn);
    const byHost = (await server.client.data(CANCEL, { id: theirs.id }, await signIn(server.client, host))).cancelReservation;
    expect(byHost).toMatchObject({ refundAmount: { amount: 20_000 }, history: expect.arrayContaining([{ to: 'CANCELLED', actorRole: 'HOST' }]) });
  });
});
