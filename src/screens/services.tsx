/**
 * What every screen gets from the App shell: the session (boxes), the job manager, the snapshot
 * store, the registry, dialogs, navigation, and the registration of its key handler + key contexts.
 */
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { Session } from '../core/session.js';
import type { JobManager } from '../core/jobs.js';
import type { SnapshotStore } from '../core/status/index.js';
import type { Subsystem } from '../registry/index.js';
import type { ConfirmRequest } from '../ui/Confirm.js';
import type { Field } from '../ui/formModel.js';
import type { KeyEvent } from '../ui/keys.js';
import type { KeyContext } from '../ui/keymap.js';
import type { Tone } from '../ui/theme.js';
import type { NavAction, Route } from './routes.js';

export interface FormRequest {
  title: string;
  fields: readonly Field[];
  note?: string;
  /** Masked input (passwords). */
  secret?: boolean;
}

export interface Services {
  session: Session;
  jobs: JobManager;
  snapshots: SnapshotStore;
  subsystems: readonly Subsystem[];
  readOnly: boolean;
  demo: boolean;
  navigate(a: NavAction): void;
  confirm(req: ConfirmRequest): Promise<boolean>;
  form(req: FormRequest): Promise<Record<string, unknown> | undefined>;
  toast(text: string, tone?: Tone): void;
  now(): number;
  /** Exposable names seen per box (palette completion without network). */
  exposables: Map<string, string[]>;
  /** Per-screen list state kept across remounts (selection and filter when coming back). */
  memory: Map<string, unknown>;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside <App>');
  return s;
}

/** A screen's key handler: return true when the key was used. */
export type ScreenKeyHandler = (ev: KeyEvent) => boolean;

export interface KeyRegistry {
  /** `owner`: the route key of the screen that registers (keys typed ahead of a navigation wait for it). */
  setHandler(h: ScreenKeyHandler | null, owner?: string): void;
  setContexts(c: readonly KeyContext[]): void;
  /** What the global `r` / `:refresh` does on this screen. */
  setRefresh(f: (() => void) | null): void;
  /** The box the palette acts on when no --box is given (the open box, or the fleet's selected row). */
  setContextBox(box: string | undefined): void;
}

const noop = () => undefined;
/** The route key of the screen being rendered (set by the App around the screen). */
export const ScreenOwnerContext = createContext('');
export const KeyRegistryContext = createContext<KeyRegistry>({ setHandler: noop, setContexts: noop, setRefresh: noop, setContextBox: noop });

/**
 * Register the screen's key handler (the latest closure is always the one called) and the key
 * contexts shown in the footer / help. Pass a stable (memoised or module-level) contexts array.
 */
export function useScreenKeys(handler: ScreenKeyHandler, contexts: readonly KeyContext[], opts: { refresh?: () => void; box?: string } = {}): void {
  const reg = useContext(KeyRegistryContext);
  const owner = useContext(ScreenOwnerContext);
  const ref = useRef(handler);
  ref.current = handler;
  const refreshRef = useRef(opts.refresh);
  refreshRef.current = opts.refresh;
  useEffect(() => {
    reg.setHandler((ev) => ref.current(ev), owner);
    reg.setRefresh(() => refreshRef.current?.());
    return () => { reg.setHandler(null); reg.setRefresh(null); };
  }, [reg, owner]);
  useEffect(() => { reg.setContexts(contexts); }, [reg, contexts]);
  useEffect(() => { reg.setContextBox(opts.box); }, [reg, opts.box]);
}

/**
 * The current time for "age" texts, updated every `ms`. Every tick is a full Ink frame (layout of
 * the whole tree), so idle screens tick slowly (AGE_TICK_MS) and only live jobs tick every second.
 */
export const AGE_TICK_MS = 5_000;
export const LIVE_TICK_MS = 1_000;

export function useNow(ms: number, now: () => number = Date.now): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    // A new pace (a job just started: 5 s → 1 s) reads the clock at once: the last value may be 5 s old.
    setT(now());
    const i = setInterval(() => setT(now()), ms);
    return () => clearInterval(i);
  }, [ms, now]);
  return t;
}

export interface ScreenProps<R extends Route = Route> {
  route: R;
  width: number;
  height: number;
}
