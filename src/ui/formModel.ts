/**
 * Forms as data: fields (from a method's parameter names and types, or declared by a screen),
 * a pure key reducer, validation into typed values. Rendering is Form.tsx.
 */
import type { KeyEvent } from './keys.js';
import { editLine, lineEdit, type LineEdit } from './lineEdit.js';

export type FieldType = 'string' | 'int' | 'bool' | 'json' | 'choice';

export interface Field {
  name: string;
  label?: string;
  type: FieldType;
  required?: boolean;
  default?: string | number | boolean;
  choices?: readonly string[];
  help?: string;
}

export interface FormState {
  fields: readonly Field[];
  focus: number;
  text: Record<string, LineEdit>;
  bools: Record<string, boolean>;
  error?: string;
}

/** Fields from a `ubus -v list` signature (`{port: "Integer", domain: "String", tor: "Boolean"}`). */
export function fieldsFromSignature(params: Readonly<Record<string, string>>): Field[] {
  return Object.entries(params).map(([name, t]) => {
    const lt = t.toLowerCase();
    const type: FieldType = lt.startsWith('int') || lt === 'number' ? 'int'
      : lt.startsWith('bool') ? 'bool'
      : lt === 'table' || lt === 'array' || lt === 'object' ? 'json'
      : 'string';
    return { name, type };
  });
}

export function initForm(fields: readonly Field[]): FormState {
  const text: Record<string, LineEdit> = {};
  const bools: Record<string, boolean> = {};
  for (const f of fields) {
    if (f.type === 'bool') bools[f.name] = f.default === true;
    else text[f.name] = lineEdit(f.default === undefined ? (f.type === 'choice' ? f.choices?.[0] ?? '' : '') : String(f.default));
  }
  return { fields, focus: 0, text, bools };
}

/**
 * How a form fits `maxLines` (border included): the title and the help/error line always, then the fields
 * (scrolled to keep the focused one in view), the note only when every field fits too. Pure.
 */
export interface FormLayout {
  /** Lines used, border included. */
  height: number;
  noteShown: boolean;
  /** First field shown and how many. */
  top: number;
  rows: number;
}

export function formLayout(fields: number, hasNote: boolean, focus: number, maxLines = Infinity): FormLayout {
  const room = Math.max(1, maxLines - 4); // border (2), title, help line
  const rows = Math.min(fields, room);
  const noteShown = hasNote && room > fields;
  const top = Math.min(Math.max(0, focus - rows + 1), Math.max(0, fields - rows));
  return { height: 4 + rows + (noteShown ? 1 : 0), noteShown, top, rows };
}

export type FormOutcome = { kind: 'submit'; values: Record<string, unknown> } | { kind: 'cancel' } | undefined;

/** Validate and convert. Empty optional fields are left out. */
export function formValues(s: FormState): { values?: Record<string, unknown>; error?: string } {
  const values: Record<string, unknown> = {};
  for (const f of s.fields) {
    if (f.type === 'bool') { values[f.name] = s.bools[f.name] ?? false; continue; }
    const raw = (s.text[f.name]?.text ?? '').trim();
    if (raw === '') {
      if (f.required) return { error: `${f.label ?? f.name} is required` };
      continue;
    }
    if (f.type === 'int') {
      if (!/^-?\d+$/.test(raw)) return { error: `${f.label ?? f.name} must be a whole number` };
      values[f.name] = Number(raw);
    } else if (f.type === 'json') {
      try { values[f.name] = JSON.parse(raw); } catch { return { error: `${f.label ?? f.name} must be JSON` }; }
    } else if (f.type === 'choice' && f.choices && !f.choices.includes(raw)) {
      return { error: `${f.label ?? f.name} must be one of ${f.choices.join(', ')}` };
    } else values[f.name] = raw;
  }
  return { values };
}

/** A choice field changes only with ←/→ (Space: next) or the first letter(s) of a choice; never free text. */
function choiceKey(s: FormState, f: Field, k: KeyEvent): FormState {
  const choices = f.choices ?? [];
  if (choices.length === 0) return s;
  const cur = choices.indexOf(s.text[f.name]?.text ?? '');
  let next: string | undefined;
  if (k.name === 'left' || k.name === 'right' || (k.name === 'char' && k.ch === ' ')) {
    next = choices[(cur + (k.name === 'left' ? -1 : 1) + choices.length) % choices.length];
  } else if (k.name === 'char' && !k.ctrl) {
    // the next choice (after the current one) that starts with the typed letter
    const starts = choices.map((c, i) => ({ c, i })).filter(({ c }) => c.toLowerCase().startsWith(k.ch.toLowerCase()));
    next = (starts.find(({ i }) => i > cur) ?? starts[0])?.c;
  }
  return next === undefined ? s : { ...s, text: { ...s.text, [f.name]: lineEdit(next) }, error: undefined };
}

export function formKey(s: FormState, k: KeyEvent): { state: FormState; outcome: FormOutcome } {
  const n = s.fields.length;
  const f = s.fields[s.focus];
  const same = (state: FormState) => ({ state, outcome: undefined });
  if (k.name === 'esc') return { state: s, outcome: { kind: 'cancel' } };
  if (k.name === 'enter') {
    const r = formValues(s);
    if (r.error) return same({ ...s, error: r.error });
    return { state: { ...s, error: undefined }, outcome: { kind: 'submit', values: r.values ?? {} } };
  }
  if (k.name === 'tab' || k.name === 'down') return same({ ...s, focus: n ? (s.focus + 1) % n : 0 });
  if (k.name === 'backtab' || k.name === 'up') return same({ ...s, focus: n ? (s.focus - 1 + n) % n : 0 });
  if (!f) return same(s);
  if (f.type === 'bool') {
    if (k.name === 'char' && (k.ch === ' ' || k.ch === 'x')) return same({ ...s, bools: { ...s.bools, [f.name]: !s.bools[f.name] } });
    if (k.name === 'char' && (k.ch === 'y' || k.ch === 'n')) return same({ ...s, bools: { ...s.bools, [f.name]: k.ch === 'y' } });
    return same(s);
  }
  if (f.type === 'choice') return same(choiceKey(s, f, k));
  const cur = s.text[f.name] ?? lineEdit('');
  const ed = editLine(cur, k);
  if (ed === cur) return same(s);
  return same({ ...s, text: { ...s.text, [f.name]: ed }, error: undefined });
}
