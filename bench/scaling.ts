/**
 * bench/scaling: staygraph as a deployment runs it — real server processes behind a real nginx on one
 * PostgreSQL (and one Redis).
 * - Throughput of one instance against three, both behind the same nginx (interleaved rounds, bench/load),
 *   on the public property list (a read that costs CPU in the server and a statement in PostgreSQL).
 * - Fan-out: 1,000 graphql-ws subscribers spread over three instances, one host's change made through one of
 *   them; how long until every subscriber has it, through Redis PUBLISH/SUBSCRIBE and through NOTIFY.
 * Run: npm run bench:scaling   (needs redis-server and nginx; DATABASE_URL optional; ROUNDS, DURATION, SUBSCRIBERS, EVENTS)
 */
import { type Client as SocketClient, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { adminEnv, blockDates, createHost, createProperty, createRoom, daysFromNow } from '../test/support/fixtures';
import { GraphQLTestClient } from '../test/support/graphql-client';
import { startNginx, type Nginx } from '../test/support/nginx';
import { startRedisServer } from '../test/support/redis-server';
import { spawnServer, type SpawnedServer } from '../test/support/spawned-server';
import { compare } from './load';
import { benchDatabase, machine, ms, percentile, runBenchmark, writeFigures } from './support';

const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const DURATION_SECONDS = Number(process.env['DURATION'] ?? 5);
const SUBSCRIBERS = Number(process.env['SUBSCRIBERS'] ?? 1_000);
const EVENTS = Number(process.env['EVENTS'] ?? 20);

const LIST = JSON.stringify({
  query: `{ properties(first: 20) { edges { node { id name slug kind currency rating rooms { id name maxGuests basePricePerNight { amount currency } } host { id businessName } } } } }`,
});
const CHANGES = `subscription ($roomId: ID) { availabilityChanged(roomId: $roomId) { roomId from to reason } }`;

interface Instance {
  server: SpawnedServer;
  url: string;
  port: number;
}

async function startInstances(count: number, env: Record<string, string>): Promise<Instance[]> {
  const start = async () => {
    const server = spawnServer(env);
    const url = new URL(JSON.parse(await server.waitFor(/staygraph is listening/, 120_000)).url as string);
    return { server, url: url.origin, port: Number(url.port) };
  };
  const first = await start(); // migrates
  return [first, ...(await Promise.all(Array.from({ length: count - 1 }, start)))];
}

async function stopInstances(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map(async ({ server }) => {
      server.child.kill('SIGTERM');
      await server.exited;
    }),
  );
}

/** `count` subscribers spread round robin over the instances, each listening to the room. */
async function subscribe(instances: Instance[], count: number, roomId: string, onEvent: (from: string) => void): Promise<SocketClient[]> {
  const sockets: SocketClient[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => {
      const instance = instances[(i + j) % instances.length]!;
      const socket = createClient({ url: `${instance.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.subscribe<{ availabilityChanged: { from: string } }>(
          { query: CHANGES, variables: { roomId } },
          { next: ({ data }) => data && onEvent(data.availabilityChanged.from), error: reject, complete: () => undefined },
        );
        socket.on('connected', () => resolve());
      });
    });
    await Promise.all(batch);
  }
  // graphql-ws acknowledges the socket, not the subscription: give the last ones time to listen.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return sockets;
}

interface FanOut {
  /** Per event: time from sending the change until its mutation was answered. */
  answered: number[];
  /** Per event: time from sending the change until the last subscriber had it. */
  all: number[];
  /** Per delivery: time from sending the change until that subscriber had it. */
  each: number[];
}

/** EVENTS changes, one at a time, each made through the first instance; every subscriber must see each. */
async function measureFanOut(instances: Instance[], hostToken: string, roomId: string, firstDay: number): Promise<FanOut> {
  const client = new GraphQLTestClient(instances[0]!.url);
  let waiting: { from: string; sentAt: number; left: number; done: () => void } | undefined;
  const each: number[] = [];
  const sockets = await subscribe(instances, SUBSCRIBERS, roomId, (from) => {
    if (!waiting || from !== waiting.from) return;
    each.push(performance.now() - waiting.sentAt);
    if (--waiting.left === 0) waiting.done();
  });
  const all: number[] = [];
  const answered: number[] = [];
  try {
    for (let n = 0; n < EVENTS; n += 1) {
      const from = daysFromNow(firstDay + n * 2);
      const delivered = new Promise<void>((done) => (waiting = { from, sentAt: performance.now(), left: SUBSCRIBERS, done }));
      const timeout = setTimeout(() => console.error(`event ${n}: ${waiting?.left} subscribers still waiting after 30 s`), 30_000);
      await blockDates(client, hostToken, roomId, from, daysFromNow(firstDay + n * 2 + 1));
      answered.push(performance.now() - waiting!.sentAt);
      await delivered;
      clearTimeout(timeout);
      all.push(performance.now() - waiting!.sentAt);
    }
  } finally {
    await Promise.all(sockets.map((socket) => socket.dispose()));
  }
  return { answered, all, each };
}

runBenchmark(async () => {
  const database = await benchDatabase('staygraph_bench_scaling');
  const redis = await startRedisServer();
  const env = {
    ...adminEnv,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: 'b'.repeat(40),
    LOG_LEVEL: 'info',
    EXPLORER_ENABLED: 'false',
    TRUST_PROXY: '1',
    REDIS_URL: redis.url,
    CRON_ENABLED: 'false',
    // Measure the request path: no Chromium rendering PDFs next to it.
    JOB_CONCURRENCY: '0',
    PASSWORD_HASH_MEMORY_KIB: '4096',
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '1000000',
    RATE_LIMIT_REGISTER_PER_IP: '1000',
    RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE: '100000000',
    RATE_LIMIT_USER_QUERIES_PER_MINUTE: '0',
    SUBSCRIPTIONS_PER_ANONYMOUS_ADDRESS: String(SUBSCRIBERS),
  };
  const nginxes: Nginx[] = [];
  let instances: Instance[] = [];
  try {
    instances = await startInstances(3, { ...env, PUBSUB_DRIVER: 'redis' });
    const client = new GraphQLTestClient(instances[0]!.url);
    const host = await createHost(client);
    for (let p = 0; p < 20; p += 1) {
      const property = await createProperty(client, host.token, { name: `Casa ${p}` });
      for (let r = 0; r < 3; r += 1) await createRoom(client, host.token, property.id, { name: `Room ${r}` });
    }
    const propertyId = (await createProperty(client, host.token, { name: 'Casa Fan-out' })).id;
    const roomId = (await createRoom(client, host.token, propertyId, { name: 'Watched' })).id;
    await blockDates(client, host.token, roomId, daysFromNow(399), daysFromNow(400)); // warm

    const one = await startNginx([instances[0]!.port]);
    const three = await startNginx(instances.map((instance) => instance.port));
    nginxes.push(one, three);
    const job = (url: string) => ({ url: `${url}/graphql`, bodies: [LIST], connections: 30, durationSeconds: DURATION_SECONDS });
    console.log('throughput: 1 vs 3 instances behind nginx …');
    const throughput = await compare({ name: '3 instances', job: job(three.url) }, { name: '1 instance', job: job(one.url) }, ROUNDS);

    console.log(`fan-out through Redis to ${SUBSCRIBERS} subscribers …`);
    const redisFanOut = await measureFanOut(instances, host.token, roomId, 400);
    await stopInstances(instances);
    instances = await startInstances(3, { ...env, PUBSUB_DRIVER: 'postgres' });
    console.log(`fan-out through NOTIFY to ${SUBSCRIBERS} subscribers …`);
    const notifyFanOut = await measureFanOut(instances, host.token, roomId, 400 + 2 * EVENTS + 10);

    const row = (name: string, { answered, all, each }: FanOut) =>
      `| ${name} | ${ms(percentile(answered, 50))} | ${ms(percentile(each, 50))} | ${ms(percentile(each, 99))} | ${ms(percentile(all, 50))} | ${ms(Math.max(...all))} |`;
    const markdown = [
      `Measured on ${machine()}, ${new Date().toISOString().slice(0, 10)}: \`npm run bench:scaling\` (real server processes behind nginx 1.22 on loopback, one PostgreSQL, one Redis; the load generator, nginx, PostgreSQL, Redis and the instances share the machine).`,
      '',
      `**Throughput**, \`properties(first: 20) { rooms host }\`, 30 connections, median of ${ROUNDS} interleaved ${DURATION_SECONDS}-second rounds:`,
      '',
      '| behind nginx | requests/s | p50 | p99 |',
      '|---|---|---|---|',
      `| 1 instance | ${throughput.second.requestsPerSecond.toFixed(0)} | ${throughput.second.p50} ms | ${throughput.second.p99} ms |`,
      `| 3 instances | ${throughput.first.requestsPerSecond.toFixed(0)} | ${throughput.first.p50} ms | ${throughput.first.p99} ms |`,
      '',
      `3 instances / 1 instance: **${throughput.ratio.toFixed(2)}×**.`,
      '',
      `**Fan-out**: ${SUBSCRIBERS} graphql-ws subscribers on one room, spread evenly over 3 instances; ${EVENTS} changes (\`blockDates\`) made one at a time through the first instance. Times from sending the mutation:`,
      '',
      '| events travel through | mutation answered, p50 | each delivery p50 | each delivery p99 | all delivered, p50 | all delivered, worst |',
      '|---|---|---|---|---|---|',
      row('Redis PUBLISH/SUBSCRIBE', redisFanOut),
      row('PostgreSQL NOTIFY', notifyFanOut),
    ].join('\n');
    console.log(`\n${markdown}\n`);
    console.log(`figures written to ${await writeFigures('scaling', markdown, 'scaling.md')}`);
  } finally {
    await Promise.all(nginxes.map((nginx) => nginx.stop()));
    await stopInstances(instances);
    await redis.stop();
    await database.stop();
  }
});
