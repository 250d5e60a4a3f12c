import type { Resolvers } from '../../generated/graphql';
import { money } from '../../platform/money';
import { requireRole } from '../../server/authorization';

const percent = (basisPoints: number | null) => (basisPoints === null ? null : basisPoints / 100);
const maybeMoney = (amount: number | null, currency: string | null) => (amount === null || currency === null ? null : money(amount, currency));

export const promotionsResolvers: Resolvers = {
  Query: {
    discountCodes: (_source, { first, after, propertyId, generatorId }, { services, viewer }) =>
      services.discountCodes.list(requireRole(viewer, 'HOST'), { propertyId, generatorId }, { first, after }),
    discountCodeGenerators: (_source, _args, { services }) => services.discountCodes.generators(),
    welcomePromotion: (_source, _args, { services }) => services.welcomePromotions.active(),
    welcomePromotions: (_source, _args, { services }) => services.welcomePromotions.list(),
  },
  Mutation: {
    createDiscountCode: (_source, { input }, { services, viewer }) => services.discountCodes.create(requireRole(viewer, 'HOST'), input),
    updateDiscountCode: (_source, { id, input }, { services, viewer }) => services.discountCodes.update(requireRole(viewer, 'HOST'), id, input),
    deactivateDiscountCode: (_source, { id }, { services, viewer }) => services.discountCodes.deactivate(requireRole(viewer, 'HOST'), id),
    createDiscountCodeGenerator: (_source, { input }, { services, viewer }) =>
      services.discountCodes.createGenerator(requireRole(viewer, 'ADMIN'), input),
    issueDiscountCodes: (_source, { generatorId, count }, { services, viewer }) =>
      services.discountCodes.issue(requireRole(viewer, 'ADMIN'), generatorId, count),
    createWelcomePromotion: (_source, { input }, { services, viewer }) => services.welcomePromotions.create(requireRole(viewer, 'ADMIN'), input),
    updateWelcomePromotion: (_source, { id, input }, { services, viewer }) =>
      services.welcomePromotions.update(requireRole(viewer, 'ADMIN'), id, input),
    endWelcomePromotion: (_source, { id }, { services, viewer }) => {
      requireRole(viewer, 'ADMIN');
      return services.welcomePromotions.end(id);
    },
  },
  DiscountCode: {
    percentOff: (code) => percent(code.percentBasisPoints),
    amountOff: (code) => maybeMoney(code.amount, code.currency),
    minTotal: (code) => maybeMoney(code.minTotal, code.currency),
    maxDiscount: (code) => maybeMoney(code.maxDiscount, code.currency),
    uses: (code, _args, { loaders }) => loaders.discountCodeUsesById.load(code.id),
  },
  DiscountCodeGenerator: {
    codes: (generator, { first, after }, { services, viewer }) =>
      services.discountCodes.list(requireRole(viewer, 'ADMIN'), { generatorId: generator.id }, { first, after }),
    percentOff: (generator) => generator.percentBasisPoints / 100,
  },
  WelcomePromotion: {
    percentOff: (promotion) => promotion.percentBasisPoints / 100,
    minTotal: (promotion) => maybeMoney(promotion.minTotal, promotion.currency),
    maxDiscount: (promotion) => maybeMoney(promotion.maxDiscount, promotion.currency),
  },
  WelcomeOffer: {
    percentOff: (promotion) => promotion.percentBasisPoints / 100,
    minTotal: (promotion) => maybeMoney(promotion.minTotal, promotion.currency),
    maxDiscount: (promotion) => maybeMoney(promotion.maxDiscount, promotion.currency),
  },
  DiscountApplication: {
    amount: (outcome) => money(outcome.applied ? outcome.amount : 0, outcome.currency),
    reason: (outcome) => (outcome.applied ? null : outcome.reason),
  },
};
