import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../server/authorization';

/** Stats resolves lazily: a client asking for three figures runs three statements, not all of them. */
export const statsResolvers: Resolvers = {
  Query: {
    stats: (_source, { from, to, propertyId }, { services, viewer }) => services.stats.scope(requireRole(viewer, 'HOST'), from, to, propertyId),
  },
  Stats: {
    reservationsByStatus: (scope, _args, { services }) => services.stats.reservationsByStatus(scope),
    occupancy: (scope, _args, { services }) => services.stats.occupancy(scope),
    revenue: (scope, _args, { services }) => services.stats.revenue(scope),
    averageLengthOfStay: async (scope, _args, { services }) => (await services.stats.stayFigures(scope)).averageLengthOfStay,
    averageLeadTimeDays: async (scope, _args, { services }) => (await services.stats.stayFigures(scope)).averageLeadTimeDays,
    cancellationRate: async (scope, _args, { services }) => (await services.stats.stayFigures(scope)).cancellationRate,
    newGuests: async (scope, _args, { services }) => (await services.stats.guests(scope)).newGuests,
    returningGuests: async (scope, _args, { services }) => (await services.stats.guests(scope)).returningGuests,
    customersByTier: async (scope, _args, { services }) => (await services.stats.guests(scope)).customersByTier,
    topGuests: async (scope, _args, { services }) => (await services.stats.guests(scope)).topGuests,
    checkInsToday: async (scope, _args, { services }) => (await services.stats.today(scope))['checkInsToday']!,
    checkInsNext7Days: async (scope, _args, { services }) => (await services.stats.today(scope))['checkInsNext7Days']!,
    checkOutsToday: async (scope, _args, { services }) => (await services.stats.today(scope))['checkOutsToday']!,
    checkOutsNext7Days: async (scope, _args, { services }) => (await services.stats.today(scope))['checkOutsNext7Days']!,
    activeStays: async (scope, _args, { services }) => (await services.stats.today(scope))['activeStays']!,
    searchDemand: (scope, _args, { services }) => services.stats.searchDemand(scope),
    discounts: async (scope, _args, { services }) => (await services.stats.discounts(scope)).byCurrency,
    discountCodesUsed: async (scope, _args, { services }) => (await services.stats.discounts(scope)).codesUsed,
    loyaltyPointsIssued: async (scope, _args, { services }) => (await services.stats.loyalty(scope)).pointsIssued,
    loyaltyPointsRedeemed: async (scope, _args, { services }) => (await services.stats.loyalty(scope)).pointsRedeemed,
    referralsConverted: async (scope, _args, { services }) => (await services.stats.loyalty(scope)).referralsConverted,
  },
  PropertyOccupancy: {
    property: async (row, _args, { loaders }) => {
      const property = await loaders.propertyById.load(row.propertyId);
      if (!property) throw new Error(`occupancy row for a missing property ${row.propertyId}`);
      return property;
    },
  },
};
