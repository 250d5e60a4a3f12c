import { addDays, type CalendarDate, daysBetween } from '../../platform/calendar-dates';
import type { Property } from '../catalog/property.entity';
import type { Room } from '../catalog/room.entity';
import type { LengthOfStayDiscount } from './length-of-stay-discount.entity';
import type { PricingRule } from './pricing-rule.entity';
import { stripeStep } from '../../platform/payments/stripe-amounts';
import { divideRoundHalfUp, percentOf, roundUpTo, scaleRoundHalfUp } from './rounding';
import { type DiscountCodeTerms, type DiscountOutcome, discountFor } from './discount-code-price';

/**
 * The pricing engine: pure functions from a property's settings, rules and discounts to the price of a
 * stay. Quotes, bookings and search (through its SQL twin in stay-pricing-sql.ts) all use it.
 *
 * Which rule prices a night — the most specific one that covers it:
 *   1. scope: a rule for the room beats one for its room type, which beats one for the whole property;
 *   2. kind: weekdays within a date range beat a date range, which beats weekdays alone;
 *   3. the shorter date range (a special date inside a season);
 *   4. the newest rule.
 * Rules without a price (only a nights limit) never price a night. The nights limits of a stay come from
 * the most specific date-range rule with a limit that covers the check-in night, else from the property.
 */

export type PricingProperty = Pick<
  Property,
  'currency' | 'extraGuestFeeAmount' | 'cleaningFeeAmount' | 'lateCheckoutFeeAmount' | 'taxRateBasisPoints' | 'minNights' | 'maxNights'
>;
export type PricingRoom = Pick<Room, 'id' | 'roomTypeCode' | 'basePriceAmount' | 'includedGuests'>;

export interface NightLine {
  date: CalendarDate;
  amount: number;
  ruleId: string | null;
  ruleName: string | null;
}

export type FeeKind = 'EXTRA_GUESTS' | 'CLEANING' | 'LATE_CHECKOUT';

/** Fees and discounts carry their currency with the stay: amounts are minor units. */
export interface PriceFee {
  kind: FeeKind;
  label: string;
  amount: number;
}

export type DiscountKind = 'LENGTH_OF_STAY' | 'CODE' | 'REFERRAL';

/**
 * A discount line: `label` is the English text the API shows; `kind` and its figures let documents write it
 * in the guest's language. Snapshots stored before kinds existed have a label only.
 */
export interface PriceDiscount {
  kind?: DiscountKind;
  label: string;
  amount: number;
  percentBasisPoints?: number;
  minNights?: number;
  code?: string;
}

/** A line together with the currency of its stay, as the API shows it. */
export type InCurrency<T> = T & { currency: string };
export type PricedNight = InCurrency<NightLine>;
export type PricedFee = InCurrency<PriceFee>;
export type PricedDiscount = InCurrency<PriceDiscount>;
export const inCurrency = <T extends object>(items: readonly T[], currency: string): InCurrency<T>[] =>
  items.map((item) => ({ ...item, currency }));

export interface PriceBreakdown {
  currency: string;
  nights: NightLine[];
  subtotal: number;
  fees: PriceFee[];
  feesTotal: number;
  discounts: PriceDiscount[];
  discountTotal: number;
  taxRateBasisPoints: number;
  taxes: number;
  /**
   * Added so that the total is an amount the card processor can charge exactly: 0 except for Stripe's
   * three-decimal currencies (a total ending in 1–9 fils goes up to the next 10) and MGA (whole ariary).
   */
  rounding: number;
  total: number;
  /** The discount code asked for: applied (its line is in `discounts`) or why not; null without a code. */
  code: DiscountOutcome | null;
  /** What the code took off (0 when none applied); part of discountTotal. */
  codeDiscount: number;
  /** A referred guest's first booking: what the referral took off (0 otherwise); part of discountTotal. */
  referralDiscount: number;
  /** Loyalty points redeemed and the money they stand for, already taken off `total` (see points.ts). */
  pointsRedeemed: number;
  pointsAmount: number;
}

const isoWeekday = (date: CalendarDate) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

const appliesToRoom = (rule: PricingRule, room: PricingRoom) =>
  (rule.roomId === null || rule.roomId === room.id) && (rule.roomTypeCode === null || rule.roomTypeCode === room.roomTypeCode);

const coversNight = (rule: PricingRule, date: CalendarDate) =>
  (rule.startsOn === null || (rule.endsOn !== null && date >= rule.startsOn && date < rule.endsOn)) &&
  (rule.weekdays === null || rule.weekdays.includes(isoWeekday(date)));

/** Larger is more specific; compared field by field, then by id (as the SQL twin orders them). */
function specificity(rule: PricingRule): number[] {
  const scope = rule.roomId ? 3 : rule.roomTypeCode ? 2 : 1;
  const kind = rule.startsOn && rule.weekdays ? 3 : rule.startsOn ? 2 : 1;
  const shortness = rule.startsOn && rule.endsOn ? -daysBetween(rule.startsOn, rule.endsOn) : -Infinity;
  return [scope, kind, shortness, rule.createdAt.getTime()];
}

function moreSpecific(a: PricingRule, b: PricingRule): boolean {
  const [keyA, keyB] = [specificity(a), specificity(b)];
  for (let i = 0; i < keyA.length; i += 1) {
    if (keyA[i] !== keyB[i]) return keyA[i]! > keyB[i]!;
  }
  return a.id > b.id;
}

const mostSpecific = (rules: PricingRule[]) =>
  rules.reduce<PricingRule | undefined>((best, rule) => (!best || moreSpecific(rule, best) ? rule : best), undefined);

const hasPrice = (rule: PricingRule) => rule.nightlyAmount !== null || rule.percentBasisPoints !== null;

export function priceNight(room: PricingRoom, rules: PricingRule[], date: CalendarDate): NightLine {
  const rule = mostSpecific(rules.filter((r) => hasPrice(r) && appliesToRoom(r, room) && coversNight(r, date)));
  if (!rule) return { date, amount: room.basePriceAmount, ruleId: null, ruleName: null };
  const amount =
    rule.nightlyAmount ?? scaleRoundHalfUp(room.basePriceAmount, 10_000 + (rule.percentBasisPoints ?? 0), 10_000);
  return { date, amount, ruleId: rule.id, ruleName: rule.name };
}

export function nightsLimits(property: PricingProperty, room: PricingRoom, rules: PricingRule[], checkIn: CalendarDate) {
  const limiting = rules.filter(
    (r) => (r.minNights !== null || r.maxNights !== null) && appliesToRoom(r, room) && coversNight(r, checkIn),
  );
  const rule = mostSpecific(limiting);
  return {
    minNights: rule?.minNights ?? property.minNights,
    maxNights: rule?.maxNights ?? property.maxNights,
    ruleName: rule?.name ?? null,
  };
}

export function priceStay(
  property: PricingProperty,
  room: PricingRoom,
  rules: PricingRule[],
  discounts: LengthOfStayDiscount[],
  stay: { checkIn: CalendarDate; checkOut: CalendarDate; guests: number; lateCheckout: boolean },
  /** A discount code whose other conditions (dates, scope, uses) hold, or a rejection decided before pricing. */
  code: DiscountCodeTerms | DiscountOutcome | null = null,
  /** A referred guest's first booking: the referrer's level's percentage, in basis points. */
  referralBasisPoints = 0,
): PriceBreakdown {
  const count = daysBetween(stay.checkIn, stay.checkOut);
  const nights = Array.from({ length: count }, (_, i) => priceNight(room, rules, addDays(stay.checkIn, i)));
  const subtotal = nights.reduce((sum, night) => sum + night.amount, 0);

  const fees: PriceBreakdown['fees'] = [];
  const extraGuests = Math.max(0, stay.guests - room.includedGuests);
  if (extraGuests > 0 && property.extraGuestFeeAmount > 0) {
    fees.push({
      kind: 'EXTRA_GUESTS',
      label: `${extraGuests} extra guest${extraGuests > 1 ? 's' : ''} × ${count} night${count > 1 ? 's' : ''}`,
      amount: extraGuests * count * property.extraGuestFeeAmount,
    });
  }
  if (property.cleaningFeeAmount > 0) fees.push({ kind: 'CLEANING', label: 'Cleaning', amount: property.cleaningFeeAmount });
  if (stay.lateCheckout && property.lateCheckoutFeeAmount !== null) {
    fees.push({ kind: 'LATE_CHECKOUT', label: 'Late check-out', amount: property.lateCheckoutFeeAmount });
  }
  const feesTotal = fees.reduce((sum, fee) => sum + fee.amount, 0);

  const discount = [...discounts].filter((d) => count >= d.minNights).sort((a, b) => b.minNights - a.minNights)[0];
  const discountList: PriceBreakdown['discounts'] = discount
    ? [
        {
          kind: 'LENGTH_OF_STAY',
          label: `${discount.minNights}+ nights −${discount.percentBasisPoints / 100} %`,
          amount: percentOf(subtotal, discount.percentBasisPoints),
          minNights: discount.minNights,
          percentBasisPoints: discount.percentBasisPoints,
        },
      ]
    : [];
  let discountTotal = discountList.reduce((sum, d) => sum + d.amount, 0);

  // A discount code comes after the length-of-stay discount and before tax (discount-code-price.ts).
  const codeOutcome: DiscountOutcome | null =
    code === null || 'applied' in code
      ? code
      : discountFor(code, {
          currency: property.currency,
          nights,
          lengthOfStayBasisPoints: discount?.percentBasisPoints ?? 0,
          extraGuests,
          extraGuestFeePerNight: property.extraGuestFeeAmount,
          oneOffFees: fees.filter((fee) => fee.kind !== 'EXTRA_GUESTS').reduce((sum, fee) => sum + fee.amount, 0),
          totalBeforeCode: subtotal - discountTotal + feesTotal,
        });
  const codeDiscount = codeOutcome?.applied ? codeOutcome.amount : 0;
  if (codeOutcome?.applied) {
    discountList.push({ kind: 'CODE', label: `Code ${codeOutcome.code}`, amount: codeDiscount, code: codeOutcome.code });
    discountTotal += codeDiscount;
  }

  // The referral comes after the code and before tax, on what the code left (both apply: docs, "Loyalty").
  const referralDiscount = referralBasisPoints > 0 ? percentOf(subtotal - discountTotal + feesTotal, referralBasisPoints) : 0;
  if (referralDiscount > 0) {
    discountList.push({ kind: 'REFERRAL', label: `Referral −${referralBasisPoints / 100} %`, amount: referralDiscount, percentBasisPoints: referralBasisPoints });
    discountTotal += referralDiscount;
  }

  const taxes = percentOf(subtotal - discountTotal + feesTotal, property.taxRateBasisPoints);
  const exact = subtotal - discountTotal + feesTotal + taxes;
  const total = roundUpTo(exact, stripeStep(property.currency));
  // The input bounds (MAX_PRICE_AMOUNT) keep every total far below this; reaching it is a bug, not a price.
  if (!Number.isSafeInteger(total)) throw new Error(`the total of a stay (${total}) is beyond Number.MAX_SAFE_INTEGER`);
  return {
    currency: property.currency,
    nights,
    subtotal,
    fees,
    feesTotal,
    discounts: discountList,
    discountTotal,
    taxRateBasisPoints: property.taxRateBasisPoints,
    taxes,
    rounding: total - exact,
    total,
    code: codeOutcome,
    codeDiscount,
    referralDiscount,
    pointsRedeemed: 0,
    pointsAmount: 0,
  };
}

/** Average nightly price of a stay (what search ranks by), rounded half up. */
export const averageNightly = (nights: readonly NightLine[]) =>
  divideRoundHalfUp(nights.reduce((sum, night) => sum + night.amount, 0), nights.length);
