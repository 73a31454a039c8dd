/**
 * Background data for a screen: fetch now, then every `intervalMs`; never two fetches in flight
 * (a tick during a fetch is skipped); the fetch's AbortSignal is aborted when the screen unmounts or
 * its key changes; the last good data is kept (with its time) when a later fetch fails, so the screen
 * shows "stale 40s" instead of going blank. Nothing here ever awaits on the input path.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  /** When `data` was fetched (ms since epoch). */
  at: number | undefined;
  error: Error | undefined;
  /** When the last error happened. */
  errorAt: number | undefined;
  loading: boolean;
  /** Fetch now (ignored while one is in flight). `loading` is true only until the first answer. */
  refresh: () => void;
}

export interface ResourceOptions {
  intervalMs?: number;
  /** Changing the key aborts the running fetch, forgets the data and starts over. */
  key?: string;
  /** Pause the interval (the data stays). */
  paused?: boolean;
  now?: () => number;
}

interface State<T> {
  data: T | undefined;
  at: number | undefined;
  error: Error | undefined;
  errorAt: number | undefined;
  loading: boolean;
}

const INITIAL = { data: undefined, at: undefined, error: undefined, errorAt: undefined, loading: true };

export function useResource<T>(fetcher: (signal: AbortSignal) => Promise<T>, opts: ResourceOptions = {}): Resource<T> {
  const { intervalMs, key = '', paused = false } = opts;
  const now = opts.now ?? Date.now;
  const [st, setSt] = useState<State<T>>(INITIAL);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const inFlight = useRef<AbortController | undefined>(undefined);
  const alive = useRef(true);
  const nowRef = useRef(now);
  nowRef.current = now;

  // An explicit refresh (after an action, `r`) asked while a fetch runs is run once that one ends: the
  // running fetch may have read the box before the action. Interval ticks are simply skipped.
  const again = useRef(false);
  const run = useCallback((explicit = false) => {
    if (inFlight.current) { if (explicit) again.current = true; return; }
    const ac = new AbortController();
    inFlight.current = ac;
    // A background refresh does not re-render to say "loading" (each frame costs a full Ink layout):
    // only the first fetch shows it; the result re-renders once.
    setSt((s) => (s.loading || s.data !== undefined ? s : { ...s, loading: true }));
    fetcherRef.current(ac.signal).then(
      (data) => {
        if (ac.signal.aborted || !alive.current) return;
        setSt({ data, at: nowRef.current(), error: undefined, errorAt: undefined, loading: false });
      },
      (err: unknown) => {
        if (ac.signal.aborted || !alive.current) return;
        const error = err instanceof Error ? err : new Error(String(err));
        setSt((s) => ({ ...s, error, errorAt: nowRef.current(), loading: false }));
      },
    ).finally(() => {
      if (inFlight.current !== ac) return;
      inFlight.current = undefined;
      if (again.current && alive.current && !ac.signal.aborted) { again.current = false; run(); }
    });
  }, []);

  // (Re)start on mount and on key change.
  useEffect(() => {
    alive.current = true;
    setSt(INITIAL);
    run();
    return () => {
      inFlight.current?.abort();
      inFlight.current = undefined;
      again.current = false;
    };
  }, [key, run]);

  useEffect(() => {
    if (!intervalMs || paused) return;
    const t = setInterval(() => run(), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs, paused, run, key]);

  useEffect(() => () => { alive.current = false; }, []);

  const refresh = useCallback(() => run(true), [run]);
  return { ...st, refresh };
}
