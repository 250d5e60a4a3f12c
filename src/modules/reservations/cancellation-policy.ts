import { DateTime } from 'luxon';
import type { CancellationPolicy } from '../catalog/property.entity';
import { percentOf } from '../pricing/rounding';
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
 * - FLEXIBLE: everything until 48 hours before check-in; later, all but the first night (and its tax);
 * - MODERATE: everything until 5 days (120 hours) before check-in; later, 50 %;
 * - STRICT: 50 % until 7 days (168 hours) before check-in; later, nothing.
 * "Until" includes the boundary itself. Halves round half up, like every amount.
 */
export function refundFor(
  reservation: Pick<Reservation, 'totalAmount' | 'priceSnapshot'>,
  policy: CancellationPolicy,
  by: ActorRole,
  now: Date,
  checkIn: Date,
): number {
  const total = reservation.totalAmount;
  if (by !== 'GUEST') return total;
  const hoursBefore = (checkIn.getTime() - now.getTime()) / HOUR_MS;
  switch (policy) {
    case 'FLEXIBLE': {
      if (hoursBefore >= 48) return total;
      const firstNight = reservation.priceSnapshot.nights[0]?.amount ?? 0;
      const kept = firstNight + percentOf(firstNight, reservation.priceSnapshot.taxRateBasisPoints);
      return Math.max(0, total - kept);
    }
    case 'MODERATE':
      return hoursBefore >= 120 ? total : percentOf(total, 5_000);
    case 'STRICT':
      return hoursBefore >= 168 ? percentOf(total, 5_000) : 0;
  }
}
