import { minorUnitDigits } from '../../platform/money';
import type { PriceBreakdown } from './pricing-engine';

/**
 * Loyalty points as money (docs/architecture.md, "Loyalty"): a point is one major unit of the stay's currency
 * (1 EUR, 1 JPY, 1 KWD), so the rule holds for currencies with 0, 2 and 3 decimals. Points are a means of
 * payment, not a discount: they come off the total after tax, never below the share LOYALTY_MAX_REDEEM_PERCENT
 * allows.
 */
export const pointValue = (currency: string) => 10 ** minorUnitDigits(currency);

/** Points earned on `paid` minor units: floor(earnBasisPoints / 100 % of it), in whole major units. */
export const pointsEarned = (paid: number, currency: string, earnBasisPoints: number) =>
  Math.floor((paid * earnBasisPoints) / (10_000 * pointValue(currency)));

/** The most points a stay of this total may take: floor(maxPercent % of the total), whole points. */
export const maxRedeemable = (total: number, currency: string, maxPercent: number) =>
  Math.floor((total * maxPercent) / (100 * pointValue(currency)));

/** The price with `points` redeemed (the caller checked the limit and the balance). */
export function withPoints(price: PriceBreakdown, points: number): PriceBreakdown {
  const amount = points * pointValue(price.currency);
  return { ...price, total: price.total - amount, pointsRedeemed: points, pointsAmount: amount };
}
