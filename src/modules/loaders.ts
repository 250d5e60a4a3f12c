import DataLoader from 'dataloader';
import type { Services } from './services';

/** Batches one lookup per key list; results come back in the order of `keys`, null where missing. */
function byKey<K, V>(load: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K) {
  return new DataLoader<K, V | null>(async (keys) => {
    const found = new Map((await load(keys)).map((value) => [keyOf(value), value]));
    return keys.map((key) => found.get(key) ?? null);
  });
}

/** One-to-many: every key gets its (possibly empty) list, in the order the batch function returned them. */
function groupedByKey<K, V>(load: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K) {
  return new DataLoader<K, V[]>(async (keys) => {
    const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const value of await load(keys)) groups.get(keyOf(value))?.push(value);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** A fresh set per request: caches never leak between users or outlive a request. */
export function createLoaders(services: Services) {
  return {
    userById: byKey((ids: readonly string[]) => services.users.findByIds(ids), (user) => user.id),
    guestProfileByUserId: byKey((ids: readonly string[]) => services.guestProfiles.findByUserIds(ids), (p) => p.userId),
    customerStatsByUserId: byKey((ids: readonly string[]) => services.guestProfiles.findStatsByUserIds(ids), (s) => s.userId),
    hostProfileByUserId: byKey((ids: readonly string[]) => services.hostProfiles.findByUserIds(ids), (p) => p.userId),
    hostProfileById: byKey((ids: readonly string[]) => services.hostProfiles.findByIds(ids), (p) => p.id),
    propertyById: byKey((ids: readonly string[]) => services.properties.findByIds(ids), (p) => p.id),
    propertiesByHostProfileId: groupedByKey((ids: readonly string[]) => services.properties.findByHostProfileIds(ids), (p) => p.hostProfileId),
    roomById: byKey((ids: readonly string[]) => services.rooms.findByIds(ids), (room) => room.id),
    pricingRulesByPropertyId: groupedByKey((ids: readonly string[]) => services.pricing.rulesByPropertyIds(ids), (rule) => rule.propertyId),
    discountsByPropertyId: groupedByKey((ids: readonly string[]) => services.pricing.discountsByPropertyIds(ids), (d) => d.propertyId),
    reservationById: byKey((ids: readonly string[]) => services.reservationQueries.findByIds(ids), (r) => r.id),
    historyByReservationId: groupedByKey((ids: readonly string[]) => services.reservationQueries.historyByReservationIds(ids), (h) => h.reservationId),
    paymentsByReservationId: groupedByKey((ids: readonly string[]) => services.payments.paymentsByReservationIds(ids), (p) => p.reservationId),
    refundsByReservationId: groupedByKey((ids: readonly string[]) => services.payments.refundsByReservationIds(ids), (r) => r.reservationId),
    discountCodeUsesById: new DataLoader<string, number>(async (ids) => {
      const counts = new Map((await services.discountCodes.useCounts(ids)).map((row) => [row.id, row.uses]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    bookingCountByHostProfileId: new DataLoader<string, number>(async (ids) => {
      const counts = new Map((await services.reservationQueries.bookingCountsByHostProfileIds(ids)).map((row) => [row.hostProfileId, row.count]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    roomsByPropertyId: groupedByKey((ids: readonly string[]) => services.rooms.findByPropertyIds(ids), (room) => room.propertyId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
