import type { DataSource, EntityManager } from 'typeorm';

export type AfterCommit = (effect: () => void | Promise<void>) => void;

/**
 * Runs `work` in one transaction and, only once it has committed, the effects it registered (publishing
 * events, for instance). A rolled-back transaction runs none of them.
 */
export async function inTransaction<T>(
  db: DataSource,
  work: (manager: EntityManager, afterCommit: AfterCommit) => Promise<T>,
  onEffectError: (error: unknown) => void = () => undefined,
): Promise<T> {
  const effects: Array<() => void | Promise<void>> = [];
  const result = await db.transaction((manager) => work(manager, (effect) => effects.push(effect)));
  for (const effect of effects) {
    try {
      await effect();
    } catch (error) {
      onEffectError(error);
    }
  }
  return result;
}
