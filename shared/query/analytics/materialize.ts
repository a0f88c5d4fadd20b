import type { QueryEngine } from '../engine';

/**
 * A derived answer that is expensive from scratch (it reads every event) and asked for every
 * time a case is opened: computed once per state of the case, saved in the case database with
 * the state's stamp, and read back while the stamp still matches. `name` carries a version,
 * so a change in the answer's shape never reads an old one.
 */
export function materialized<T>(engine: QueryEngine, name: string, compute: () => Promise<T>): Promise<T> {
  return engine.memo(name, async () => {
    const stamp = await engine.stateStamp();
    const saved = await engine.store.loadDerived(name);
    if (saved && saved.stamp === stamp) return saved.value as T;
    const value = await compute();
    // Saving is an optimisation: a store that cannot write still answers.
    await engine.store.saveDerived(name, stamp, value).catch(() => undefined);
    return value;
  });
}
