/**
 * The App shell: navigation stack (breadcrumb), one input entry point that routes every key
 * (dialogs → help → palette → command log → screen → global keys), dialogs as promises, the
 * command-log panel fed by session.onCall, and the screens.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApp, useInput } from 'ink';
import type { Session } from '../core/session.js';
import type { Prompter } from '../core/prompt.js';
import { JobManager } from '../core/jobs.js';
import { SnapshotStore } from '../core/status/index.js';
import { SUBSYSTEMS, type Subsystem } from '../registry/index.js';
import { toKeyEvents, type KeyEvent } from '../ui/keys.js';
import type { KeyContext } from '../ui/keymap.js';
import { useStore } from '../ui/store.js';
import { ThemeProvider, type Tone } from '../ui/theme.js';
import { useTerminalSize } from '../ui/useTerminalSize.js';
import { AppFrame, frameBodyHeight } from './AppFrame.js';
import { appReduce, initialAppState, type AppAction, type AppState, type DialogSpec } from './appState.js';
import { CallLog } from './commandLog.js';
import { flushKeys, handleAppKey, type KeyDeps, type KeyQueue } from './appKeys.js';
import { DIALOGS, GLOBAL, LOG_PANEL } from './keymap.js';
import { routeLabel, screenKey, type Route } from './routes.js';
import { Screen } from './Screen.js';
import { KeyRegistryContext, ScreenOwnerContext, ServicesContext, type KeyRegistry, type ScreenKeyHandler, type Services } from './services.js';
import { createTuiPrompter } from './tuiPrompter.js';

export interface AppProps {
  session: Session;
  readOnly?: boolean;
  color?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
  jobs?: JobManager;
  snapshots?: SnapshotStore;
  subsystems?: readonly Subsystem[];
  initialStack?: Route[];
  /** Where a raw escape sequence (OSC 52 clipboard) is written. */
  writeRaw?: (s: string) => void;
  /** Receives the TUI prompter once the App can show dialogs (host keys, passwords). */
  bindPrompter?: (p: Prompter | null) => void;
  /** Fixed size (tests); default: the terminal, rows - 1 (Ink redraws everything at full height). */
  size?: { columns: number; rows: number };
  now?: () => number;
  callLog?: CallLog;
}

export function App(props: AppProps) {
  const { session, readOnly = false, color = true, env = process.env } = props;
  const { exit } = useApp();
  const term = useTerminalSize();
  const size = props.size ?? term;
  const width = size.columns;
  const height = props.size ? size.rows : Math.max(5, size.rows - 1);

  // Jobs time themselves with the screens' clock: a job's age is never computed across two clocks.
  const jobs = useMemo(() => props.jobs ?? new JobManager(50, props.now ?? Date.now), [props.jobs, props.now]);
  const snapshots = useMemo(() => props.snapshots ?? new SnapshotStore(), [props.snapshots]);
  const subsystems = props.subsystems ?? SUBSYSTEMS;
  const callLog = useMemo(() => props.callLog ?? new CallLog(), [props.callLog]);
  const store = useStore<AppState, AppAction>(appReduce, () => initialAppState(props.initialStack));
  const { state, dispatch } = store;

  // Command log: always recorded; the panel re-renders only while open.
  const [, setCallsVersion] = useState(0);
  useEffect(() => session.onCall((ev) => callLog.push(ev)), [session, callLog]);
  useEffect(() => {
    if (!state.log.open) return;
    let pending = false;
    return callLog.subscribe(() => {
      if (pending) return;
      pending = true;
      setTimeout(() => { pending = false; setCallsVersion((v) => v + 1); }, 100);
    });
  }, [callLog, state.log.open]);

  // Jobs running (header).
  const [running, setRunning] = useState(0);
  useEffect(() => jobs.subscribe((all) => setRunning(all.filter((j) => j.state === 'running').length)), [jobs]);

  // Dialog promises.
  const resolvers = useRef(new Map<number, (v: unknown) => void>());
  const seq = useRef(0);
  const ask = useCallback(<V,>(dialog: DialogSpec) =>
    new Promise<V>((resolve) => {
      const id = ++seq.current;
      resolvers.current.set(id, resolve as (v: unknown) => void);
      dispatch({ type: 'dialog', dialog, id });
    }), [dispatch]);

  const toastTimer = useRef<NodeJS.Timeout | undefined>(undefined);
  const toast = useCallback((text: string, tone: Tone = 'info') => {
    const s = dispatch({ type: 'toast', text, tone });
    const id = s.toast?.id ?? 0;
    if (toastTimer.current) clearTimeout(toastTimer.current);
    toastTimer.current = setTimeout(() => dispatch({ type: 'toastClear', id }), 5000);
  }, [dispatch]);
  useEffect(() => () => { if (toastTimer.current) clearTimeout(toastTimer.current); }, []);

  const services: Services = useMemo(() => ({
    session, jobs, snapshots, subsystems, readOnly, demo: session.demo,
    navigate: (nav) => { dispatch({ type: 'nav', nav }); },
    confirm: (req) => ask<boolean>({ kind: 'confirm', req }),
    form: (req) => ask<Record<string, unknown> | undefined>({ kind: 'form', req }),
    toast,
    now: props.now ?? Date.now,
    exposables: new Map(),
    memory: new Map(),
  }), [session, jobs, snapshots, subsystems, readOnly, dispatch, ask, toast, props.now]);

  // TUI prompter (host-key trust, passwords) bound to the dialogs.
  useEffect(() => {
    if (!props.bindPrompter) return;
    props.bindPrompter(createTuiPrompter(services));
    return () => props.bindPrompter?.(null);
  }, [props, services]);

  // The screen's key handler + contexts.
  const screenHandler = useRef<ScreenKeyHandler | null>(null);
  const screenRefresh = useRef<(() => void) | null>(null);
  const contextBox = useRef<string | undefined>(undefined);
  const queue = useRef<KeyQueue>({ keys: [], since: 0 });
  const quitAsked = useRef(false);
  const [screenContexts, setScreenContexts] = useState<readonly KeyContext[]>([]);
  const screenOwner = useRef<string | undefined>(undefined);
  const flushQueue = useRef<() => void>(() => undefined);
  const registry: KeyRegistry = useMemo(() => ({
    setHandler: (h, owner) => {
      screenHandler.current = h;
      screenOwner.current = h ? owner : undefined;
      if (h) setImmediate(() => flushQueue.current());
    },
    setContexts: (c) => setScreenContexts(c),
    setRefresh: (f) => { screenRefresh.current = f; },
    setContextBox: (b) => { contextBox.current = b; },
  }), []);

  const deps: KeyDeps = {
    store, services, callLog, env, exit: (code = 0) => exit(code), screenHandler, screenOwner, screenRefresh, contextBox, resolvers, queue, quitAsked,
    writeRaw: props.writeRaw ?? ((s) => { process.stdout.write(s); }),
    helpContexts: [...screenContexts, GLOBAL, LOG_PANEL, DIALOGS],
  };
  const depsRef = useRef(deps);
  depsRef.current = deps;
  flushQueue.current = () => flushKeys(depsRef.current);
  useInput((input, key) => {
    for (const ev of toKeyEvents(input, key)) handleAppKey(depsRef.current, ev as KeyEvent);
  });


  const top = state.stack[state.stack.length - 1]!;
  const subName = (id: string) => subsystems.find((s) => s.id === id)?.name;
  const crumbs = state.stack.map((r) => routeLabel(r, subName));
  const bodyHeight = frameBodyHeight(height, state);
  const calls = state.log.open ? callLog.events() : [];
  const callSel = state.log.sel < 0 || state.log.sel >= calls.length ? calls.length - 1 : state.log.sel;

  return (
    <ThemeProvider color={color}>
      <ServicesContext.Provider value={services}>
        <KeyRegistryContext.Provider value={registry}>
          <AppFrame
            width={width} height={height} state={state} crumbs={crumbs} demo={session.demo} readOnly={readOnly}
            runningJobs={running} contexts={[...screenContexts, GLOBAL]} helpContexts={deps.helpContexts}
            calls={calls} callCount={callLog.count()} callSel={callSel} bodyHeight={bodyHeight}
          >
            <ScreenOwnerContext.Provider value={screenKey(top)}>
              <Screen key={screenKey(top)} route={top} width={width} height={bodyHeight} />
            </ScreenOwnerContext.Provider>
          </AppFrame>
        </KeyRegistryContext.Provider>
      </ServicesContext.Provider>
    </ThemeProvider>
  );
}
