import { addDays, type CalendarDate, daysBetween } from '../../platform/calendar-dates';
import type { Property } from '../catalog/property.entity';
import type { Room } from '../catalog/room.entity';
import { nightsLimits, type PricingProperty, type PricingRoom } from './pricing-engine';
import { RULE_SPECIFICITY_ORDER } from './pricing-sql';
import type { PricingRule } from './pricing-rule.entity';

/**
 * Whether a stay can be booked: one definition in two forms. `stayProblems` is the TypeScript form that
 * quotes and bookings use; `bookableStaySql` is the same rule as a SQL condition for search, which must list
 * exactly the rooms a quote would accept. test/bookability.test.ts compares both over generated stays.
 *
 * Who may see a property at all (active, host verified) belongs to CatalogAccess; here the property and
 * room being active and the host being verified are problems of the stay, for the host's and admins' own quotes.
 */

/** The longest stay anyone may quote, search or book (properties' maxNights are at most this). */
export const MAX_STAY_NIGHTS = 365;

export type StayProblemCode =
  | 'UNAVAILABLE'
  | 'MIN_NIGHTS'
  | 'MAX_NIGHTS'
  | 'TOO_MANY_GUESTS'
  | 'ROOM_INACTIVE'
  | 'HOST_NOT_VERIFIED'
  | 'CHECK_IN_IN_PAST'
  | 'BEYOND_BOOKING_WINDOW'
  | 'LATE_CHECKOUT_NOT_OFFERED';

export interface StayProblem {
  code: StayProblemCode;
  message: string;
}

export interface StayFacts {
  property: PricingProperty & Pick<Property, 'name' | 'active' | 'timeZone' | 'bookingWindowDays'>;
  room: PricingRoom & Pick<Room, 'name' | 'active' | 'maxGuests'>;
  rules: PricingRule[];
  /** False when verified hosts are required and this one is not. */
  hostBookable: boolean;
  stay: { checkIn: CalendarDate; checkOut: CalendarDate; guests: number; lateCheckout: boolean };
  /** Today in the property's time zone. */
  today: CalendarDate;
  /** No block or reservation holds any night of the stay. */
  free: boolean;
}

export function stayProblems({ property, room, rules, hostBookable, stay, today, free }: StayFacts): StayProblem[] {
  const problems: StayProblem[] = [];
  const problem = (code: StayProblemCode, message: string) => problems.push({ code, message });
  const nights = daysBetween(stay.checkIn, stay.checkOut);

  if (!room.active || !property.active) problem('ROOM_INACTIVE', 'This room is not open for booking');
  if (!hostBookable) problem('HOST_NOT_VERIFIED', `${property.name} cannot be booked until its host is verified`);
  if (stay.guests > room.maxGuests) problem('TOO_MANY_GUESTS', `${room.name} sleeps at most ${room.maxGuests}`);
  const limits = nightsLimits(property, room, rules, stay.checkIn);
  if (nights < limits.minNights) problem('MIN_NIGHTS', `Stays starting ${stay.checkIn} last at least ${limits.minNights} nights`);
  if (nights > limits.maxNights) problem('MAX_NIGHTS', `Stays starting ${stay.checkIn} last at most ${limits.maxNights} nights`);
  if (stay.checkIn < today) problem('CHECK_IN_IN_PAST', `${stay.checkIn} is in the past in ${property.timeZone}`);
  const lastCheckOut = addDays(today, property.bookingWindowDays);
  if (stay.checkOut > lastCheckOut) {
    problem('BEYOND_BOOKING_WINDOW', `${property.name} takes bookings for stays ending by ${lastCheckOut} (${property.bookingWindowDays} days ahead)`);
  }
  if (stay.lateCheckout && property.lateCheckoutFeeAmount === null) problem('LATE_CHECKOUT_NOT_OFFERED', `${property.name} offers no late check-out`);
  if (!free) problem('UNAVAILABLE', 'Those dates are not available');
  return problems;
}

/**
 * The SQL form of `stayProblems(...)` being empty, without late check-out (search never asks for it) and
 * without the host's verification (CatalogAccess.publicPropertySql, which search adds). `room` and
 * `property` are aliases of `rooms` and `properties` rows; the others are SQL expressions: dates, an
 * integer and a timestamptz ("now", so that "today" is the property's, as in stayProblems).
 */
export function bookableStaySql(a: { room: string; property: string; checkIn: string; checkOut: string; guests: string; now: string }): string {
  const { room, property, checkIn, checkOut } = a;
  const today = `(${a.now} AT TIME ZONE ${property}.time_zone)::date`;
  const nights = `(${checkOut} - ${checkIn})`;
  const propertyLimits = `${nights} BETWEEN ${property}.min_nights AND ${property}.max_nights`;
  // As nightsLimits: the most specific date-range rule with a limit covering the check-in night, else the
  // property's; a rule that sets only one limit leaves the other to the property.
  const ruleLimits = `
    COALESCE((
      SELECT ${nights} BETWEEN COALESCE(rule.min_nights, ${property}.min_nights) AND COALESCE(rule.max_nights, ${property}.max_nights)
        FROM pricing_rules rule
       WHERE rule.property_id = ${room}.property_id
         AND (rule.min_nights IS NOT NULL OR rule.max_nights IS NOT NULL)
         AND (rule.room_id IS NULL OR rule.room_id = ${room}.id)
         AND (rule.room_type_code IS NULL OR rule.room_type_code = ${room}.room_type_code)
         AND (rule.starts_on IS NULL OR (${checkIn} >= rule.starts_on AND ${checkIn} < rule.ends_on))
         AND (rule.weekdays IS NULL OR extract(isodow FROM ${checkIn})::smallint = ANY (rule.weekdays))
       ORDER BY ${RULE_SPECIFICITY_ORDER}
       LIMIT 1), ${propertyLimits})`;
  // Today anywhere lies within a day of today in UTC (a constant of the statement): the first arm settles
  // almost every row without converting "now" into the property's zone, which costs per row.
  const utcToday = `(${a.now} AT TIME ZONE 'UTC')::date`;
  return `(${property}.active AND ${room}.active
      AND ${room}.max_guests >= ${a.guests}
      AND (${checkIn} > ${utcToday} OR ${checkIn} >= ${today})
      AND (${checkOut} <= ${utcToday} - 1 + ${property}.booking_window_days OR ${checkOut} <= ${today} + ${property}.booking_window_days)
      AND (CASE WHEN ${room}.property_id NOT IN (SELECT property_id FROM pricing_rules WHERE min_nights IS NOT NULL OR max_nights IS NOT NULL)
                THEN ${propertyLimits}
                ELSE ${ruleLimits}
           END)
      AND NOT EXISTS (SELECT 1 FROM room_occupancies o WHERE o.room_id = ${room}.id AND o.stay && daterange(${checkIn}, ${checkOut})))`;
}
