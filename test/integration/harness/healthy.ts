/**
 * The `blog-healthy` preset: the recorded box (after flow 01, `metablogizerctl create blog`) with the ONE defect
 * that made its emancipation fail repaired, so that `luci.metablogizer emancipate` succeeds for real: the job
 * writes the after-state with the box's own `uci` (the shim) and its status polls replay the recorded log with
 * only the lines a successful run prints differently. See README.md "The blog-healthy preset" for every change.
 *
 * Everything here is derived from the fixtures at build time and checked against them: the haproxy config is
 * parsed from the package's /etc/config/haproxy, and that parse (non-strict) must equal the recorded `uci -S show
 * haproxy` byte for byte, else the build throws (the model would no longer start from the recorded box).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPENWRT_FILES, TRANSCRIPTS } from '../../helpers/shared.js';

interface UciSection { name: string; type: string; anonymous: boolean; options: Map<string, string[] | string> }

/** Split one line of a UCI config file into words (uci's quoting: '...', "..." with \ escapes, bare words). */
function words(line: string): string[] {
  const out: string[] = [];
  let w = '';
  let inWord = false;
  let q: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q === "'") { if (c === "'") q = null; else w += c; continue; }
    if (q === '"') {
      if (c === '\\' && i + 1 < line.length) w += line[++i];
      else if (c === '"') q = null;
      else w += c;
      continue;
    }
    if (c === '#') break;
    if (c === ' ' || c === '\t') { if (inWord) { out.push(w); w = ''; inWord = false; } continue; }
    inWord = true;
    if (c === "'" || c === '"') { q = c; continue; }
    if (c === '\\' && i + 1 < line.length) { w += line[++i]; continue; }
    w += c;
  }
  if (inWord) out.push(w);
  return out;
}

/**
 * `uci show <pkg>` of a config file's text, as libuci parses it. strict: a named section re-declared with another
 * type is the error uci reports ("section of different type overwrites prior section with same name"); non-strict
 * (`uci -S`): the later type wins, the section keeps its first position, options merge (empty values are dropped).
 */
export function uciShowOfConfig(pkg: string, text: string, strict: boolean): { out: string; error: string | null } {
  const sections: UciSection[] = [];
  let cur: UciSection | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const w = words(lines[n]!);
    if (w.length === 0 || w[0] === 'package') continue;
    if (w[0] === 'config') {
      const type = w[1] ?? '';
      const name = w[2];
      const prior = name ? sections.find((s) => s.name === name) : undefined;
      if (prior && prior.type !== type) {
        if (strict) return { out: '', error: `section of different type overwrites prior section with same name (line ${n + 1})` };
        prior.type = type;
      }
      if (prior) { cur = prior; continue; }
      cur = { name: name ?? '', type, anonymous: !name, options: new Map() };
      sections.push(cur);
      continue;
    }
    if (!cur || w.length < 2) continue;
    const [kw, opt, val = ''] = w as [string, string, string?];
    if (kw === 'option') { if (val === '') cur.options.delete(opt); else cur.options.set(opt, val); }
    if (kw === 'list') {
      const prev = cur.options.get(opt);
      cur.options.set(opt, [...(Array.isArray(prev) ? prev : []), val]);
    }
  }
  const q = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  const count = new Map<string, number>();
  const out: string[] = [];
  for (const s of sections) {
    let id = s.name;
    if (s.anonymous) {
      const i = count.get(s.type) ?? 0;
      count.set(s.type, i + 1);
      id = `@${s.type}[${i}]`;
    }
    out.push(`${pkg}.${id}=${s.type}`);
    for (const [k, v] of s.options) out.push(`${pkg}.${id}.${k}=${Array.isArray(v) ? v.map(q).join(' ') : q(v)}`);
  }
  return { out: out.map((l) => `${l}\n`).join(''), error: null };
}

/** The package's /etc/config/haproxy (the file the recorded box had). */
export const HAPROXY_CONFIG = join(OPENWRT_FILES, 'secubox-app-haproxy', 'etc', 'config', 'haproxy');

/** The one edit of the healthy preset: the vhost that shared its section name with a backend gets its own name. */
export const HAPROXY_FIX = { line: "config vhost 'cybermood_presse'", replacement: "config vhost 'cybermood_presse_vhost'" } as const;

/** `uci show haproxy` of the repaired config; throws when the recorded box's config is not the package file. */
export function fixedHaproxyShow(): string {
  const text = readFileSync(HAPROXY_CONFIG, 'utf8');
  const recorded = readFileSync(join(TRANSCRIPTS, 'uci', 'show', 'haproxy__non-strict_-S.out'), 'utf8');
  const parsed = uciShowOfConfig('haproxy', text, false);
  if (parsed.out !== recorded) throw new Error(`${HAPROXY_CONFIG} no longer parses to the recorded uci -S show haproxy: the healthy preset must be rebuilt`);
  if (uciShowOfConfig('haproxy', text, true).error === null) throw new Error('the recorded haproxy config parses strictly: nothing to repair');
  if (text.split('\n').filter((l) => l === HAPROXY_FIX.line).length !== 1) throw new Error(`expected exactly one "${HAPROXY_FIX.line}" in ${HAPROXY_CONFIG}`);
  const fixed = uciShowOfConfig('haproxy', text.replace(HAPROXY_FIX.line, HAPROXY_FIX.replacement), true);
  if (fixed.error !== null) throw new Error(`the repaired haproxy config still fails strict parsing: ${fixed.error}`);
  return fixed.out;
}

/**
 * `uci show dns-provider` of the healthy box: the recorded config with a provider, a zone for the site's domain and
 * (fake) credentials, so that `dnsctl -z example.test add A blog …` has somewhere to go.
 */
export function healthyDnsProviderShow(): string {
  const recorded = readFileSync(join(TRANSCRIPTS, 'uci', 'show', 'dns-provider.out'), 'utf8');
  const add: Record<string, string[]> = {
    "dns-provider.main.enabled='0'": ["dns-provider.main.provider='ovh'", "dns-provider.main.zone='example.test'"],
    "dns-provider.ovh.endpoint='ovh-eu'": ["dns-provider.ovh.app_key='harness-fake-app-key'", "dns-provider.ovh.app_secret='harness-fake-app-secret'", "dns-provider.ovh.consumer_key='harness-fake-consumer-key'"],
  };
  const out: string[] = [];
  for (const l of recorded.replace(/\n$/, '').split('\n')) {
    out.push(l === "dns-provider.main.enabled='0'" ? "dns-provider.main.enabled='1'" : l);
    for (const a of add[l] ?? []) out.push(a);
  }
  if (!out.includes("dns-provider.main.enabled='1'") || out.length !== recorded.split('\n').length - 1 + 5) throw new Error('recorded dns-provider config changed: the healthy preset must be rebuilt');
  return `${out.join('\n')}\n`;
}

/** The public IP the healthy box's DNS step reports (TEST-NET-3, documentation range: never contacted). */
export const HEALTHY_PUBLIC_IP = '203.0.113.10';

/** The log lines of flow 05 a successful run prints differently, each mapped to what it prints instead. */
function successLog(recorded: string): string {
  const parseErr = /^\s*uci: Parse error \(section of different type overwrites prior section with same name\)/;
  const out: string[] = [];
  for (const line of recorded.split('\n')) {
    // failures caused by the broken haproxy config / missing uhttpd+firewall configs / init script: not printed
    if (parseErr.test(line) || /^\s*uci: Entry not found$/.test(line) || line === '/usr/sbin/metablogizerctl: line 417: /etc/init.d/uhttpd: not found') continue;
    // secubox-p2p without `publish` prints its usage: a box where nothing fails accepts the mesh publication
    if (line.startsWith('Usage: /usr/sbin/secubox-p2p ')) continue;
    if (line === '[WARN] [DNS] Cannot detect public IP, skipping DNS') {
      out.push('[INFO] [DNS] Public IP: 203.0.113.10', '[INFO] [DNS] Creating A record: blog.example.test -> 203.0.113.10 (zone example.test)', '[INFO] A record added: blog.example.test -> 203.0.113.10 (TTL 3600)');
      continue;
    }
    // first run on this box (flow 02's lines): the route did not exist yet
    if (line === '[INFO] Route already exists: blog.example.test -> 192.168.255.1:8901') {
      out.push('[INFO] Adding route: blog.example.test -> 192.168.255.1:8901 (metablogizer)', '[INFO] Syncing routes to /srv/mitmproxy/haproxy-routes.json', '[INFO] Generated /srv/mitmproxy/haproxy-routes.json with 1 routes', '1 routes synced');
      continue;
    }
    // the ACME email is read from the (now parsable) haproxy config: the certificate is issued
    if (line === '  [ERROR] ACME email not configured. Set in LuCI > Services > HAProxy > Settings') {
      out.push('  [INFO] Requesting ACME certificate for blog.example.test (ec-256)...', '  [INFO] Certificate issued: /srv/haproxy/certs/blog.example.test.pem');
      continue;
    }
    if (line === '[WARN] [SSL] Certificate request may still be pending') { out.push('[INFO] [SSL] Certificate installed: /srv/haproxy/certs/blog.example.test.pem'); continue; }
    if (line === '[WARN] [SSL] Check with: haproxyctl cert verify blog.example.test') continue;
    if (line === '[WARN] [RELOAD] HAProxy may not have started properly') { out.push('[INFO] [RELOAD] HAProxy restarted'); continue; }
    out.push(line);
  }
  // after the certificate, the RELOAD step's generate lists it
  const reload = out.indexOf('[INFO] [RELOAD] Applying HAProxy configuration');
  const certs = out.indexOf('[INFO] Generated certs.list with 0 entries', reload);
  if (reload < 0 || certs < 0) throw new Error('recorded flow 05 log changed: the healthy preset must be rebuilt');
  out[certs] = '[INFO] Generated certs.list with 1 entries';
  return out.join('\n');
}

/** The site-specific words of the recorded log, as placeholders the job fills in (sed) for the site emancipated. */
function template(log: string): string {
  return log.replaceAll('blog.example.test', '@DOMAIN@').replaceAll('8901', '@PORT@').replaceAll('metablog_blog', 'metablog_@NAME@').replace(/\bblog\b/g, '@NAME@');
}

/**
 * The three `emancipate_status` replies of a successful run, as templates (@NAME@ @DOMAIN@ @PORT@ @JOB@ are filled
 * in by the shim): the recorded poll 1 and 2 end after the SSL request and after the RELOAD restart line; so do these.
 */
export function healthyPolls(): [string, string, string] {
  const recorded = JSON.parse(readFileSync(join(TRANSCRIPTS, 'flows', '05_ubus_luci.metablogizer_emancipate_site_blog', 'poll_03_emancipate_status.out'), 'utf8')) as { output: string };
  const log = successLog(recorded.output);
  const cut = (marker: string) => {
    const i = log.indexOf(`\n${marker}`);
    if (i < 0) throw new Error(`no "${marker}" in the healthy log`);
    return log.slice(0, i + 1 + marker.length);
  };
  const reply = (status: string, output: string, complete: boolean) => `${JSON.stringify({ success: true, status, output: template(output), complete }, null, '\t')}\n`;
  return [
    reply('running', cut('[INFO] [SSL] Requesting certificate for blog.example.test'), false),
    reply('running', cut('[INFO] [RELOAD] Restarting HAProxy for clean state...'), false),
    reply('success', log, true),
  ];
}

/** Generated data files of the preset (relative to the box data dir). */
export function healthyFiles(): Map<string, string> {
  const polls = healthyPolls();
  return new Map([
    ['healthy/haproxy.show', fixedHaproxyShow()],
    ['healthy/dns-provider.show', healthyDnsProviderShow()],
    ['healthy/poll_01.json', polls[0]],
    ['healthy/poll_02.json', polls[1]],
    ['healthy/poll_03.json', polls[2]],
  ]);
}
