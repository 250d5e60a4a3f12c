import type { Resolvers } from '../../generated/graphql';
import { money } from '../../platform/money';
import { requireRole } from '../../server/authorization';

const percent = (basisPoints: number) => basisPoints / 100;

export const loyaltyResolvers: Resolvers = {
  Query: {
    myLoyalty: (_source, _args, { services, viewer }) => services.loyalty.standing(requireRole(viewer, 'GUEST').id),
    loyalty: (_source, { userId }, { services }) => services.loyalty.standingOf(userId),
    referrer: (_source, { code }, { services }) => services.loyalty.referrer(code),
    loyaltyLevels: (_source, _args, { services }) => services.loyalty.levels(),
  },
  Mutation: {
    adjustLoyaltyPoints: (_source, { userId, points, reason }, { services, viewer }) =>
      services.loyalty.adjust(requireRole(viewer, 'ADMIN'), userId, points, reason),
    createLoyaltyLevel: (_source, { input }, { services }) => services.loyalty.createLevel(input),
    updateLoyaltyLevel: (_source, { id, input }, { services }) => services.loyalty.updateLevel(id, input),
  },
  Loyalty: {
    referralCode: async (standing, _args, { loaders }) => (await loaders.userById.load(standing.userId))?.referralCode ?? '',
    pointValues: (_standing, _args, { services }) =>
      [...services.loyalty.settings.pointValues].map(([currency, value]) => money(value, currency)),
    history: (standing, { first, after }, { services }) => services.loyalty.history(standing.userId, { first, after }),
  },
  LoyaltyLevel: {
    referralPercent: (level) => percent(level.referralBasisPoints),
  },
  ReferralApplication: {
    percent: (referral) => percent(referral.basisPoints),
    amount: (referral) => money(referral.amount, referral.currency),
    reason: (referral) => (referral.applied ? null : referral.reason),
  },
  PointsRedemption: {
    amount: (points) => money(points.amount, points.currency),
    pointValue: (points) => (points.pointValue === null ? null : money(points.pointValue, points.currency)),
  },
  Quote: {
    referral: (quote) =>
      quote.referral ? { ...quote.referral, amount: quote.price.referralDiscount, currency: quote.price.currency } : null,
    points: (quote) => (quote.points ? { ...quote.points, amount: quote.price.pointsAmount, currency: quote.price.currency } : null),
  },
  Reservation: {
    referralDiscount: (reservation) => money(reservation.referralDiscountAmount, reservation.currency),
    pointsAmount: (reservation) => money(reservation.pointsAmount, reservation.currency),
  },
};
