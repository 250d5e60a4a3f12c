import ical from 'node-ical';
import { addDays, type CalendarDate, todayIn } from '../../platform/calendar-dates';
import type { FeedEventKind } from './channel-sync.entities';

export interface ImportedEvent {
  uid: string;
  kind: FeedEventKind;
  summary: string | null;
  from: CalendarDate;
  to: CalendarDate;
}

export class FeedParseError extends Error {}

/**
 * What a channel's event means. Airbnb: "Reserved" / "Airbnb (Not available)"; Booking.com:
 * "CLOSED - Not available"; Vrbo: "Reserved - <name>" / "Blocked". Anything else still closes the room
 * (a feed lists unavailability) and counts as NOT_AVAILABLE.
 */
export function kindOf(summary: string | null): FeedEventKind {
  return summary && /^\s*(reserved|booked)\b/i.test(summary) ? 'RESERVED' : 'NOT_AVAILABLE';
}

const text = (value: unknown): string | null => {
  if (typeof value === 'string') return value.trim() || null;
  if (value && typeof value === 'object' && 'val' in value && typeof value.val === 'string') return value.val.trim() || null;
  return null;
};

const pad = (n: number) => String(n).padStart(2, '0');

/** A DTSTART/DTEND as a calendar date: all-day values as written, times as the date in the property's zone. */
function dateOf(value: Date & { dateOnly?: boolean }, timeZone: string): CalendarDate {
  // node-ical builds VALUE=DATE values at local midnight: their local fields are the written date.
  if (value.dateOnly) return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  return todayIn(timeZone, value);
}

/**
 * The events of an .ics body, as half-open date ranges. Cancelled and transparent (free) events are left
 * out; an event without DTEND lasts one day; a body that is not a calendar at all is an error (a login page
 * served with 200 must not read as "no events").
 */
export function parseFeed(body: string, timeZone: string): ImportedEvent[] {
  if (!/^\s*BEGIN:VCALENDAR/i.test(body)) throw new FeedParseError('the answer is not an iCalendar file (no BEGIN:VCALENDAR)');
  let parsed: ical.CalendarResponse;
  try {
    parsed = ical.sync.parseICS(body);
  } catch (error) {
    throw new FeedParseError(`the calendar could not be read: ${(error as Error).message}`);
  }
  const events: ImportedEvent[] = [];
  for (const component of Object.values(parsed)) {
    if (!component || component.type !== 'VEVENT') continue;
    const event = component as ical.VEvent;
    if (event.status === 'CANCELLED' || event.transparency === 'TRANSPARENT' || !event.start) continue;
    const uid = text(event.uid);
    if (!uid) continue;
    const summary = text(event.summary);
    const from = dateOf(event.start, timeZone);
    let to = event.end ? dateOf(event.end, timeZone) : addDays(from, 1);
    // A timed event ending after midnight still occupies its last night's date.
    if (event.end && !event.end.dateOnly && to <= from) to = addDays(from, 1);
    if (to <= from) continue;
    events.push({ uid: uid.slice(0, 500), kind: kindOf(summary), summary: summary?.slice(0, 200) ?? null, from, to });
  }
  return events.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}
