import type { PriceBreakdown } from './pricing-engine';

/**
 * What one loyalty point is worth, in minor units, in each currency the operator accepts points in
 * (LOYALTY_POINT_VALUES, e.g. EUR 1.00, JPY 150, KWD 0.300). A point is one value everywhere: earning divides
 * what was paid by the point's worth in that currency, redeeming multiplies by it, so a point earned on a
 * yen stay pays what it cost. Stays in a currency without a value neither earn nor redeem (the quote says so).
 * Points are a means of payment, not a discount: they come off the total after tax, never beyond the share
 * LOYALTY_MAX_REDEEM_PERCENT allows. See "Loyalty" in docs/architecture.md.
 */
export type PointValues = ReadonlyMap<string, number>;

/** Points earned on `paid` minor units: floor(earnBasisPoints / 100 % of it ÷ a point's worth); 0 off-list. */
export function pointsEarned(paid: number, currency: string, earnBasisPoints: number, values: PointValues): number {
  const value = values.get(currency);
  return value ? Math.floor((paid * earnBasisPoints) / (10_000 * value)) : 0;
}

/** The most points a stay of this total may take: floor(maxPercent % of the total ÷ a point's worth). */
export function maxRedeemable(total: number, currency: string, maxPercent: number, values: PointValues): number {
  const value = values.get(currency);
  return value ? Math.floor((total * maxPercent) / (100 * value)) : 0;
}

/** The price with `points` redeemed at `value` minor units each (the caller checked limit and balance). */
export function withPoints(price: PriceBreakdown, points: number, value: number): PriceBreakdown {
  const amount = points * value;
  return { ...price, total: price.total - amount, pointsRedeemed: points, pointsAmount: amount };
}
