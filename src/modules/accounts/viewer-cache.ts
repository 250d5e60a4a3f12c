import type { Logger } from '../../platform/logger';
import type { PubSub } from '../../platform/pubsub/pubsub';
import type { CustomerTier } from '../profiles/customer-stats.entity';
import type { User } from './user.entity';

/**
 * The topic of "this account changed": published by the database itself (triggers on `users` and on
 * `customer_stats.tier`, migration 1797033600000) when the change commits, whoever made it — a service, an
 * admin's SQL, a future deletion — and heard by every instance through LISTEN/NOTIFY.
 */
export const ACCOUNT_CHANGED_TOPIC = 'account.changed';

export interface ViewerCacheOptions {
  /** How long an account read for one request serves the next ones (AUTH_CACHE_TTL_MS); 0: never. */
  ttlMs: number;
  /** Accounts kept at most (AUTH_CACHE_MAX_ENTRIES); the oldest goes first. */
  maxEntries: number;
}

interface Entry {
  user: User;
  tier?: CustomerTier;
  expiresAt: number;
}

/**
 * Signed-in callers' accounts (and customer tiers), kept per instance for a few seconds so that a request
 * with a token runs no SQL for who is calling. It is only as current as what invalidates it, so it runs
 * only while it hears the database's change events: with the in-process pub/sub, or while the listening
 * connection is down (events may be missed), every request reads the account as before. An entry is never
 * stored from a read that an invalidation overtook (the generation check), and the token is still verified
 * for each request: the cache holds accounts, never sessions or tokens.
 */
export class ViewerCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every invalidation: a read started before one must not be stored after it. */
  private generation = 0;
  private live = false;
  private stopFollowing: () => Promise<void> = async () => undefined;

  constructor(private readonly options: ViewerCacheOptions) {}

  get enabled(): boolean {
    return this.live && this.options.ttlMs > 0;
  }

  /** Listens for account changes on `pubsub`; without a database-fed pub/sub the cache stays off. */
  follow(pubsub: PubSub, log: Logger): void {
    if (this.options.ttlMs <= 0) return;
    if (!pubsub.hearsDatabase) {
      log.info('viewer cache off: PUBSUB_DRIVER=memory does not hear account changes, so each request reads the account');
      return;
    }
    const events = pubsub.subscribe<{ userId?: unknown }>(ACCOUNT_CHANGED_TOPIC);
    const unwatch = pubsub.watchConnection((connected) => {
      // Events may have been missed while the connection was down: forget everything either way.
      this.clear();
      this.live = connected;
    });
    this.stopFollowing = async () => {
      unwatch();
      this.live = false;
      this.clear();
      await events.return?.();
    };
    void (async () => {
      try {
        for await (const event of events) {
          if (typeof event?.userId === 'string') this.invalidate(event.userId);
          else this.clear();
        }
      } finally {
        // Deaf from here on (stopped, or the stream failed): never serve what could not be invalidated.
        this.live = false;
        this.clear();
        unwatch();
      }
    })();
  }

  stop(): Promise<void> {
    return this.stopFollowing();
  }

  /** The account, from the cache or from `read` (null: no such account, which is never cached). */
  async user(userId: string, read: () => Promise<User | null>): Promise<User | null> {
    if (!this.enabled) return read();
    const cached = this.fresh(userId);
    if (cached) return cached.user;
    const generation = this.generation;
    const user = await read();
    if (user && generation === this.generation && this.enabled) {
      if (this.entries.size >= this.options.maxEntries) this.evictOldest();
      this.entries.set(userId, { user: Object.freeze(user), expiresAt: performance.now() + this.options.ttlMs });
    }
    return user;
  }

  /** The customer tier, cached next to its account (and dropped with it). */
  async tier(userId: string, read: () => Promise<CustomerTier>): Promise<CustomerTier> {
    const entry = this.enabled ? this.fresh(userId) : undefined;
    if (entry?.tier) return entry.tier;
    const generation = this.generation;
    const tier = await read();
    if (entry && generation === this.generation) entry.tier = tier;
    return tier;
  }

  invalidate(userId: string): void {
    this.generation += 1;
    this.entries.delete(userId);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private fresh(userId: string): Entry | undefined {
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    if (entry.expiresAt > performance.now()) return entry;
    this.entries.delete(userId);
    return undefined;
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
