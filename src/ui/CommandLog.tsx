/**
 * The command-log panel: the exact calls made to each box (newest at the bottom), with batch
 * position, duration and result. The selected call can be copied as a shell line.
 */
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { CallEvent } from '../backends/types.js';
import { T } from './theme.js';
import { fit, formatMs } from './text.js';

export function callLine(ev: CallEvent, width: number): { time: string; box: string; label: string; res: string; ok: boolean } {
  const d = new Date(ev.startedAt);
  const time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
  const batch = ev.batch ? `[${ev.batch.index + 1}/${ev.batch.size}] ` : '';
  const res = ev.ok ? `ok ${formatMs(ev.ms)}` : `${ev.error ? ev.error : `exit ${ev.code ?? 'signal'}`} ${formatMs(ev.ms)}`;
  const label = batch + (ev.label || ev.argv.join(' '));
  void width;
  return { time, box: ev.box, label, res, ok: ev.ok };
}

const CallRow = memo(function CallRow({ ev, width, selected, boxW }: { ev: CallEvent; width: number; selected: boolean; boxW: number }) {
  const l = callLine(ev, width);
  const resW = Math.min(28, Math.max(10, l.res.length));
  const labelW = Math.max(4, width - 8 - 1 - boxW - 1 - 1 - resW);
  return (
    <Text wrap="truncate-end" inverse={selected}>
      <T tone="muted">{l.time}</T> {fit(l.box, boxW)} {fit(l.label, labelW)} <T tone={l.ok ? 'ok' : 'err'}>{fit(l.res, resW, 'right')}</T>
    </Text>
  );
});

export function CommandLog({ events, sel, focused, width, height, total }: {
  events: readonly CallEvent[];
  /** Index into `events` of the selected call. */
  sel: number;
  focused: boolean;
  width: number;
  height: number;
  total: number;
}) {
  const body = Math.max(1, height - 1);
  let top = Math.max(0, events.length - body);
  if (sel < top) top = sel;
  const shown = events.slice(top, top + body);
  const boxW = Math.min(12, Math.max(3, ...events.map((e) => e.box.length)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end" bold>
        {'Command log '}
        <T tone="muted">{`${total} call${total === 1 ? '' : 's'}${focused ? ' · ↑↓ select · y copy · Esc back' : ' · ` to select, y to copy'}`}</T>
      </Text>
      {events.length === 0 && <T tone="muted">no call yet</T>}
      {shown.map((ev, i) => (
        <CallRow key={`${ev.startedAt}-${top + i}`} ev={ev} width={width} selected={focused && top + i === sel} boxW={boxW} />
      ))}
    </Box>
  );
}
