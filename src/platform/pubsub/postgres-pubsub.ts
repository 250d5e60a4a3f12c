import { Client } from 'pg';
import type { Logger } from '../logger';
import { ConnectionState, LocalFanOut, type PubSub } from './pubsub';

/** Also named by the database's own triggers (migration 1797033600000): change both together. */
export const EVENTS_CHANNEL = 'staygraph_events';
const CHANNEL = EVENTS_CHANNEL;
const MAX_PAYLOAD_BYTES = 7_900; // NOTIFY's limit is 8000 bytes

/**
 * Several server instances on one database share events through LISTEN/NOTIFY: publish sends a NOTIFY,
 * and every instance (this one included) delivers what it hears to its local subscribers.
 */
export class PostgresPubSub implements PubSub {
  private listener?: Client;
  private closed = false;
  private reconnectDelayMs = 250;
  private reconnectPending = false;
  private readonly connection = new ConnectionState();
  readonly hearsDatabase = true;

  /** `query` runs SQL on the application's pool (NOTIFY needs no dedicated connection). */
  private constructor(
    private readonly connectionString: string,
    private readonly query: (sql: string, parameters: unknown[]) => Promise<unknown>,
    private readonly log: Logger,
    private readonly local: LocalFanOut,
  ) {}

  /** `local`: where heard events go (RedisPubSub shares its own, so the database's notices reach its subscribers). */
  static async start(
    connectionString: string,
    query: (sql: string, parameters: unknown[]) => Promise<unknown>,
    log: Logger,
    local = new LocalFanOut(),
  ): Promise<PostgresPubSub> {
    const pubsub = new PostgresPubSub(connectionString, query, log, local);
    await pubsub.listen();
    return pubsub;
  }

  async publish(topic: string, payload: object): Promise<void> {
    const message = JSON.stringify({ topic, payload });
    if (Buffer.byteLength(message) > MAX_PAYLOAD_BYTES) throw new Error(`event too large for NOTIFY: ${topic}`);
    await this.query('SELECT pg_notify($1, $2)', [CHANNEL, message]);
  }

  subscribe<T>(topic: string, keep?: (payload: T) => boolean): AsyncIterableIterator<T> {
    return this.local.subscribe(topic, keep);
  }

  watchConnection(listener: (connected: boolean) => void): () => void {
    return this.connection.watch(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connection.set(false);
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, application_name: 'staygraph-listener' });
    client.on('notification', (message) => this.onNotification(message.payload));
    client.on('error', (error) => this.log.warn({ err: error }, 'event listener connection failed'));
    client.on('end', () => {
      this.connection.set(false);
      this.reconnectLater();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
    this.reconnectDelayMs = 250;
    this.connection.set(true);
  }

  private onNotification(raw: string | undefined): void {
    try {
      const { topic, payload } = JSON.parse(raw ?? '') as { topic: string; payload: unknown };
      this.local.deliver(topic, payload);
    } catch (error) {
      this.log.warn({ err: error }, 'ignoring a malformed event');
    }
  }

  private reconnectLater(): void {
    if (this.closed || this.reconnectPending) return;
    this.reconnectPending = true;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(delay * 2, 10_000);
    this.log.warn({ delayMs: delay }, 'event listener disconnected: reconnecting');
    setTimeout(() => {
      this.reconnectPending = false;
      if (!this.closed) this.listen().catch(() => this.reconnectLater());
    }, delay).unref();
  }
}
