/**
 * Money arithmetic on integer minor units. Every division rounds half up (half a cent goes up), on
 * non-negative values; this is the rounding rule of every price, fee, discount, tax and refund.
 * Products are taken in BigInt (amount × basis points may pass 2^53 even when the result never does);
 * a result that would not be an exact JavaScript integer throws instead of rounding silently.
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  return scaleRoundHalfUp(numerator, 1, denominator);
}

/** amount × multiplier ÷ divisor, rounded half up, exact for any safe-integer inputs. */
export function scaleRoundHalfUp(amount: number, multiplier: number, divisor: number): number {
  if (amount < 0 || multiplier < 0 || divisor <= 0) throw new Error('money rounding works on non-negative amounts');
  const [a, m, d] = [BigInt(amount), BigInt(multiplier), BigInt(divisor)];
  const result = Number((2n * a * m + d) / (2n * d));
  if (!Number.isSafeInteger(result)) throw new Error(`amount ${result} is beyond Number.MAX_SAFE_INTEGER`);
  return result;
}

/** amount × basisPoints / 10 000, rounded half up: 10 % of 1 005 is 101 (100.5 → 101). */
export const percentOf = (amount: number, basisPoints: number) => scaleRoundHalfUp(amount, basisPoints, 10_000);

/** The largest multiple of `step` not above `amount`; and the smallest not below it. */
export const roundDownTo = (amount: number, step: number) => amount - (amount % step);
export const roundUpTo = (amount: number, step: number) => (amount % step === 0 ? amount : amount - (amount % step) + step);
