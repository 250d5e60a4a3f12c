/**
 * Money arithmetic on integer minor units. Every division rounds half up (half a cent goes up), on
 * non-negative values; this is the rounding rule of every price, fee, discount, tax and refund.
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (numerator < 0 || denominator <= 0) throw new Error('divideRoundHalfUp works on non-negative amounts');
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** amount × basisPoints / 10 000, rounded half up: 10 % of 1 005 is 101 (100.5 → 101). */
export const percentOf = (amount: number, basisPoints: number) => divideRoundHalfUp(amount * basisPoints, 10_000);
