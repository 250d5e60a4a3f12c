import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../server/authorization';
import { money } from '../../platform/money';
import { inCurrency } from './pricing-engine';

const percent = (basisPoints: number) => basisPoints / 100;

export const pricingResolvers: Resolvers = {
  Query: {
    quote: (_source, { input }, { services, viewer }) => services.quotes.quote(viewer, input),
  },
  Mutation: {
    updatePricingSettings: (_source, { propertyId, input }, { services, viewer }) =>
      services.pricing.updateSettings(requireRole(viewer, 'HOST'), propertyId, input),
    createPricingRule: (_source, { input }, { services, viewer }) => services.pricing.createRule(requireRole(viewer, 'HOST'), input),
    updatePricingRule: (_source, { id, input }, { services, viewer }) => services.pricing.updateRule(requireRole(viewer, 'HOST'), id, input),
    deletePricingRule: (_source, { id }, { services, viewer }) => services.pricing.deleteRule(requireRole(viewer, 'HOST'), id),
  },
  Property: {
    pricing: (property) => property,
    pricingRules: (property, _args, { loaders }) => loaders.pricingRulesByPropertyId.load(property.id),
  },
  PricingSettings: {
    extraGuestFee: (property) => money(property.extraGuestFeeAmount, property.currency),
    cleaningFee: (property) => money(property.cleaningFeeAmount, property.currency),
    lateCheckoutFee: (property) => (property.lateCheckoutFeeAmount === null ? null : money(property.lateCheckoutFeeAmount, property.currency)),
    taxRatePercent: (property) => percent(property.taxRateBasisPoints),
    lengthOfStayDiscounts: (property, _args, { loaders }) => loaders.discountsByPropertyId.load(property.id),
  },
  LengthOfStayDiscount: {
    percent: (discount) => percent(discount.percentBasisPoints),
  },
  PricingRule: {
    dates: (rule) => (rule.startsOn && rule.endsOn ? { from: rule.startsOn, to: rule.endsOn } : null),
    nightlyPrice: async (rule, _args, { loaders }) => {
      if (rule.nightlyAmount === null) return null;
      const property = await loaders.propertyById.load(rule.propertyId);
      return property ? money(rule.nightlyAmount, property.currency) : null;
    },
    percentChange: (rule) => (rule.percentBasisPoints === null ? null : percent(rule.percentBasisPoints)),
  },
  Quote: {
    nights: (quote) => quote.price.nights.length,
    currency: (quote) => quote.price.currency,
    lines: (quote) => inCurrency(quote.price.nights, quote.price.currency),
    subtotal: (quote) => money(quote.price.subtotal, quote.price.currency),
    fees: (quote) => inCurrency(quote.price.fees, quote.price.currency),
    discounts: (quote) => inCurrency(quote.price.discounts, quote.price.currency),
    taxRatePercent: (quote) => percent(quote.price.taxRateBasisPoints),
    taxes: (quote) => money(quote.price.taxes, quote.price.currency),
    rounding: (quote) => money(quote.price.rounding, quote.price.currency),
    total: (quote) => money(quote.price.total, quote.price.currency),
    bookable: (quote) => quote.problems.length === 0,
    discount: (quote) => (quote.price.code ? { ...quote.price.code, currency: quote.price.currency } : null),
  },
  QuoteNight: {
    price: (night) => money(night.amount, night.currency),
    rule: (night) => night.ruleName,
  },
  QuoteFee: {
    amount: (fee) => money(fee.amount, fee.currency),
  },
  QuoteDiscount: {
    amount: (discount) => money(discount.amount, discount.currency),
  },
};
