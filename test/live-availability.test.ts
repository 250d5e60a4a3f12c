import { BLOCK, adminEnv, blockDates, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { SubscriptionRecorder } from './support/subscription-recorder';
import { startTestServer, type TestServer } from './support/test-server';
import { InMemoryPubSub } from '../src/platform/pubsub/pubsub';
import { startRedisServer, type RedisServer } from './support/redis-server';

const CHANGES = `subscription ($propertyId: ID, $roomId: ID) {
  availabilityChanged(propertyId: $propertyId, roomId: $roomId) { propertyId roomId from to reason at }
}`;

/** Both ways events travel between instances: NOTIFY, and Redis (with REDIS_URL, against a real redis-server). */
describe.each(['postgres', 'redis'] as const)('live availability over graphql-ws (PUBSUB_DRIVER=%s)', (driver) => {
  let redis: RedisServer | undefined;
  let instanceA: TestServer;
  let instanceB: TestServer;
  let host: TestHost;
  let propertyId: string;
  let room1: string;
  let room2: string;

  beforeAll(async () => {
    if (driver === 'redis') redis = await startRedisServer();
    const env: Record<string, string> = redis ? { PUBSUB_DRIVER: driver, REDIS_URL: redis.url } : { PUBSUB_DRIVER: driver };
    instanceA = await startTestServer({ ...adminEnv, ...env });
    // A second server process-equivalent on the same database: its own pool, listener and HTTP port.
    instanceB = await startTestServer(env, { databaseUrl: instanceA.databaseUrl });
    host = await createHost(instanceB.client);
    propertyId = (await createProperty(instanceB.client, host.token, { name: 'Casa Viva' })).id;
    room1 = (await createRoom(instanceB.client, host.token, propertyId, { name: 'One' })).id;
    room2 = (await createRoom(instanceB.client, host.token, propertyId, { name: 'Two' })).id;
  });
  afterAll(async () => {
    await instanceB?.stop();
    await instanceA?.stop();
    await redis?.stop();
  });

  it('delivers a change made through another instance on the same database', async () => {
    const socket = instanceA.client.webSocket();
    const recorder = new SubscriptionRecorder(socket, CHANGES, { propertyId });
    try {
      await recorder.started;
      await blockDates(instanceB.client, host.token, room1, daysFromNow(10), daysFromNow(12));
      const { data } = await recorder.event(0);
      expect(data.availabilityChanged).toMatchObject({ propertyId, roomId: room1, from: daysFromNow(10), to: daysFromNow(12), reason: 'BLOCKED' });
      expect(Date.parse(data.availabilityChanged.at)).toBeGreaterThan(Date.now() - 60_000);
    } finally {
      recorder.stop();
      await socket.dispose();
    }
  });

  it('publishes nothing for a change that rolled back', async () => {
    const socket = instanceA.client.webSocket();
    const recorder = new SubscriptionRecorder(socket, CHANGES, { roomId: room2 });
    try {
      await recorder.started;
      const kept = await blockDates(instanceB.client, host.token, room2, daysFromNow(20), daysFromNow(25));
      await recorder.event(0);
      // Overlapping: the transaction fails and rolls back.
      const failed = await instanceB.client.error(BLOCK, { roomId: room2, from: daysFromNow(22), to: daysFromNow(23) }, host.token);
      expect(failed.extensions?.code).toBe('CONFLICT');
      // The next event seen must be the unblock that follows, not the failed block.
      await instanceB.client.data(`mutation ($id: ID!) { unblockDates(blockId: $id) }`, { id: kept.id }, host.token);
      const next = await recorder.event(1);
      expect(next.data.availabilityChanged).toMatchObject({ roomId: room2, reason: 'UNBLOCKED', from: daysFromNow(20), to: daysFromNow(25) });
      expect(recorder.events.map((e) => e.data.availabilityChanged.reason)).toEqual(['BLOCKED', 'UNBLOCKED']);
    } finally {
      recorder.stop();
      await socket.dispose();
    }
  });

  it('filters by room: events of other rooms are not delivered', async () => {
    const socket = instanceB.client.webSocket();
    const recorder = new SubscriptionRecorder(socket, CHANGES, { roomId: room2 });
    try {
      await recorder.started;
      await blockDates(instanceA.client, host.token, room1, daysFromNow(40), daysFromNow(41));
      await blockDates(instanceA.client, host.token, room2, daysFromNow(40), daysFromNow(41));
      const first = await recorder.event(0);
      expect(first.data.availabilityChanged.roomId).toBe(room2);
    } finally {
      recorder.stop();
      await socket.dispose();
    }
  });
});

describe('the in-process pub/sub', () => {
  it('delivers to matching subscribers and stops on return()', async () => {
    const pubsub = new InMemoryPubSub();
    const evens = pubsub.subscribe<{ n: number }>('numbers', (payload) => payload.n % 2 === 0);
    const next = evens.next();
    await pubsub.publish('numbers', { n: 1 });
    await pubsub.publish('numbers', { n: 2 });
    expect(await next).toEqual({ done: false, value: { n: 2 } });
    await evens.return?.();
    expect(await evens.next()).toEqual({ done: true, value: undefined });
  });
});

const CATALOG_READ = /^SELECT[\s\S]*\bFROM "?(rooms|properties|host_profiles)"?\b/i;

describe('fan-out cost', () => {
  let server: TestServer;
  let statements = 0;

  beforeAll(async () => {
    // Only the reads a visibility check makes: the job runner, rate limits and other background work
    // run their own statements meanwhile, more or fewer as the machine is loaded.
    server = await startTestServer({ ...adminEnv }, { onQuery: (sql) => (CATALOG_READ.test(sql) ? (statements += 1) : undefined) });
  });
  afterAll(() => server?.stop());

  /** Reads of rooms, properties and hosts from a block until each of `followers` subscribers (a property's, a room's) has its event. */
  async function statementsForOneChange(followers: number, first: number): Promise<number> {
    const host = await createHost(server.client);
    const propertyId = (await createProperty(server.client, host.token)).id;
    const roomId = (await createRoom(server.client, host.token, propertyId)).id;
    const socket = server.client.webSocket();
    const recorders = Array.from({ length: followers }, (_, n) => new SubscriptionRecorder(socket, CHANGES, n % 2 ? { roomId } : { propertyId }));
    try {
      await Promise.all(recorders.map((recorder) => recorder.started));
      // A first change that every follower receives: their subscriptions are all set up after it.
      await blockDates(server.client, host.token, roomId, daysFromNow(first), daysFromNow(first + 1));
      await Promise.all(recorders.map((recorder) => recorder.event(0)));
      const before = statements;
      await blockDates(server.client, host.token, roomId, daysFromNow(first + 2), daysFromNow(first + 3));
      await Promise.all(recorders.map((recorder) => recorder.event(1)));
      return statements - before;
    } finally {
      for (const recorder of recorders) recorder.stop();
      await socket.dispose();
    }
  }

  it("checks each event's visibility once per calendar for all of an instance's followers, not once per follower", async () => {
    const few = await statementsForOneChange(2, 10);
    const many = await statementsForOneChange(20, 20);
    // Per follower it was 3 to 4 reads (room, property, host, the changed room) for every event.
    expect(many).toBe(few);
  });
});
