/** A one-line tab bar: `[Subsystems 43]  Services 15  Alerts 3  Jobs 1`. */
import { Text } from 'ink';
import { T } from '../ui/theme.js';

export function TabBar({ tabs, active }: { tabs: readonly { label: string; count?: number | string; warn?: boolean }[]; active: number }) {
  return (
    <Text wrap="truncate-end">
      {tabs.map((t, i) => (
        <Text key={t.label}>
          {i > 0 ? '  ' : ''}
          <Text inverse={i === active} bold={i === active}>{` ${t.label}${t.count !== undefined ? ` ${t.count}` : ''} `}</Text>
          {t.warn ? <T tone="warn">!</T> : ''}
        </Text>
      ))}
      <T tone="muted">{'   Tab ⇄'}</T>
    </Text>
  );
}
