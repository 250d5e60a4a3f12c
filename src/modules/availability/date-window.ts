import { z } from 'zod';
import { type CalendarDate, daysBetween } from '../../platform/calendar-dates';
import { badInput } from '../../platform/errors';

/** Checks a half-open [from, to) window; `maxDays` bounds its length. */
export function assertWindow(from: CalendarDate, to: CalendarDate, maxDays: number, names = { from: 'from', to: 'to' }): number {
  const days = daysBetween(from, to);
  if (days <= 0) throw badInput(names.to, `${names.to} must be after ${names.from}`);
  if (days > maxDays) throw badInput(names.to, `The range may span at most ${maxDays} days`);
  return days;
}

export const optionalReason = z.string().trim().max(500).nullish();
