import type { ValueTransformer } from 'typeorm';

/** PostgreSQL returns numeric as a string (it may not fit a double); ratings do, so read them as numbers. */
export const numericAsNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * Money columns are bigint (PostgreSQL answers with a string): read them as JavaScript numbers, and refuse
 * any value beyond Number.MAX_SAFE_INTEGER either way rather than round it silently.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => {
    if (value === null || value === undefined) return value;
    if (!Number.isSafeInteger(value)) throw new Error(`amount ${value} is not a safe integer`);
    return value;
  },
  from: (value: string | number | null) => (value === null ? null : safeInteger(value)),
};

/** A bigint from SQL (string or number) as an exact JavaScript number; throws beyond 2^53 − 1. */
export function safeInteger(value: string | number | bigint): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`${String(value)} does not fit a JavaScript integer exactly`);
  return number;
}
