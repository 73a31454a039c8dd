/** One line of key hints, from the keymap: the current screen's first, then the global ones; cut to the width. */
import { Text } from 'ink';
import { T } from './theme.js';
import { prettyKey, visible, type KeyContext } from './keymap.js';
import { textWidth } from './text.js';

export function footerItems(contexts: readonly KeyContext[], readOnly: boolean): { key: string; label: string }[] {
  const out: { key: string; label: string }[] = [];
  for (const c of contexts) {
    for (const b of visible(c.bindings, readOnly)) {
      if (b.footer && b.keys[0]) out.push({ key: prettyKey(b.keys[0]), label: b.footer });
    }
  }
  return out;
}

export function Footer({ contexts, readOnly, width }: { contexts: readonly KeyContext[]; readOnly: boolean; width: number }) {
  const items = footerItems(contexts, readOnly);
  const parts: { key: string; label: string }[] = [];
  let used = 0;
  for (const it of items) {
    const w = textWidth(it.key) + 1 + textWidth(it.label) + 2;
    if (used + w > width) break;
    parts.push(it);
    used += w;
  }
  return (
    <Text wrap="truncate-end">
      {parts.map((p, i) => (
        <Text key={i}>
          <T tone="accent" bold>{p.key}</T> <T tone="muted">{p.label}</T>{i < parts.length - 1 ? '  ' : ''}
        </Text>
      ))}
    </Text>
  );
}
