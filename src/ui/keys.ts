/**
 * Normalised key events. Ink's useInput may hand over several typed characters as one string
 * (fast typing, paste, a loaded terminal): `toKeyEvents` splits them so that every character is
 * handled on its own, in order (DESIGN.md "Known traps").
 */
import type { Key } from 'ink';

export type KeyName =
  | 'up' | 'down' | 'left' | 'right' | 'pgup' | 'pgdn' | 'home' | 'end'
  | 'enter' | 'esc' | 'tab' | 'backtab' | 'backspace' | 'delete' | 'char';

export interface KeyEvent {
  name: KeyName;
  /** The character for `char` (one code point); '' otherwise. */
  ch: string;
  ctrl: boolean;
  meta: boolean;
}

const ev = (name: KeyName, ch = '', ctrl = false, meta = false): KeyEvent => ({ name, ch, ctrl, meta });

/** Convert one Ink input callback into zero or more key events. */
export function toKeyEvents(input: string, key: Key): KeyEvent[] {
  if (key.upArrow) return [ev('up')];
  if (key.downArrow) return [ev('down')];
  if (key.leftArrow) return [ev('left')];
  if (key.rightArrow) return [ev('right')];
  if (key.pageUp) return [ev('pgup')];
  if (key.pageDown) return [ev('pgdn')];
  if (key.home) return [ev('home')];
  if (key.end) return [ev('end')];
  if (key.escape) return [ev('esc')];
  if (key.tab) return [ev(key.shift ? 'backtab' : 'tab')];
  // Many terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
  if (key.backspace || key.delete) return [ev('backspace')];
  if (key.return) return [ev('enter')];
  if (key.ctrl) return input ? [ev('char', input.toLowerCase(), true)] : [];
  const out: KeyEvent[] = [];
  for (const ch of input) {
    if (ch === '\r' || ch === '\n') out.push(ev('enter'));
    else if (ch === '\t') out.push(ev('tab'));
    else if (ch === '\x7f' || ch === '\b') out.push(ev('backspace'));
    else if (ch === '\x1b') out.push(ev('esc'));
    else if (ch < ' ') continue;
    else out.push(ev('char', ch, false, key.meta));
  }
  return out;
}

/** Readable form of a key event, as written in the keymap (`j`, `Enter`, `C-l`, `PgDn`). */
export function keyLabel(e: KeyEvent): string {
  switch (e.name) {
    case 'char': return e.ctrl ? `C-${e.ch}` : e.ch === ' ' ? 'Space' : e.ch;
    case 'up': return '↑';
    case 'down': return '↓';
    case 'left': return '←';
    case 'right': return '→';
    case 'pgup': return 'PgUp';
    case 'pgdn': return 'PgDn';
    case 'home': return 'Home';
    case 'end': return 'End';
    case 'enter': return 'Enter';
    case 'esc': return 'Esc';
    case 'tab': return 'Tab';
    case 'backtab': return 'S-Tab';
    case 'backspace': return 'Backspace';
    case 'delete': return 'Del';
  }
}
