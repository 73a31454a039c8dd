/**
 * A filterable, scrollable list: selection + `/` filter state in one synchronous reducer, so that
 * a chunk like `/web` opens the filter and types into it in one go. The caller resolves keymap
 * actions; typed text goes to the filter while it is being edited.
 */
import { useMemo, useRef } from 'react';
import { applyFilter, compileFilter, type CompiledFilter } from './filter.js';
import { FILTER0, filterKey, openFilter, type FilterState } from './filterState.js';
import type { KeyEvent } from './keys.js';
import { fixNav, moveNav, NAV0, type ListNav, type NavMove } from './listNav.js';
import { useStore } from './store.js';

export type ListKeyAction = NavMove | 'filter';

interface ListState {
  nav: ListNav;
  filter: FilterState;
}

type ListAct =
  | { t: 'move'; move: NavMove; count: number; height: number }
  | { t: 'filterOpen' }
  | { t: 'filterKey'; ev: KeyEvent }
  | { t: 'select'; index: number; count: number; height: number };

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
      return { filter, nav: changed ? NAV0 : s.nav };
    }
  }
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

export function useList<R>(rows: readonly R[], haystack: (r: R) => string, bodyHeight: number, persist?: { memory: ListMemory; key: string }): ListModel<R> {
  const { state, dispatch: rawDispatch, get } = useStore<ListState, ListAct>(reduce, () => {
    const saved = persist?.memory.get(persist.key) as ListState | undefined;
    return saved ? { nav: saved.nav, filter: { ...saved.filter, editing: false } } : { nav: NAV0, filter: FILTER0 };
  });
  const persistRef = useRef(persist);
  persistRef.current = persist;
  // Saved synchronously: a navigation in the same chunk of keys unmounts the list before any effect runs.
  const dispatch = (a: ListAct) => {
    const next = rawDispatch(a);
    persistRef.current?.memory.set(persistRef.current.key, next);
    return next;
  };
  const text = state.filter.edit.text;
  const compiled = useMemo(() => compileFilter(text), [text]);
  const hayRef = useRef(haystack);
  hayRef.current = haystack;
  const shown = useMemo(() => applyFilter(rows, compiled, (r) => hayRef.current(r)), [rows, compiled]);
  const nav = fixNav(state.nav, shown.length, bodyHeight);
  // Latest sizes for handlers (a chunk of keys may arrive before the next render).
  const sizes = useRef({ count: shown.length, height: bodyHeight });
  sizes.current = { count: shown.length, height: bodyHeight };
  const shownRef = useRef(shown);
  shownRef.current = shown;
  return {
    rows: shown,
    total: rows.length,
    nav,
    selected: shown[nav.sel],
    filter: state.filter,
    compiled,
    current: () => {
      const s = get();
      // The filter may have changed within this chunk: recompute what the user sees now.
      const list = s.filter.edit.text === text ? shownRef.current : applyFilter(rows, compileFilter(s.filter.edit.text), (r) => hayRef.current(r));
      return list[fixNav(s.nav, list.length, sizes.current.height).sel];
    },
    editing: () => get().filter.editing,
    key: (ev, action) => {
      if (get().filter.editing) { dispatch({ t: 'filterKey', ev }); return true; }
      if (action === 'filter') { dispatch({ t: 'filterOpen' }); return true; }
      if (action) { dispatch({ t: 'move', move: action, ...sizes.current }); return true; }
      if (ev.name === 'esc' && get().filter.edit.text) { dispatch({ t: 'filterKey', ev }); return true; }
      return false;
    },
    select: (index) => dispatch({ t: 'select', index, ...sizes.current }),
  };
}
