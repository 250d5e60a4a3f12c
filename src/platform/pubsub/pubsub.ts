import { EventEmitter, on } from 'node:events';

/**
 * Small fan-out of events to subscribers (GraphQL subscriptions). Payloads are small hints; subscribers
 * refetch details. Delivery is best effort: a change is always in the database, an event may be missed
 * while a connection is down.
 */
export interface PubSub {
  publish(topic: string, payload: object): Promise<void>;
  /** An iterator of the topic's payloads; its return() unsubscribes. */
  subscribe<T>(topic: string, keep?: (payload: T) => boolean): AsyncIterableIterator<T>;
  /**
   * True when events the database sends itself (NOTIFY from a trigger) and other instances' events reach
   * this instance's subscribers; false for the in-process implementation.
   */
  readonly hearsDatabase: boolean;
  /**
   * Calls `listener` now with whether events are being heard, and again whenever that changes (a lost
   * listening connection: events published meanwhile are missed). Returns the way to stop watching.
   */
  watchConnection(listener: (connected: boolean) => void): () => void;
  close(): Promise<void>;
}

/** Shared by both implementations: local delivery through an EventEmitter, with an optional filter. */
export class LocalFanOut {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  deliver(topic: string, payload: unknown): void {
    this.emitter.emit(topic, payload);
  }

  subscribe<T>(topic: string, keep: (payload: T) => boolean = () => true): AsyncIterableIterator<T> {
    const source = on(this.emitter, topic) as AsyncIterableIterator<[T]>;
    const iterator: AsyncIterableIterator<T> = {
      async next() {
        for (;;) {
          const result = await source.next();
          if (result.done) return { done: true, value: undefined };
          if (keep(result.value[0])) return { done: false, value: result.value[0] };
        }
      },
      async return() {
        await source.return?.();
        return { done: true, value: undefined };
      },
      async throw(error?: unknown) {
        await source.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  listenerCount(topic: string): number {
    return this.emitter.listenerCount(topic);
  }
}

/** Whether events are heard, and who is told when that changes (PubSub.watchConnection). */
export class ConnectionState {
  private connected = false;
  private readonly watchers = new Set<(connected: boolean) => void>();

  watch(listener: (connected: boolean) => void): () => void {
    this.watchers.add(listener);
    listener(this.connected);
    return () => this.watchers.delete(listener);
  }

  set(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const watcher of this.watchers) watcher(connected);
  }
}

/** One process: events reach only this instance's subscribers. */
export class InMemoryPubSub implements PubSub {
  private readonly local = new LocalFanOut();
  readonly hearsDatabase = false;

  async publish(topic: string, payload: object): Promise<void> {
    this.local.deliver(topic, payload);
  }

  subscribe<T>(topic: string, keep?: (payload: T) => boolean): AsyncIterableIterator<T> {
    return this.local.subscribe(topic, keep);
  }

  watchConnection(listener: (connected: boolean) => void): () => void {
    listener(true);
    return () => undefined;
  }

  async close(): Promise<void> {}
}
