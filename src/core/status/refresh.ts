/**
 * One refresh of one box = ONE batch (one exec): pure reads only, one after the other (rpcd crashes
 * under concurrent plugin calls). Then parse everything into a BoxSnapshot; missing methods/objects
 * degrade to 'not-installed' / a clear line, never a throw.
 */
import type { BatchCall, BoxApi, CallResult } from '../../backends/types.js';
import { TimeoutError, UnreachableError, isAbortError } from '../../lib/errors.js';
import { subsystemStatus, type BoxFacts } from './interpret.js';
import { rememberSnapshotNames } from './names.js';
import { parseHeadFiles, parseRcd, parseServiceList, parseSystem, parseUbusList, ubusAnswer, type UbusAnswer } from './parse.js';
import { emptySystem, type AlertSummary, type BoxSnapshot, type Reach, type RefreshOptions, type ServiceState, type SubsystemProbe } from './types.js';

/** Files read in one `head` call; `head` prints `==> file <==` before each. */
export const PROC_FILES = [
  '/proc/loadavg', '/proc/uptime', '/proc/meminfo', '/proc/sys/kernel/hostname', '/proc/sys/kernel/osrelease',
  '/etc/openwrt_release', '/tmp/sysinfo/model', '/tmp/sysinfo/board_name',
] as const;

/** Box facts core reads itself (not per-subsystem): CrowdSec alert count (its cached status), mesh peers. */
export const ALERTS_COUNT = { object: 'luci.crowdsec-dashboard', method: 'status_cached' } as const;
export const ALERTS_RECENT = { object: 'luci.crowdsec-dashboard', method: 'alerts', params: { limit: 5 } } as const;
export const MESH_PEERS = { object: 'luci.secubox-p2p', method: 'get_peers' } as const;

/** Per-call ubus timeout (s): a hung rpcd plugin must not hold the whole refresh (ubus' default is 30 s). */
const UBUS_T = '8';

function ubusCall(label: string, object: string, method: string, params?: Readonly<Record<string, unknown>>): BatchCall {
  const argv = ['ubus', '-t', UBUS_T, 'call', object, method];
  argv.push(JSON.stringify(params ?? {}));
  return { label, argv };
}

export interface BatchOptions {
  /** Box screen: also the recent CrowdSec alerts. */
  detail?: boolean;
  /**
   * Call every selected subsystem's status method (default true). When false, subsystems whose state
   * procd can tell (they have init scripts) are not asked: used once a box is known to run procd.
   */
  probeAll?: boolean;
}

/** The calls of ONE refresh, in order; every call is a pure read. Labels are unique and stable. */
export function buildRefreshBatch(subsystems: readonly SubsystemProbe[], opts: BatchOptions = {}): BatchCall[] {
  const calls: BatchCall[] = [
    { label: 'ubus list', argv: ['ubus', 'list'] },
    ubusCall('system board', 'system', 'board'),
    ubusCall('system info', 'system', 'info'),
    { label: 'files', argv: ['head', '-n', '64', ...PROC_FILES] },
    { label: 'df', argv: ['df', '-k'] },
    { label: 'init.d', argv: ['ls', '/etc/init.d'] },
    { label: 'rc.d', argv: ['ls', '/etc/rc.d'] },
    { label: 'bin', argv: ['ls', '/usr/sbin', '/usr/bin'] },
    ubusCall('service list', 'service', 'list'),
    ubusCall('alerts count', ALERTS_COUNT.object, ALERTS_COUNT.method),
    ubusCall('mesh peers', MESH_PEERS.object, MESH_PEERS.method),
  ];
  if (opts.detail) calls.push(ubusCall('alerts recent', ALERTS_RECENT.object, ALERTS_RECENT.method, ALERTS_RECENT.params));
  const probeAll = opts.probeAll ?? true;
  for (const s of subsystems) {
    if (!s.status) continue;
    if (!probeAll && s.services.length > 0) continue;
    calls.push(ubusCall(`status ${s.id}`, s.status.object, s.status.method, s.status.params));
  }
  return calls;
}

function byLabel(results: readonly CallResult[]): Map<string, CallResult> {
  const m = new Map<string, CallResult>();
  for (const r of results) m.set(r.label, r);
  return m;
}

function parseAlerts(count: UbusAnswer, recent: UbusAnswer | undefined): AlertSummary {
  let n: number | null = null;
  if (count.ok) {
    const v = count.data.alerts;
    n = typeof v === 'number' ? v : Array.isArray(v) ? v.length : null;
  }
  const list: AlertSummary['recent'] = [];
  if (recent?.ok) {
    const arr = Array.isArray(recent.data.alerts) ? recent.data.alerts : Object.values(recent.data).find(Array.isArray) ?? [];
    for (const a of arr as Record<string, unknown>[]) {
      if (!a || typeof a !== 'object') continue;
      const src = (a.source && typeof a.source === 'object' ? a.source : {}) as Record<string, unknown>;
      list.push({
        at: typeof a.created_at === 'string' ? a.created_at : null,
        source: 'crowdsec',
        scenario: typeof a.scenario === 'string' ? a.scenario : String(a.reason ?? 'alert'),
        ip: typeof src.ip === 'string' ? src.ip : typeof src.value === 'string' ? src.value : null,
      });
    }
    if (n === null) n = list.length;
  }
  return { count: n, recent: list };
}

function parsePeers(a: UbusAnswer): number | null {
  if (!a.ok || !Array.isArray(a.data.peers)) return null;
  return (a.data.peers as Record<string, unknown>[]).filter((p) => p && typeof p === 'object' && !p.is_local).length;
}

export interface ParseMeta {
  box: string;
  host: string;
  fetchedAt?: number;
  demo?: boolean;
}

/** Parse the batch results into a snapshot. Never throws. */
export function parseRefresh(results: readonly CallResult[], subsystems: readonly SubsystemProbe[], meta: ParseMeta): BoxSnapshot {
  const r = byLabel(results);
  const out = (l: string) => (r.get(l)?.code === 0 ? r.get(l)!.stdout : '');
  const listRes = r.get('ubus list');
  const objectsKnown = listRes?.code === 0;
  const objects = objectsKnown ? parseUbusList(listRes.stdout) : [];
  // `head` exits 1 when one file is missing but still prints the others
  const files = parseHeadFiles(r.get('files')?.stdout ?? '');
  const dfText = r.get('df')?.stdout ?? '';
  const system = parseSystem(ubusAnswer(r.get('system board')), ubusAnswer(r.get('system info')), files, dfText);
  const initScripts = new Set(out('init.d').split(/\s+/).filter(Boolean));
  const enabled = parseRcd(out('rc.d'));
  const running = parseServiceList(ubusAnswer(r.get('service list')));
  // `ls a b` prints `a:` headers; a missing dir only costs its own lines
  const bins = new Set((r.get('bin')?.stdout ?? '').split(/\s+/).filter((w) => w && !w.endsWith(':')));
  const facts: BoxFacts = { objectsKnown, objects: new Set(objects), initScripts, running, bins };
  const serviceNames = [...new Set(subsystems.flatMap((s) => s.services))].filter((s) => initScripts.has(s)).sort();
  const services: ServiceState[] = serviceNames.map((name) => ({ name, enabled: enabled.has(name), running: running ? running.get(name) ?? false : null }));
  const subs = subsystems.map((s) => subsystemStatus(s, facts, r.has(`status ${s.id}`) ? ubusAnswer(r.get(`status ${s.id}`)) : undefined));
  const problems: string[] = [];
  if (!objectsKnown) problems.push(`ubus list failed: ${(listRes?.stderr ?? 'no result').trim().split('\n')[0]}`);
  return {
    box: meta.box, host: meta.host, reach: 'ok', reason: problems.length ? problems.join('; ') : null,
    fetchedAt: meta.fetchedAt ?? Date.now(), stale: false, ...(meta.demo ? { demo: true } : {}),
    system, services, subsystems: subs,
    alerts: parseAlerts(ubusAnswer(r.get('alerts count')), r.has('alerts recent') ? ubusAnswer(r.get('alerts recent')) : undefined),
    meshPeers: parsePeers(ubusAnswer(r.get('mesh peers'))),
    jobs: [], objects,
  };
}

const REACH_OF: Record<string, Reach> = { network: 'unreachable', auth: 'auth', 'host-key': 'host-key', timeout: 'timeout', 'unknown-host': 'unknown-host' };

/** A snapshot for a box that could not be refreshed (error → reach + one-line reason). */
export function failedSnapshot(box: string, host: string, err: unknown, demo?: boolean): BoxSnapshot {
  let reach: Reach = 'unreachable';
  if (err instanceof UnreachableError) reach = REACH_OF[err.reason] ?? 'unreachable';
  else if (err instanceof TimeoutError) reach = 'timeout';
  const line = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  // the snapshot is the box's own record: its name in front of the reason would say it twice
  const reason = line.startsWith(`${box}: `) ? line.slice(box.length + 2) : line;
  return {
    box, host, reach, reason, fetchedAt: null, stale: false, ...(demo ? { demo: true } : {}),
    system: emptySystem(), services: [], subsystems: [], alerts: { count: null, recent: [] }, meshPeers: null, jobs: [], objects: [],
  };
}

/**
 * Exactly one box.batch() call (= one exec). Unreachable / timeout → a snapshot with reach set;
 * throws only when aborted. `previous` (the last snapshot of this box) lets later refreshes skip
 * status calls that procd already answers.
 */
export async function refreshBox(box: BoxApi, subsystems: readonly SubsystemProbe[], opts: RefreshOptions & { host?: string; demo?: boolean; previous?: BoxSnapshot } = {}): Promise<BoxSnapshot> {
  const host = opts.host ?? box.transport.target;
  const demo = opts.demo ?? box.transport.kind === 'sim';
  const procdKnown = opts.previous?.reach === 'ok' && opts.previous.services.some((s) => s.running !== null);
  const calls = buildRefreshBatch(subsystems, { detail: opts.detail, probeAll: !procdKnown });
  let results: CallResult[];
  try {
    results = await box.batch(calls, { signal: opts.signal, timeoutMs: opts.timeoutMs });
  } catch (err) {
    if (opts.signal?.aborted || isAbortError(err)) throw err;
    return failedSnapshot(box.name, host, err, demo);
  }
  const snap = parseRefresh(results, subsystems, { box: box.name, host, demo });
  rememberSnapshotNames(snap); // what TAB completion offers afterwards (nothing for demo boxes)
  return snap;
}
