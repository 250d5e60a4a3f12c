import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { conflict } from '../platform/errors';

export type AfterCommit = (effect: () => void | Promise<void>) => void;

const SQLSTATE_SERIALIZATION_FAILURE = '40001';
const SQLSTATE_DEADLOCK_DETECTED = '40P01';

/** PostgreSQL gave up on this transaction because of another one (a deadlock, a serialization failure). */
export function isTransientConflict(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string }).code;
  return code === SQLSTATE_DEADLOCK_DETECTED || code === SQLSTATE_SERIALIZATION_FAILURE;
}

/** How often a transaction that lost a deadlock or a serialization check runs again before it is CONFLICT. */
const RETRIES = 1;

/**
 * Runs `work` in one transaction and, only once it has committed, the effects it registered (publishing
 * events, for instance), in order. A rolled-back transaction runs none of them.
 *
 * `waitForEffects: false` answers as soon as the transaction commits and runs the effects behind the answer:
 * for effects that only announce (a NOTIFY round trip each), where committed is what the answer promises and
 * the live event follows within milliseconds. A stopping server still waits for them (settleAfterCommitEffects).
 * Effects that do work the caller relies on (processing parked webhook events) keep the default.
 *
 * A transaction that PostgreSQL aborts as a deadlock victim (40P01) or a serialization failure (40001) is
 * run again once from the start (its effects of the failed attempt dropped); if it loses again, the caller
 * gets CONFLICT ("try again"), never an internal error. The lock order (`lock-order.ts`) keeps deadlocks
 * out of the normal races: this is the safety net, not the design.
 */
export async function inTransaction<T>(
  db: DataSource,
  work: (manager: EntityManager, afterCommit: AfterCommit) => Promise<T>,
  onEffectError: (error: unknown) => void = () => undefined,
  { waitForEffects = true }: { waitForEffects?: boolean } = {},
): Promise<T> {
  let effects: Array<() => void | Promise<void>> = [];
  let result: T;
  for (let attempt = 0; ; attempt += 1) {
    effects = [];
    try {
      result = await db.transaction((manager) => work(manager, (effect) => effects.push(effect)));
      break;
    } catch (error) {
      if (!isTransientConflict(error)) throw error;
      if (attempt >= RETRIES) throw conflict('This changed at the same moment elsewhere: please try again', { retryable: true });
    }
  }
  const running = runEffects(effects, onEffectError);
  settleLater(running);
  if (waitForEffects) await running;
  return result;
}

async function runEffects(effects: Array<() => void | Promise<void>>, onEffectError: (error: unknown) => void): Promise<void> {
  for (const effect of effects) {
    try {
      await effect();
    } catch (error) {
      onEffectError(error);
    }
  }
}

/** After-commit effects still running: the response does not wait for them, a shutdown does. */
const pending = new Set<Promise<void>>();

/** Runs `effects` behind the caller's answer; a stopping server waits for them (settleAfterCommitEffects). */
export function settleLater(effects: Promise<void>): void {
  pending.add(effects);
  void effects.finally(() => pending.delete(effects));
}

/** Waits for every after-commit effect started so far (a server stopping, before it closes the pub/sub). */
export async function settleAfterCommitEffects(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
