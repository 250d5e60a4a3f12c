/** Time comes through here so that tests (and maintenance jobs) can run on a fixed or shifted clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
