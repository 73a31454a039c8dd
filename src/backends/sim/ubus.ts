/**
 * The demo boxes' rpcd objects: a reduced set of objects and methods (our own declaration, shapes
 * as the real plugins answer), enough for every screen, `secubox status` and the emancipate flows.
 * Unknown objects answer `Not found` and unknown methods `Method not found`, exactly like ubus.
 */
import { exposureEmancipate, exposureRevoke, startSiteJob, unpublishSite, type ExposeParams } from './flows.js';
import type { SimBoxState } from './state.js';
import type { SimResult } from './uci.js';

type P = Record<string, unknown>;
type Handler = (box: SimBoxState, p: P) => unknown;

const S = 'String', I = 'Integer', B = 'Boolean';
const IP_RE = /^(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*(?:\/\d{1,3})?$/;

/** object → method → params (as `ubus -v list` shows them). */
export const SIM_METHODS: Record<string, Record<string, Record<string, string>>> = {
  system: { board: {}, info: {}, reboot: {} },
  service: { list: { name: S, verbose: B } },
  uci: { get: { config: S, section: S, option: S }, configs: {} },
  'luci.secubox': { getVersion: {}, getStatus: {}, get_alerts: {}, getLogs: { service: S, lines: I } },
  'luci.exposure': {
    scan: {}, status: {}, get_config: {}, get_emancipated: {}, tor_list: {}, ssl_list: {},
    emancipate: { service: S, port: I, domain: S, tor: B, dns: B, mesh: B }, revoke: { service: S, tor: B, dns: B, mesh: B },
  },
  'luci.metablogizer': {
    status: {}, list_sites: {}, get_sites_exposure_status: {}, get_site: { id: S }, emancipate: { id: S }, emancipate_status: { job_id: S }, unpublish_site: { id: S },
  },
  'luci.crowdsec-dashboard': { status: {}, status_cached: {}, get_overview: {}, alerts: { limit: I }, decisions: {}, secubox_logs: {}, ban: { ip: S, duration: S, reason: S }, unban: { ip: S } },
  'luci.crowdsec-abuseipdb': { status: {} },
  'luci.haproxy': { status: {}, list_vhosts: {}, list_backends: {}, list_certificates: {}, get_logs: { lines: I }, reload: {}, restart: {} },
  'luci.secubox-p2p': { get_peers: {}, health_check: {}, get_settings: {} },
  'luci.tor-shield': { status: {} },
  'luci.mitmproxy': { status: {} },
  'luci.vortex-dns': { status: {} },
  'luci.dns-provider': { get_config: {}, list_records: {} },
  'luci.backup': { status: {}, list: {} },
  'luci.config-advisor': { status: {} },
  'luci.mac-guardian': { status: {} },
  'luci.wireguard-dashboard': { status: {} },
  'luci.dnsguard': { status: {} },
  'luci.ai-insights': { status: {} },
  'luci.master-link': { status: {}, peers: {} },
};

/** Which init service tells whether an object's daemon runs. */
const DAEMON: Record<string, string> = {
  'luci.tor-shield': 'tor-shield', 'luci.mitmproxy': 'mitmproxy', 'luci.vortex-dns': 'vortex-dns', 'luci.mac-guardian': 'mac-guardian',
  'luci.config-advisor': 'config-advisor', 'luci.dnsguard': 'dns-guard', 'luci.master-link': 'master-link', 'luci.haproxy': 'haproxy',
};

const up = (b: SimBoxState, s: string) => b.services.get(s)?.running ?? false;
const flag = (v: string | undefined) => v === '1';

function sections(b: SimBoxState, config: string, type: string) {
  return (b.uci.config(config)?.sections ?? []).filter((s) => s.type === type);
}

function opt(s: { options: { name: string; kind: string; value?: string; values?: string[] }[] }, name: string): string | undefined {
  const o = s.options.find((x) => x.name === name);
  return o ? (o.kind === 'option' ? o.value : o.values?.join(' ')) : undefined;
}

function sites(b: SimBoxState, exposure: boolean): P[] {
  return sections(b, 'metablogizer', 'site').map((s) => {
    const domain = opt(s, 'domain') ?? '';
    const port = Number(opt(s, 'port') ?? 0);
    const vhost = Boolean(b.uci.section('haproxy', domain.replace(/[^a-zA-Z0-9]/g, '_'))) && !b.uci.broken.has('haproxy');
    const base: P = { id: s.name, name: opt(s, 'name'), domain, enabled: opt(s, 'enabled') !== '0', emancipated: flag(opt(s, 'emancipated')), port, backend_running: up(b, 'uhttpd'), has_content: true };
    return exposure
      ? { ...base, auth_required: false, vhost_exists: vhost, cert_status: b.certs.has(domain) ? 'valid' : 'missing' }
      : { ...base, gitea_repo: '', description: 'DEMO site', ssl: true, last_sync: '', url: `https://${domain}`, waf_enabled: true, tor_enabled: false };
  });
}

function crowdsecAlerts(b: SimBoxState, limit: number): P[] {
  return b.spec.alerts.slice(0, limit).map((a, i) => ({
    id: 9000 + i, created_at: a.created_at, scenario: a.scenario, events_count: 5 + i,
    source: { ip: a.ip, value: a.ip, cn: a.cn, scope: 'Ip' }, decisions: [{ type: 'ban', duration: '4h' }],
  }));
}

const HANDLERS: Record<string, Record<string, Handler>> = {
  system: {
    board: (b) => ({
      kernel: b.spec.kernel, hostname: b.spec.hostname, system: 'ARMv8 Processor rev 4', model: b.spec.model, board_name: b.spec.boardName, rootfs_type: 'squashfs',
      release: { distribution: 'OpenWrt', version: b.spec.release, revision: b.spec.revision, target: b.spec.target, description: `OpenWrt ${b.spec.release} ${b.spec.revision} (SecuBox DEMO)` },
    }),
    info: (b) => {
      const avail = b.memAvailable();
      const kb = (n: number) => Math.round(n / 1024);
      return {
        localtime: Math.floor(b.now() / 1000), uptime: b.uptimeS(), load: b.load().map((l) => Math.round(l * 65536)),
        memory: { total: b.spec.memTotal, free: Math.round(avail * 0.6), shared: 4_194_304, buffered: Math.round(avail * 0.05), available: avail, cached: Math.round(avail * 0.3) },
        root: { total: kb(b.spec.diskTotal), free: kb(b.spec.diskTotal - b.spec.diskUsed), used: kb(b.spec.diskUsed), avail: kb(b.spec.diskTotal - b.spec.diskUsed) },
        swap: { total: 0, free: 0 },
      };
    },
  },
  service: {
    list: (b, p) => {
      const out: P = {};
      for (const [name, s] of b.services) {
        if (typeof p.name === 'string' && p.name !== name) continue;
        out[name] = { instances: s.running ? { instance1: { running: true, pid: 1000 + name.length * 37, command: [`/usr/sbin/${name}`] } } : {} };
      }
      return out;
    },
  },
  'luci.secubox': {
    getVersion: (b) => ({ version: b.spec.versions.secubox, core: 'secubox-core', build_date: '2025-11-20' }),
    getStatus: (b) => ({ version: b.spec.versions.secubox, running: true, hostname: b.spec.hostname, uptime: `${Math.floor(b.uptimeS() / 3600)} h` }),
    get_alerts: () => ({ alerts: [] }),
    getLogs: (b, p) => ({ logs: b.logLines().slice(-Number(p.lines ?? 50)).join('\n') }),
  },
  'luci.exposure': {
    status: (b) => {
      const hs = sections(b, 'tor-shield', 'hidden_service').map((s) => ({ service: opt(s, 'name') ?? s.name.replace(/^hs_/, ''), onion: b.uci.get('secubox-exposure', opt(s, 'name') ?? '', 'tor_onion') ?? '' }));
      return { services: { total: 14, external: 5 }, tor: { count: hs.length, services: hs }, ssl: { count: 0, backends: [] } };
    },
    get_emancipated: (b) => ({
      services: sections(b, 'secubox-exposure', 'service').filter((s) => flag(opt(s, 'emancipated'))).map((s) => ({
        name: s.name, port: Number(opt(s, 'port') ?? 0), domain: opt(s, 'domain') ?? '', tor: flag(opt(s, 'tor')), dns: flag(opt(s, 'dns')), mesh: flag(opt(s, 'mesh')),
      })),
    }),
    get_config: (b) => ({
      known_services: sections(b, 'secubox-exposure', 'known').map((s) => ({
        id: s.name, default_port: Number(opt(s, 'default_port') ?? 0), actual_port: Number(opt(s, 'default_port') ?? 0), category: opt(s, 'category') ?? 'other', tor: false, ssl: false,
      })),
    }),
    scan: () => ({ services: [
      { port: 22, address: '0.0.0.0:22', process: 'dropbear', name: 'SSH', external: true },
      { port: 80, address: '0.0.0.0:80', process: 'uhttpd', name: 'LuCI', external: true },
      { port: 3000, address: '0.0.0.0:3000', process: 'gitea', name: 'Gitea', external: true },
    ] }),
    tor_list: (b) => ({ services: sections(b, 'tor-shield', 'hidden_service').map((s) => ({ service: opt(s, 'name'), port: '80' })) }),
    ssl_list: () => ({ backends: [] }),
    emancipate: (b, p) => exposureEmancipate(b, p as unknown as ExposeParams),
    revoke: (b, p) => exposureRevoke(b, p as unknown as ExposeParams),
  },
  'luci.metablogizer': {
    status: (b) => ({ enabled: true, runtime: 'uhttpd', detected_runtime: 'uhttpd', nginx_running: false, site_count: sections(b, 'metablogizer', 'site').length, sites_root: '/srv/metablogizer/sites' }),
    list_sites: (b) => ({ sites: sites(b, false) }),
    get_sites_exposure_status: (b) => ({ sites: sites(b, true) }),
    get_site: (b, p) => sites(b, false).find((s) => s.id === p.id) ?? { success: false, error: 'Site not found' },
    emancipate: (b, p) => {
      const r = startSiteJob(b, String(p.id ?? ''));
      return 'error' in r ? { success: false, error: r.error } : { success: true, job_id: r.jobId, status: 'running', site: r.name };
    },
    emancipate_status: (b, p) => {
      b.tickJobs();
      const j = b.jobs.get(String(p.job_id ?? ''));
      if (!j) return { success: false, error: 'Job not found' };
      return { success: true, status: j.status, output: b.jobOutput(j), complete: j.finished };
    },
    unpublish_site: (b, p) => {
      const r = unpublishSite(b, String(p.id ?? ''));
      return 'error' in r ? { success: false, error: r.error } : { success: true, message: r.message };
    },
  },
  'luci.crowdsec-dashboard': {
    status: (b) => ({ crowdsec: up(b, 'crowdsec') ? 'running' : 'stopped', bouncer: up(b, 'crowdsec-firewall-bouncer') ? 'running' : 'stopped', version: b.spec.versions.crowdsec, uptime: b.uptimeS(), lapi_status: 'available', capi_enrolled: true }),
    status_cached: (b) => ({ running: up(b, 'crowdsec') ? 1 : 0, version: b.spec.versions.crowdsec, alerts: b.spec.alerts.length, bans: b.spec.bans, bouncers: 1, machines: 1, timestamp: Math.floor(b.now() / 1000) }),
    get_overview: (b) => ({ crowdsec: up(b, 'crowdsec') ? 'running' : 'stopped', alerts_24h: b.spec.alerts.length, active_bans: b.spec.bans, total_decisions: b.spec.bans }),
    alerts: (b, p) => ({ alerts: crowdsecAlerts(b, Number(p.limit ?? 50)) }),
    decisions: (b) => ({ decisions: [
      ...b.spec.alerts.map((a, i) => ({ id: 500 + i, value: a.ip, type: 'ban', duration: '3h59m', scenario: a.scenario, origin: 'crowdsec' })),
      ...[...b.manualBans].map(([ip, d], i) => ({ id: 900 + i, value: ip, type: 'ban', duration: d.duration, scenario: d.reason, origin: 'cscli' })),
    ] }),
    ban: (b, p) => {
      const ip = String(p.ip ?? '');
      if (!IP_RE.test(ip)) return { success: false, error: 'Invalid IP address' };
      const duration = String(p.duration || '4h'), reason = String(p.reason || 'manual ban from secubox');
      b.manualBans.set(ip, { duration, reason });
      b.syslog('daemon.info', `crowdsec: decision added: ban ${ip} for ${duration} (${reason})`);
      return { success: true, message: `IP ${ip} banned for ${duration}` };
    },
    unban: (b, p) => {
      const ip = String(p.ip ?? '');
      if (!IP_RE.test(ip)) return { success: false, error: 'Invalid IP address' };
      if (!b.manualBans.delete(ip)) return { success: false, error: `No active decision for ${ip}` };
      b.syslog('daemon.info', `crowdsec: decision deleted: ${ip}`);
      return { success: true, message: `IP ${ip} unbanned` };
    },
    secubox_logs: (b) => ({ entries: b.logLines().filter((l) => l.includes('crowdsec')).slice(-20), log_file: '/var/log/crowdsec.log' }),
  },
  'luci.crowdsec-abuseipdb': { status: () => ({ enabled: false, api_key_configured: false, reported_today: 0 }) },
  'luci.haproxy': {
    status: (b) => ({ enabled: true, http_port: 80, https_port: 443, stats_port: 8404, container_running: up(b, 'haproxy'), haproxy_running: up(b, 'haproxy') }),
    list_vhosts: (b) => b.uci.broken.has('haproxy') ? { vhosts: [] } : { vhosts: sections(b, 'haproxy', 'vhost').map((s) => ({ id: s.name, domain: opt(s, 'domain'), backend: opt(s, 'backend'), ssl: flag(opt(s, 'ssl')), ssl_redirect: flag(opt(s, 'ssl_redirect')), acme: flag(opt(s, 'acme')), enabled: opt(s, 'enabled') !== '0' })) },
    list_backends: (b) => ({ backends: sections(b, 'haproxy', 'backend').map((s) => ({ id: s.name, name: opt(s, 'name') ?? s.name, mode: opt(s, 'mode') ?? 'http', enabled: opt(s, 'enabled') !== '0' })) }),
    list_certificates: (b) => ({ certificates: [...b.certs].map((d) => ({ id: `cert_${d.replace(/[^a-zA-Z0-9]/g, '_')}`, domain: d, type: 'acme', enabled: true })) }),
    get_logs: (b, p) => ({ logs: b.logLines().filter((l) => l.includes('haproxy')).slice(-Number(p.lines ?? 50)).join('\n') || 'No HAProxy logs found' }),
  },
  'luci.secubox-p2p': {
    get_peers: (b) => ({ peers: [
      { id: `sb-${b.spec.name}`, name: `${b.spec.hostname} (local)`, address: b.uci.get('network', 'lan', 'ipaddr') ?? '', status: 'online', is_local: true },
      ...b.spec.peers.map((p) => ({ ...p, is_local: false })),
    ] }),
    health_check: (b) => ({ status: up(b, 'secubox-p2p') ? 'healthy' : 'degraded', peers_online: b.spec.peers.filter((p) => p.status === 'online').length, peers_total: b.spec.peers.length, services_running: 4, dns_federation: true }),
    get_settings: (b) => ({ enabled: true, node_name: b.spec.hostname, discovery_enabled: true, sharing_enabled: true }),
  },
  'luci.dns-provider': {
    get_config: (b) => ({ provider: 'ovh', zone: b.uci.get('dns-provider', 'main', 'zone') ?? '', configured: true }),
    list_records: () => ({ records: [{ type: 'A', name: 'blog', value: '198.51.100.10', ttl: 3600 }] }),
  },
  'luci.backup': { status: () => ({ storage_path: '/srv/backups', storage_used: '18M', last_backup: { config: 1764900000, containers: 0, services: 0 }, container_count: 0 }), list: () => ({ backups: [] }) },
  'luci.master-link': { peers: (b) => ({ peers: b.spec.peers }) },
};

/** Generic status for objects without a specific handler: running = its daemon. */
function genericStatus(b: SimBoxState, object: string): P {
  const svc = DAEMON[object];
  return svc ? { enabled: b.services.get(svc)?.enabled ?? false, running: up(b, svc), version: 'demo' } : { enabled: true, version: 'demo' };
}

const STATUS_TEXT: Record<number, string> = { 2: 'Invalid argument', 3: 'Method not found', 4: 'Not found' };

function failed(argvText: string, status: number): SimResult {
  return { stdout: '', stderr: `Command failed: ${argvText} (${STATUS_TEXT[status]})\n`, code: 256 - status };
}

export function ubusObjects(b: SimBoxState): string[] {
  return ['system', 'service', 'uci', 'file', 'session', 'rc', 'network', 'log', ...b.spec.objects].sort();
}

export function ubusCall(b: SimBoxState, object: string, method: string, paramsText: string | undefined): SimResult {
  const argvText = `ubus call ${object} ${method} ${paramsText ?? '{}'}`;
  if (!ubusObjects(b).includes(object) || !SIM_METHODS[object]) return failed(argvText, 4);
  if (!SIM_METHODS[object]![method]) return failed(argvText, 3);
  let params: P = {};
  try {
    const v = JSON.parse(paramsText ?? '{}') as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return failed(argvText, 2);
    params = v as P;
  } catch {
    return failed(argvText, 2);
  }
  const h = HANDLERS[object]?.[method];
  // a declared method the demo does not simulate answers like an rpcd plugin that refuses, never a fake success
  const data = h ? h(b, params) : method === 'status' ? genericStatus(b, object) : { error: `${object} ${method} is not simulated in the DEMO` };
  return { stdout: `${JSON.stringify(data, null, '\t')}\n`, stderr: '', code: 0 };
}

/** `ubus list [-v] [object]`. */
export function ubusList(b: SimBoxState, verbose: boolean, pattern?: string): SimResult {
  const objs = ubusObjects(b).filter((o) => (pattern ? o === pattern || (pattern.endsWith('*') && o.startsWith(pattern.slice(0, -1))) : true));
  if (pattern && !objs.length) return { stdout: '', stderr: 'Command failed: Not found\n', code: 252 };
  if (!verbose) return { stdout: objs.map((o) => `${o}\n`).join(''), stderr: '', code: 0 };
  let out = '';
  for (const [i, o] of objs.entries()) {
    out += `'${o}' @${(0x1a2b3c00 + i * 97).toString(16)}\n`;
    for (const [m, params] of Object.entries(SIM_METHODS[o] ?? {})) out += `\t"${m}":${JSON.stringify(params)}\n`;
  }
  return { stdout: out, stderr: '', code: 0 };
}
