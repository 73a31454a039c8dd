/**
 * The one key router of the TUI. Every key event goes, in order, to: the open dialog, the help,
 * the palette, the focused command log, the screen, then the global keys. It reads the App state
 * synchronously (store.get()), so several keys arriving in one chunk each see the previous one's effect.
 */
import type { MutableRefObject } from 'react';
import { confirmKey } from '../ui/Confirm.js';
import { formKey } from '../ui/formModel.js';
import type { KeyEvent } from '../ui/keys.js';
import { match, type KeyContext } from '../ui/keymap.js';
import { editLine } from '../ui/lineEdit.js';
import type { Store } from '../ui/store.js';
import { emptyPalette, type AppAction, type AppState } from './appState.js';
import { copyCall, type CallLog } from './commandLog.js';
import { GLOBAL, LOG_PANEL } from './keymap.js';
import { commonPrefix, completePalette, parsePalette, type PaletteCommand, type PaletteNames } from './palette.js';
import { routeBox, screenKey, stackFor } from './routes.js';
import { confirmServiceAction } from './serviceActions.js';
import type { ScreenKeyHandler, Services } from './services.js';
import type { JobSnapshot } from '../core/jobs.js';

export interface KeyDeps {
  store: Store<AppState, AppAction>;
  services: Services;
  callLog: CallLog;
  env: Readonly<Record<string, string | undefined>>;
  /** End the TUI with this exit code (0 for q, 130 for Ctrl-C). */
  exit: (code?: number) => void;
  screenHandler: MutableRefObject<ScreenKeyHandler | null>;
  /** Screen key of the registered handler's screen. */
  screenOwner: MutableRefObject<string | undefined>;
  queue: MutableRefObject<KeyQueue>;
  screenRefresh: MutableRefObject<(() => void) | null>;
  contextBox: MutableRefObject<string | undefined>;
  resolvers: MutableRefObject<Map<number, (v: unknown) => void>>;
  /** A "jobs are running, quit anyway?" question is open. */
  quitAsked: MutableRefObject<boolean>;
  writeRaw: (s: string) => void;
  helpContexts: readonly KeyContext[];
}

function resolveDialog(d: KeyDeps, id: number, value: unknown): void {
  const r = d.resolvers.current.get(id);
  d.resolvers.current.delete(id);
  d.store.dispatch({ type: 'dialogDone', id });
  r?.(value);
}

/** Answer every open dialog with "no" (quit while a question is open). */
function cancelDialogs(d: KeyDeps): void {
  for (const dl of d.store.get().dialogs) resolveDialog(d, dl.id, dl.kind === 'confirm' ? false : undefined);
}

/** The question asked before quitting while jobs run ("1 job running on demo-alpha (emancipate docs) — quit anyway?"). */
export function quitQuestion(running: readonly Pick<JobSnapshot, 'box' | 'title'>[]): string {
  const boxes = [...new Set(running.map((j) => j.box))];
  const what = (j: Pick<JobSnapshot, 'box' | 'title'>) => (boxes.length === 1 && j.title.endsWith(` on ${j.box}`) ? j.title.slice(0, -` on ${j.box}`.length) : j.title);
  const n = running.length;
  return `${n} job${n === 1 ? '' : 's'} running${boxes.length === 1 ? ` on ${boxes[0]}` : ''} (${running.map(what).join(', ')}) — quit anyway?`;
}

/**
 * Quit (q, :quit, Ctrl-C with `code` 130). With jobs running, ask first; answering y, or Ctrl-C
 * again while asked, quits (with the code of the key that asked).
 */
export function requestQuit(d: KeyDeps, code: number): void {
  const running = d.services.jobs.list({ state: 'running' });
  if (running.length === 0 || (d.quitAsked.current && code === 130)) { cancelDialogs(d); d.exit(code); return; }
  if (d.quitAsked.current) return;
  d.quitAsked.current = true;
  void d.services.confirm({
    action: 'Quit', box: '', target: '', question: quitQuestion(running), front: true,
    details: ['the TUI stops following the job: steps not yet sent are not done', 'y quit · n stay · Ctrl-C again quits'],
  }).then((yes) => {
    d.quitAsked.current = false;
    if (yes) { cancelDialogs(d); d.exit(code); }
  });
}

export function paletteNames(d: KeyDeps): PaletteNames {
  const box = currentBox(d);
  return {
    boxes: d.services.session.inventory.list().map((b) => b.name),
    subsystems: d.services.subsystems.map((s) => ({ id: s.id, aliases: s.aliases ?? [], methods: s.ubus.flatMap((o) => o.methods.map((m) => m.name)) })),
    services: (box && d.services.snapshots.get(box)?.services.map((s) => s.name)) || [],
    exposables: (box && d.services.exposables.get(box)) || [],
  };
}

function currentBox(d: KeyDeps): string | undefined {
  const s = d.store.get();
  return routeBox(s.stack[s.stack.length - 1]) ?? d.contextBox.current;
}

let intentSeq = 0;

export function runPaletteCommand(d: KeyDeps, cmd: PaletteCommand): void {
  const nav = (stack: ReturnType<typeof stackFor>) => d.store.dispatch({ type: 'nav', nav: { type: 'reset', stack } });
  const needBox = (explicit: string | undefined): string | undefined => {
    const b = explicit ?? currentBox(d);
    if (!b) d.services.toast('which box? open one first, or add --box NAME', 'warn');
    return b;
  };
  switch (cmd.verb) {
    case 'box': nav(stackFor({ kind: 'box', box: cmd.box })); return;
    case 'status': nav(stackFor({ kind: 'fleet' })); return;
    case 'log': d.store.dispatch({ type: 'log', open: !d.store.get().log.open, focus: false }); return;
    case 'help': d.store.dispatch({ type: 'help', open: true }); return;
    case 'refresh': d.screenRefresh.current?.(); return;
    case 'quit': requestQuit(d, 0); return;
    case 'exposure': {
      const box = needBox(cmd.box);
      if (box) nav(stackFor({ kind: 'exposure', box }));
      return;
    }
    case 'emancipate':
    case 'revoke': {
      if (d.services.readOnly) { d.services.toast(`read-only: ${cmd.verb} is disabled`, 'warn'); return; }
      const box = needBox(cmd.box);
      if (!box) return;
      nav(stackFor({ kind: 'exposure', box, intent: { verb: cmd.verb, name: cmd.name, nonce: ++intentSeq } }));
      return;
    }
    case 'subsystem': {
      const box = needBox(cmd.box);
      if (!box) return;
      const intent = cmd.tab ? { tab: cmd.tab, ...(cmd.call ? { call: cmd.call } : {}), nonce: ++intentSeq } : undefined;
      nav(stackFor(intent ? { kind: 'subsystem', box, id: cmd.id, intent } : { kind: 'subsystem', box, id: cmd.id }));
      return;
    }
    case 'service': {
      const box = needBox(cmd.box);
      if (!box) return;
      void confirmServiceAction(d.services, box, cmd.name, cmd.action).then(() => d.screenRefresh.current?.());
      return;
    }
  }
}

function paletteKey(d: KeyDeps, ev: KeyEvent): void {
  const p = d.store.get().palette!;
  const set = (state: AppState['palette']) => d.store.dispatch({ type: 'palette', state });
  if (ev.name === 'esc' || (ev.name === 'backspace' && p.edit.text === '')) { set(null); return; }
  if (ev.name === 'enter') {
    const r = parsePalette(p.edit.text, paletteNames(d));
    if (!r.ok) { set({ ...p, error: r.error }); return; }
    set(null);
    runPaletteCommand(d, r.cmd);
    return;
  }
  if (ev.name === 'tab') {
    const c = completePalette(p.edit.text.slice(0, p.edit.cur), paletteNames(d));
    if (c.candidates.length === 0) { set({ ...p, candidates: [], error: 'no completion' }); return; }
    const word = c.candidates.length === 1 ? `${c.candidates[0]} ` : commonPrefix(c.candidates);
    const text = p.edit.text.slice(0, c.from) + word + p.edit.text.slice(p.edit.cur);
    const cur = c.from + word.length;
    set({ edit: { text, cur }, candidates: c.candidates.length === 1 ? [] : c.candidates });
    return;
  }
  const edit = editLine(p.edit, ev);
  if (edit === p.edit) return;
  const c = completePalette(edit.text.slice(0, edit.cur), paletteNames(d));
  set({ edit, candidates: c.candidates.length <= 12 && edit.text.trim() ? c.candidates : [] });
}

function logKey(d: KeyDeps, ev: KeyEvent): void {
  const s = d.store.get();
  const n = d.callLog.events().length;
  const sel = s.log.sel < 0 || s.log.sel >= n ? n - 1 : s.log.sel;
  const a = match(LOG_PANEL, ev);
  switch (a) {
    case 'up': d.store.dispatch({ type: 'log', sel: Math.max(0, sel - 1) }); return;
    case 'down': d.store.dispatch({ type: 'log', sel: sel + 1 >= n ? -1 : sel + 1 }); return;
    case 'first': d.store.dispatch({ type: 'log', sel: 0 }); return;
    case 'last': d.store.dispatch({ type: 'log', sel: -1 }); return;
    case 'unfocus': d.store.dispatch({ type: 'log', focus: false }); return;
    case 'copy': {
      const ev0 = d.callLog.events()[sel];
      if (!ev0) { d.services.toast('no call to copy', 'warn'); return; }
      try {
        const c = copyCall(ev0, d.env);
        d.writeRaw(c.osc52);
        d.services.toast(`copied: ${c.line}  (clipboard via OSC 52, and ${c.file})`, 'ok');
      } catch (err) {
        d.services.toast(`copy failed: ${err instanceof Error ? err.message : String(err)}`, 'err');
      }
      return;
    }
    default:
      if (match(GLOBAL, ev) === 'quit') requestQuit(d, 0);
  }
}

export interface KeyQueue {
  keys: KeyEvent[];
  since: number;
}

/** True when the screen on top has not registered its keys yet (just navigated, same chunk of keys). */
function screenPending(d: KeyDeps): boolean {
  const s = d.store.get();
  return d.screenOwner.current !== screenKey(s.stack[s.stack.length - 1]!);
}

/** Replay keys queued during a navigation, in order (force: the screen never registered). */
export function flushKeys(d: KeyDeps, force = false): void {
  const q = d.queue.current;
  while (q.keys.length && (force || !screenPending(d))) routeKey(d, q.keys.shift()!);
}

export function handleAppKey(d: KeyDeps, ev: KeyEvent): void {
  const q = d.queue.current;
  const ctrlC = ev.name === 'char' && ev.ctrl && ev.ch === 'c';
  if (!ctrlC && (q.keys.length || screenPending(d))) {
    if (q.keys.length === 0) {
      q.since = Date.now();
      // A screen that never registers its keys must not swallow them.
      setTimeout(() => flushKeys(d, true), 300);
    }
    q.keys.push(ev);
    return;
  }
  routeKey(d, ev);
}

function routeKey(d: KeyDeps, ev: KeyEvent): void {
  const s = d.store.get();
  if (ev.name === 'char' && ev.ctrl && ev.ch === 'c') { requestQuit(d, 130); return; }
  const dlg = s.dialogs[0];
  if (dlg) {
    if (dlg.kind === 'confirm') {
      const r = confirmKey(dlg.state, ev);
      if (r.outcome) resolveDialog(d, dlg.id, r.outcome === 'yes');
      else d.store.dispatch({ type: 'dialogState', id: dlg.id, state: r.state });
    } else {
      const r = formKey(dlg.state, ev);
      if (r.outcome) resolveDialog(d, dlg.id, r.outcome.kind === 'submit' ? r.outcome.values : undefined);
      else d.store.dispatch({ type: 'dialogState', id: dlg.id, state: r.state });
    }
    return;
  }
  if (s.help) {
    const k = ev.name === 'char' ? ev.ch : ev.name;
    if (k === 'esc' || k === '?' || k === 'q' || k === 'enter') d.store.dispatch({ type: 'help', open: false });
    else if (k === 'up' || k === 'k') d.store.dispatch({ type: 'helpScroll', by: -1 });
    else if (k === 'down' || k === 'j') d.store.dispatch({ type: 'helpScroll', by: 1 });
    else if (k === 'pgup') d.store.dispatch({ type: 'helpScroll', by: -10 });
    else if (k === 'pgdn' || k === ' ') d.store.dispatch({ type: 'helpScroll', by: 10 });
    return;
  }
  if (s.palette) { paletteKey(d, ev); return; }
  if (s.log.open && s.log.focus) { logKey(d, ev); return; }
  if (d.screenHandler.current?.(ev)) return;
  switch (match(GLOBAL, ev)) {
    case 'quit': requestQuit(d, 0); return;
    case 'help': d.store.dispatch({ type: 'help', open: true }); return;
    case 'palette': d.store.dispatch({ type: 'palette', state: emptyPalette() }); return;
    case 'back': if (s.stack.length > 1) d.store.dispatch({ type: 'nav', nav: { type: 'pop' } }); return;
    case 'toggleLog': d.store.dispatch({ type: 'log', open: !s.log.open, focus: false, sel: -1 }); return;
    case 'focusLog': d.store.dispatch({ type: 'log', open: true, focus: true, sel: -1 }); return;
    case 'refresh': d.screenRefresh.current?.(); return;
    default: return;
  }
}
