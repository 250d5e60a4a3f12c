import { addDays, type CalendarDate, daysBetween } from '../../platform/calendar-dates';
import type { Room } from '../catalog/room.entity';

/**
 * The one place that prices a room's nights. Today a night costs the room's base price; seasonal, weekday
 * and length-of-stay rules arrive with reservations and quotes, here, so that search and booking agree.
 */
export interface NightPrice {
  date: CalendarDate;
  amount: number;
}

export function nightlyPrices(room: Pick<Room, 'basePriceAmount'>, checkIn: CalendarDate, checkOut: CalendarDate): NightPrice[] {
  return Array.from({ length: daysBetween(checkIn, checkOut) }, (_, night) => ({
    date: addDays(checkIn, night),
    amount: room.basePriceAmount,
  }));
}

/** Average nightly price of a stay, rounded half up to a whole minor unit. */
export function averageNightlyPrice(nights: readonly NightPrice[]): number {
  const total = nights.reduce((sum, night) => sum + night.amount, 0);
  return Math.floor((2 * total + nights.length) / (2 * nights.length));
}

/**
 * The same average as SQL over a `rooms` row aliased `room`, for searches that rank thousands of rooms in
 * the database. It must stay equal to averageNightlyPrice(nightlyPrices(...)); test/search.test.ts checks it.
 */
export const averageNightlyPriceSql = (room: string) => `${room}.base_price_amount`;
