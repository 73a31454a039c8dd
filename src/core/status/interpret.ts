/**
 * Turn a subsystem's status-like answer (whatever its shape: `running`, `daemon_running`, `state`,
 * `crowdsec: "stopped"`, `{result:{…}}`, `installed:false`, `{error}`) plus what the box says about
 * its rpcd objects and init scripts into one badge: running / stopped / not-installed / error.
 */
import type { SubsystemProbe, SubsystemState, SubsystemStatus } from './types.js';
import type { UbusAnswer } from './parse.js';

const YES = new Set(['true', '1', 'running', 'online', 'active', 'up', 'ok', 'started', 'healthy', 'yes']);
const NO = new Set(['false', '0', 'stopped', 'offline', 'inactive', 'down', 'not running', 'dead', 'exited', 'no', 'disabled', 'unavailable']);
const MISSING = new Set(['not_installed', 'not installed', 'not-installed', 'missing', 'lxc_not_installed', 'absent']);

/** Keys that say whether the thing runs, most specific first. */
const RUN_KEYS = ['running', 'daemon_running', 'service_running', 'haproxy_running', 'container_running', 'state', 'service_status', 'container_state', 'status'];

function truth(v: unknown): boolean | 'missing' | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (YES.has(s)) return true;
    if (MISSING.has(s)) return 'missing';
    if (NO.has(s)) return false;
  }
  return null;
}

export interface Interpretation {
  state: SubsystemState;
  detail: string;
}

/** Interpret one status answer (already JSON-parsed, in-band errors already turned into ok:false). */
export function interpretStatus(id: string, a: UbusAnswer): Interpretation {
  if (!a.ok) {
    if (a.missing === 'object') return { state: 'not-installed', detail: `not installed (${a.error})` };
    if (/not running|stopped/i.test(a.error)) return { state: 'stopped', detail: a.error };
    if (/not (found|installed)|no such/i.test(a.error) && !/method/i.test(a.error)) return { state: 'not-installed', detail: a.error };
    return { state: 'error', detail: a.error };
  }
  let d = a.data;
  if (d.result && typeof d.result === 'object' && !Array.isArray(d.result)) d = d.result as Record<string, unknown>;
  if (truth(d.installed) === false) return { state: 'not-installed', detail: 'not installed' };
  const parts: string[] = [];
  let run: boolean | null = null;
  for (const k of RUN_KEYS) {
    if (k in d && truth(d[k]) === 'missing') return { state: 'not-installed', detail: `${k.replace(/_/g, ' ')}: ${String(d[k])}` };
  }
  for (const k of RUN_KEYS) {
    if (!(k in d)) continue;
    const t = truth(d[k]);
    if (t === true || t === false) { run = t; parts.push(`${k.replace(/_/g, ' ')}: ${String(d[k])}`); break; }
  }
  if (run === null) {
    // per-daemon strings, e.g. crowdsec dashboard `{crowdsec:"stopped", bouncer:"stopped"}`
    for (const k of [id, ...Object.keys(d)]) {
      const v = d[k];
      if (typeof v !== 'string') continue;
      const t = truth(v);
      if (t === true || t === false) {
        if (run === null || t === true) run = t;
        parts.push(`${k} ${v}`);
      }
      if (parts.length >= 2) break;
    }
  }
  const enabled = truth(d.enabled);
  if (run === null) {
    if (enabled === false) return { state: 'stopped', detail: 'disabled' };
    const v = typeof d.version === 'string' ? ` ${d.version}` : '';
    return { state: 'running', detail: `available${v}` };
  }
  if (!run && enabled === false) parts.push('disabled');
  return { state: run ? 'running' : 'stopped', detail: parts.join(', ') };
}

export interface BoxFacts {
  /** `ubus list` worked */
  objectsKnown: boolean;
  objects: ReadonlySet<string>;
  initScripts: ReadonlySet<string>;
  /** null when procd's service list is unavailable */
  running: ReadonlyMap<string, boolean> | null;
  /** executables in /usr/sbin and /usr/bin (CLI-only subsystems) */
  bins?: ReadonlySet<string>;
}

/** Combine the box facts and (maybe) the status answer into the subsystem badge. Never throws. */
export function subsystemStatus(p: SubsystemProbe, facts: BoxFacts, status: UbusAnswer | undefined): SubsystemStatus {
  const base = { id: p.id, name: p.name, layer: p.layer };
  const objs = p.objects.filter((o) => facts.objects.has(o));
  const inits = p.services.filter((s) => facts.initScripts.has(s));
  const clis = (p.clis ?? []).filter((c) => facts.bins?.has(c));
  if (facts.objectsKnown && objs.length === 0 && inits.length === 0 && clis.length > 0) {
    return { ...base, state: 'running', detail: `CLI only: ${clis.join(', ')}` };
  }
  if (facts.objectsKnown && objs.length === 0 && inits.length === 0) {
    const what = p.objects[0] ? `no ${p.objects[0]} object` : p.services[0] ? `no /etc/init.d/${p.services[0]}` : 'nothing found';
    return { ...base, state: 'not-installed', detail: `not installed (${what})` };
  }
  const svc = facts.running ? inits.map((s) => ({ s, up: facts.running!.get(s) ?? false })) : [];
  const svcText = svc.map((x) => `${x.s} ${x.up ? 'running' : 'stopped'}`).join(', ');
  if (status && (objs.length > 0 || !facts.objectsKnown)) {
    const i = interpretStatus(p.id, status);
    // procd knows better than a status method whether the daemon runs
    if (svc.length && i.state !== 'not-installed' && i.state !== 'error') {
      const up = svc.some((x) => x.up);
      return { ...base, state: up ? 'running' : 'stopped', detail: svcText };
    }
    return { ...base, ...i };
  }
  if (svc.length) return { ...base, state: svc.some((x) => x.up) ? 'running' : 'stopped', detail: svcText };
  if (inits.length && !objs.length) return { ...base, state: 'running', detail: `installed (${inits.join(', ')}); state unknown without procd` };
  return { ...base, state: 'running', detail: objs.length ? 'available' : 'installed' };
}
