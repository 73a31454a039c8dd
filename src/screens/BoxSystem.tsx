/** The box's system block: board, release, uptime, load with its recent chart, memory, disk, alerts, mesh, freshness. */
import { Box, Text } from 'ink';
import type { BoxSnapshot, HistoryPoint } from '../core/status/index.js';
import { Sparkline } from '../ui/Sparkline.js';
import { T } from '../ui/theme.js';
import { formatAge, formatBytes, formatPct, formatUptime } from '../ui/text.js';
import { diskPct, memPct, REACH_TEXT } from './fleetRows.js';
import { servicesLine } from './boxRows.js';

export const SYSTEM_LINES = 3;

export function BoxSystem({ snap, history, now, width, refreshing, error }: {
  snap: BoxSnapshot; history: readonly HistoryPoint[]; now: number; width: number; refreshing: boolean; error?: string;
}) {
  const s = snap.system;
  const r = REACH_TEXT[snap.reach];
  const loads = history.map((h) => h.load1).filter((v): v is number => v !== null);
  const chartW = Math.max(6, Math.min(24, width - 62));
  const board = [s.model, s.board && s.board !== s.model ? `(${s.board})` : ''].filter(Boolean).join(' ') || 'board unknown';
  const fw = s.firmware ?? (s.release ? `OpenWrt ${s.release}` : 'firmware unknown');
  const age = snap.fetchedAt === null ? 'no data yet' : `updated ${formatAge(now - snap.fetchedAt)} ago`;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>{snap.box}</Text>{'  '}<T tone={r.tone}>{r.text}</T>{'  '}{board}<T tone="muted">{' · '}</T>{fw}
        {s.kernel ? <T tone="muted">{` · kernel ${s.kernel}`}</T> : null}
      </Text>
      <Text wrap="truncate-end">
        <T tone="muted">up </T>{formatUptime(s.uptimeS ?? undefined)}
        <T tone="muted">{'  load '}</T>{s.load ? s.load.map((l) => l.toFixed(2)).join(' ') : '—'}{' '}
        <Sparkline values={loads} width={chartW} max={Math.max(1, ...loads)} />
        <T tone="muted">{'  mem '}</T>{formatPct(memPct(snap))}{s.mem ? <T tone="muted">{`/${formatBytes(s.mem.total)}`}</T> : null}
        <T tone="muted">{'  disk '}</T>{formatPct(diskPct(snap))}{s.disk ? <T tone="muted">{`/${formatBytes(s.disk.total)}`}</T> : null}
      </Text>
      <Text wrap="truncate-end">
        <T tone={(snap.alerts.count ?? 0) > 0 ? 'warn' : undefined}>{`alerts ${snap.alerts.count ?? '—'}`}</T>
        <T tone="muted">{' · '}</T>{`mesh peers ${snap.meshPeers ?? '—'}`}
        <T tone="muted">{' · '}</T>{servicesLine(snap)}
        <T tone="muted">{`   ${age}${refreshing ? ' ⟳' : ''}`}</T>
        {snap.stale ? <T tone="warn">{'  STALE'}</T> : null}
        {error || snap.reason ? <T tone="err">{`  ${snap.reason ?? error}`}</T> : null}
      </Text>
    </Box>
  );
}
