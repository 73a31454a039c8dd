/**
 * A list table: fixed + flexible columns fitted to the width (low-priority columns dropped first on
 * narrow terminals, cells truncated with …), a selected row (inverse video), scrolling that follows
 * the selection. Rows are memoised: a refresh re-renders only the rows whose content changed.
 */
import { memo, useMemo, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { T, type Tone } from './theme.js';
import { fit } from './text.js';
import type { ListNav } from './listNav.js';

export interface Column<R> {
  key: string;
  title: string;
  /** Fixed width in cells. */
  width?: number;
  /** Minimum width of a flexible column (default: title length). */
  min?: number;
  /** Share of the remaining width (flexible column). */
  grow?: number;
  align?: 'left' | 'right';
  get: (row: R) => string;
  tone?: (row: R) => Tone | undefined;
  /** Higher numbers are dropped first when the width is short; 0 = never dropped. */
  drop?: number;
  /** Shrunk only when no other column can shrink any more (a name that must stay readable). */
  keep?: boolean;
}

export interface LaidColumn<R> extends Column<R> {
  w: number;
}

/** Fit columns into `width` cells (one space between columns). Pure; exported for tests. */
export function layoutColumns<R>(columns: readonly Column<R>[], width: number): LaidColumn<R>[] {
  let cols = [...columns];
  const need = (cs: Column<R>[]) => cs.reduce((n, c) => n + (c.width ?? c.min ?? c.title.length), 0) + Math.max(0, cs.length - 1);
  while (need(cols) > width) {
    const droppable = cols.filter((c) => (c.drop ?? 0) > 0);
    if (droppable.length === 0) break;
    const worst = droppable.reduce((a, b) => ((b.drop ?? 0) >= (a.drop ?? 0) ? b : a));
    cols = cols.filter((c) => c !== worst);
  }
  const spare = Math.max(0, width - need(cols));
  const growTotal = cols.reduce((n, c) => n + (c.width === undefined ? (c.grow ?? 1) : 0), 0);
  let given = 0;
  const laid = cols.map((c) => {
    const base = c.width ?? c.min ?? c.title.length;
    if (c.width !== undefined || growTotal === 0) return { ...c, w: base };
    const extra = Math.floor((spare * (c.grow ?? 1)) / growTotal);
    given += extra;
    return { ...c, w: base + extra };
  });
  // Rounding leftovers go to the last flexible column.
  const lastFlex = [...laid].reverse().find((c) => c.width === undefined && (c.grow ?? 1) > 0);
  if (lastFlex && growTotal > 0) lastFlex.w += spare - given;
  // Still too wide (nothing left to drop): shrink the widest columns, `keep` ones last.
  let over = laid.reduce((n, c) => n + c.w, 0) + Math.max(0, laid.length - 1) - width;
  while (over > 0) {
    const pool = laid.filter((c) => !c.keep && c.w > 1);
    const widest = (pool.length ? pool : laid).reduce((a, b) => (b.w > a.w ? b : a));
    if (widest.w <= 1) break;
    widest.w -= 1;
    over -= 1;
  }
  return laid;
}

interface RowProps<R> {
  row: R;
  cols: LaidColumn<R>[];
  selected: boolean;
  focused: boolean;
  dim: boolean;
}

function RowView<R>({ row, cols, selected, focused, dim }: RowProps<R>) {
  const cells: ReactNode[] = [];
  cols.forEach((c, i) => {
    if (i > 0) cells.push(' ');
    const text = fit(c.get(row), c.w, c.align);
    const tone = c.tone?.(row);
    cells.push(tone ? <T key={c.key} tone={tone}>{text}</T> : text);
  });
  return (
    <Text wrap="truncate-end" inverse={selected && focused} bold={selected && !focused} dimColor={dim && !selected}>
      {cells}
    </Text>
  );
}
const Row = memo(RowView) as typeof RowView;

export interface TableProps<R> {
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  nav: ListNav;
  /** Lines available, header included. */
  height: number;
  width: number;
  focused?: boolean;
  empty?: string;
  /** Rows drawn dim (e.g. stale data). */
  isDim?: (row: R) => boolean;
}

export function Table<R>({ columns, rows, rowKey, nav, height, width, focused = true, empty, isDim }: TableProps<R>) {
  const cols = useMemo(() => layoutColumns(columns, width), [columns, width]);
  const header = useMemo(() => cols.map((c) => fit(c.title, c.w, c.align)).join(' '), [cols]);
  const body = Math.max(1, height - 1);
  const visible = rows.slice(nav.top, nav.top + body);
  const more = rows.length > body ? ` ${nav.top + 1}-${Math.min(rows.length, nav.top + body)}/${rows.length}` : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end" bold underline>{more ? fit(header, Math.max(0, width - more.length)) + more : header}</Text>
      {rows.length === 0 && <T tone="muted">{fit(empty ?? 'nothing to show', width)}</T>}
      {visible.map((r, i) => (
        <Row key={rowKey(r)} row={r} cols={cols} selected={nav.top + i === nav.sel} focused={focused} dim={isDim?.(r) ?? false} />
      ))}
    </Box>
  );
}
