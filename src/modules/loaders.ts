import DataLoader from 'dataloader';
import type { Services } from './services';

/** Batches one lookup per key list; results come back in the order of `keys`, null where missing. */
function byKey<K, V>(load: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K) {
  return new DataLoader<K, V | null>(async (keys) => {
    const found = new Map((await load(keys)).map((value) => [keyOf(value), value]));
    return keys.map((key) => found.get(key) ?? null);
  });
}

/** A fresh set per request: caches never leak between users or outlive a request. */
export function createLoaders(services: Services) {
  return {
    userById: byKey((ids: readonly string[]) => services.users.findByIds(ids), (user) => user.id),
    guestProfileByUserId: byKey((ids: readonly string[]) => services.guestProfiles.findByUserIds(ids), (p) => p.userId),
    customerStatsByUserId: byKey((ids: readonly string[]) => services.guestProfiles.findStatsByUserIds(ids), (s) => s.userId),
    hostProfileByUserId: byKey((ids: readonly string[]) => services.hostProfiles.findByUserIds(ids), (p) => p.userId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
