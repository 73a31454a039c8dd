/** Box screen tables (pure): subsystems grouped by layer, services, alerts, jobs. */
import type { JobSnapshot } from '../core/jobs.js';
import { LAYER_NAMES, type AlertSummary, type BoxSnapshot, type ServiceState, type SubsystemStatus } from '../core/status/index.js';
import type { BadgeState } from '../ui/StatusBadge.js';
import { badgeText, badgeTone } from '../ui/StatusBadge.js';
import type { Column } from '../ui/Table.js';
import { formatAge } from '../ui/text.js';

export interface SubRow extends SubsystemStatus {
  /** Layer name on the first row of its group, '' after. */
  group: string;
}

/** Subsystems sorted by layer (stable within a layer), with the group label on each group's first row. */
export function subsystemRows(subs: readonly SubsystemStatus[]): SubRow[] {
  const sorted = [...subs].map((s, i) => ({ s, i })).sort((a, b) => a.s.layer - b.s.layer || a.i - b.i).map((x) => x.s);
  let last = 0;
  return sorted.map((s) => {
    const group = s.layer !== last ? LAYER_NAMES[s.layer] : '';
    last = s.layer;
    return { ...s, group };
  });
}

export const SUB_COLUMNS: Column<SubRow>[] = [
  { key: 'layer', title: 'LAYER', width: 16, drop: 1, get: (r) => r.group },
  { key: 'name', title: 'SUBSYSTEM', min: 14, grow: 2, get: (r) => r.name },
  { key: 'state', title: 'STATE', width: 15, get: (r) => badgeText(r.state), tone: (r) => badgeTone(r.state) },
  { key: 'detail', title: 'DETAIL', min: 10, grow: 3, get: (r) => r.detail },
];

export function serviceBadge(s: ServiceState): BadgeState {
  return s.running === true ? 'running' : s.running === false ? 'stopped' : 'unknown';
}

export const SERVICE_COLUMNS: Column<ServiceState>[] = [
  { key: 'name', title: 'SERVICE', min: 16, grow: 2, get: (s) => s.name },
  { key: 'state', title: 'STATE', width: 12, get: (s) => badgeText(serviceBadge(s)), tone: (s) => badgeTone(serviceBadge(s)) },
  { key: 'enabled', title: 'AT BOOT', width: 8, get: (s) => (s.enabled ? 'enabled' : 'disabled'), tone: (s) => (s.enabled ? undefined : 'muted') },
];

/** `2025-12-07T21:42:17Z` → `12-07 21:42`; anything else as given. */
export function shortTime(at: string | null): string {
  if (!at) return '—';
  const m = /^\d{4}-(\d\d)-(\d\d)[T ](\d\d:\d\d)/.exec(at);
  return m ? `${m[1]}-${m[2]} ${m[3]}` : at;
}

/** An alert with a key made of its content (`#2`… for repeats), so the selection follows it across refreshes. */
export type AlertRow = AlertSummary['recent'][number] & { key: string };

export function alertRows(recent: AlertSummary['recent']): AlertRow[] {
  const seen = new Map<string, number>();
  return recent.map((a) => {
    const base = `${a.at ?? ''}|${a.ip ?? ''}|${a.scenario}|${a.source}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { ...a, key: n ? `${base}#${n + 1}` : base };
  });
}

/** Stable row keys (Table rowKey and useList rowKey: the selection follows the item). */
export const subKey = (r: SubRow): string => r.id;
export const serviceKey = (s: ServiceState): string => s.name;
export const alertKey = (a: AlertRow): string => a.key;
export const jobKey = (j: JobSnapshot): string => j.id;

export const ALERT_COLUMNS: Column<AlertRow>[] = [
  { key: 'at', title: 'TIME (UTC)', width: 11, drop: 1, get: (a) => shortTime(a.at) },
  { key: 'ip', title: 'SOURCE IP', width: 16, get: (a) => a.ip ?? '—' },
  { key: 'scenario', title: 'SCENARIO', min: 16, grow: 3, get: (a) => a.scenario, tone: () => 'warn' },
  { key: 'source', title: 'FROM', min: 6, grow: 1, drop: 2, get: (a) => a.source },
];

const JOB_BADGE: Record<JobSnapshot['state'], BadgeState> = { running: 'pending', ok: 'done', failed: 'failed', cancelled: 'skipped' };

export function jobColumns(now: number): Column<JobSnapshot>[] {
  return [
    { key: 'title', title: 'JOB', min: 16, grow: 2, get: (j) => j.title },
    { key: 'state', title: 'STATE', width: 11, get: (j) => badgeText(JOB_BADGE[j.state], j.state), tone: (j) => badgeTone(JOB_BADGE[j.state]) },
    { key: 'step', title: 'CURRENT', min: 10, grow: 2, get: (j) => j.error ?? j.current ?? '' },
    { key: 'age', title: 'STARTED', width: 8, align: 'right', get: (j) => `${formatAge(now - j.startedAt)} ago` },
  ];
}

export function jobBadge(j: JobSnapshot): BadgeState {
  return JOB_BADGE[j.state];
}

export function servicesLine(snap: BoxSnapshot): string {
  const up = snap.services.filter((s) => s.running === true).length;
  const down = snap.services.filter((s) => s.running === false && s.enabled).length;
  return `services ${up} up${down ? `, ${down} down` : ''}`;
}
