import { DateTime } from 'luxon';
import type { CancellationPolicy } from '../catalog/property.entity';
import { stripeStep } from '../../platform/payments/stripe-amounts';
import { percentOf, roundDownTo, scaleRoundHalfUp } from '../pricing/rounding';
import type { ActorRole } from './reservation-history.entity';
import type { Reservation } from './reservation.entity';

const HOUR_MS = 3_600_000;

/** The check-in moment: the check-in date at the property's check-in time, in its time zone (DST-aware). */
export function checkInInstant(checkIn: string, checkInTime: string, timeZone: string): Date {
  const local = DateTime.fromISO(`${checkIn}T${checkInTime.slice(0, 5)}`, { zone: timeZone });
  if (!local.isValid) throw new Error(`invalid check-in ${checkIn} ${checkInTime} ${timeZone}`);
  return local.toUTC().toJSDate();
}

/**
 * What a cancellation refunds, of the reservation's total:
 * - by the host or an admin: everything;
 * - FLEXIBLE: everything until 48 hours before check-in; later, all but the first night as discounted (and its tax);
 * - MODERATE: everything until 5 days (120 hours) before check-in; later, 50 %;
 * - STRICT: 50 % until 7 days (168 hours) before check-in; later, nothing.
 * "Until" includes the boundary itself. Halves round half up, like every amount; then a guest's partial
 * refund rounds down to an amount the card processor can pay back exactly (whole tens of fils in KWD …).
 */
export function refundFor(
  reservation: Pick<Reservation, 'totalAmount' | 'priceSnapshot' | 'currency'>,
  policy: CancellationPolicy,
  by: ActorRole,
  now: Date,
  checkIn: Date,
): number {
  const total = reservation.totalAmount;
  if (by !== 'GUEST') return total;
  return roundDownTo(guestRefund(reservation, policy, total, (checkIn.getTime() - now.getTime()) / HOUR_MS), stripeStep(reservation.currency));
}

/**
 * The first night as the guest bought it: its list price less its share of the stay's discounts (length of
 * stay, code, referral), which apply to nights and fees together. A 20 %-off stay keeps 80 % of a night.
 */
function firstNightAfterDiscounts(snapshot: Reservation['priceSnapshot']): number {
  const firstNight = snapshot.nights[0]?.amount ?? 0;
  const sum = (lines: { amount: number }[]) => lines.reduce((total, line) => total + line.amount, 0);
  const gross = sum(snapshot.nights) + sum(snapshot.fees);
  const discounts = Math.min(sum(snapshot.discounts), gross);
  return gross === 0 ? 0 : scaleRoundHalfUp(firstNight, gross - discounts, gross);
}

function guestRefund(reservation: Pick<Reservation, 'priceSnapshot'>, policy: CancellationPolicy, total: number, hoursBefore: number): number {
  switch (policy) {
    case 'FLEXIBLE': {
      if (hoursBefore >= 48) return total;
      const firstNight = firstNightAfterDiscounts(reservation.priceSnapshot);
      const kept = firstNight + percentOf(firstNight, reservation.priceSnapshot.taxRateBasisPoints);
      return Math.max(0, total - kept);
    }
    case 'MODERATE':
      return hoursBefore >= 120 ? total : percentOf(total, 5_000);
    case 'STRICT':
      return hoursBefore >= 168 ? percentOf(total, 5_000) : 0;
  }
}
