import type { Client } from 'graphql-ws';
import { adminToken, blockDates, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { SubscriptionRecorder } from './support/subscription-recorder';
import { startTestServer, type TestServer } from './support/test-server';

const CHANGES = `subscription ($propertyId: ID, $roomId: ID) {
  availabilityChanged(propertyId: $propertyId, roomId: $roomId) { propertyId roomId from to reason }
}`;

/** The first answer to a subscribe: an error code, or 'open' when nothing is refused within a second. */
function subscribeOutcome(socket: Client, variables: Record<string, unknown>, query = CHANGES): Promise<{ code?: unknown; field?: unknown } | 'open'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve('open');
    }, 1_000);
    const done = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) => {
      clearTimeout(timer);
      const extensions = errors?.[0]?.extensions ?? {};
      resolve({ code: extensions['code'], field: extensions['field'] });
    };
    const stop = socket.subscribe(
      { query, variables },
      { next: (result) => done(result.errors as never), error: (errors) => done(errors as never), complete: () => undefined },
    );
  });
}

const UPDATE_PROPERTY = 'mutation ($id: ID!, $input: UpdatePropertyInput!) { updateProperty(id: $id, input: $input) { id active } }';
const UPDATE_ROOM = 'mutation ($id: ID!, $input: UpdateRoomInput!) { updateRoom(id: $id, input: $input) { id active } }';

describe('availabilityChanged: scope and visibility', () => {
  let server: TestServer;
  let host: TestHost;
  let admin: string;
  let stranger: string;
  const sockets: Client[] = [];
  const socketFor = (token?: string) => {
    const socket = server.client.webSocket(token ? { authorization: `Bearer ${token}` } : {});
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    server = await startTestServer({ PUBSUB_DRIVER: 'memory' });
    host = await createHost(server.client);
    admin = await adminToken(server.client);
    stranger = (await registerGuest(server.client)).accessToken;
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(() => server.stop());

  it('requires propertyId or roomId (BAD_USER_INPUT): nobody follows every property at once', async () => {
    expect(await subscribeOutcome(socketFor(), {})).toEqual({ code: 'BAD_USER_INPUT', field: 'propertyId' });
    expect(await subscribeOutcome(socketFor(admin), {})).toEqual({ code: 'BAD_USER_INPUT', field: 'propertyId' });
  });

  it('answers NOT_FOUND to strangers for an inactive property, an unverified host\'s property and an inactive room, as the query does', async () => {
    const inactive = await createProperty(server.client, host.token, { name: 'Closed House' });
    const inactiveRoom = await createRoom(server.client, host.token, inactive.id);
    await server.client.data(UPDATE_PROPERTY, { id: inactive.id, input: { active: false } }, host.token);
    const pendingHost = await createHost(server.client, undefined, { verified: false });
    const unverified = await createProperty(server.client, pendingHost.token, { name: 'Unreviewed House' });
    const open = await createProperty(server.client, host.token, { name: 'Open House' });
    const closedRoom = await createRoom(server.client, host.token, open.id, { name: 'Closed room' });
    await server.client.data(UPDATE_ROOM, { id: closedRoom.id, input: { active: false } }, host.token);

    for (const token of [undefined, stranger]) {
      const socket = socketFor(token);
      expect(await subscribeOutcome(socket, { propertyId: inactive.id })).toEqual({ code: 'NOT_FOUND', field: undefined });
      expect(await subscribeOutcome(socket, { roomId: inactiveRoom.id })).toEqual({ code: 'NOT_FOUND', field: undefined });
      expect(await subscribeOutcome(socket, { propertyId: unverified.id })).toEqual({ code: 'NOT_FOUND', field: undefined });
      expect(await subscribeOutcome(socket, { roomId: closedRoom.id })).toEqual({ code: 'NOT_FOUND', field: undefined });
      expect(await subscribeOutcome(socket, { propertyId: open.id, roomId: inactiveRoom.id })).toEqual({ code: 'NOT_FOUND', field: undefined });
      expect(await subscribeOutcome(socket, { propertyId: open.id })).toBe('open');
    }
    // The hosts and admins follow their hidden properties, and get their events.
    expect(await subscribeOutcome(socketFor(pendingHost.token), { propertyId: unverified.id })).toBe('open');
    const owner = new SubscriptionRecorder(socketFor(host.token), CHANGES, { propertyId: inactive.id });
    const byAdmin = new SubscriptionRecorder(socketFor(admin), CHANGES, { roomId: inactiveRoom.id });
    await Promise.all([owner.started, byAdmin.started]);
    await blockDates(server.client, host.token, inactiveRoom.id, daysFromNow(10), daysFromNow(12));
    expect((await owner.event(0)).data.availabilityChanged).toMatchObject({ roomId: inactiveRoom.id, reason: 'BLOCKED' });
    expect((await byAdmin.event(0)).data.availabilityChanged).toMatchObject({ roomId: inactiveRoom.id, reason: 'BLOCKED' });
  });

  it('stops a stranger following a property that becomes hidden (NOT_FOUND), while its host keeps following', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Soon Closed' });
    const room = await createRoom(server.client, host.token, property.id);
    const anonymous = new SubscriptionRecorder(socketFor(), CHANGES, { propertyId: property.id }, { expectEnd: true });
    const guest = new SubscriptionRecorder(socketFor(stranger), CHANGES, { roomId: room.id }, { expectEnd: true });
    const owner = new SubscriptionRecorder(socketFor(host.token), CHANGES, { propertyId: property.id });
    await Promise.all([anonymous.started, guest.started, owner.started]);

    await blockDates(server.client, host.token, room.id, daysFromNow(5), daysFromNow(6));
    await Promise.all([anonymous.event(0), guest.event(0), owner.event(0)]);

    await server.client.data(UPDATE_PROPERTY, { id: property.id, input: { active: false } }, host.token);
    await blockDates(server.client, host.token, room.id, daysFromNow(20), daysFromNow(22));
    expect((await owner.event(1)).data.availabilityChanged).toMatchObject({ roomId: room.id, from: daysFromNow(20) });
    for (const follower of [anonymous, guest]) {
      const ended = (await follower.ended) as { extensions?: { code?: string } }[];
      expect(ended[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(follower.events).toHaveLength(1);
    }
  });

  it('never reports an inactive room of a followed property to strangers; its host sees it', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Half Open' });
    const shown = await createRoom(server.client, host.token, property.id, { name: 'Shown' });
    const hidden = await createRoom(server.client, host.token, property.id, { name: 'Hidden' });
    await server.client.data(UPDATE_ROOM, { id: hidden.id, input: { active: false } }, host.token);
    const anonymous = new SubscriptionRecorder(socketFor(), CHANGES, { propertyId: property.id });
    const owner = new SubscriptionRecorder(socketFor(host.token), CHANGES, { propertyId: property.id });
    await Promise.all([anonymous.started, owner.started]);

    await blockDates(server.client, host.token, hidden.id, daysFromNow(7), daysFromNow(8));
    await blockDates(server.client, host.token, shown.id, daysFromNow(7), daysFromNow(8));
    expect((await owner.event(1)).data.availabilityChanged.roomId).toBe(shown.id);
    expect(owner.events.map((event) => event.data.availabilityChanged.roomId)).toEqual([hidden.id, shown.id]);
    expect((await anonymous.event(0)).data.availabilityChanged.roomId).toBe(shown.id);
    expect(anonymous.events).toHaveLength(1);
  });
});
