/** The `/` filter line: the expression being typed, `!` inversion shown, an invalid regex reported (never thrown). */
import { Text } from 'ink';
import { T } from './theme.js';
import { LineInput } from './LineInput.js';
import type { FilterState } from './filterState.js';
import type { CompiledFilter } from './filter.js';

export function FilterBar({ state, compiled, shown, total }: { state: FilterState; compiled: CompiledFilter; shown: number; total: number }) {
  if (!state.editing && state.edit.text === '') return null;
  return (
    <Text wrap="truncate-end">
      <T tone="accent" bold>/</T>
      <LineInput value={state.edit} focused={state.editing} />
      {'  '}
      {compiled.error
        ? <T tone="err">{compiled.error}</T>
        : <T tone="muted">{`${shown}/${total}${compiled.inverted ? ' (inverted)' : ''}${state.editing ? '  Enter keep · Esc clear' : ''}`}</T>}
    </Text>
  );
}
