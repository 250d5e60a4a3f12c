import type { ValueTransformer } from 'typeorm';

/** PostgreSQL returns numeric as a string (it may not fit a double); ratings do, so read them as numbers. */
export const numericAsNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
