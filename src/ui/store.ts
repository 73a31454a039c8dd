/**
 * A reducer whose latest state is readable synchronously. Key handlers read `get()` and dispatch
 * actions; several keys delivered in one chunk therefore each see the state left by the previous
 * one (no stale closures), and React renders once per chunk (Ink batches input updates).
 */
import { useCallback, useRef, useState } from 'react';

export type Reducer<S, A> = (state: S, action: A) => S;

export interface Store<S, A> {
  state: S;
  dispatch: (action: A) => S;
  get: () => S;
}

export function useStore<S, A>(reducer: Reducer<S, A>, init: S | (() => S)): Store<S, A> {
  const [state, setState] = useState<S>(init);
  const ref = useRef<S>(state);
  const reducerRef = useRef(reducer);
  reducerRef.current = reducer;
  const dispatch = useCallback((action: A): S => {
    const next = reducerRef.current(ref.current, action);
    if (next !== ref.current) {
      ref.current = next;
      setState(next);
    }
    return next;
  }, []);
  const get = useCallback(() => ref.current, []);
  return { state, dispatch, get };
}
