/**
 * Calendar dates (`YYYY-MM-DD`) without a time of day: stay dates are local to the property, so they are
 * compared and counted as dates, never as instants. Daylight-saving changes cannot shift them.
 */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A real date between 0001-01-01 and 9999-12-31 (PostgreSQL has no year 0; JavaScript's Date.UTC would
 * read years below 100 as 19xx, so the calendar is checked by hand).
 */
export function isCalendarDate(value: string): boolean {
  const match = PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthLength = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && monthLength !== undefined && day >= 1 && day <= monthLength;
}

const toUtcMs = (date: CalendarDate) => Date.parse(`${date}T00:00:00Z`);
const fromUtcMs = (ms: number): CalendarDate => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: CalendarDate, days: number): CalendarDate => fromUtcMs(toUtcMs(date) + days * DAY_MS);

/** Nights from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number => Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);

export const minDate = (a: CalendarDate, b: CalendarDate) => (a < b ? a : b);
export const maxDate = (a: CalendarDate, b: CalendarDate) => (a > b ? a : b);

/** One formatter per time zone: building an Intl.DateTimeFormat costs tens of microseconds, using one little. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormatIn(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** Today's date in `timeZone` at `now` (e.g. still yesterday in Honolulu when it is morning in Madrid). */
export function todayIn(timeZone: string, now: Date): CalendarDate {
  const parts = dayFormatIn(timeZone).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

/** Parses PostgreSQL's daterange text `[2026-01-01,2026-01-05)` into half-open bounds. */
export function parseDateRange(literal: string): { from: CalendarDate; to: CalendarDate } {
  const match = /^\[(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})\)$/.exec(literal);
  if (!match?.[1] || !match[2]) throw new Error(`unexpected daterange ${literal}`);
  return { from: match[1], to: match[2] };
}

export const dateRangeLiteral = (from: CalendarDate, to: CalendarDate) => `[${from},${to})`;
