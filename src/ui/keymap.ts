/**
 * Keys are data. A Binding says which keys trigger an action in a context; the footer and the `?`
 * help are rendered from the same records (the one keymap lives in src/screens/keymap.ts).
 */
import type { KeyEvent } from './keys.js';

export interface Binding<A extends string = string> {
  /** `j`, `G`, `?`, `space`, `enter`, `esc`, `tab`, `backtab`, `up`, `down`, `pgup`, `pgdn`, `home`, `end`, `backspace`, `C-c` */
  keys: readonly string[];
  action: A;
  help: string;
  /** Short label for the footer; omitted = help only. */
  footer?: string;
  /** A write action: hidden (and refused) in --read-only. */
  write?: boolean;
}

export interface KeyContext<A extends string = string> {
  id: string;
  title: string;
  bindings: readonly Binding<A>[];
}

/** The keymap spelling of an event. */
export function keyId(e: KeyEvent): string {
  if (e.name !== 'char') return e.name;
  if (e.ctrl) return `C-${e.ch}`;
  if (e.ch === ' ') return 'space';
  return e.ch;
}

export function match<A extends string>(ctx: KeyContext<A>, e: KeyEvent, readOnly = false): A | undefined {
  const id = keyId(e);
  for (const b of ctx.bindings) {
    if (readOnly && b.write) continue;
    if (b.keys.includes(id)) return b.action;
  }
  return undefined;
}

const PRETTY: Record<string, string> = {
  enter: 'Enter', esc: 'Esc', tab: 'Tab', backtab: 'S-Tab', up: '↑', down: '↓', left: '←', right: '→',
  pgup: 'PgUp', pgdn: 'PgDn', home: 'Home', end: 'End', space: 'Space', backspace: 'Bksp',
};

export function prettyKey(k: string): string {
  return PRETTY[k] ?? k;
}

export function prettyKeys(b: Binding): string {
  return b.keys.map(prettyKey).join('/');
}

export function visible<A extends string>(bindings: readonly Binding<A>[], readOnly: boolean): Binding<A>[] {
  return bindings.filter((b) => !(readOnly && b.write));
}
