/** Fleet table: columns and row text from BoxSnapshots (pure, tested without Ink). */
import type { BoxSnapshot, Reach } from '../core/status/index.js';
import type { Column } from '../ui/Table.js';
import type { Tone } from '../ui/theme.js';
import { formatAge, formatPct, formatUptime } from '../ui/text.js';

export const REACH_TEXT: Record<Reach, { text: string; tone: Tone }> = {
  ok: { text: '● ok', tone: 'ok' },
  auth: { text: '✗ auth', tone: 'err' },
  'host-key': { text: '✗ host-key', tone: 'err' },
  'unknown-host': { text: '? host-key', tone: 'warn' },
  unreachable: { text: '✗ unreachable', tone: 'err' },
  timeout: { text: '✗ timeout', tone: 'err' },
  pending: { text: '… connecting', tone: 'muted' },
};

export function memPct(s: BoxSnapshot): number | undefined {
  const m = s.system.mem;
  return m && m.total > 0 ? ((m.total - m.available) / m.total) * 100 : undefined;
}

export function diskPct(s: BoxSnapshot): number | undefined {
  const d = s.system.disk;
  return d && d.total > 0 ? (d.used / d.total) * 100 : undefined;
}

export function servicesUpDown(s: BoxSnapshot): { up: number; down: number } {
  let up = 0, down = 0;
  for (const sv of s.services) {
    if (sv.running === true) up++;
    else if (sv.running === false && sv.enabled) down++;
  }
  return { up, down };
}

export function modelFirmware(s: BoxSnapshot): string {
  const parts = [s.system.model ?? s.system.board, s.system.release ?? s.system.firmware].filter(Boolean);
  return parts.length ? parts.join(' · ') : '—';
}

/**
 * Fleet columns; `now` drives the age column. Narrow terminals drop host, then mesh, disk, uptime, model,
 * load, mem, age; the box name and its reach stay (the name shrinks last: boxes must stay distinguishable).
 */
export function fleetColumns(now: number, rows: readonly BoxSnapshot[] = []): Column<BoxSnapshot>[] {
  const longest = (f: (s: BoxSnapshot) => string, lo: number, hi: number) => Math.min(hi, Math.max(lo, ...rows.map((r) => f(r).length)));
  return [
    { key: 'name', title: 'BOX', min: longest((s) => s.box, 8, 20), grow: 0, keep: true, get: (s) => s.box },
    { key: 'host', title: 'HOST', min: longest((s) => s.host, 10, 28), grow: 0, drop: 12, get: (s) => s.host },
    { key: 'reach', title: 'REACH', width: 13, get: (s) => REACH_TEXT[s.reach].text, tone: (s) => REACH_TEXT[s.reach].tone },
    { key: 'model', title: 'MODEL · FIRMWARE', min: 10, grow: 3, drop: 8, get: modelFirmware },
    { key: 'uptime', title: 'UPTIME', width: 7, drop: 9, get: (s) => formatUptime(s.system.uptimeS ?? undefined) },
    { key: 'load', title: 'LOAD', width: 5, align: 'right', drop: 7, get: (s) => (s.system.load ? s.system.load[0].toFixed(2) : '—') },
    { key: 'mem', title: 'MEM', width: 4, align: 'right', drop: 6, get: (s) => formatPct(memPct(s)), tone: (s) => ((memPct(s) ?? 0) > 90 ? 'err' : undefined) },
    { key: 'disk', title: 'DISK', width: 4, align: 'right', drop: 10, get: (s) => formatPct(diskPct(s)), tone: (s) => ((diskPct(s) ?? 0) > 90 ? 'err' : undefined) },
    {
      key: 'svc', title: 'UP/DN', width: 5, align: 'right',
      get: (s) => (s.services.length ? `${servicesUpDown(s).up}/${servicesUpDown(s).down}` : '—'),
      tone: (s) => (servicesUpDown(s).down > 0 ? 'warn' : undefined),
    },
    { key: 'alerts', title: 'ALERT', width: 5, align: 'right', get: (s) => (s.alerts.count === null ? '—' : String(s.alerts.count)), tone: (s) => ((s.alerts.count ?? 0) > 0 ? 'warn' : undefined) },
    { key: 'mesh', title: 'MESH', width: 4, align: 'right', drop: 11, get: (s) => (s.meshPeers === null ? '—' : String(s.meshPeers)) },
    {
      key: 'age', title: 'AGE', width: 5, align: 'right', drop: 5,
      get: (s) => (s.fetchedAt === null ? '—' : `${formatAge(now - s.fetchedAt)}${s.stale ? '!' : ''}`),
      tone: (s) => (s.stale ? 'warn' : undefined),
    },
  ];
}

/** Stable row key: the selection follows the box across refreshes. */
export const fleetKey = (s: BoxSnapshot): string => s.box;

export function fleetHaystack(s: BoxSnapshot): string {
  return [s.box, s.host, s.reach, s.reason ?? '', modelFirmware(s), s.stale ? 'stale' : ''].join(' ');
}

export function fleetSummary(snaps: readonly BoxSnapshot[]): string {
  const ok = snaps.filter((s) => s.reach === 'ok').length;
  const down = snaps.filter((s) => s.reach !== 'ok' && s.reach !== 'pending').length;
  const alerts = snaps.filter((s) => (s.alerts.count ?? 0) > 0).length;
  const stopped = snaps.filter((s) => servicesUpDown(s).down > 0).length;
  return [`${snaps.length} box${snaps.length === 1 ? '' : 'es'}`, `${ok} ok`, down ? `${down} unreachable` : '', alerts ? `${alerts} with alerts` : '', stopped ? `${stopped} with stopped services` : '']
    .filter(Boolean).join(' · ');
}
