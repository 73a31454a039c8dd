/** Renders a LineEdit with a visible (inverse) cursor. */
import { Text } from 'ink';
import type { LineEdit } from './lineEdit.js';

export function LineInput({ value, focused = true, placeholder, mask }: { value: LineEdit; focused?: boolean; placeholder?: string; mask?: boolean }) {
  const cur = value.cur;
  const text = mask ? '•'.repeat(value.text.length) : value.text;
  if (!focused) return <Text>{text || (placeholder ? <Text dimColor>{placeholder}</Text> : '')}</Text>;
  const at = text.slice(cur, cur + 1) || ' ';
  return (
    <Text>
      {text.slice(0, cur)}
      <Text inverse>{at}</Text>
      {text.slice(cur + 1)}
      {text === '' && placeholder ? <Text dimColor>{placeholder}</Text> : null}
    </Text>
  );
}
