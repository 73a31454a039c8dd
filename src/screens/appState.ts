/** The App shell's state (navigation, overlays, dialogs, command-log panel, toast) as one pure reducer. */
import type { ConfirmRequest, ConfirmState } from '../ui/Confirm.js';
import { initForm, type FormState } from '../ui/formModel.js';
import { lineEdit, type LineEdit } from '../ui/lineEdit.js';
import type { Tone } from '../ui/theme.js';
import { FLEET_ROUTE, navReduce, type NavAction, type Route } from './routes.js';
import type { FormRequest } from './services.js';

export type Dialog =
  | { id: number; kind: 'confirm'; req: ConfirmRequest; state: ConfirmState }
  | { id: number; kind: 'form'; req: FormRequest; state: FormState };

export type DialogSpec = { kind: 'confirm'; req: ConfirmRequest } | { kind: 'form'; req: FormRequest };

export interface PaletteState {
  edit: LineEdit;
  candidates: string[];
  error?: string;
}

export interface AppState {
  stack: Route[];
  help: { offset: number } | null;
  palette: PaletteState | null;
  /** Queue: the first one is shown and gets the keys. */
  dialogs: Dialog[];
  log: { open: boolean; focus: boolean; /** index into the call buffer; -1 = follow the newest */ sel: number };
  toast: { text: string; tone: Tone; id: number } | null;
  seq: number;
}

export type AppAction =
  | { type: 'nav'; nav: NavAction }
  | { type: 'help'; open: boolean }
  | { type: 'helpScroll'; by: number }
  | { type: 'palette'; state: PaletteState | null }
  | { type: 'dialog'; dialog: DialogSpec; id: number }
  | { type: 'dialogState'; id: number; state: ConfirmState | FormState }
  | { type: 'dialogDone'; id: number }
  | { type: 'log'; open?: boolean; focus?: boolean; sel?: number }
  | { type: 'toast'; text: string; tone: Tone }
  | { type: 'toastClear'; id: number };

export function initialAppState(stack: Route[] = [FLEET_ROUTE]): AppState {
  return { stack, help: null, palette: null, dialogs: [], log: { open: false, focus: false, sel: -1 }, toast: null, seq: 0 };
}

export function appReduce(s: AppState, a: AppAction): AppState {
  switch (a.type) {
    case 'nav': return { ...s, stack: navReduce(s.stack, a.nav) };
    case 'help': return { ...s, help: a.open ? { offset: 0 } : null };
    case 'helpScroll': return s.help ? { ...s, help: { offset: Math.max(0, s.help.offset + a.by) } } : s;
    case 'palette': return { ...s, palette: a.state };
    case 'dialog': {
      const d: Dialog = a.dialog.kind === 'confirm'
        ? { id: a.id, kind: 'confirm', req: a.dialog.req, state: { yes: false } }
        : { id: a.id, kind: 'form', req: a.dialog.req, state: initForm(a.dialog.req.fields) };
      return { ...s, dialogs: d.kind === 'confirm' && d.req.front ? [d, ...s.dialogs] : [...s.dialogs, d] };
    }
    case 'dialogState':
      return { ...s, dialogs: s.dialogs.map((d) => (d.id === a.id ? ({ ...d, state: a.state } as Dialog) : d)) };
    case 'dialogDone': return { ...s, dialogs: s.dialogs.filter((d) => d.id !== a.id) };
    case 'log': {
      const open = a.open ?? s.log.open;
      return { ...s, log: { open, focus: open && (a.focus ?? s.log.focus), sel: a.sel ?? s.log.sel } };
    }
    case 'toast': return { ...s, seq: s.seq + 1, toast: { text: a.text, tone: a.tone, id: s.seq + 1 } };
    case 'toastClear': return s.toast?.id === a.id ? { ...s, toast: null } : s;
  }
}

export const emptyPalette = (): PaletteState => ({ edit: lineEdit(''), candidates: [] });
