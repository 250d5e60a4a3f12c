import { type CalendarDate, maxDate, minDate } from '../../platform/calendar-dates';
import type { OccupancySource } from './room-occupancy.entity';

export interface Occupancy {
  from: CalendarDate;
  to: CalendarDate;
  source: OccupancySource;
  blockId: string | null;
  reservationId: string | null;
  note: string | null;
}

export interface UnavailableRange {
  from: CalendarDate;
  to: CalendarDate;
  reason: 'RESERVED' | 'BLOCKED';
  blockId: string | null;
  reservationId: string | null;
  note: string | null;
  /** Who may see blockId, reservationId and note (with admins). */
  ownerUserId: string | null;
}

/**
 * A room's calendar within [from, to): the occupancies clipped to the window, and the free ranges between
 * them, merged. Occupancies never overlap (the database forbids it), so their gaps are the free time.
 */
export function roomCalendar(
  window: { from: CalendarDate; to: CalendarDate },
  occupancies: readonly Occupancy[],
  ownerUserId: string | null,
): { free: { from: CalendarDate; to: CalendarDate }[]; unavailable: UnavailableRange[] } {
  const unavailable = [...occupancies]
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
    .map((o) => ({
      from: maxDate(o.from, window.from),
      to: minDate(o.to, window.to),
      reason: o.source === 'BLOCK' ? ('BLOCKED' as const) : ('RESERVED' as const),
      blockId: o.blockId,
      reservationId: o.reservationId,
      note: o.note,
      ownerUserId,
    }))
    .filter((range) => range.from < range.to);

  const free: { from: CalendarDate; to: CalendarDate }[] = [];
  let cursor = window.from;
  for (const range of unavailable) {
    if (range.from > cursor) free.push({ from: cursor, to: range.from });
    cursor = maxDate(cursor, range.to);
  }
  if (cursor < window.to) free.push({ from: cursor, to: window.to });
  return { free, unavailable };
}
