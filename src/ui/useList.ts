/**
 * A filterable, scrollable list: selection + `/` filter state in one synchronous reducer, so that
 * a chunk like `/web` opens the filter and types into it in one go. The caller resolves keymap
 * actions; typed text goes to the filter while it is being edited.
 *
 * With a `rowKey`, the selection follows the ITEM, not the row index: after a refresh that re-sorts
 * the rows the cursor is still on the same item (a key never acts on another one); when the item is
 * gone, the same index (clamped) is selected and that item is followed from then on.
 */
import { useEffect, useMemo, useRef } from 'react';
import { applyFilter, compileFilter, type CompiledFilter } from './filter.js';
import { FILTER0, filterKey, openFilter, type FilterState } from './filterState.js';
import type { KeyEvent } from './keys.js';
import { fixNav, moveNav, NAV0, type ListNav, type NavMove } from './listNav.js';
import { useStore } from './store.js';

export type ListKeyAction = NavMove | 'filter';

interface ListState {
  nav: ListNav;
  /** Key of the selected item (rowKey lists): where the selection goes when the rows change. */
  key?: string;
  filter: FilterState;
}

type ListAct =
  | { t: 'move'; move: NavMove; count: number; height: number }
  | { t: 'filterOpen' }
  | { t: 'filterKey'; ev: KeyEvent }
  | { t: 'select'; index: number; count: number; height: number }
  | { t: 'anchor'; nav: ListNav; key: string | undefined };

function reduce(s: ListState, a: ListAct): ListState {
  switch (a.t) {
    case 'move': {
      const nav = moveNav(s.nav, a.move, a.count, a.height);
      return nav === s.nav ? s : { ...s, nav };
    }
    case 'select': return { ...s, nav: fixNav({ sel: a.index, top: s.nav.top }, a.count, a.height) };
    case 'filterOpen': return { ...s, filter: openFilter(s.filter) };
    case 'filterKey': {
      const filter = filterKey(s.filter, a.ev);
      const changed = filter.edit.text !== s.filter.edit.text;
      return changed ? { filter, nav: NAV0 } : { ...s, filter };
    }
    case 'anchor': return a.nav === s.nav && a.key === s.key ? s : { ...s, nav: a.nav, key: a.key };
  }
}

/**
 * Where the selection is in `keys` (the keys of the rows shown): on the item of `s.key` when it is
 * still there, else at the same index, clamped. Pure; exported for tests.
 */
export function resolveNav(s: { nav: ListNav; key?: string | undefined }, keys: readonly string[] | undefined, count: number, height: number): ListNav {
  const at = s.key !== undefined && keys ? keys.indexOf(s.key) : -1;
  if (at < 0 || at === s.nav.sel) return fixNav(s.nav, count, height);
  return fixNav({ sel: at, top: s.nav.top }, count, height);
}

export interface ListModel<R> {
  rows: readonly R[];
  total: number;
  nav: ListNav;
  selected: R | undefined;
  filter: FilterState;
  compiled: CompiledFilter;
  /** The selected row as of the latest key (use this in key handlers, not `selected`). */
  current: () => R | undefined;
  /** True while the filter line takes the typed keys. */
  editing: () => boolean;
  /** Handle a key: `action` is what the keymap resolved (if any). Returns true when used. */
  key: (ev: KeyEvent, action: ListKeyAction | undefined) => boolean;
  select: (index: number) => void;
}

/** Where a list keeps its selection and filter across remounts (back to a screen finds them again). */
export interface ListMemory {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface ListOptions<R> {
  /** A stable key per item (the Table's rowKey): the selection follows the item across refreshes. */
  rowKey?: (r: R) => string;
  /** Keep the selection and filter across remounts. */
  persist?: { memory: ListMemory; key: string };
}

export function useList<R>(rows: readonly R[], haystack: (r: R) => string, bodyHeight: number, opts: ListOptions<R> = {}): ListModel<R> {
  const { persist } = opts;
  const { state, dispatch: rawDispatch, get } = useStore<ListState, ListAct>(reduce, () => {
    const saved = persist?.memory.get(persist.key) as ListState | undefined;
    return saved ? { ...saved, filter: { ...saved.filter, editing: false } } : { nav: NAV0, filter: FILTER0 };
  });
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const text = state.filter.edit.text;
  const compiled = useMemo(() => compileFilter(text), [text]);
  const hayRef = useRef(haystack);
  hayRef.current = haystack;
  const shown = useMemo(() => applyFilter(rows, compiled, (r) => hayRef.current(r)), [rows, compiled]);
  const keyOf = opts.rowKey;
  const keys = useMemo(() => (keyOf ? shown.map(keyOf) : undefined), [shown, keyOf]);
  const nav = resolveNav(state, keys, shown.length, bodyHeight);
  // Latest rows and sizes for handlers (a chunk of keys may arrive before the next render).
  const latest = useRef({ rows, text, shown, keys, height: bodyHeight });
  latest.current = { rows, text, shown, keys, height: bodyHeight };

  /** What the user sees for state `s`: the rows shown (filter applied) and the selection in them. */
  const view = (s: ListState, byIndex = false): { list: readonly R[]; keys: readonly string[] | undefined; nav: ListNav } => {
    const l = latest.current;
    const rk = optsRef.current.rowKey;
    const list = s.filter.edit.text === l.text ? l.shown : applyFilter(l.rows, compileFilter(s.filter.edit.text), (r) => hayRef.current(r));
    const ks = list === l.shown ? l.keys : rk ? list.map(rk) : undefined;
    return { list, keys: ks, nav: byIndex ? fixNav(s.nav, list.length, l.height) : resolveNav(s, ks, list.length, l.height) };
  };
  /**
   * Pin the state on what is shown: the selection and its item's key. `byIndex` after a move (the
   * index is the truth), else the key is (the rows changed under the selection).
   */
  const settle = (byIndex = false): ListState => {
    const v = view(get(), byIndex);
    return rawDispatch({ t: 'anchor', nav: v.nav, key: v.keys?.[v.nav.sel] });
  };
  // Saved synchronously: a navigation in the same chunk of keys unmounts the list before any effect runs.
  const dispatch = (a: ListAct) => {
    settle();
    rawDispatch(a);
    const next = settle(true);
    const p = optsRef.current.persist;
    p?.memory.set(p.key, next);
    return next;
  };
  // The rows changed under the selection (a refresh): follow the item from now on.
  useEffect(() => {
    if (!keys) return;
    const before = get();
    const after = settle();
    const p = optsRef.current.persist;
    if (after !== before) p?.memory.set(p.key, after);
  });
  return {
    rows: shown,
    total: rows.length,
    nav,
    selected: shown[nav.sel],
    filter: state.filter,
    compiled,
    current: () => {
      const v = view(get());
      return v.list[v.nav.sel];
    },
    editing: () => get().filter.editing,
    key: (ev, action) => {
      if (get().filter.editing) { dispatch({ t: 'filterKey', ev }); return true; }
      if (action === 'filter') { dispatch({ t: 'filterOpen' }); return true; }
      if (action) { dispatch({ t: 'move', move: action, count: view(get()).list.length, height: latest.current.height }); return true; }
      if (ev.name === 'esc' && get().filter.edit.text) { dispatch({ t: 'filterKey', ev }); return true; }
      return false;
    },
    select: (index) => dispatch({ t: 'select', index, count: view(get()).list.length, height: latest.current.height }),
  };
}
