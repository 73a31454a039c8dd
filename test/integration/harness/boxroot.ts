/**
 * The "box root" of a test box: a directory put first on the remote PATH with test-only `ubus`, `uci` and
 * SecuBox `*ctl` commands (busybox sh scripts, see shims/) that replay the real recorded outputs of
 * ../shared/fixtures/transcripts, and the generated data they read (indexes, flow after-states).
 * The recorded bytes are read in place from the fixtures; only indexes and synthesized after-states are written.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRANSCRIPTS } from '../../helpers/shared.js';
import { healthyFiles } from './healthy.js';

const SHIMS = join(dirname(fileURLToPath(import.meta.url)), 'shims');

interface Meta {
  exit_code?: number;
  stderr?: string;
  params?: Record<string, unknown>;
}

const readMeta = (f: string): Meta => {
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as Meta;
  } catch {
    return {};
  }
};

interface DataFiles {
  files: Map<string, string>; // relative path in boxdata → content
}

let cached: DataFiles | undefined;

/** The flows of fixtures/transcripts/flows, by number. */
export const FLOWS: Record<string, string> = {};
function flowDirs(): Record<string, string> {
  if (Object.keys(FLOWS).length === 0) {
    for (const d of readdirSync(join(TRANSCRIPTS, 'flows'))) {
      const m = /^(\d\d)_/.exec(d);
      if (m?.[1]) FLOWS[m[1]] = join(TRANSCRIPTS, 'flows', d);
    }
  }
  return FLOWS;
}

/** `uci show metablogizer` lines → its sites. */
export function sitesFromShow(show: string): Array<{ id: string; name: string; domain: string; port: number; enabled: boolean; emancipated: boolean; gitea_repo: string }> {
  const opts = new Map<string, Map<string, string>>();
  const order: string[] = [];
  for (const line of show.split('\n')) {
    const m = /^metablogizer\.([^.=]+)(?:\.([^=]+))?=(.*)$/.exec(line);
    if (!m) continue;
    const [, sec = '', opt, raw = ''] = m;
    const val = raw.replace(/^'(.*)'$/, '$1');
    if (opt === undefined) {
      if (val === 'site') {
        order.push(sec);
        opts.set(sec, new Map());
      }
    } else opts.get(sec)?.set(opt, val);
  }
  return order.map((id) => {
    const o = opts.get(id) ?? new Map<string, string>();
    return {
      id,
      name: o.get('name') ?? id.replace(/^site_/, ''),
      domain: o.get('domain') ?? '',
      port: Number(o.get('port') ?? 0),
      enabled: o.get('enabled') === '1',
      emancipated: o.get('emancipated') === '1',
      gitea_repo: o.get('gitea_repo') ?? '',
    };
  });
}

/** ubus prints JSON with tabs and a final newline. */
const ubusJson = (v: unknown): string => `${JSON.stringify(v, null, '\t')}\n`;

/** luci.metablogizer list_sites / get_sites_exposure_status for a metablogizer config (same shape as the recording). */
export function metablogizerReplies(show: string, haproxyShow: string): { list_sites: string; get_sites_exposure_status: string } {
  const sites = sitesFromShow(show);
  return {
    list_sites: ubusJson({
      sites: sites.map((s) => ({
        id: s.id,
        name: s.name,
        domain: s.domain,
        gitea_repo: s.gitea_repo,
        description: '',
        ssl: true,
        enabled: s.enabled,
        has_content: true,
        last_sync: '',
        url: `https://${s.domain}`,
        port: s.port,
        backend_running: false,
        waf_enabled: false,
        emancipated: s.emancipated,
        tor_enabled: false,
      })),
    }),
    get_sites_exposure_status: ubusJson({
      sites: sites.map((s) => ({
        id: s.id,
        name: s.name,
        domain: s.domain,
        enabled: s.enabled,
        emancipated: s.emancipated,
        auth_required: false,
        port: s.port,
        vhost_exists: s.domain !== '' && haproxyShow.includes(`'${s.domain}'`),
        cert_status: 'missing',
        backend_running: false,
        has_content: true,
      })),
    }),
  };
}

function buildData(): DataFiles {
  if (cached) return cached;
  const files = new Map<string, string>();
  let errN = 0;
  const errFile = (text: string | undefined): string => {
    if (!text) return '';
    const rel = `err/${++errN}.txt`;
    files.set(rel, text);
    return rel;
  };

  // ubus.idx: obj TAB method TAB compact-params TAB out (relative to FIX) TAB code TAB stderr file
  const ubusRows: string[] = [];
  let usage = '';
  const callDir = join(TRANSCRIPTS, 'ubus', 'call');
  for (const obj of readdirSync(callDir).sort()) {
    for (const f of readdirSync(join(callDir, obj)).sort()) {
      if (!f.endsWith('.out')) continue;
      const base = f.slice(0, -4);
      const meta = readMeta(join(callDir, obj, `${base}.meta.json`));
      const method = base.split('__')[0] ?? base;
      const params = JSON.stringify(meta.params ?? {});
      if (!usage && meta.stderr?.includes('Usage: ubus')) usage = meta.stderr.slice(meta.stderr.indexOf('Usage: ubus'));
      ubusRows.push([obj, method, params, `ubus/call/${obj}/${f}`, String(meta.exit_code ?? 0), errFile(meta.stderr)].join('\t'));
    }
  }
  files.set('ubus.idx', ubusRows.join('\n') + '\n');
  files.set('ubus.usage', usage || 'Usage: ubus [<options>] <command> [arguments...]\n');

  // uci.idx: kind/name TAB code TAB stderr file
  const uciRows: string[] = [];
  for (const kind of ['show', 'export']) {
    for (const f of readdirSync(join(TRANSCRIPTS, 'uci', kind)).sort()) {
      if (!f.endsWith('.out')) continue;
      const base = f.slice(0, -4);
      const meta = readMeta(join(TRANSCRIPTS, 'uci', kind, `${base}.meta.json`));
      uciRows.push([`${kind}/${base}`, String(meta.exit_code ?? 0), errFile(meta.stderr)].join('\t'));
    }
  }
  files.set('uci.idx', uciRows.join('\n') + '\n');

  // cli.idx: tool TAB sub TAB out TAB code TAB stderr file
  const cliRows: string[] = [];
  const cliDir = join(TRANSCRIPTS, 'cli');
  for (const tool of readdirSync(cliDir).sort()) {
    if (!existsSync(join(cliDir, tool)) || tool.endsWith('.md')) continue;
    for (const f of readdirSync(join(cliDir, tool)).sort()) {
      if (!f.endsWith('.out')) continue;
      const sub = f.slice(0, -4);
      const meta = readMeta(join(cliDir, tool, `${sub}.meta.json`));
      cliRows.push([tool, sub, `cli/${tool}/${f}`, String(meta.exit_code ?? 0), errFile(meta.stderr)].join('\t'));
    }
  }
  files.set('cli.idx', cliRows.join('\n') + '\n');

  // flows: command reply + after-state overlay
  for (const [nn, dir] of Object.entries(flowDirs())) {
    const cmdMeta = readMeta(join(dir, 'command.meta.json'));
    files.set(`flows/${nn}/command.out`, readFileSync(join(dir, 'command.out'), 'utf8'));
    files.set(`flows/${nn}/command.code`, String(cmdMeta.exit_code ?? 0));
    if (cmdMeta.stderr) files.set(`flows/${nn}/command.err`, cmdMeta.stderr);
    for (const f of readdirSync(dir)) {
      const poll = /^poll_0(\d)_emancipate_status\.out$/.exec(f);
      if (poll) files.set(`flows/${nn}/poll_0${poll[1]}.out`, readFileSync(join(dir, f), 'utf8'));
      const m = /^after_uci_(-S_)?show_(.+)\.out$/.exec(f);
      if (!m) continue;
      const cfg = m[2] ?? '';
      const key = m[1] ? `${cfg}__non-strict_-S` : cfg;
      const meta = readMeta(join(dir, f.replace(/\.out$/, '.meta.json')));
      files.set(`flows/${nn}/overlay/uci/show/${key}.out`, readFileSync(join(dir, f), 'utf8'));
      files.set(`flows/${nn}/overlay/uci/show/${key}.code`, String(meta.exit_code ?? 0));
      if (meta.stderr) files.set(`flows/${nn}/overlay/uci/show/${key}.err`, meta.stderr);
    }
    const mb = files.get(`flows/${nn}/overlay/uci/show/metablogizer.out`);
    if (mb !== undefined) {
      const hap = files.get(`flows/${nn}/overlay/uci/show/haproxy__non-strict_-S.out`) ?? '';
      const r = metablogizerReplies(mb, hap);
      files.set(`flows/${nn}/overlay/ubus/luci.metablogizer/list_sites.out`, r.list_sites);
      files.set(`flows/${nn}/overlay/ubus/luci.metablogizer/get_sites_exposure_status.out`, r.get_sites_exposure_status);
    }
  }

  for (const [rel, text] of healthyFiles()) files.set(rel, text);

  for (const s of ['lib.sh', 'ubus.sh', 'uci.sh', 'ctl.sh', 'uci.awk', 'healthy.sh']) files.set(s, readFileSync(join(SHIMS, s), 'utf8'));
  cached = { files };
  return cached;
}

export interface BoxRootLayout {
  /** On PATH first: the shims. */
  boxRoot: string;
  /** Generated data + shim bodies. */
  dataDir: string;
  /** Per-box mutable state (owned by the test account). */
  stateDir: string;
}

const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Write the box root under `dir`. `fixtures` is where the remote side reads the recordings (TRANSCRIPTS or a readable copy). */
export function writeBoxRoot(dir: string, busybox: string, fixtures = TRANSCRIPTS): BoxRootLayout {
  const boxRoot = join(dir, 'boxroot');
  const dataDir = join(dir, 'boxdata');
  const stateDir = join(dir, 'state');
  for (const d of [boxRoot, dataDir, stateDir, join(stateDir, 'fail'), join(stateDir, 'overlay'), join(stateDir, 'uci', 'delta'), join(stateDir, 'uci', 'committed'), join(stateDir, 'flows')]) {
    mkdirSync(d, { recursive: true, mode: 0o755 });
  }
  const data = buildData();
  for (const [rel, text] of data.files) {
    const p = join(dataDir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  writeFileSync(join(dataDir, 'env.sh'), `BB=${sq(busybox)}\nFIX=${sq(fixtures)}\nDATA=${sq(dataDir)}\nSTATE=${sq(stateDir)}\nROOT=${sq(boxRoot)}\n`);
  writeFileSync(join(stateDir, 'calls.log'), '');
  writeFileSync(join(stateDir, 'box.log'), '');

  const shim = (name: string, body: string, extra = ''): void => {
    const p = join(boxRoot, name);
    writeFileSync(p, `#!${busybox} sh\n# secubox integration harness: test-only ${name} (see test/integration/harness/shims)\n${extra}. ${sq(join(dataDir, 'env.sh'))}\n. ${sq(join(dataDir, 'lib.sh'))}\n. ${sq(join(dataDir, body))}\n`);
    chmodSync(p, 0o755);
  };
  // OpenWrt's /bin/sh is busybox ash (Debian's is dash): scripts the tool sends with `sh -c` run in ash here too.
  symlinkSync(busybox, join(boxRoot, 'sh'));
  shim('ubus', 'ubus.sh');
  shim('uci', 'uci.sh');
  const tools = new Set(
    [...data.files.get('cli.idx')!.split('\n')].map((l) => l.split('\t')[0] ?? '').filter((t) => t !== '' && /^[A-Za-z0-9._-]+$/.test(t)),
  );
  for (const t of tools) shim(t, 'ctl.sh', `TOOL=${sq(t)}\n`);
  return { boxRoot, dataDir, stateDir };
}

/** Apply a recorded flow's after-state directly (presets), like the shims' _apply_flow. */
export function applyFlowState(layout: BoxRootLayout, nn: string): void {
  const src = join(layout.dataDir, 'flows', nn, 'overlay');
  if (!existsSync(src)) throw new Error(`no flow ${nn} in the fixtures`);
  cpSync(src, join(layout.stateDir, 'overlay'), { recursive: true });
  writeFileSync(join(layout.stateDir, 'flows', 'applied'), `${nn}\n`, { flag: 'a' });
}

/**
 * The `blog-healthy` preset on top of flow 01's after-state (see README "The blog-healthy preset"): the repaired
 * haproxy config (strict and `-S` views alike), a uhttpd config (empty: uhttpd installed, no instance yet), a DNS
 * provider with a zone, and the marker that lets shims/healthy.sh answer luci.metablogizer from the live state
 * (flow 01's static list_sites / get_sites_exposure_status replies are dropped for that).
 */
export function applyHealthyState(layout: BoxRootLayout): void {
  const show = join(layout.stateDir, 'overlay', 'uci', 'show');
  mkdirSync(show, { recursive: true });
  const put = (cfg: string, text: string): void => {
    writeFileSync(join(show, `${cfg}.out`), text);
    writeFileSync(join(show, `${cfg}.code`), '0');
    rmSync(join(show, `${cfg}.err`), { force: true });
  };
  const haproxy = readFileSync(join(layout.dataDir, 'healthy', 'haproxy.show'), 'utf8');
  put('haproxy', haproxy);
  put('haproxy__non-strict_-S', haproxy); // a sound config reads the same with and without -S
  put('uhttpd', '');
  put('dns-provider', readFileSync(join(layout.dataDir, 'healthy', 'dns-provider.show'), 'utf8'));
  for (const m of ['list_sites', 'get_sites_exposure_status']) rmSync(join(layout.stateDir, 'overlay', 'ubus', 'luci.metablogizer', `${m}.out`), { force: true });
  writeFileSync(join(layout.stateDir, 'healthy'), '');
}
