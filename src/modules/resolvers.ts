import type { Resolvers } from '../generated/graphql';
import { accountsResolvers } from './accounts/accounts.resolvers';
import { availabilityResolvers } from './availability/availability.resolvers';
import { catalogResolvers } from './catalog/catalog.resolvers';
import { searchResolvers } from './search/search.resolvers';
import { pricingResolvers } from './pricing/pricing.resolvers';
import { promotionsResolvers } from './promotions/promotions.resolvers';
import { loyaltyResolvers } from './loyalty/loyalty.resolvers';
import { reservationsResolvers } from './reservations/reservations.resolvers';
import { roomAssignmentResolvers } from './room-assignment/room-assignment.resolvers';
import { paymentsResolvers } from './payments/payments.resolvers';
import { maintenanceResolvers } from './maintenance/maintenance.resolvers';
import { reviewsResolvers } from './reviews/reviews.resolvers';
import { statsResolvers } from './stats/stats.resolvers';
import { profilesResolvers } from './profiles/profiles.resolvers';
import { channelSyncResolvers } from './channel-sync/channel-sync.resolvers';
import { systemResolvers } from './system/system.resolvers';

/** Every module's resolvers, one map each; makeExecutableSchema merges them. */
export const resolvers: Resolvers[] = [
  systemResolvers,
  accountsResolvers,
  profilesResolvers,
  catalogResolvers,
  availabilityResolvers,
  searchResolvers,
  pricingResolvers,
  promotionsResolvers,
  loyaltyResolvers,
  reservationsResolvers,
  roomAssignmentResolvers,
  paymentsResolvers,
  maintenanceResolvers,
  reviewsResolvers,
  statsResolvers,
  channelSyncResolvers,
];
