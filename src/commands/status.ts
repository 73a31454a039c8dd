/**
 * secubox status [--box NAME | --group TAG | --all] [--json]: the fleet / box summary, from the same core
 * function as the screens (fleetStatus: one batched exec per box). Table on a TTY, TSV when piped, --json stable.
 */
import { fleetStatus, LAYER_NAMES, type BoxSnapshot, type Layer } from '../core/status/index.js';
import { parseTargetOptions } from '../core/targets.js';
import { ExitCode } from '../lib/errors.js';
import { SUBSYSTEMS } from '../registry/index.js';
import type { Context } from './context.js';
import { formatTable, formatTsv, isTty, printJson, type Cell } from './output.js';
import type { CommandInput } from './spec.js';

export function fmtUptime(s: number | null): string {
  if (s === null) return '';
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m`;
}

export function pct(used: number, total: number): number {
  return total > 0 ? Math.round((used / total) * 1000) / 10 : 0;
}

/** The stable JSON form of a snapshot (documented in the command's description). */
export function snapshotJson(s: BoxSnapshot): Record<string, unknown> {
  return {
    box: s.box, host: s.host, reach: s.reach, reason: s.reason,
    fetchedAt: s.fetchedAt === null ? null : new Date(s.fetchedAt).toISOString(), stale: s.stale, demo: s.demo === true,
    system: s.system, services: s.services, subsystems: s.subsystems, alerts: s.alerts, meshPeers: s.meshPeers, jobs: s.jobs,
  };
}

/** One row per box: the same fields in the table and in the TSV. */
export function row(s: BoxSnapshot, now: number): Cell[] {
  const sys = s.system;
  const up = s.services.filter((x) => x.running === true).length;
  return [
    s.box, s.host, s.stale ? `${s.reach} (stale)` : s.reach,
    sys.model ?? '', sys.firmware ?? '', sys.uptimeS ?? '', sys.load ? sys.load[0] : '',
    sys.mem ? pct(sys.mem.total - sys.mem.available, sys.mem.total) : '', sys.disk ? pct(sys.disk.used, sys.disk.total) : '',
    up, s.services.length, s.alerts.count ?? '', s.meshPeers ?? '',
    s.fetchedAt === null ? '' : Math.max(0, Math.round((now - s.fetchedAt) / 1000)), s.reason ?? '',
  ];
}

const HEADERS = ['BOX', 'HOST', 'REACH', 'MODEL', 'FIRMWARE', 'UPTIME', 'LOAD', 'MEM%', 'DISK%', 'SVC', 'ALERTS', 'PEERS', 'AGE', 'REASON'];

function ttyRow(s: BoxSnapshot, now: number): Cell[] {
  const r = row(s, now);
  r[5] = fmtUptime(s.system.uptimeS);
  r[9] = s.services.length ? `${r[9]}/${r[10]}` : '';
  r[13] = r[13] === '' ? '' : `${r[13]}s`;
  r.splice(10, 1);
  return r;
}

function subsystemsText(s: BoxSnapshot): string {
  let out = '';
  for (const layer of [1, 2, 3, 4] as Layer[]) {
    const subs = s.subsystems.filter((x) => x.layer === layer);
    const present = subs.filter((x) => x.state !== 'not-installed');
    if (!subs.length) continue;
    out += `\n${LAYER_NAMES[layer]} (${present.length}/${subs.length} installed)\n`;
    if (present.length) out += formatTable(['SUBSYSTEM', 'STATE', 'DETAIL'], present.map((x) => [x.name, x.state, x.detail])).replace(/^/gm, '  ');
  }
  const down = s.services.filter((x) => x.running === false);
  if (down.length) out += `\nstopped services: ${down.map((x) => x.name).join(', ')}\n`;
  if (s.alerts.recent.length) {
    out += '\nrecent alerts\n' + formatTable(['TIME', 'SCENARIO', 'IP'], s.alerts.recent.map((a) => [a.at, a.scenario, a.ip])).replace(/^/gm, '  ');
  }
  return out;
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const { selection, timeoutMs } = parseTargetOptions(input.opts);
  const session = await ctx.session(timeoutMs !== undefined ? { timeoutMs } : {});
  // `secubox status` with no target is the fleet overview: every box of the inventory (like the TUI's fleet screen).
  const noTarget = selection.box === undefined && selection.group === undefined && !selection.all;
  const entries = session.resolveTargets(noTarget && session.inventory.list().length > 1 ? { all: true } : selection);
  const single = entries.length === 1;
  const snaps = await fleetStatus(session, entries, SUBSYSTEMS, {
    signal: ctx.signal, detail: single, ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  const now = Date.now();
  if (input.opts.json === true) {
    printJson(ctx.stdout, { demo: session.demo, boxes: snaps.map(snapshotJson) }, { pretty: false });
  } else if (isTty(ctx.stdout)) {
    if (session.demo) ctx.stdout.write('DEMO fleet: simulated boxes, nothing here is real\n');
    ctx.stdout.write(formatTable(HEADERS, snaps.map((s) => ttyRow(s, now))));
    if (single && snaps[0]!.reach === 'ok') ctx.stdout.write(subsystemsText(snaps[0]!));
  } else {
    ctx.stdout.write(formatTsv(snaps.map((s) => row(s, now))));
  }
  for (const s of snaps) {
    if (s.reach === 'ok') continue;
    const reason = (s.reason ?? 'no answer').replace(new RegExp(`^${s.box.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `), '');
    ctx.stderr.write(`${s.box}: ${s.reach}: ${reason}\n`);
  }
  const ok = snaps.filter((s) => s.reach === 'ok').length;
  if (ok === snaps.length) return ExitCode.OK;
  return ok === 0 ? ExitCode.UNREACHABLE : ExitCode.PARTIAL;
}
