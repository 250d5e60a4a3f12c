import type { Client } from 'graphql-ws';
import { registerGuest } from './support/graphql-client';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { SubscriptionRecorder } from './support/subscription-recorder';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const ME = `{ me { id role } }`;
const USERS = `{ users(first: 1) { totalCount } }`;
const UPDATE_MY_ACCOUNT = `mutation ($input: UpdateMyAccountInput!) { updateMyAccount(input: $input) { fullName } }`;
const FOLLOW = `subscription ($id: ID!) { reservationUpdated(id: $id) { id status } }`;
const CONFIRM = `mutation ($id: ID!) { confirmReservation(id: $id) { id } }`;
const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { id } }`;
const ACCESS_TOKEN_TTL_MS = 900_000;

interface Account {
  id: string;
  email: string;
  password: string;
}

/** The first answer to one operation on a socket: its result, its errors, or the socket's close event. */
function ask(socket: Client, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  return new Promise((resolve) => {
    socket.subscribe({ query, variables }, { next: resolve, error: (error) => resolve(Array.isArray(error) ? { errors: error } : error), complete: () => undefined });
  });
}

function nextClose(socket: Client): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.on('closed', (event) => resolve(event as { code: number; reason: string })));
}

describe('identity on WebSockets and what parties to a reservation see of each other', () => {
  const clock = new TestClock(new Date('2027-03-01T09:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let roomId: string;
  let nextCheckIn = 1;
  const sockets: Client[] = [];

  const as = (account: { email: string; password: string }) => signIn(server.client, account);
  const connect = (token: string) => remember(server.client.webSocket({ authorization: `Bearer ${token}` }));
  const remember = (socket: Client) => (sockets.push(socket), socket);

  async function newGuest(fullName?: string): Promise<Account & { token: string }> {
    const guest = await registerGuest(server.client, fullName ? { fullName } : {});
    return { id: guest.user.id, email: guest.user.email, password: guest.password, token: guest.accessToken };
  }

  /** There is no API to make or unmake admins (only ADMIN_EMAIL at start): the database does it. */
  async function newAdmin(): Promise<Account> {
    const account = await newGuest();
    await server.app.db.query(`UPDATE users SET role = 'ADMIN' WHERE id = $1`, [account.id]);
    return account;
  }

  /** A PENDING two-night stay of a fresh guest, on dates no other test uses. */
  async function pendingReservation(guest?: Account) {
    const booker = guest ?? (await newGuest());
    const day = (n: number) => `2027-05-${String(n).padStart(2, '0')}`;
    const input = { roomId, checkIn: day(nextCheckIn), checkOut: day(nextCheckIn + 2), guests: 2 };
    nextCheckIn += 2;
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input }, await as(booker));
    return createReservation as { id: string };
  }

  const hostDoes = async (mutation: string, id: string) => server.client.data(mutation, { id }, await as(host));

  beforeAll(async () => {
    server = await startTestServer(adminEnv, { clock });
    host = await createHost(server.client, 'Casa Reservada Holidays');
    const property = await createProperty(server.client, host.token, { name: 'Casa Reservada' });
    roomId = (await createRoom(server.client, host.token, property.id)).id;
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(() => server.stop());

  describe('every operation and event uses the account as it is now', () => {
    it('refuses operations once the token has expired, closes the socket with 4403 and ends its subscriptions', async () => {
      const guest = await newGuest();
      const reservation = await pendingReservation(guest);
      const socket = connect(await as(guest));
      const following = new SubscriptionRecorder(socket, FOLLOW, { id: reservation.id }, { expectEnd: true });
      await following.started;
      expect((await ask(socket, ME)).data.me).toEqual({ id: guest.id, role: 'GUEST' });

      const closed = nextClose(socket);
      clock.advance(ACCESS_TOKEN_TTL_MS + 60_000);
      const refused = await ask(socket, ME);
      expect(refused.errors).toMatchObject([{ message: 'Access token expired: refresh it', extensions: { code: 'UNAUTHENTICATED' } }]);
      expect(await closed).toMatchObject({ code: 4403, reason: 'Access token expired: refresh it' });

      await hostDoes(CONFIRM, reservation.id);
      expect(await following.ended).toMatchObject({ code: 4403 });
      expect(following.events).toEqual([]);
    });

    it('closes an idle socket with 4403 when its token expires', async () => {
      const guest = await newGuest();
      const token = await as(guest);
      clock.advance(ACCESS_TOKEN_TTL_MS - 1_000);
      const socket = connect(token);
      expect((await ask(socket, ME)).data.me.id).toBe(guest.id);

      const closed = nextClose(socket);
      clock.advance(2_000);
      // No message goes to the server: the socket's own timer notices the expiry.
      expect(await closed).toEqual(expect.objectContaining({ code: 4403, reason: 'Access token expired: reconnect with a fresh one' }));
    });

    it('lets a client whose token expires reconnect with a fresh one and keep following its reservation', async () => {
      const guest = await newGuest();
      const reservation = await pendingReservation(guest);
      let token = await as(guest);
      clock.advance(ACCESS_TOKEN_TTL_MS - 1_000);
      // As a browser would: connectionParams read at each connection, and retries on 4403.
      const socket = remember(
        server.client.webSocket(() => ({ authorization: `Bearer ${token}` }), { retryAttempts: 3, retryWait: async () => undefined }),
      );
      const closes: Array<{ code: number }> = [];
      socket.on('closed', (event) => closes.push(event as { code: number }));
      const following = new SubscriptionRecorder(socket, FOLLOW, { id: reservation.id });
      await following.started;

      token = await as(guest);
      clock.advance(2_000);
      await following.listening(2);
      expect(closes).toMatchObject([{ code: 4403 }]);

      await hostDoes(CONFIRM, reservation.id);
      expect((await following.event(0)).data.reservationUpdated).toEqual({ id: reservation.id, status: 'CONFIRMED' });
      expect((await ask(socket, ME)).data.me.id).toBe(guest.id);
    });

    it("refuses a demoted admin's admin queries at once and ends what they may no longer follow", async () => {
      const admin = await newAdmin();
      const reservation = await pendingReservation();
      const socket = connect(await as(admin));
      const following = new SubscriptionRecorder(socket, FOLLOW, { id: reservation.id }, { expectEnd: true });
      await following.started;
      expect((await ask(socket, USERS)).data.users.totalCount).toBeGreaterThan(0);
      await hostDoes(CONFIRM, reservation.id);
      expect((await following.event(0)).data.reservationUpdated.status).toBe('CONFIRMED');

      await server.app.db.query(`UPDATE users SET role = 'GUEST' WHERE id = $1`, [admin.id]);
      expect((await ask(socket, USERS)).errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
      expect((await ask(socket, ME)).data.me).toEqual({ id: admin.id, role: 'GUEST' });

      await hostDoes(CANCEL, reservation.id);
      expect(await following.ended).toMatchObject([{ message: 'This reservation is not yours', extensions: { code: 'FORBIDDEN' } }]);
      expect(following.events).toHaveLength(1);
    });

    it("refuses a deleted account's operations, closes its sockets with 4403 and delivers no more events", async () => {
      const admin = await newAdmin();
      const reservation = await pendingReservation();
      const token = await as(admin);
      const followingSocket = connect(token);
      const following = new SubscriptionRecorder(followingSocket, FOLLOW, { id: reservation.id }, { expectEnd: true });
      const idleSocket = connect(token);
      await following.started;
      expect((await ask(idleSocket, ME)).data.me.id).toBe(admin.id);
      const followingClosed = nextClose(followingSocket);
      const idleClosed = nextClose(idleSocket);

      await server.app.db.query(`DELETE FROM users WHERE id = $1`, [admin.id]);
      const refused = await ask(idleSocket, UPDATE_MY_ACCOUNT, { input: { fullName: 'Still Here' } });
      expect(refused.errors).toMatchObject([{ message: 'The account behind this token no longer exists', extensions: { code: 'UNAUTHENTICATED' } }]);
      expect(await idleClosed).toMatchObject({ code: 4403 });

      await hostDoes(CONFIRM, reservation.id);
      expect(await followingClosed).toMatchObject({ code: 4403, reason: 'The account behind this token no longer exists' });
      expect(following.events).toEqual([]);
    });
  });

  describe('who changed a reservation', () => {
    const HISTORY = `query ($id: ID!) { reservation(id: $id) { history { actorRole actor { displayName role userId } } } }`;

    it('shows the guest a display name and role, never the host or admin account behind a change', async () => {
      const guest = await newGuest('Gus Guest');
      const reservation = await pendingReservation(guest);
      await hostDoes(CONFIRM, reservation.id);
      await server.client.data(CANCEL, { id: reservation.id }, await as(ADMIN));

      const { reservation: seenByGuest } = await server.client.data(HISTORY, { id: reservation.id }, await as(guest));
      expect(seenByGuest.history).toEqual([
        { actorRole: 'GUEST', actor: { displayName: 'Gus Guest', role: 'GUEST', userId: guest.id } },
        { actorRole: 'HOST', actor: { displayName: 'Casa Reservada Holidays', role: 'HOST', userId: null } },
        { actorRole: 'ADMIN', actor: { displayName: 'staygraph support', role: 'ADMIN', userId: null } },
      ]);
      const privateFields = await server.client.error(`query ($id: ID!) { reservation(id: $id) { history { actor { email phone } } } }`, { id: reservation.id }, await as(guest));
      expect(privateFields.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      const { reservation: seenByAdmin } = await server.client.data(HISTORY, { id: reservation.id }, await as(ADMIN));
      expect(seenByAdmin.history[1].actor.userId).toBe(host.userId);
    });

    it('sends the same actor view with reservationUpdated', async () => {
      const guest = await newGuest();
      const reservation = await pendingReservation(guest);
      const socket = connect(await as(guest));
      const following = new SubscriptionRecorder(
        socket,
        `subscription ($id: ID!) { reservationUpdated(id: $id) { history { actor { displayName role userId } } } }`,
        { id: reservation.id },
      );
      await following.started;
      await hostDoes(CONFIRM, reservation.id);
      const { history } = (await following.event(0)).data.reservationUpdated;
      expect(history.at(-1)).toEqual({ actor: { displayName: 'Casa Reservada Holidays', role: 'HOST', userId: null } });
    });
  });
});
