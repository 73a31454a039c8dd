/** Filter-bar state as a pure reducer: `/` opens it, typing filters live, Enter keeps, Esc clears. */
import type { KeyEvent } from './keys.js';
import { editLine, lineEdit, type LineEdit } from './lineEdit.js';

export interface FilterState {
  editing: boolean;
  edit: LineEdit;
}

export const FILTER0: FilterState = { editing: false, edit: lineEdit('') };

export function openFilter(f: FilterState): FilterState {
  return { editing: true, edit: lineEdit(f.edit.text) };
}

/** Handle a key while the filter is being edited. Returns the new state (always consumes the key). */
export function filterKey(f: FilterState, k: KeyEvent): FilterState {
  if (k.name === 'enter') return { ...f, editing: false };
  if (k.name === 'esc') return FILTER0;
  if (k.name === 'backspace' && f.edit.text === '') return FILTER0;
  return { ...f, edit: editLine(f.edit, k) };
}
