import type { Client } from 'graphql-ws';

/** Collects a subscription's events so a test can wait for the next one (or check that none came). */
export class SubscriptionRecorder<T = any> {
  readonly events: T[] = [];
  private waiters: Array<() => void> = [];
  private readonly unsubscribe: () => void;
  private connections = 0;
  private readonly listeningOn = new Map<number, { promise: Promise<void>; resolve: () => void }>();
  readonly started: Promise<void>;
  /** How the subscription ended: the server's errors, the socket's close event, or 'complete'. */
  readonly ended: Promise<unknown>;

  /** With `expectEnd`, an error ending the subscription is recorded in `ended` instead of thrown. */
  constructor(client: Client, query: string, variables: Record<string, unknown> = {}, { expectEnd = false } = {}) {
    let markEnded!: (outcome: unknown) => void;
    this.ended = new Promise<unknown>((resolve) => (markEnded = resolve));
    // graphql-ws acknowledges the socket, not the operation. The server handles a socket's messages in
    // order, so once a query sent after the subscription has been answered (plus a margin for the
    // subscription's own asynchronous set-up) the subscription is listening. A client that reconnects
    // subscribes again on the new socket.
    client.on('connected', () => {
      const connection = ++this.connections;
      const roundTrip = client.subscribe(
        { query: '{ serverInfo { name } }' },
        { next: () => undefined, error: () => undefined, complete: () => setTimeout(() => this.listener(connection).resolve(), 150) },
      );
      void roundTrip;
    });
    this.started = this.listening(1);
    this.unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          this.events.push(value as T);
          for (const wake of this.waiters.splice(0)) wake();
        },
        error: (error) => {
          markEnded(error);
          if (!expectEnd) throw error;
        },
        complete: () => markEnded('complete'),
      },
    );
  }

  /** Resolves once the subscription listens on the client's `connection`-th socket (1 is the first). */
  listening(connection: number): Promise<void> {
    return this.listener(connection).promise;
  }

  private listener(connection: number) {
    let entry = this.listeningOn.get(connection);
    if (!entry) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      entry = { promise, resolve };
      this.listeningOn.set(connection, entry);
    }
    return entry;
  }

  /** Resolves with event number `index` (0-based) once it has arrived. */
  async event(index: number, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length <= index) {
      if (Date.now() > deadline) throw new Error(`no event #${index} within ${timeoutMs} ms (got ${this.events.length})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.events[index] as T;
  }

  stop(): void {
    this.unsubscribe();
  }
}
