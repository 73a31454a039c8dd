/** Scrollable lines of text (box output, UCI export, method results, logs) with the list keys and `/` filter. */
import { Box, Text } from 'ink';
import { FilterBar } from '../ui/FilterBar.js';
import type { ListModel } from '../ui/useList.js';
import { T } from '../ui/theme.js';
import { truncate } from '../ui/text.js';

export function TextPane({ list, width, height, empty, title }: { list: ListModel<string>; width: number; height: number; empty?: string; title?: string }) {
  const filterShown = list.filter.editing || list.filter.edit.text !== '';
  const body = Math.max(1, height - (filterShown ? 1 : 0) - (title ? 1 : 0));
  const lines = list.rows.slice(list.nav.top, list.nav.top + body);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {title ? <Text bold wrap="truncate-end">{title}<T tone="muted">{list.rows.length > body ? `  ${list.nav.top + 1}-${Math.min(list.rows.length, list.nav.top + body)}/${list.rows.length}` : ''}</T></Text> : null}
      <FilterBar state={list.filter} compiled={list.compiled} shown={list.rows.length} total={list.total} />
      {list.rows.length === 0 ? <T tone="muted">{empty ?? 'nothing to show'}</T> : null}
      {lines.map((l, i) => (
        <Text key={list.nav.top + i} inverse={list.nav.top + i === list.nav.sel} wrap="truncate-end">{truncate(l, width) || ' '}</Text>
      ))}
    </Box>
  );
}
