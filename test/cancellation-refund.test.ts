import { CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Reservation.cancellationRefund: what cancelling now would refund the one asking, shown before they confirm
 * (the web app's "my trips"); the cancellation then refunds exactly that.
 */

const PREVIEW = `query ($id: ID!) { reservation(id: $id) { status total { amount } cancellationRefund { amount currency } } }`;
const PAY = `mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`;
const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { status refundAmount { amount } } }`;

describe('the refund a cancellation would make, before it is made', () => {
  let server: TestServer;
  let host: TestHost;
  let roomId: string;

  beforeAll(async () => {
    server = await startTestServer({ ...adminEnv });
    host = await createHost(server.client);
    const property = await createProperty(server.client, host.token, { cancellationPolicy: 'FLEXIBLE' });
    roomId = (await createRoom(server.client, host.token, property.id)).id;
  });
  afterAll(() => server?.stop());

  async function stay(checkInDays: number, paid: boolean) {
    const guest = await registerGuest(server.client);
    const input = { roomId, checkIn: daysFromNow(checkInDays), checkOut: daysFromNow(checkInDays + 3), guests: 2 };
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input }, guest.accessToken);
    if (paid) await server.client.data(PAY, { id: createReservation.id }, guest.accessToken);
    return { id: createReservation.id as string, token: guest.accessToken };
  }
  const preview = async (id: string, token: string) => (await server.client.data(PREVIEW, { id }, token)).reservation;

  it('far from check-in: the whole total, and the cancellation refunds that', async () => {
    const { id, token } = await stay(30, true);
    const before = await preview(id, token);
    expect(before.cancellationRefund).toEqual({ amount: before.total.amount, currency: 'EUR' });
    const { cancelReservation } = await server.client.data(CANCEL, { id }, token);
    expect(cancelReservation.refundAmount.amount).toBe(before.cancellationRefund.amount);
    expect((await preview(id, token)).cancellationRefund).toBeNull();
  });

  it("inside FLEXIBLE's 48 hours: all but the first night for the guest, everything for the host, and the guest's cancellation refunds the guest's figure", async () => {
    const { id, token } = await stay(1, true);
    const guestView = await preview(id, token);
    const hostView = await preview(id, host.token);
    expect(guestView.cancellationRefund.amount).toBeGreaterThan(0);
    expect(guestView.cancellationRefund.amount).toBeLessThan(guestView.total.amount);
    expect(hostView.cancellationRefund.amount).toBe(hostView.total.amount);
    const { cancelReservation } = await server.client.data(CANCEL, { id }, token);
    expect(cancelReservation.refundAmount.amount).toBe(guestView.cancellationRefund.amount);
  });

  it('nothing paid: zero; someone else: FORBIDDEN', async () => {
    const { id, token } = await stay(60, false);
    expect((await preview(id, token)).cancellationRefund).toEqual({ amount: 0, currency: 'EUR' });
    const stranger = await registerGuest(server.client);
    expect((await server.client.error(PREVIEW, { id }, stranger.accessToken)).extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
  });
});
