/**
 * A form dialog: one line per field (label, input, type hint), Tab/↑↓ to move, Space toggles, ←→ choose,
 * Enter submits, Esc cancels. Given `height` lines, it keeps its border, title and help line, and scrolls
 * the fields (formLayout); every line is truncated, never wrapped.
 */
import { Box, Text } from 'ink';
import { T } from './theme.js';
import { LineInput } from './LineInput.js';
import { fit } from './text.js';
import { formLayout, type FormState } from './formModel.js';

export function Form({ title, state, width, note, secret, height }: { title: string; state: FormState; width: number; note?: string; secret?: boolean; height?: number }) {
  const labelW = Math.min(18, Math.max(6, ...state.fields.map((f) => (f.label ?? f.name).length + 1)));
  const lay = formLayout(state.fields.length, Boolean(note), state.focus, height);
  const shown = state.fields.slice(lay.top, lay.top + lay.rows);
  const scroll = lay.rows < state.fields.length ? `${lay.top + 1}-${lay.top + lay.rows}/${state.fields.length} · ` : '';
  return (
    <Box flexDirection="column" borderStyle="round" width={width} height={lay.height} paddingX={1} overflow="hidden">
      <Text bold wrap="truncate-end">{title}</Text>
      {lay.noteShown && <T tone="muted" wrap="truncate-end">{note}</T>}
      {shown.map((f, j) => {
        const focused = lay.top + j === state.focus;
        const hint = f.type === 'bool' ? '' : f.type === 'choice' ? ` ←→ ${f.choices?.join('|') ?? ''}` : f.type === 'int' ? ' number' : f.type === 'json' ? ' JSON' : '';
        return (
          <Text key={f.name} wrap="truncate-end">
            <Text bold={focused}>{focused ? '› ' : '  '}{fit(`${f.label ?? f.name}${f.required ? '*' : ''}`, labelW)}</Text>{' '}
            {f.type === 'bool'
              ? <Text inverse={focused}>{state.bools[f.name] ? '[x]' : '[ ]'}</Text>
              : f.type === 'choice'
                ? <Text inverse={focused}>{state.text[f.name]!.text}</Text>
                : <LineInput value={state.text[f.name]!} focused={focused} mask={secret} />}
            <T tone="muted">{hint}{f.help ? `  ${f.help}` : ''}</T>
          </Text>
        );
      })}
      {state.error
        ? <T tone="err" wrap="truncate-end">{state.error}</T>
        : <T tone="muted" wrap="truncate-end">{`${scroll}Enter submit · Esc cancel · Tab/↑↓ move · Space toggle · ←→ choose`}</T>}
    </Box>
  );
}
