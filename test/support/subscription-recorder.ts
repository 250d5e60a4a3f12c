import type { Client } from 'graphql-ws';

/** Collects a subscription's events so a test can wait for the next one (or check that none came). */
export class SubscriptionRecorder<T = any> {
  readonly events: T[] = [];
  private waiters: Array<() => void> = [];
  private readonly unsubscribe: () => void;
  readonly started: Promise<void>;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    let markStarted!: () => void;
    this.started = new Promise<void>((resolve) => (markStarted = resolve));
    // graphql-ws acknowledges the socket, not the operation. The server handles a socket's messages in
    // order, so once a query sent after the subscription has been answered (plus a margin for the
    // subscription's own asynchronous set-up) the subscription is listening.
    client.on('connected', () => {
      const roundTrip = client.subscribe(
        { query: '{ serverInfo { name } }' },
        { next: () => undefined, error: () => undefined, complete: () => setTimeout(markStarted, 150) },
      );
      void roundTrip;
    });
    this.unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          this.events.push(value as T);
          for (const wake of this.waiters.splice(0)) wake();
        },
        error: (error) => {
          throw error;
        },
        complete: () => undefined,
      },
    );
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
