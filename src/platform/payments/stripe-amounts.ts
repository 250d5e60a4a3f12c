import { minorUnitDigits } from '../money';

/**
 * The one place where staygraph amounts (ISO 4217 minor units) become Stripe amounts and back.
 *
 * Stripe expects "the smallest currency unit", which is ISO's minor unit except (Stripe's currency guide):
 * - zero-decimal currencies (BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF): whole
 *   units. All have 0 ISO digits but MGA (2): an MGA amount goes to Stripe divided by 100;
 * - special cases ISK and UGX: zero-decimal, but for backwards compatibility sent as two-decimal values
 *   whose decimals are always 00 (5 ISK is 500);
 * - HUF and TWD: zero-decimal for payouts only; charges and refunds take two decimals, as ISO says;
 * - three-decimal currencies (BHD JOD KWD OMR TND): ISO's digits, but the last digit must be 0.
 * Every other currency: Stripe's default of two decimals, which equals ISO for everything Stripe supports.
 *
 * Amounts Stripe cannot represent (5.125 KWD, 1.50 MGA) are never produced: the pricing engine rounds a
 * stay's total up to `stripeStep` (the property's favour, shown as the quote's `rounding`) and guest
 * refunds round down to it. So conversion here is exact or throws.
 */

/** Stripe's digits where they differ from ISO 4217's. */
const STRIPE_DIGITS: Readonly<Record<string, number>> = { ISK: 2, UGX: 2, MGA: 0 };
/** Stripe's three-decimal currencies: amounts must be multiples of 10. */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** How many of Stripe's units one ISO minor unit is, as a power of ten (negative: Stripe's unit is larger). */
const scale = (currency: string) => (STRIPE_DIGITS[currency] ?? minorUnitDigits(currency)) - minorUnitDigits(currency);

/** The smallest amount, in ISO minor units, that Stripe can charge or refund exactly: 10 for KWD, 100 for MGA, else 1. */
export function stripeStep(currency: string): number {
  const code = currency.toUpperCase();
  if (THREE_DECIMAL.has(code)) return 10;
  return scale(code) < 0 ? 10 ** -scale(code) : 1;
}

/** An amount in ISO minor units as Stripe's `amount`; throws when Stripe cannot represent it exactly. */
export function toStripeAmount(amount: number, currency: string): number {
  const code = currency.toUpperCase();
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`${amount} ${code} is not an amount of minor units`);
  const step = stripeStep(code);
  if (amount % step !== 0) throw new RangeError(`Stripe cannot charge ${amount} minor units of ${code}: amounts must be multiples of ${step}`);
  const digits = scale(code);
  const stripeAmount = digits >= 0 ? amount * 10 ** digits : amount / 10 ** -digits;
  if (!Number.isSafeInteger(stripeAmount)) throw new RangeError(`${amount} ${code} is too large for Stripe`);
  return stripeAmount;
}

/** Stripe's `amount` (amount_received, amount_refunded …) in ISO minor units; throws if it has no exact value. */
export function fromStripeAmount(stripeAmount: number, currency: string): number {
  const code = currency.toUpperCase();
  if (!Number.isSafeInteger(stripeAmount) || stripeAmount < 0) throw new RangeError(`${stripeAmount} is not a Stripe amount`);
  const digits = scale(code);
  if (digits <= 0) return stripeAmount * 10 ** -digits;
  if (stripeAmount % 10 ** digits !== 0) throw new RangeError(`Stripe amount ${stripeAmount} ${code} is a fraction of the currency's unit`);
  return stripeAmount / 10 ** digits;
}
