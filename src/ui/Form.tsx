/** A form dialog: one line per field (label, input, type hint), Tab/↑↓ to move, Space toggles, Enter submits, Esc cancels. */
import { Box, Text } from 'ink';
import { T } from './theme.js';
import { LineInput } from './LineInput.js';
import { fit } from './text.js';
import type { FormState } from './formModel.js';

export function Form({ title, state, width, note, secret }: { title: string; state: FormState; width: number; note?: string; secret?: boolean }) {
  const labelW = Math.min(18, Math.max(6, ...state.fields.map((f) => (f.label ?? f.name).length + 1)));
  return (
    <Box flexDirection="column" borderStyle="round" width={width} paddingX={1}>
      <Text bold wrap="truncate-end">{title}</Text>
      {note && <T tone="muted" wrap="truncate-end">{note}</T>}
      {state.fields.map((f, i) => {
        const focused = i === state.focus;
        const hint = f.type === 'bool' ? '' : f.type === 'choice' ? ` ←→ ${f.choices?.join('|') ?? ''}` : f.type === 'int' ? ' number' : f.type === 'json' ? ' JSON' : '';
        return (
          <Text key={f.name} wrap="truncate-end">
            <Text bold={focused}>{focused ? '› ' : '  '}{fit(`${f.label ?? f.name}${f.required ? '*' : ''}`, labelW)}</Text>{' '}
            {f.type === 'bool'
              ? <Text inverse={focused}>{state.bools[f.name] ? '[x]' : '[ ]'}</Text>
              : <LineInput value={state.text[f.name]!} focused={focused} mask={secret} />}
            <T tone="muted">{hint}{f.help ? `  ${f.help}` : ''}</T>
          </Text>
        );
      })}
      {state.error ? <T tone="err">{state.error}</T> : <T tone="muted">Tab/↑↓ move · Space toggle · Enter submit · Esc cancel</T>}
    </Box>
  );
}
