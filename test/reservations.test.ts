import { registerGuest } from './support/graphql-client';
import {
  ADMIN, CREATE_RESERVATION, RESERVATION_FIELDS, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost,
} from './support/fixtures';
import { SubscriptionRecorder } from './support/subscription-recorder';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const mutation = (name: string, args = '$id: ID!', call = 'id: $id') =>
  `mutation (${args}) { ${name}(${call}) { ${RESERVATION_FIELDS} } }`;
const CANCEL = mutation('cancelReservation', '$id: ID!, $reason: String', 'id: $id, reason: $reason');
const CONFIRM = mutation('confirmReservation');
const REJECT = mutation('rejectReservation', '$id: ID!, $reason: String', 'id: $id, reason: $reason');
const NO_SHOW = mutation('markNoShow');
const GET = `query ($id: ID!) { reservation(id: $id) { ${RESERVATION_FIELDS} } }`;

interface Account {
  email: string;
  password: string;
}

describe('reservations through the running server', () => {
  const clock = new TestClock(new Date('2027-03-01T09:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let guest: Account & { id: string };
  let stranger: Account;
  let propertyId: string;
  let roomId: string;

  const as = (account: Account) => signIn(server.client, account);
  const book = async (account: Account, input: Record<string, unknown>) =>
    (await server.client.data(CREATE_RESERVATION, { input: { roomId, guests: 2, ...input } }, await as(account))).createReservation;
  const act = async (query: string, account: Account, variables: Record<string, unknown>) => server.client.request(query, variables, await as(account));

  beforeAll(async () => {
    server = await startTestServer(adminEnv, { clock });
    host = await createHost(server.client, 'Casa Reserva');
    const registered = await registerGuest(server.client, { fullName: 'Gina Guest', phone: '+34611222333' });
    guest = { email: registered.user.email, password: registered.password, id: registered.user.id };
    const other = await registerGuest(server.client);
    stranger = { email: other.user.email, password: other.password };
    propertyId = (
      await createProperty(server.client, host.token, { name: 'Casa Reserva', timeZone: 'Europe/Madrid', checkInTime: '16:00', cancellationPolicy: 'FLEXIBLE' })
    ).id;
    roomId = (await createRoom(server.client, host.token, propertyId, { maxGuests: 4, basePricePerNight: { amount: 10_000, currency: 'EUR' } })).id;
  });
  afterAll(() => server.stop());
  beforeEach(() => clock.set('2027-03-01T09:00:00Z'));

  describe('booking', () => {
    it('creates a PENDING reservation with a code, a hold, the contact and the price snapshot', async () => {
      const reservation = await book(guest, { checkIn: '2027-04-01', checkOut: '2027-04-04', specialRequests: 'Late arrival' });
      expect(reservation).toMatchObject({
        status: 'PENDING',
        checkIn: '2027-04-01',
        checkOut: '2027-04-04',
        nights: 3,
        holdExpiresAt: '2027-03-01T09:15:00.000Z',
        guest: { id: guest.id },
        contact: { name: 'Gina Guest', email: guest.email, phone: '+34611222333' },
        specialRequests: 'Late arrival',
        total: { amount: 30_000, currency: 'EUR' },
        cancellationPolicy: 'FLEXIBLE',
        refundAmount: null,
        history: [{ from: null, to: 'PENDING', actorRole: 'GUEST', actor: { displayName: 'Gina Guest', role: 'GUEST', userId: guest.id } }],
      });
      expect(reservation.code).toMatch(/^SG-[2-9A-HJKMNP-Z]{6}$/);
      expect(reservation.lines).toEqual([
        { date: '2027-04-01', price: { amount: 10_000 }, rule: null },
        { date: '2027-04-02', price: { amount: 10_000 }, rule: null },
        { date: '2027-04-03', price: { amount: 10_000 }, rule: null },
      ]);
    });

    it('refuses dates already taken with CONFLICT', async () => {
      await book(guest, { checkIn: '2027-04-10', checkOut: '2027-04-12' });
      const taken = await server.client.error(CREATE_RESERVATION, { input: { roomId, guests: 2, checkIn: '2027-04-11', checkOut: '2027-04-13' } }, await as(stranger));
      expect(taken).toMatchObject({ message: 'Those dates are no longer available', extensions: { code: 'CONFLICT' } });
      // Back-to-back is fine: check-out day is the next check-in day.
      await book(stranger, { checkIn: '2027-04-12', checkOut: '2027-04-13' });
    });

    it('assigns a free room of the requested type, until none is left', async () => {
      const hotel = (await createProperty(server.client, host.token, { name: 'Hotel Tipo', kind: 'HOTEL' })).id;
      const double = { roomType: { code: 'DOUBLE', label: 'Double' }, maxGuests: 2 };
      const rooms = [(await createRoom(server.client, host.token, hotel, { ...double, name: 'A' })).id, (await createRoom(server.client, host.token, hotel, { ...double, name: 'B' })).id];
      const byType = { roomId: null, propertyId: hotel, roomType: 'double', checkIn: '2027-05-01', checkOut: '2027-05-03' };
      const first = await book(guest, byType);
      const second = await book(stranger, byType);
      expect([first.room.id, second.room.id].sort()).toEqual([...rooms].sort());
      const none = await server.client.error(CREATE_RESERVATION, { input: { ...byType, guests: 2 } }, await as(guest));
      expect(none).toMatchObject({ message: 'No DOUBLE room is free for those dates', extensions: { code: 'CONFLICT' } });
    });

    it('validates guests, nights, the room and the check-in date in the property time zone', async () => {
      const token = await as(guest);
      const attempt = (input: Record<string, unknown>) =>
        server.client.error(CREATE_RESERVATION, { input: { roomId, guests: 2, checkIn: '2027-06-01', checkOut: '2027-06-03', ...input } }, token);
      expect((await attempt({ guests: 5 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'guests' });
      expect((await attempt({ guests: 0 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'guests' });
      expect((await attempt({ checkOut: '2027-06-01' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkOut' });
      expect((await attempt({ lateCheckout: true })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lateCheckout' });
      expect((await attempt({ roomId: null })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roomId' });
      expect((await server.client.error(CREATE_RESERVATION, { input: { roomId, guests: 2, checkIn: '2027-06-01', checkOut: '2027-06-03' } })).extensions?.code).toBe(
        'UNAUTHENTICATED',
      );

      // 11:30 UTC on 10 March: already the 11th on Kiritimati (UTC+14), still the 10th in Pago Pago (UTC−11).
      const ahead = (await createProperty(server.client, host.token, { name: 'Line Islands', timeZone: 'Pacific/Kiritimati' })).id;
      const behind = (await createProperty(server.client, host.token, { name: 'Samoa Stay', timeZone: 'Pacific/Pago_Pago' })).id;
      const aheadRoom = (await createRoom(server.client, host.token, ahead)).id;
      const behindRoom = (await createRoom(server.client, host.token, behind)).id;
      clock.set('2027-03-10T11:30:00Z');
      const late = await server.client.error(CREATE_RESERVATION, { input: { roomId: aheadRoom, guests: 2, checkIn: '2027-03-10', checkOut: '2027-03-12' } }, await as(guest));
      expect(late.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checkIn' });
      expect((await book(guest, { roomId: behindRoom, checkIn: '2027-03-10', checkOut: '2027-03-12' })).status).toBe('PENDING');

      await server.client.data(`mutation ($id: ID!) { updateRoom(id: $id, input: { active: false }) { id } }`, { id: behindRoom }, await as(host));
      // An inactive room is hidden from guests (NOT_FOUND, as everywhere); its host hears why it cannot be booked.
      const closedStay = { roomId: behindRoom, guests: 2, checkIn: '2027-04-10', checkOut: '2027-04-12' };
      expect((await server.client.error(CREATE_RESERVATION, { input: closedStay }, await as(guest))).extensions?.code).toBe('NOT_FOUND');
      const inactive = await server.client.error(CREATE_RESERVATION, { input: closedStay }, await as(host));
      expect(inactive.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roomId' });
    });
  });

  describe('lifecycle', () => {
    let next = 0;
    /** A fresh PENDING reservation on its own dates in May–December. */
    const pending = async (account: Account = guest) => {
      next += 1;
      const start = new Date(Date.UTC(2027, 4, 1 + next * 3)).toISOString().slice(0, 10);
      const end = new Date(Date.UTC(2027, 4, 3 + next * 3)).toISOString().slice(0, 10);
      return book(account, { checkIn: start, checkOut: end });
    };
    const confirmed = async () => {
      const reservation = await pending();
      await act(CONFIRM, host, { id: reservation.id });
      return reservation;
    };
    const code = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code;

    it('lets the host or an admin confirm, and nobody else', async () => {
      const reservation = await pending();
      expect(code(await act(CONFIRM, guest, { id: reservation.id }))).toBe('FORBIDDEN');
      expect(code(await act(CONFIRM, stranger, { id: reservation.id }))).toBe('FORBIDDEN');
      const otherHost = await createHost(server.client);
      expect(code(await act(CONFIRM, otherHost, { id: reservation.id }))).toBe('FORBIDDEN');
      const byHost = await act(CONFIRM, host, { id: reservation.id });
      expect(byHost.data?.['confirmReservation']).toMatchObject({ status: 'CONFIRMED', holdExpiresAt: null });
      const byAdmin = await act(CONFIRM, ADMIN, { id: (await pending()).id });
      expect(byAdmin.data?.['confirmReservation'].status).toBe('CONFIRMED');
    });

    it('lets the host or an admin reject a PENDING booking, with the reason in the history', async () => {
      const reservation = await pending();
      expect(code(await act(REJECT, guest, { id: reservation.id }))).toBe('FORBIDDEN');
      const rejected = await act(REJECT, host, { id: reservation.id, reason: 'Closed for works' });
      expect(rejected.data?.['rejectReservation'].history.at(-1)).toMatchObject({ from: 'PENDING', to: 'REJECTED', actorRole: 'HOST', reason: 'Closed for works' });
      expect((await act(REJECT, ADMIN, { id: (await pending()).id })).data?.['rejectReservation'].status).toBe('REJECTED');
      const confirmedOne = await confirmed();
      expect(code(await act(REJECT, host, { id: confirmedOne.id }))).toBe('CONFLICT');
    });

    it('lets the guest, the host and an admin cancel a PENDING booking, releasing the dates', async () => {
      for (const account of [guest, host, ADMIN]) {
        const reservation = await pending();
        const result = await act(CANCEL, account, { id: reservation.id, reason: 'Plans changed' });
        // Nothing was paid for the hold, so nothing is refunded.
        expect(result.data?.['cancelReservation']).toMatchObject({ status: 'CANCELLED', refundAmount: null });
        // The dates are free again.
        await book(stranger, { checkIn: reservation.checkIn, checkOut: reservation.checkOut });
      }
      expect(code(await act(CANCEL, stranger, { id: (await pending()).id }))).toBe('FORBIDDEN');
    });

    it('lets the guest cancel a CONFIRMED stay only until check-in; the host any time', async () => {
      const reservation = await confirmed();
      clock.set(`${reservation.checkIn}T14:00:01Z`); // 16:00:01 in Madrid (summer time)
      const tooLate = await act(CANCEL, guest, { id: reservation.id });
      expect(tooLate.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringMatching(/Check-in time has passed/) });
      const byHost = await act(CANCEL, host, { id: reservation.id });
      // Confirmed by the host to pay at the property: no money was captured, so none is refunded.
      expect(byHost.data?.['cancelReservation']).toMatchObject({ status: 'CANCELLED', refundAmount: null });
    });

    it('records a no-show once the check-in time has passed, by the host or an admin', async () => {
      const reservation = await confirmed();
      clock.set(`${reservation.checkIn}T13:59:00Z`); // 15:59 in Madrid: the guest may still come
      expect(code(await act(NO_SHOW, host, { id: reservation.id }))).toBe('CONFLICT');
      clock.set(`${reservation.checkIn}T22:30:00Z`);
      expect(code(await act(NO_SHOW, guest, { id: reservation.id }))).toBe('FORBIDDEN');
      expect((await act(NO_SHOW, host, { id: reservation.id })).data?.['markNoShow'].status).toBe('NO_SHOW');
      const another = await confirmed();
      clock.set(`${another.checkIn}T22:30:00Z`);
      expect((await act(NO_SHOW, ADMIN, { id: another.id })).data?.['markNoShow'].status).toBe('NO_SHOW');
    });

    it('expires elapsed holds and completes finished stays (maintenance), releasing dates once', async () => {
      const hold = await pending();
      const stay = await confirmed();
      clock.set('2027-03-01T09:14:59Z');
      expect(await server.app.services.reservations.expireHolds()).toBe(0);
      clock.set('2027-03-01T09:15:00Z');
      expect(await server.app.services.reservations.expireHolds()).toBeGreaterThanOrEqual(1);
      const expired = (await server.client.data(GET, { id: hold.id }, await as(guest))).reservation;
      expect(expired).toMatchObject({ status: 'EXPIRED', history: [{ to: 'PENDING' }, { from: 'PENDING', to: 'EXPIRED', actorRole: 'SYSTEM', actor: null, reason: 'hold expired' }] });
      await book(stranger, { checkIn: hold.checkIn, checkOut: hold.checkOut });

      clock.set(`${stay.checkOut}T08:00:00Z`);
      expect(await server.app.services.reservations.completeStays()).toBeGreaterThanOrEqual(1);
      expect((await server.client.data(GET, { id: stay.id }, await as(guest))).reservation.status).toBe('COMPLETED');
    });

    it('never changes a terminal reservation again: CONFLICT naming its status for every party', async () => {
      const cancelled = await pending();
      await act(CANCEL, guest, { id: cancelled.id });
      const rejected = await pending();
      await act(REJECT, host, { id: rejected.id });
      const expired = await pending();
      const completed = await confirmed();
      const noShow = await confirmed();
      clock.set('2027-03-01T09:20:00Z');
      await server.app.services.reservations.expireHolds();
      clock.set(`${noShow.checkIn}T20:00:00Z`);
      await act(NO_SHOW, host, { id: noShow.id });
      clock.set(`${completed.checkOut}T12:00:00Z`);
      await server.app.services.reservations.completeStays();

      const terminal = [[cancelled, 'CANCELLED'], [rejected, 'REJECTED'], [expired, 'EXPIRED'], [completed, 'COMPLETED'], [noShow, 'NO_SHOW']] as const;
      // One sign-in per party (not one per request: 60 password checks are slow on a busy machine).
      const tokens = new Map<Account, string>();
      for (const account of [guest, host, ADMIN]) tokens.set(account, await as(account));
      for (const [reservation, status] of terminal) {
        for (const account of [guest, host, ADMIN]) {
          for (const query of [CANCEL, CONFIRM, REJECT, NO_SHOW]) {
            const result = await server.client.request(query, { id: reservation.id }, tokens.get(account));
            const error = result.errors?.[0];
            // A guest is refused host-only mutations by the schema; every party else hears the status.
            if (account === guest && query !== CANCEL) expect(error?.extensions?.code).toBe('FORBIDDEN');
            else expect(error).toMatchObject({ message: `Reservation ${reservation.code} is ${status}`, extensions: { code: 'CONFLICT', status } });
          }
        }
        expect(code(await act(CANCEL, stranger, { id: reservation.id }))).toBe('FORBIDDEN');
      }
      const confirmedOne = await confirmed();
      const again = await act(CONFIRM, host, { id: confirmedOne.id });
      expect(again.errors?.[0]?.message).toBe(`Reservation ${confirmedOne.code} is CONFIRMED`);
    }, 60_000);
  });

  describe('refunds by cancellation policy, around the daylight-saving change', () => {
    // Madrid moves to summer time on Sunday 28 March 2027. Check-in Monday 29 March at 16:00 CEST = 14:00 UTC.
    const checkIn = '2027-03-29';
    const checkInUtc = Date.parse('2027-03-29T14:00:00Z');
    const hours = (h: number, m = 0) => new Date(checkInUtc - (h * 60 + m) * 60_000);

    async function refundAt(policy: string, cancelAt: Date, by: Account = guest): Promise<{ total: number; refund: number; firstNight: number }> {
      const hostToken = await as(host);
      const property = (await createProperty(server.client, hostToken, { name: `Policy ${policy} ${Math.random()}`, timeZone: 'Europe/Madrid', checkInTime: '16:00', cancellationPolicy: policy })).id;
      const room = (await createRoom(server.client, hostToken, property, { basePricePerNight: { amount: 10_001, currency: 'EUR' } })).id;
      await server.client.data(
        `mutation ($id: ID!) { updatePricingSettings(propertyId: $id, input: { taxRatePercent: 10, cleaningFee: { amount: 2500, currency: "EUR" } }) { taxRatePercent } }`,
        { id: property },
        hostToken,
      );
      const reservation = await book(guest, { roomId: room, checkIn, checkOut: '2027-04-01' });
      // Paid (local payment mode), so the policy has captured money to refund.
      await act(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, guest, { id: reservation.id });
      clock.set(cancelAt);
      const cancelled = await act(CANCEL, by, { id: reservation.id });
      if (cancelled.errors) throw new Error(JSON.stringify(cancelled.errors));
      return { total: reservation.total.amount, refund: cancelled.data?.['cancelReservation'].refundAmount.amount, firstNight: reservation.lines[0].price.amount };
    }

    it('FLEXIBLE: everything until 48 h before, then all but the first night (and its tax)', async () => {
      const early = await refundAt('FLEXIBLE', hours(48, 1));
      expect(early.refund).toBe(early.total);
      const late = await refundAt('FLEXIBLE', hours(47, 59));
      // first night 10 001 + 10 % tax (1 000.1 → 1 000) = 11 001 kept
      expect(late.refund).toBe(late.total - 11_001);
      const exactly = await refundAt('FLEXIBLE', hours(48));
      expect(exactly.refund).toBe(exactly.total);
    });

    it('MODERATE: everything until 5 days before, then 50 % rounded half up', async () => {
      const early = await refundAt('MODERATE', hours(120, 1));
      expect(early.refund).toBe(early.total);
      const late = await refundAt('MODERATE', hours(119, 59));
      expect(late.total).toBe(35_753); // 3 × 10 001 + 2 500 cleaning + 3 250 tax (3 250.3)
      // 50 % of 35 753 is 17 876.5: half a cent rounds up
      expect(late.refund).toBe(17_877);
    });

    it('STRICT: 50 % until 7 days before, then nothing', async () => {
      expect((await refundAt('STRICT', hours(168, 1))).refund).toBe(17_877);
      expect((await refundAt('STRICT', hours(167, 59))).refund).toBe(0);
    });

    it('refunds in full when the host cancels, whatever the policy and the time', async () => {
      const byHost = await refundAt('STRICT', hours(1), host);
      expect(byHost.refund).toBe(byHost.total);
    });
  });

  describe('queries', () => {
    it('shows a reservation to its guest, the host and admins only', async () => {
      const reservation = await book(guest, { checkIn: '2027-09-01', checkOut: '2027-09-03' });
      for (const account of [guest, host, ADMIN]) {
        expect((await server.client.data(GET, { id: reservation.id }, await as(account))).reservation.id).toBe(reservation.id);
      }
      expect((await server.client.error(GET, { id: reservation.id }, await as(stranger))).extensions?.code).toBe('FORBIDDEN');
      expect((await server.client.error(GET, { id: reservation.id })).extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('splits myReservations into upcoming, current and past in the property time zone', async () => {
      const traveller = await registerGuest(server.client);
      const account = { email: traveller.user.email, password: traveller.password };
      clock.set('2027-10-01T09:00:00Z');
      const past = await book(account, { checkIn: '2027-10-02', checkOut: '2027-10-04' });
      const current = await book(account, { checkIn: '2027-10-10', checkOut: '2027-10-15' });
      const upcoming = await book(account, { checkIn: '2027-11-01', checkOut: '2027-11-03' });
      const later = await book(account, { checkIn: '2027-11-10', checkOut: '2027-11-12' });
      clock.set('2027-10-12T10:00:00Z');
      const token = await as(account);
      const scope = async (value: string, first = 10, after?: string) =>
        (await server.client.data(`query ($scope: ReservationScope, $first: Int, $after: String) {
          myReservations(scope: $scope, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }
        }`, { scope: value, first, after }, token)).myReservations;
      const ids = (connection: any) => connection.edges.map((e: any) => e.node.id);
      expect(ids(await scope('PAST'))).toEqual([past.id]);
      expect(ids(await scope('CURRENT'))).toEqual([current.id]);
      expect(ids(await scope('UPCOMING'))).toEqual([upcoming.id, later.id]);
      expect(ids(await scope('ALL'))).toEqual([later.id, upcoming.id, current.id, past.id]);
      const page1 = await scope('UPCOMING', 1);
      expect(page1).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
      expect(ids(await scope('UPCOMING', 1, page1.pageInfo.endCursor))).toEqual([later.id]);
    });

    it('lists a host its own reservations only, and admins everything by filter', async () => {
      const reservation = await book(guest, { checkIn: '2027-12-01', checkOut: '2027-12-03' });
      const HOST_LIST = `query ($propertyId: ID, $status: ReservationStatus) { hostReservations(propertyId: $propertyId, status: $status, first: 100) { totalCount edges { node { id code } } } }`;
      const own = await server.client.data(HOST_LIST, { propertyId }, await as(host));
      expect(own.hostReservations.edges.map((e: any) => e.node.id)).toContain(reservation.id);
      const otherHost = await createHost(server.client);
      expect((await server.client.data(HOST_LIST, {}, otherHost.token)).hostReservations.totalCount).toBe(0);
      expect((await server.client.error(HOST_LIST, { propertyId }, otherHost.token)).extensions?.code).toBe('FORBIDDEN');

      const ADMIN_LIST = `query ($filter: ReservationFilter) { reservations(filter: $filter) { totalCount edges { node { id } } } }`;
      const byCode = await server.client.data(ADMIN_LIST, { filter: { code: reservation.code.toLowerCase() } }, await as(ADMIN));
      expect(byCode.reservations).toEqual({ totalCount: 1, edges: [{ node: { id: reservation.id } }] });
      expect((await server.client.error(ADMIN_LIST, {}, await as(host))).extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('subscriptions', () => {
    it('tells the guest about their reservation and refuses strangers', async () => {
      const reservation = await book(guest, { checkIn: '2027-08-20', checkOut: '2027-08-22' });
      const socket = server.client.webSocket({ authorization: `Bearer ${await as(guest)}` });
      const recorder = new SubscriptionRecorder(socket, `subscription ($id: ID!) { reservationUpdated(id: $id) { id status } }`, { id: reservation.id });
      try {
        await recorder.started;
        await act(CONFIRM, host, { id: reservation.id });
        expect((await recorder.event(0)).data.reservationUpdated).toEqual({ id: reservation.id, status: 'CONFIRMED' });
      } finally {
        recorder.stop();
        await socket.dispose();
      }

      const strangerSocket = server.client.webSocket({ authorization: `Bearer ${await as(stranger)}` });
      try {
        const refused = await new Promise<any>((resolve) => {
          strangerSocket.subscribe(
            { query: `subscription ($id: ID!) { reservationUpdated(id: $id) { id } }`, variables: { id: reservation.id } },
            { next: resolve, error: resolve, complete: () => undefined },
          );
        });
        expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
      } finally {
        await strangerSocket.dispose();
      }
    });

    it('publishes availability: RESERVED on booking, RELEASED on cancelling', async () => {
      const socket = server.client.webSocket();
      const recorder = new SubscriptionRecorder(socket, `subscription ($roomId: ID) { availabilityChanged(roomId: $roomId) { roomId from to reason } }`, { roomId });
      try {
        await recorder.started;
        const reservation = await book(guest, { checkIn: '2027-08-25', checkOut: '2027-08-27' });
        expect((await recorder.event(0)).data.availabilityChanged).toEqual({ roomId, from: '2027-08-25', to: '2027-08-27', reason: 'RESERVED' });
        await act(CANCEL, guest, { id: reservation.id });
        expect((await recorder.event(1)).data.availabilityChanged).toMatchObject({ reason: 'RELEASED', from: '2027-08-25' });
      } finally {
        recorder.stop();
        await socket.dispose();
      }
    });
  });
});
