import { addDays } from '../../dates';

/** Today's date where a property is (its stays' dates are local to it), YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** `YYYY-MM` → its nights as [from, to) and each date; an invalid month falls back to `fallback`. */
export function monthWindow(month: string | null, fallback: string): { month: string; from: string; to: string; days: string[] } {
  const valid = month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : fallback;
  const from = `${valid}-01`;
  const next = new Date(`${from}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const to = next.toISOString().slice(0, 10);
  const days: string[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) days.push(day);
  return { month: valid, from, to, days };
}

export function shiftMonth(month: string, by: number): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + by);
  return date.toISOString().slice(0, 7);
}

export function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC', month: 'long', year: 'numeric' });
}

export function shortDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC', day: 'numeric', month: 'short' });
}

/** Decimal places of a currency's minor unit (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** What a person typed in major units → integer minor units; undefined when empty or not a number. */
export function toMinor(major: string, currency: string): number | undefined {
  if (major.trim() === '') return undefined;
  const value = Number(major);
  return Number.isFinite(value) ? Math.round(value * 10 ** minorDigits(currency)) : undefined;
}
