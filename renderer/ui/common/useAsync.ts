import { useEffect, useState, type DependencyList } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

/**
 * Runs an async read whenever its inputs change and keeps the last answer on screen while the
 * next one loads (no flash of empty content, no layout jump). A stale answer never overwrites
 * a newer one.
 */
export function useAsync<T>(run: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ data: undefined, error: null, loading: true });
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => { if (alive) setState({ data, error: null, loading: false }); },
      (e: unknown) => { if (alive) setState((s) => ({ data: s.data, error: e instanceof Error ? e.message : String(e), loading: false })); },
    );
    return () => { alive = false; };
    // The caller's deps decide when to run again; `run` is a new closure every render.
  }, deps);
  return state;
}
