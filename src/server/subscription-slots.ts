import { GraphQLError } from 'graphql';
import type { SubscriptionLimits } from '../config';

/** Whose subscriptions a socket's count against beyond its own: the signed-in user, else the address. */
export type SubscriptionOwner = { userId: string } | { address: string };

/**
 * How many subscriptions are open in this process: per socket, per signed-in user (across their sockets)
 * and per anonymous address. A slot is taken when a subscription is accepted (graphql-ws onSubscribe) and
 * given back when it completes, however it ends (the client completes it, the server ends it, an error, the
 * socket closes). Taking is synchronous (count, compare and increment in one step), so concurrent
 * subscribes cannot overshoot a cap.
 */
export class SubscriptionSlots {
  private readonly byOwner = new Map<string, number>();

  constructor(private readonly limits: SubscriptionLimits) {}

  /** The subscriptions of one socket: a slot per operation id. */
  forSocket(): SocketSubscriptions {
    return new SocketSubscriptions(this.limits, this.byOwner);
  }

  /** Open subscriptions in this process (metrics). */
  get total(): number {
    let total = 0;
    for (const count of this.byOwner.values()) total += count;
    return total;
  }

  /** Open subscriptions of a user or an address (for tests and logs). */
  openFor(owner: SubscriptionOwner): number {
    return this.byOwner.get(ownerKey(owner)) ?? 0;
  }
}

const ownerKey = (owner: SubscriptionOwner) => ('userId' in owner ? `user:${owner.userId}` : `address:${owner.address}`);

export class SocketSubscriptions {
  /** Operation id → the owner key it counts against. */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly limits: SubscriptionLimits,
    private readonly byOwner: Map<string, number>,
  ) {}

  /** Takes a slot for operation `id`, or answers why not (TOO_MANY_SUBSCRIPTIONS); the socket stays open. */
  take(id: string, owner: SubscriptionOwner): GraphQLError | null {
    if (this.held.has(id)) return null;
    const key = ownerKey(owner);
    const ownerCount = this.byOwner.get(key) ?? 0;
    const [scope, limit] =
      'userId' in owner ? (['user', this.limits.perUser] as const) : (['address', this.limits.perAnonymousAddress] as const);
    if (this.held.size >= this.limits.perSocket) return refusal('socket', this.limits.perSocket);
    if (ownerCount >= limit) return refusal(scope, limit);
    this.held.set(id, key);
    this.byOwner.set(key, ownerCount + 1);
    return null;
  }

  /** Gives operation `id`'s slot back; nothing when it holds none (a query, or already released). */
  release(id: string): void {
    const key = this.held.get(id);
    if (key === undefined) return;
    this.held.delete(id);
    const left = (this.byOwner.get(key) ?? 1) - 1;
    if (left > 0) this.byOwner.set(key, left);
    else this.byOwner.delete(key);
  }

  /** The socket closed: every slot it held is free. */
  releaseAll(): void {
    for (const id of [...this.held.keys()]) this.release(id);
  }

  get size(): number {
    return this.held.size;
  }
}

const SCOPE_TEXT = { socket: 'on one connection', user: 'for one account', address: 'for one address without signing in' } as const;

function refusal(scope: keyof typeof SCOPE_TEXT, limit: number): GraphQLError {
  return new GraphQLError(`Too many subscriptions: at most ${limit} ${SCOPE_TEXT[scope]}. Complete one before starting another.`, {
    extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', scope, limit },
  });
}
