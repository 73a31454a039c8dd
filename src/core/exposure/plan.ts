/**
 * Plans (what a run will create or remove, for --dry-run and the confirmation), built from reads
 * only: the exposure listing plus a few UCI values, all in ONE batch.
 * Facts: box-contract "Emancipate flows, step by step" A (secubox-exposure), C (luci.exposure),
 * D (metablogizerctl), and luci.metablogizer unpublish_site (removes the vhost + cert entry,
 * keeps the backend, sets emancipated=0).
 */
import type { BatchCall, BoxApi, CallResult } from '../../backends/types.js';
import { UsageError } from '../../lib/errors.js';
import { SITE_STEPS } from './siteLog.js';
import { exposureBatch, findExposable, parseExposure, rememberNames, siteId, vhostId } from './list.js';
import { CHANNELS, type Channel, type EmancipateOptions, type Exposable, type ExposureList, type Plan, type PlannedSection, type RevokeOptions } from './types.js';

/** Zones metablogizerctl picks by suffix before falling back to dns-provider.main.zone. */
const SITE_ZONES = ['secubox.in', 'maegia.tv', 'cybermind.fr'];

const CONTEXT: readonly [string, string][] = [
  ['ctx dns zone', 'dns-provider.main.zone'],
  ['ctx vortex enabled', 'vortex-dns.main.enabled'],
  ['ctx vortex wildcard', 'vortex-dns.master.wildcard_domain'],
  ['ctx lan ip', 'network.lan.ipaddr'],
];

function contextBatch(): BatchCall[] {
  return CONTEXT.map(([label, path]) => ({ label, argv: ['uci', '-q', 'get', path] }));
}

interface Ctx { zone: string | null; vortex: boolean; wildcard: string | null; lanIp: string }

function parseCtx(results: readonly CallResult[]): Ctx {
  const v = (l: string) => {
    const r = results.find((x) => x.label === l);
    return r && r.code === 0 && r.stdout.trim() ? r.stdout.trim() : null;
  };
  return { zone: v('ctx dns zone'), vortex: v('ctx vortex enabled') === '1', wildcard: v('ctx vortex wildcard'), lanIp: v('ctx lan ip') ?? '192.168.255.1' };
}

async function readForPlan(box: BoxApi, signal?: AbortSignal): Promise<{ list: ExposureList; ctx: Ctx }> {
  const results = await box.batch([...exposureBatch(), ...contextBatch()], { signal });
  const list = parseExposure(box.name, results);
  rememberNames(list, box);
  return { list, ctx: parseCtx(results) };
}

function sitePlan(box: string, item: Exposable, ctx: Ctx, opts: EmancipateOptions): Plan {
  const name = item.name;
  const id = item.id ?? siteId(name);
  const domain = item.domain;
  const warnings: string[] = [];
  if (!domain) throw new UsageError(`site ${name} on ${box} has no domain`, `set one first: secubox ubus call luci.metablogizer update_site '{"id":"${id}","domain":"…"}'`);
  if (opts.port !== undefined || opts.tor || opts.mesh || opts.domain) {
    warnings.push('a MetaBlogizer site is published with its own port and domain (DNS + SSL + mesh via Vortex); --port/--domain/--tor/--mesh do not apply (use --kind service to expose it as a plain service)');
  }
  const b = `metablog_${name.replace(/[^a-zA-Z0-9]/g, '_')}`;
  const vid = vhostId(domain);
  const uciSections: PlannedSection[] = [
    { config: 'metablogizer', section: id, type: 'site', action: 'set emancipated=1, emancipated_at' },
    { config: 'uhttpd', section: `metablogizer_${name}`, type: 'uhttpd', action: 'create if missing', note: `serves the site on port ${item.port ?? '?'}` },
    { config: 'haproxy', section: b, type: 'backend', action: 'create' },
    { config: 'haproxy', section: `${b}_srv`, type: 'server', action: 'create', note: `${ctx.lanIp}:${item.port ?? '?'}` },
    { config: 'haproxy', section: vid, type: 'vhost', action: 'create', note: `${domain} → mitmproxy_inspector (WAF) → ${b}, ssl, acme` },
    { config: 'haproxy', section: `path_gk2_${name}`, type: 'acl', action: 'create', note: `secubox.in/gk2/${name}` },
  ];
  const zone = SITE_ZONES.find((z) => domain === z || domain.endsWith(`.${z}`)) ?? ctx.zone;
  const sub = zone && domain.endsWith(`.${zone}`) ? domain.slice(0, -(zone.length + 1)) : domain.split('.')[0]!;
  const dnsRecords: Plan['dnsRecords'] = [{ type: 'A', name: sub, zone, note: 'public IP of the box' }];
  if (!zone) warnings.push('no DNS zone: dns-provider.main.zone is not set, the box will skip the DNS record');
  if (ctx.wildcard) dnsRecords.push({ type: 'A', name: `${name}.<node>`, zone: ctx.wildcard, note: 'Vortex wildcard' });
  if (!ctx.vortex) warnings.push('Vortex DNS is not enabled on the box: the VORTEX (mesh) step will be skipped');
  const wildcard = /\.gk2\.secubox\.in$/.test(domain);
  return {
    action: 'emancipate', box, name, kind: 'site', siteId: id, port: item.port, domain,
    channels: { tor: false, dns: true, mesh: ctx.vortex },
    call: { object: 'luci.metablogizer', method: 'emancipate', params: { id } },
    uciSections, dnsRecords, certificates: wildcard ? [] : [domain],
    steps: [...SITE_STEPS, 'VERIFY'], warnings,
  };
}

/** Which channels: explicit flags, else all three (as the box does with no flag). */
function chosen(opts: { tor?: boolean; dns?: boolean; mesh?: boolean }): Record<Channel, boolean> {
  if (!opts.tor && !opts.dns && !opts.mesh) return { tor: true, dns: true, mesh: true };
  return { tor: Boolean(opts.tor), dns: Boolean(opts.dns), mesh: Boolean(opts.mesh) };
}

function servicePlan(box: string, name: string, item: Exposable | undefined, opts: EmancipateOptions): Plan {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new UsageError(`invalid service name "${name}"`, 'use letters, digits, _ and - only');
  const port = opts.port ?? item?.port ?? null;
  if (port === null) throw new UsageError(`${name} is neither a MetaBlogizer site nor a known service on ${box}, so its port is unknown`, `give it: secubox emancipate ${name} --port <port> [--domain <domain>]`);
  const ch = chosen(opts);
  const domain = opts.domain ?? item?.domain ?? null;
  const warnings: string[] = [];
  if (ch.dns && !domain) {
    warnings.push('no --domain: the box skips the DNS/SSL channel');
    ch.dns = false;
    if (!ch.tor && !ch.mesh) throw new UsageError('the DNS channel needs --domain', `e.g. secubox emancipate ${name} --port ${port} --dns --domain ${name}.example.org`);
  }
  const uciSections: PlannedSection[] = [
    { config: 'secubox-exposure', section: name, type: 'service', action: 'create/update', note: `port ${port}, emancipated=1` },
  ];
  const dnsRecords: Plan['dnsRecords'] = [];
  const certificates: string[] = [];
  if (ch.tor) {
    uciSections.push({ config: 'tor-shield', section: `hs_${name}`, type: 'hidden_service', action: 'create', note: `.onion → 127.0.0.1:${port}` });
    warnings.push('the Tor channel restarts tor and waits up to 30 s for the .onion hostname');
  }
  if (ch.dns && domain) {
    uciSections.push({ config: 'haproxy', section: name, type: 'backend', action: 'create', note: `server 192.168.255.1:${port}` });
    uciSections.push({ config: 'haproxy', section: vhostId(domain), type: 'vhost', action: 'create', note: `${domain}, ssl, ssl_redirect` });
    dnsRecords.push({ type: 'A', name: domain.split('.')[0]!, zone: null, note: 'zone = dns-provider.main.zone; public IP of the box' });
    certificates.push(domain);
  }
  if (ch.mesh) warnings.push('the box\'s mesh channel calls `secubox-p2p publish`, which SecuBox does not implement: expect MESH to fail');
  return {
    action: 'emancipate', box, name, kind: 'service', port, domain, channels: ch, channelsExplicit: Boolean(opts.tor || opts.dns || opts.mesh),
    call: { object: 'luci.exposure', method: 'emancipate', params: { service: name, port, domain: domain ?? '', tor: ch.tor, dns: ch.dns, mesh: ch.mesh } },
    uciSections, dnsRecords, certificates,
    steps: [...(['TOR', 'DNS', 'MESH'] as const).filter((s) => ch[s.toLowerCase() as Channel]), 'VERIFY'], warnings,
  };
}

/** Reads only (one batch). Site (MetaBlogizer) vs service detection; UsageError when a port is needed and unknown. */
export async function planEmancipate(box: BoxApi, name: string, opts: EmancipateOptions = {}, run: { signal?: AbortSignal } = {}): Promise<Plan> {
  const { list, ctx } = await readForPlan(box, run.signal);
  const found = findExposable(list, name, opts.kind);
  const kind = opts.kind ?? found?.kind ?? 'service';
  if (kind === 'site') {
    if (!found || found.kind !== 'site') throw new UsageError(`no MetaBlogizer site "${name}" on ${box.name}`, list.warnings[0] ?? `see what there is: secubox exposure --box ${box.name}`);
    return alreadyExposed(sitePlan(box.name, found, ctx, opts), found);
  }
  const svc = found?.kind === 'service' ? found : undefined;
  return alreadyExposed(servicePlan(box.name, name, svc, opts), svc);
}

/** Emancipating what is already exposed runs the flow again (it repairs what is missing): say so up front. */
function alreadyExposed(plan: Plan, item: Exposable | undefined): Plan {
  if (!item || (item.state === 'private' && !item.emancipated)) return plan;
  const on = CHANNELS.filter((c) => item.channels[c].enabled).join(', ') || 'flagged emancipated';
  return { ...plan, again: true, warnings: [`${item.name} is already ${item.state === 'exposed' ? 'exposed' : 'partly exposed'} on ${plan.box} (${on}): the flow runs again and redoes every step`, ...plan.warnings] };
}

export async function planRevoke(box: BoxApi, name: string, opts: RevokeOptions = {}, run: { signal?: AbortSignal } = {}): Promise<Plan> {
  const { list } = await readForPlan(box, run.signal);
  const found = findExposable(list, name, opts.kind);
  if (!found || (!found.emancipated && found.state === 'private')) {
    throw new UsageError(`${name} is not exposed on ${box.name}`, `see what is exposed: secubox exposure --box ${box.name}`);
  }
  if (found.kind === 'site') {
    const id = found.id ?? siteId(found.name);
    const warnings = opts.tor || opts.mesh ? ['a site is unpublished as a whole: channel flags do not apply'] : [];
    const vid = found.domain ? vhostId(found.domain) : null;
    return {
      action: 'revoke', box: box.name, name: found.name, kind: 'site', siteId: id, port: found.port, domain: found.domain,
      channels: { tor: false, dns: true, mesh: false },
      call: { object: 'luci.metablogizer', method: 'unpublish_site', params: { id } },
      uciSections: [
        ...(vid ? [{ config: 'haproxy', section: vid, type: 'vhost', action: 'delete' }, { config: 'haproxy', section: `cert_${vid}`, type: 'certificate', action: 'delete' }] : []),
        { config: 'metablogizer', section: id, type: 'site', action: 'set emancipated=0' },
      ],
      dnsRecords: [], certificates: [], steps: ['UNPUBLISH', 'VERIFY'],
      warnings: [...warnings, 'the HAProxy backend and the DNS record are kept (the box\'s unpublish keeps them)'],
    };
  }
  const ch = chosen(opts);
  const all = ch.tor && ch.dns && ch.mesh;
  const uciSections: PlannedSection[] = [
    { config: 'secubox-exposure', section: found.name, type: 'service', action: all ? 'delete' : 'zero the revoked channel flags' },
  ];
  if (ch.tor) uciSections.push({ config: 'tor-shield', section: `hs_${found.name}`, type: 'hidden_service', action: 'delete' });
  if (ch.dns && found.domain) {
    uciSections.push({ config: 'haproxy', section: found.name, type: 'backend', action: 'delete' });
    uciSections.push({ config: 'haproxy', section: vhostId(found.domain), type: 'vhost', action: 'delete' });
  }
  return {
    action: 'revoke', box: box.name, name: found.name, kind: 'service', port: found.port, domain: found.domain, channels: ch,
    // all three = the box's full revoke (`--all`, deletes the section): rpcd turns "no flag" into --all
    call: { object: 'luci.exposure', method: 'revoke', params: all ? { service: found.name, tor: false, dns: false, mesh: false } : { service: found.name, tor: ch.tor, dns: ch.dns, mesh: ch.mesh } },
    uciSections,
    dnsRecords: ch.dns && found.domain ? [{ type: 'A', name: found.domain.split('.')[0]!, zone: null, note: 'removed (dnsctl rm)' }] : [],
    certificates: ch.dns && found.domain ? [found.domain] : [],
    steps: [...(['TOR', 'DNS', 'MESH'] as const).filter((s) => ch[s.toLowerCase() as Channel]), 'VERIFY'],
    warnings: ch.mesh ? ['the box\'s mesh unpublish (`secubox-p2p unpublish`) does not exist; the box ignores its errors'] : [],
  };
}
