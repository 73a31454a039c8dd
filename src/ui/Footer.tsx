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

/** Items that fit in `width`; the `pinned` ones (help, quit) are kept first, the others in keymap order. */
export function fitFooter(items: readonly { key: string; label: string }[], width: number, pinned: readonly string[] = ['help', 'quit']): { key: string; label: string }[] {
  const w = (it: { key: string; label: string }) => textWidth(it.key) + 1 + textWidth(it.label) + 2;
  const keep = items.filter((it) => pinned.includes(it.label));
  let used = keep.reduce((n, it) => n + w(it), 0);
  const chosen = new Set(keep);
  for (const it of items) {
    if (chosen.has(it)) continue;
    if (used + w(it) > width) break;
    chosen.add(it);
    used += w(it);
  }
  return items.filter((it) => chosen.has(it));
}

export function Footer({ contexts, readOnly, width }: { contexts: readonly KeyContext[]; readOnly: boolean; width: number }) {
  const parts = fitFooter(footerItems(contexts, readOnly), width);
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
