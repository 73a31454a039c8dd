/** `Fleet › r1 › Exposure`: where the user is in the navigation stack. */
import { Text } from 'ink';
import { T } from './theme.js';

export function Breadcrumb({ parts }: { parts: readonly string[] }) {
  return (
    <Text wrap="truncate-start">
      {parts.map((p, i) => (
        <Text key={i}>
          {i > 0 && <T tone="muted">{' › '}</T>}
          {i === parts.length - 1 ? <Text bold>{p}</Text> : p}
        </Text>
      ))}
    </Text>
  );
}
