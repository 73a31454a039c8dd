/** A one-line text editor as a pure reducer (filter bar, palette, form fields). */
import type { KeyEvent } from './keys.js';

export interface LineEdit {
  text: string;
  /** Cursor position in code units. */
  cur: number;
}

export const lineEdit = (text = ''): LineEdit => ({ text, cur: text.length });

/** Apply an editing key; returns the same object when the key is not an editing key. */
export function editLine(s: LineEdit, k: KeyEvent): LineEdit {
  if (k.name === 'char' && !k.ctrl && !k.meta) {
    return { text: s.text.slice(0, s.cur) + k.ch + s.text.slice(s.cur), cur: s.cur + k.ch.length };
  }
  if (k.name === 'backspace') {
    if (s.cur === 0) return s;
    const before = [...s.text.slice(0, s.cur)];
    before.pop();
    const b = before.join('');
    return { text: b + s.text.slice(s.cur), cur: b.length };
  }
  if (k.name === 'left') return s.cur === 0 ? s : { ...s, cur: s.cur - 1 };
  if (k.name === 'right') return s.cur >= s.text.length ? s : { ...s, cur: s.cur + 1 };
  if (k.name === 'home' || (k.ctrl && k.ch === 'a')) return { ...s, cur: 0 };
  if (k.name === 'end' || (k.ctrl && k.ch === 'e')) return { ...s, cur: s.text.length };
  if (k.ctrl && k.ch === 'u') return { text: s.text.slice(s.cur), cur: 0 };
  if (k.ctrl && k.ch === 'w') {
    const head = s.text.slice(0, s.cur).replace(/\S+\s*$/, '');
    return { text: head + s.text.slice(s.cur), cur: head.length };
  }
  return s;
}

/** True when the key is consumed by the editor (typing must not trigger shortcuts). */
export function isEditKey(k: KeyEvent): boolean {
  return (k.name === 'char' && !k.meta && (!k.ctrl || 'aeuw'.includes(k.ch)))
    || k.name === 'backspace' || k.name === 'left' || k.name === 'right' || k.name === 'home' || k.name === 'end';
}
