/**
 * What can be exposed on a box, and how it is exposed now: MetaBlogizer sites and exposure services
 * (emancipated ones and the known services of secubox-exposure). One batch = one exec.
 */
import type { BatchCall, BoxApi, CallResult } from '../../backends/types.js';
import { recordBoxNames } from '../nameCache.js';
import { ubusAnswer, type UbusAnswer } from '../status/parse.js';
import type { Channel, ChannelInfo, Exposable, ExposableKind, ExposureList } from './types.js';

/** `haproxy.<id>` of a domain's vhost, as metablogizer and secubox-exposure name it (`sed 's/[^a-zA-Z0-9]/_/g'`). */
export function vhostId(domain: string): string {
  return domain.replace(/[^a-zA-Z0-9]/g, '_');
}

/** `metablogizer.site_<name>` */
export function siteId(name: string): string {
  return `site_${name.replace(/[^a-zA-Z0-9]/g, '_')}`;
}

export function flag(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true' || v === 'yes' || v === 'on';
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() && v !== 'N/A' ? v.trim() : null;
}

function ubus(label: string, object: string, method: string): BatchCall {
  return { label, argv: ['ubus', 'call', object, method, '{}'] };
}

/** The reads of one exposure listing (all pure reads). */
export function exposureBatch(): BatchCall[] {
  return [
    ubus('exposure emancipated', 'luci.exposure', 'get_emancipated'),
    ubus('exposure status', 'luci.exposure', 'status'),
    ubus('exposure config', 'luci.exposure', 'get_config'),
    ubus('sites exposure', 'luci.metablogizer', 'get_sites_exposure_status'),
    ubus('sites', 'luci.metablogizer', 'list_sites'),
  ];
}

function arr(a: UbusAnswer, key: string): Record<string, unknown>[] {
  if (!a.ok) return [];
  const v = a.data[key];
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];
}

function channels(tor: ChannelInfo, dns: ChannelInfo, mesh: ChannelInfo): Record<Channel, ChannelInfo> {
  return { tor, dns, mesh };
}

/** Parse the exposure batch results. Missing rpcd objects become warnings, never throws. */
export function parseExposure(box: string, results: readonly CallResult[]): ExposureList {
  const r = new Map(results.map((x) => [x.label, x]));
  const a = (l: string) => ubusAnswer(r.get(l));
  const warnings: string[] = [];
  const items: Exposable[] = [];
  const emanc = a('exposure emancipated');
  const status = a('exposure status');
  const config = a('exposure config');
  const sitesX = a('sites exposure');
  const sites = a('sites');
  for (const [label, ans, what] of [['luci.exposure', emanc, 'exposure services'], ['luci.metablogizer', sitesX, 'MetaBlogizer sites']] as const) {
    if (!ans.ok) warnings.push(ans.missing === 'object' ? `${label} is not installed on ${box}: no ${what}` : `${label}: ${ans.error}`);
  }

  // sites
  const siteInfo = new Map(arr(sites, 'sites').map((s) => [String(s.id ?? ''), s]));
  const siteRows = sitesX.ok ? arr(sitesX, 'sites') : arr(sites, 'sites');
  for (const s of siteRows) {
    const id = String(s.id ?? siteId(String(s.name ?? '')));
    const more = siteInfo.get(id) ?? {};
    const name = str(s.name) ?? id.replace(/^site_/, '');
    const domain = str(s.domain);
    const emancipated = flag(s.emancipated);
    const vhost = s.vhost_exists === undefined ? null : flag(s.vhost_exists);
    const cert = str(s.cert_status);
    const torOn = flag(more.tor_enabled);
    const onion = str(more.onion_address);
    let state: Exposable['state'] = 'private';
    if (emancipated && vhost !== false) state = 'exposed';
    else if (emancipated || vhost || torOn) state = 'partial';
    const facts = [
      emancipated && vhost === false ? 'emancipated flag set but no HAProxy vhost' : '',
      flag(s.backend_running ?? more.backend_running) ? 'backend up' : 'backend down',
      flag(s.has_content ?? more.has_content) ? '' : 'no content',
    ].filter(Boolean);
    items.push({
      name, kind: 'site', id, port: num(s.port ?? more.port), domain, state, emancipated,
      channels: channels(
        { enabled: torOn, detail: onion ?? (torOn ? 'onion pending' : '') },
        { enabled: emancipated && vhost !== false, detail: domain ? `https://${domain}${cert ? ` (cert ${cert})` : ''}` : '' },
        { enabled: emancipated, detail: emancipated ? 'vortex mesh publish' : '' },
      ),
      certificate: cert, detail: facts.join(', '),
    });
  }

  // emancipated services
  const onions = new Map(arr(status.ok ? { ok: true, data: (status.data.tor ?? {}) as Record<string, unknown> } : status, 'services')
    .map((t) => [String(t.service ?? ''), str(t.onion)]));
  const seen = new Set<string>();
  for (const s of arr(emanc, 'services')) {
    const name = str(s.name) ?? str(s.service);
    if (!name) continue;
    seen.add(name);
    const tor = flag(s.tor), dns = flag(s.dns), mesh = flag(s.mesh);
    const domain = str(s.domain);
    const on = [tor, dns, mesh].filter(Boolean).length;
    const onion = str(s.tor_onion) ?? onions.get(name) ?? null;
    items.push({
      name, kind: 'service', port: num(s.port), domain, emancipated: s.emancipated === undefined ? on > 0 : flag(s.emancipated),
      state: on === 0 ? 'private' : tor && dns && mesh ? 'exposed' : 'partial',
      channels: channels(
        { enabled: tor, detail: onion ?? (tor ? 'onion pending' : '') },
        { enabled: dns, detail: dns && domain ? `https://${domain}` : '' },
        { enabled: mesh, detail: mesh ? 'published to mesh peers' : '' },
      ),
      certificate: null, detail: '',
    });
  }
  // known services (not exposed yet) from secubox-exposure's catalogue
  for (const k of arr(config, 'known_services')) {
    const name = str(k.id);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    const tor = flag(k.tor), ssl = flag(k.ssl);
    items.push({
      name, kind: 'service', port: num(k.actual_port) ?? num(k.default_port), domain: str(k.ssl_domain), emancipated: false,
      state: tor || ssl ? 'partial' : 'private',
      channels: channels(
        { enabled: tor, detail: str(k.tor_onion) ?? '' },
        { enabled: ssl, detail: str(k.ssl_domain) ? `https://${str(k.ssl_domain)}` : '' },
        { enabled: false, detail: '' },
      ),
      certificate: null, detail: str(k.category) ?? '',
    });
  }
  return { box, items, warnings };
}

/**
 * Tell TAB completion (the local name cache) what this box has; best effort, never throws. Demo boxes
 * record nothing. (Init services come from the status: `secubox service <TAB>` offers those.)
 */
export function rememberNames(list: ExposureList, box: Pick<BoxApi, 'transport'>): void {
  if (box.transport.kind === 'sim') return;
  recordBoxNames(list.box, {
    site: list.items.filter((i) => i.kind === 'site').map((i) => i.name),
    exposable: list.items.map((i) => i.name),
  });
}

/** One batch: exposure services + MetaBlogizer sites. Missing objects → warnings. Records the names for completion. */
export async function listExposure(box: BoxApi, opts: { signal?: AbortSignal; remember?: boolean } = {}): Promise<ExposureList> {
  const results = await box.batch(exposureBatch(), { signal: opts.signal });
  const list = parseExposure(box.name, results);
  if (opts.remember !== false) rememberNames(list, box);
  return list;
}

export function findExposable(list: ExposureList, name: string, kind?: ExposableKind): Exposable | undefined {
  const match = (i: Exposable) => (i.name === name || i.id === name) && (kind === undefined || i.kind === kind);
  // a MetaBlogizer site wins over a service of the same name unless a kind is forced
  return list.items.find((i) => match(i) && i.kind === 'site') ?? list.items.find(match);
}
