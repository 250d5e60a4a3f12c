import type { CalendarDate } from '../../platform/calendar-dates';
import { percentOf } from './rounding';

/**
 * What a discount code takes off a stay, as a pure function of the stay's lines (see docs/architecture.md,
 * "Discount codes"). The code discounts before tax: the tax is computed on the price after it.
 *
 * Eligible amount: the nights the code covers (every night; Monday–Thursday and Sunday nights for WEEKDAYS;
 * Friday and Saturday nights for WEEKENDS), after the length-of-stay discount's share of them; unless the code
 * is base-price-only, plus the extra-guest fee of those nights, and the one-off fees (cleaning, late
 * check-out) when the code covers every night. PERCENT takes its percentage of that (half up, in minor
 * units); FIXED its amount. Then capped by the code's maximum discount, and never more than the eligible
 * amount.
 */
export interface DiscountCodeTerms {
  code: string;
  kind: 'PERCENT' | 'FIXED';
  percentBasisPoints: number | null;
  amount: number | null;
  /** Set when the code has amounts (fixed amount, minimum total, maximum discount): it fits only that currency. */
  currency: string | null;
  minTotal: number | null;
  maxDiscount: number | null;
  nights: 'ALL' | 'WEEKDAYS' | 'WEEKENDS';
  basePriceOnly: boolean;
}

/** Why a code takes nothing off; the first reason that applies, in the order of this list. */
export type DiscountRejection =
  | 'UNKNOWN_CODE'
  | 'INACTIVE'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'NOT_FOR_PROPERTY'
  | 'NOT_FOR_ROOM_TYPE'
  | 'CURRENCY_MISMATCH'
  | 'SIGN_IN_REQUIRED'
  | 'NOT_YOURS'
  | 'NOT_FIRST_STAY'
  | 'USED_UP'
  | 'USED_UP_BY_GUEST'
  | 'MIN_TOTAL'
  | 'NO_ELIGIBLE_NIGHTS';

export type DiscountOutcome = { code: string; applied: true; amount: number } | { code: string; applied: false; reason: DiscountRejection };

/** As the API shows it: with the stay's currency. */
export type PricedDiscountOutcome = DiscountOutcome & { currency: string };

export interface DiscountableStay {
  currency: string;
  nights: readonly { date: CalendarDate; amount: number }[];
  /** The length-of-stay discount's rate (0 without one). */
  lengthOfStayBasisPoints: number;
  extraGuests: number;
  extraGuestFeePerNight: number;
  /** Cleaning and late check-out. */
  oneOffFees: number;
  /** Subtotal − length-of-stay discount + fees: the stay before the code and before tax. */
  totalBeforeCode: number;
}

/** Friday and Saturday nights are the weekend (the nights before Saturday and Sunday). */
export const isWeekendNight = (date: CalendarDate) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 5 || day === 6;
};

export function discountFor(terms: DiscountCodeTerms, stay: DiscountableStay): DiscountOutcome {
  const rejected = (reason: DiscountRejection): DiscountOutcome => ({ code: terms.code, applied: false, reason });
  if (terms.currency !== null && terms.currency !== stay.currency) return rejected('CURRENCY_MISMATCH');
  if (terms.minTotal !== null && stay.totalBeforeCode < terms.minTotal) return rejected('MIN_TOTAL');
  const nights = stay.nights.filter((night) =>
    terms.nights === 'ALL' ? true : terms.nights === 'WEEKENDS' ? isWeekendNight(night.date) : !isWeekendNight(night.date),
  );
  if (nights.length === 0) return rejected('NO_ELIGIBLE_NIGHTS');
  const nightsAmount = nights.reduce((sum, night) => sum + night.amount, 0);
  let eligible = nightsAmount - percentOf(nightsAmount, stay.lengthOfStayBasisPoints);
  if (!terms.basePriceOnly) {
    eligible += stay.extraGuests * nights.length * stay.extraGuestFeePerNight;
    if (terms.nights === 'ALL') eligible += stay.oneOffFees;
  }
  eligible = Math.min(eligible, stay.totalBeforeCode);
  const raw = terms.kind === 'PERCENT' ? percentOf(eligible, terms.percentBasisPoints ?? 0) : (terms.amount ?? 0);
  const amount = Math.min(raw, terms.maxDiscount ?? raw, eligible);
  return { code: terms.code, applied: true, amount };
}
