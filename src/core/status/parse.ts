/**
 * Parsers for the raw outputs of one refresh: ubus answers, `system board/info`, /proc files read with
 * `head` (one call, `==> file <==` headers), `df -k`, `ls /etc/init.d` / `ls /etc/rc.d`, procd's
 * `service list`. All are total functions: bad input → null / empty, never a throw.
 */
import type { CallResult } from '../../backends/types.js';
import { interpretUbusResult, rpcdErrorOf } from '../../backends/ubus.js';
import type { SystemInfo } from './types.js';

export type UbusAnswer = { ok: true; data: Record<string, unknown> } | { ok: false; error: string; missing?: 'object' | 'method' };

/**
 * A `ubus call` result (exec or batch) → JSON object or a one-line error, through the backends'
 * interpreter (rpcd in-band errors `{error}` / `{success:false}` are errors too). Never throws.
 */
export function ubusAnswer(r: CallResult | undefined): UbusAnswer {
  if (!r) return { ok: false, error: 'no result' };
  const i = r.argv.indexOf('call');
  const object = i >= 0 ? r.argv[i + 1] ?? '?' : '?';
  const method = i >= 0 ? r.argv[i + 2] ?? '?' : '?';
  const o = interpretUbusResult<unknown>(object, method, r);
  if (o.ok) {
    if (!o.data || typeof o.data !== 'object' || Array.isArray(o.data)) return { ok: false, error: 'answer is not a JSON object' };
    return { ok: true, data: o.data as Record<string, unknown> };
  }
  const e = o.error;
  const prefix = `ubus call ${object} ${method}: `;
  let text = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
  if (e.kind === 'error-answer') text = rpcdErrorOf(e.detail.answer) ?? text;
  if (e.kind === 'not-found' || e.kind === 'ubus-missing') return { ok: false, error: text, missing: 'object' };
  if (e.kind === 'method-not-found') return { ok: false, error: text, missing: 'method' };
  return { ok: false, error: text };
}

/** `ubus list` → object names. */
export function parseUbusList(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('\t') && !/\s/.test(l));
}

/** `head -n N a b c` → file → content (busybox and GNU both print `==> name <==` headers for several files). */
export function parseHeadFiles(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^==> (.+?) <==$/gm;
  const marks: { name: string; start: number; end: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) marks.push({ name: m[1]!, start: m.index, end: m.index + m[0].length });
  marks.forEach((k, i) => {
    const body = text.slice(k.end + 1, i + 1 < marks.length ? marks[i + 1]!.start : text.length);
    out.set(k.name, body.replace(/\n\n$/, '\n').replace(/\n$/, ''));
  });
  return out;
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** `/etc/openwrt_release` (KEY='value' lines). */
export function parseShellVars(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)=(?:'([^']*)'|"([^"]*)"|(\S*))\s*$/.exec(line);
    if (m) out[m[1]!] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

/** /proc/meminfo → bytes. MemAvailable, else free + buffers + cached. */
export function parseMeminfo(text: string): SystemInfo['mem'] {
  const kb: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) kb[m[1]!] = Number(m[2]);
  }
  if (kb.MemTotal === undefined) return null;
  const avail = kb.MemAvailable ?? (kb.MemFree ?? 0) + (kb.Buffers ?? 0) + (kb.Cached ?? 0);
  return { total: kb.MemTotal * 1024, available: avail * 1024 };
}

export function parseLoadavg(text: string): SystemInfo['load'] {
  const p = text.trim().split(/\s+/).slice(0, 3).map(Number);
  return p.length === 3 && p.every(Number.isFinite) ? [p[0]!, p[1]!, p[2]!] : null;
}

/** `df -k` → the /overlay row, else /. Bytes. */
export function parseDf(text: string): SystemInfo['disk'] {
  const rows = new Map<string, { total: number; used: number }>();
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const total = Number(f[f.length - 5]), used = Number(f[f.length - 4]);
    if (Number.isFinite(total) && Number.isFinite(used)) rows.set(f[f.length - 1]!, { total: total * 1024, used: used * 1024 });
  }
  for (const mount of ['/overlay', '/']) {
    const r = rows.get(mount);
    if (r && r.total > 0) return { ...r, mount };
  }
  return null;
}

/** Fill SystemInfo from `ubus call system board|info` answers and the /proc fallbacks. */
export function parseSystem(board: UbusAnswer, info: UbusAnswer, files: Map<string, string>, dfText: string): SystemInfo {
  const b = board.ok ? board.data : {};
  const i = info.ok ? info.data : {};
  const rel = (b.release && typeof b.release === 'object' ? b.release : {}) as Record<string, unknown>;
  const osr = parseShellVars(files.get('/etc/openwrt_release') ?? '');
  const firmware = str(rel.description) ?? str(osr.DISTRIB_DESCRIPTION)
    ?? (osr.DISTRIB_ID ? `${osr.DISTRIB_ID} ${osr.DISTRIB_RELEASE ?? ''}`.trim() : null);
  let load: SystemInfo['load'] = null;
  if (Array.isArray(i.load) && i.load.length >= 3) {
    const l = i.load.slice(0, 3).map((x) => (num(x) ?? NaN) / 65536);
    if (l.every(Number.isFinite)) load = [round2(l[0]!), round2(l[1]!), round2(l[2]!)];
  }
  load ??= parseLoadavg(files.get('/proc/loadavg') ?? '');
  let mem: SystemInfo['mem'] = null;
  const im = (i.memory && typeof i.memory === 'object' ? i.memory : null) as Record<string, unknown> | null;
  if (im && num(im.total) !== null) {
    const avail = num(im.available) ?? (num(im.free) ?? 0) + (num(im.buffered) ?? 0) + (num(im.cached) ?? 0);
    mem = { total: num(im.total)!, available: avail };
  }
  mem ??= parseMeminfo(files.get('/proc/meminfo') ?? '');
  let disk = parseDf(dfText);
  const root = (i.root && typeof i.root === 'object' ? i.root : null) as Record<string, unknown> | null;
  if (!disk && root && num(root.total)) disk = { total: num(root.total)! * 1024, used: (num(root.used) ?? 0) * 1024, mount: '/' };
  const uptime = num(i.uptime) ?? num((files.get('/proc/uptime') ?? '').split(/\s+/)[0]);
  return {
    model: str(b.model) ?? str(files.get('/tmp/sysinfo/model')),
    board: str(b.board_name) ?? str(files.get('/tmp/sysinfo/board_name')),
    firmware,
    release: str(rel.version) ?? str(osr.DISTRIB_RELEASE),
    kernel: str(b.kernel) ?? str(files.get('/proc/sys/kernel/osrelease')),
    hostname: str(b.hostname) ?? str(files.get('/proc/sys/kernel/hostname')),
    uptimeS: uptime === null ? null : Math.floor(uptime),
    load, mem, disk,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** `ls /etc/rc.d` → enabled service names (S??name links). */
export function parseRcd(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.split(/\s+/)) {
    const m = /^S\d+(.+)$/.exec(w);
    if (m) out.add(m[1]!);
  }
  return out;
}

/** procd `ubus call service list` → service → running (any instance running). null when procd is unavailable. */
export function parseServiceList(a: UbusAnswer): Map<string, boolean> | null {
  if (!a.ok) return null;
  const out = new Map<string, boolean>();
  for (const [name, v] of Object.entries(a.data)) {
    const inst = v && typeof v === 'object' ? (v as Record<string, unknown>).instances : undefined;
    const running = inst && typeof inst === 'object'
      ? Object.values(inst as Record<string, unknown>).some((x) => Boolean(x && typeof x === 'object' && (x as Record<string, unknown>).running))
      : false;
    out.set(name, running);
  }
  return out;
}
