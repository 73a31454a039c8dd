/** The `?` help: every binding of the current contexts (current screen first), rendered from the keymap. */
import { Box, Text } from 'ink';
import { T } from './theme.js';
import { prettyKeys, visible, type KeyContext } from './keymap.js';
import { fit } from './text.js';

interface HelpLine { title?: string; keys?: string; help?: string; cmd?: string }

/** A command of the `:` palette as the help lists it. */
export interface PaletteHelp { usage: string; help: string }

export function helpLines(contexts: readonly KeyContext[], readOnly: boolean, commands: readonly PaletteHelp[] = []): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const c of contexts) {
    const bs = visible(c.bindings, readOnly);
    if (bs.length === 0) continue;
    lines.push({ title: c.title });
    for (const b of bs) lines.push({ keys: prettyKeys(b), help: b.help });
  }
  if (commands.length) {
    lines.push({ title: 'Command palette (:), the CLI verbs; Tab completes' });
    for (const c of commands) lines.push({ cmd: c.usage, help: c.help });
  }
  return lines;
}

export function HelpOverlay({ contexts, readOnly, width, height, offset, commands }: {
  contexts: readonly KeyContext[]; readOnly: boolean; width: number; height: number; offset: number; commands?: readonly PaletteHelp[];
}) {
  const lines = helpLines(contexts, readOnly, commands);
  const body = Math.max(1, height - 3);
  const start = Math.min(Math.max(0, offset), Math.max(0, lines.length - body));
  const keyW = Math.min(16, Math.max(6, ...lines.map((l) => (l.keys ?? '').length)));
  return (
    <Box flexDirection="column" borderStyle="round" width={width} height={height} paddingX={1}>
      <Text bold>{`Keys${readOnly ? ' (read-only: write actions hidden)' : ''}`}<T tone="muted">{'   ↑/↓ scroll · Esc/? close'}</T></Text>
      {lines.slice(start, start + body).map((l, i) =>
        l.title
          ? <T key={i} tone="info" bold>{l.title}</T>
          : l.cmd !== undefined
            ? <Text key={i} wrap="truncate-end"><T tone="accent">{l.cmd}</T>{'  '}<T tone="muted">{l.help}</T></Text>
            : <Text key={i} wrap="truncate-end"><T tone="accent">{fit(l.keys ?? '', keyW)}</T>{'  '}{l.help}</Text>)}
    </Box>
  );
}
