import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { compileFilter, applyFilter } from '../../src/ui/filter.js';
import { FILTER0, filterKey, openFilter } from '../../src/ui/filterState.js';
import { fieldsFromSignature, formKey, formValues, initForm } from '../../src/ui/formModel.js';
import { jsonLines, tableLines } from '../../src/ui/jsonLines.js';
import { toKeyEvents, type KeyEvent } from '../../src/ui/keys.js';
import { keyId, match } from '../../src/ui/keymap.js';
import { editLine, lineEdit } from '../../src/ui/lineEdit.js';
import { moveNav, NAV0 } from '../../src/ui/listNav.js';
import { sparkline } from '../../src/ui/Sparkline.js';
import { layoutColumns, type Column } from '../../src/ui/Table.js';
import { fit, formatAge, formatUptime, textWidth, truncate } from '../../src/ui/text.js';
import { fitFooter, footerItems } from '../../src/ui/Footer.js';
import { helpLines } from '../../src/ui/HelpOverlay.js';
import { EXPOSURE, GLOBAL, LIST } from '../../src/screens/keymap.js';

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const ch = (c: string): KeyEvent => ({ name: 'char', ch: c, ctrl: false, meta: false });

describe('keys', () => {
  it('splits a multi-character chunk into one event per character, in order', () => {
    const evs = toKeyEvents('jj/ab\r', noKey);
    expect(evs.map((e) => (e.name === 'char' ? e.ch : e.name))).toEqual(['j', 'j', '/', 'a', 'b', 'enter']);
  });
  it('maps special keys and ctrl', () => {
    expect(toKeyEvents('', { ...noKey, downArrow: true })[0]!.name).toBe('down');
    expect(toKeyEvents('', { ...noKey, tab: true, shift: true })[0]!.name).toBe('backtab');
    expect(toKeyEvents('', { ...noKey, delete: true })[0]!.name).toBe('backspace');
    expect(keyId(toKeyEvents('c', { ...noKey, ctrl: true })[0]!)).toBe('C-c');
  });
  it('resolves keymap actions, refusing write bindings in read-only', () => {
    expect(match(LIST, ch('j'))).toBe('down');
    expect(match(LIST, ch('G'))).toBe('last');
    expect(match(EXPOSURE, ch('e'))).toBe('emancipate');
    expect(match(EXPOSURE, ch('e'), true)).toBeUndefined();
  });
});

describe('filter', () => {
  const rows = ['alpha ok', 'bravo unreachable', 'charlie ok'];
  it('filters by case-insensitive regex', () => {
    expect(applyFilter(rows, compileFilter('^B'), (r) => r)).toEqual(['bravo unreachable']);
    expect(applyFilter(rows, compileFilter('ok$'), (r) => r)).toEqual(['alpha ok', 'charlie ok']);
  });
  it('inverts with a leading !', () => {
    const f = compileFilter('!ok');
    expect(f.inverted).toBe(true);
    expect(applyFilter(rows, f, (r) => r)).toEqual(['bravo unreachable']);
  });
  it('reports an invalid regex instead of throwing, and keeps every row', () => {
    const f = compileFilter('a(b');
    expect(f.error).toMatch(/invalid regex/);
    expect(applyFilter(rows, f, (r) => r)).toEqual(rows);
  });
  it('edits: typing, Backspace on empty closes, Esc clears, Enter keeps', () => {
    let s = openFilter(FILTER0);
    for (const c of 'ok') s = filterKey(s, ch(c));
    expect(s.edit.text).toBe('ok');
    expect(filterKey(s, { name: 'enter', ch: '', ctrl: false, meta: false })).toMatchObject({ editing: false, edit: { text: 'ok' } });
    expect(filterKey(s, { name: 'esc', ch: '', ctrl: false, meta: false })).toEqual(FILTER0);
  });
});

describe('line editing', () => {
  it('inserts at the cursor, deletes, moves, kills words', () => {
    let s = lineEdit('emancipate');
    s = editLine(s, { name: 'left', ch: '', ctrl: false, meta: false });
    s = editLine(s, ch('X'));
    expect(s.text).toBe('emancipatXe');
    s = editLine(s, { name: 'backspace', ch: '', ctrl: false, meta: false });
    expect(s.text).toBe('emancipate');
    s = editLine(lineEdit('box r1'), { name: 'char', ch: 'w', ctrl: true, meta: false });
    expect(s.text).toBe('box ');
  });
});

describe('list navigation', () => {
  it('moves, pages and clamps; scrolling follows the selection', () => {
    let n = NAV0;
    n = moveNav(n, 'down', 50, 10);
    expect(n.sel).toBe(1);
    n = moveNav(n, 'pgdn', 50, 10);
    expect(n).toEqual({ sel: 10, top: 1 });
    n = moveNav(n, 'last', 50, 10);
    expect(n).toEqual({ sel: 49, top: 40 });
    n = moveNav(n, 'down', 50, 10);
    expect(n.sel).toBe(49);
    n = moveNav(n, 'first', 50, 10);
    expect(n).toEqual({ sel: 0, top: 0 });
    expect(moveNav(NAV0, 'down', 0, 10)).toEqual({ sel: 0, top: 0 });
  });
});

describe('table layout', () => {
  const cols: Column<string>[] = [
    { key: 'a', title: 'NAME', min: 8, grow: 1, get: (r) => r },
    { key: 'b', title: 'HOST', min: 14, drop: 2, get: (r) => r },
    { key: 'c', title: 'STATE', width: 10, get: (r) => r },
    { key: 'd', title: 'MESH', width: 4, drop: 1, get: (r) => r },
  ];
  it('fills the width exactly with flexible columns', () => {
    const l = layoutColumns(cols, 100);
    expect(l.map((c) => c.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(l.reduce((n, c) => n + c.w, 0) + l.length - 1).toBe(100);
  });
  it('drops the highest drop-priority columns first when narrow', () => {
    expect(layoutColumns(cols, 30).map((c) => c.key)).toEqual(['a', 'c', 'd']);
    expect(layoutColumns(cols, 22).map((c) => c.key)).toEqual(['a', 'c']);
  });
  it('never exceeds the width even when nothing can be dropped', () => {
    const l = layoutColumns(cols.filter((c) => !c.drop), 12);
    expect(l.reduce((n, c) => n + c.w, 0) + l.length - 1).toBeLessThanOrEqual(12);
  });
});

describe('text', () => {
  it('truncates by cell width with an ellipsis', () => {
    expect(truncate('metablogizer', 6)).toBe('metab…');
    expect(textWidth(truncate('日本語のテキスト', 7))).toBeLessThanOrEqual(7);
    expect(fit('7', 4, 'right')).toBe('   7');
  });
  it('formats ages and uptimes', () => {
    expect(formatAge(4_000)).toBe('4s');
    expect(formatAge(130_000)).toBe('2m');
    expect(formatUptime(3 * 86400 + 4 * 3600)).toBe('3d 4h');
    expect(formatUptime(125 * 60)).toBe('2h 5m');
  });
  it('draws a sparkline of the last values', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8, { min: 0, max: 7 })).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([1, 2, 3], 2)).toHaveLength(2);
    expect(sparkline([], 5)).toBe('');
  });
});

describe('forms from method signatures', () => {
  it('types fields from ubus -v list types and validates', () => {
    const fields = fieldsFromSignature({ service: 'String', port: 'Integer', tor: 'Boolean', extra: 'Table' });
    expect(fields.map((f) => f.type)).toEqual(['string', 'int', 'bool', 'json']);
    let s = initForm(fields);
    for (const c of 'blog') s = formKey(s, ch(c)).state;
    s = formKey(s, { name: 'tab', ch: '', ctrl: false, meta: false }).state;
    for (const c of '8x') s = formKey(s, ch(c)).state;
    const bad = formKey(s, { name: 'enter', ch: '', ctrl: false, meta: false });
    expect(bad.outcome).toBeUndefined();
    expect(bad.state.error).toMatch(/port must be a whole number/);
    s = formKey(bad.state, { name: 'backspace', ch: '', ctrl: false, meta: false }).state;
    s = formKey(s, { name: 'tab', ch: '', ctrl: false, meta: false }).state;
    s = formKey(s, ch(' ')).state;
    expect(formValues(s).values).toEqual({ service: 'blog', port: 8, tor: true });
    expect(formKey(s, { name: 'esc', ch: '', ctrl: false, meta: false }).outcome).toEqual({ kind: 'cancel' });
  });
});

describe('json answers as lines', () => {
  it('renders arrays of flat objects as a table and the rest as a tree', () => {
    expect(tableLines([{ name: 'blog', port: 8901 }, { name: 'wiki', port: 8902, ssl: true }])).toEqual([
      'NAME  PORT  SSL', 'blog  8901', 'wiki  8902  true',
    ]);
    expect(jsonLines({ running: true, sites: [{ name: 'blog' }], nested: { a: [1, 2] } })).toEqual([
      'running: true', 'sites:', '  NAME', '  blog', 'nested:', '  a:', '    - 1', '    - 2',
    ]);
  });
});

describe('footer and help come from the keymap', () => {
  it('lists footer labels of the contexts and keeps help and quit when narrow', () => {
    const items = footerItems([EXPOSURE, LIST, GLOBAL], false);
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['emancipate', 'revoke', 'filter', 'help', 'quit']));
    const fitted = fitFooter(items, 30);
    expect(fitted.map((i) => i.label)).toEqual(expect.arrayContaining(['help', 'quit']));
    expect(footerItems([EXPOSURE], true)).toEqual([]);
  });
  it('help has one line per binding, write ones hidden in read-only', () => {
    const all = helpLines([EXPOSURE, GLOBAL], false).filter((l) => l.help);
    expect(all).toHaveLength(EXPOSURE.bindings.length + GLOBAL.bindings.length);
    const ro = helpLines([EXPOSURE, GLOBAL], true).map((l) => l.help);
    expect(ro).not.toContain(EXPOSURE.bindings[0]!.help);
  });
});
