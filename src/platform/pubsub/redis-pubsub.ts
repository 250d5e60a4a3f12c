import Redis from 'ioredis';
import type { Logger } from '../logger';
import { PostgresPubSub } from './postgres-pubsub';
import { ConnectionState, LocalFanOut, type PubSub } from './pubsub';

/** Every instance subscribes to this one channel and filters by topic locally, as with NOTIFY. */
export const REDIS_EVENTS_CHANNEL = 'staygraph:events';

export interface RedisPubSubOptions {
  redisUrl: string;
  /** The database's own notices (triggers NOTIFY account changes) are still heard through LISTEN. */
  databaseUrl: string;
  query: (sql: string, parameters: unknown[]) => Promise<unknown>;
  log: Logger;
}

/**
 * With REDIS_URL, the application's events go through Redis PUBLISH/SUBSCRIBE: NOTIFY makes every
 * notifying commit in the database wait its turn (a global queue lock), and every instance holds a
 * listening connection; Redis takes both off PostgreSQL. What triggers announce from inside the database
 * (account changes for the viewer cache) can only come by LISTEN, so a PostgreSQL listener stays, delivering
 * into the same local fan-out.
 */
export class RedisPubSub implements PubSub {
  readonly hearsDatabase = true;
  private readonly connection = new ConnectionState();
  private redisReady = false;
  private databaseHeard = false;
  private stopWatchingDatabase: () => void = () => undefined;

  private constructor(
    private readonly local: LocalFanOut,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly database: PostgresPubSub,
    private readonly log: Logger,
  ) {}

  /** Both Redis connections must answer at start: a wrong REDIS_URL fails fast. */
  static async start({ redisUrl, databaseUrl, query, log }: RedisPubSubOptions): Promise<RedisPubSub> {
    const local = new LocalFanOut();
    // No offline queue: a publish while Redis is away fails at once (and is logged by the caller) instead
    // of holding the request; the change itself is already committed.
    const publisher = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, connectionName: 'staygraph-publisher' });
    const subscriber = new Redis(redisUrl, { lazyConnect: true, connectionName: 'staygraph-subscriber' });
    let database: PostgresPubSub | undefined;
    try {
      for (const connection of [publisher, subscriber]) {
        connection.on('error', (error: Error) => log.warn({ err: error }, 'redis (events) unavailable'));
      }
      await Promise.all([publisher.connect(), subscriber.connect()]);
      await subscriber.subscribe(REDIS_EVENTS_CHANNEL);
      database = await PostgresPubSub.start(databaseUrl, query, log, local);
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      await database?.close();
      throw error;
    }
    const pubsub = new RedisPubSub(local, publisher, subscriber, database, log);
    pubsub.watchSources();
    log.info('live events go through Redis (REDIS_URL)');
    return pubsub;
  }

  async publish(topic: string, payload: object): Promise<void> {
    await this.publisher.publish(REDIS_EVENTS_CHANNEL, JSON.stringify({ topic, payload }));
  }

  subscribe<T>(topic: string, keep?: (payload: T) => boolean): AsyncIterableIterator<T> {
    return this.local.subscribe(topic, keep);
  }

  /** Heard means both: Redis for the application's events and the database for its own notices. */
  watchConnection(listener: (connected: boolean) => void): () => void {
    return this.connection.watch(listener);
  }

  async close(): Promise<void> {
    this.stopWatchingDatabase();
    this.redisReady = false;
    this.update();
    await Promise.all([
      this.subscriber.quit().catch(() => this.subscriber.disconnect()),
      this.publisher.quit().catch(() => this.publisher.disconnect()),
      this.database.close(),
    ]);
  }

  private watchSources(): void {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === REDIS_EVENTS_CHANNEL) this.onMessage(message);
    });
    // ioredis subscribes again by itself after a reconnect (autoResubscribe); events published while the
    // connection was down are lost, as with LISTEN.
    this.subscriber.on('ready', () => this.setRedisReady(true));
    this.subscriber.on('close', () => this.setRedisReady(false));
    this.redisReady = this.subscriber.status === 'ready';
    this.stopWatchingDatabase = this.database.watchConnection((heard) => {
      this.databaseHeard = heard;
      this.update();
    });
  }

  private setRedisReady(ready: boolean): void {
    if (!ready && this.redisReady) this.log.warn('redis (events) disconnected: reconnecting');
    this.redisReady = ready;
    this.update();
  }

  private update(): void {
    this.connection.set(this.redisReady && this.databaseHeard);
  }

  private onMessage(raw: string): void {
    try {
      const { topic, payload } = JSON.parse(raw) as { topic: string; payload: unknown };
      this.local.deliver(topic, payload);
    } catch (error) {
      this.log.warn({ err: error }, 'ignoring a malformed event');
    }
  }
}
