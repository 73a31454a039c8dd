#!/usr/bin/env node
/**
 * Generates src/registry/generated/*.ts from ../shared/box-contract/catalog.json and
 * ../shared/fixtures/transcripts/INDEX.md. The output is OUR declaration: only what the tool needs
 * (ids, names, layers, ubus methods classified read / side-effect / write, CLI commands, UCI configs,
 * init services, notes). Hand-written refinements live in src/registry/overrides.ts.
 *
 *   node scripts/gen-registry.mjs            # write the file
 *   node scripts/gen-registry.mjs --check    # exit 1 if the committed file is out of date
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.SECUBOX_SHARED ?? resolve(ROOT, '..', 'shared');
const CATALOG = resolve(SHARED, 'box-contract', 'catalog.json');
const INDEX = resolve(SHARED, 'fixtures', 'transcripts', 'INDEX.md');
const OUT = resolve(ROOT, 'src', 'registry', 'generated');

/** `object method` → what the side effect touched, from INDEX.md `[side effect: …]` notes. */
export function sideEffectsFromIndex(text) {
  const out = new Map();
  for (const line of text.split('\n')) {
    const se = /\[side effect: ([^\]]*)\]?/.exec(line);
    if (!se) continue;
    const cmd = /`(?:timeout \d+ )?ubus call (\S+) (\S+)/.exec(line);
    if (!cmd) continue;
    out.set(`${cmd[1]} ${cmd[2]}`, se[1].trim().replace(/,$/, ''));
  }
  return out;
}

const READ_NAME = /^(get|list|status|search|check|info|logs?|stats|peers|tree|events|overview|health|show|dhcp_status|metrics|history)|(_status|_cached|_list|_info|_stats|_logs|_history|_config|_settings)$/i;
/** Reads (by ACL) whose name says they do work on the box: callable on demand, never in a background refresh. */
const WORKING_READ = /^(refresh|run|test_|scan$|collect_)/i;
const WORKING_READ_EXCEPT = new Set(['luci.exposure scan']);
const DANGEROUS = /(delete|remove|uninstall|revoke|restore|reset|factory|reboot|unpublish|disable|stop|ban|purge|wipe|rollback|clean|leave|format|emancipate|approve|reject|import|install|update|upgrade)/i;

export function classify(object, m, sideEffects) {
  const key = `${object} ${m.name}`;
  const decl = { name: m.name, params: m.params ?? {} };
  let kind;
  if (sideEffects.has(key)) {
    kind = 'side-effect';
    decl.sideEffect = sideEffects.get(key);
  } else if (m.acl === 'read') {
    kind = WORKING_READ.test(m.name) && !WORKING_READ_EXCEPT.has(key) ? 'side-effect' : 'read';
    if (kind === 'side-effect') decl.sideEffect = 'does work on the box (by its name)';
  } else if (m.acl === 'write') {
    kind = 'write';
  } else {
    // '*' (granted read and write) or not granted at all: decide by the name
    kind = READ_NAME.test(m.name) && !WORKING_READ.test(m.name) ? 'read' : 'write';
  }
  decl.kind = kind;
  if (kind === 'write' && DANGEROUS.test(m.name)) decl.dangerous = true;
  if (m.acl === 'not-in-acl') decl.notInAcl = true;
  return decl;
}

function layerOf(s) {
  const n = Number(String(s.layer).slice(0, 1));
  if (![1, 2, 3, 4].includes(n)) throw new Error(`bad layer for ${s.id}: ${s.layer}`);
  return n;
}

function nameOf(title) {
  const i = title.indexOf(' (');
  return i > 0 ? title.slice(0, i) : title;
}

function summaryOf(s) {
  const m = /\((.*)\)\s*$/.exec(s.title);
  if (m) return m[1];
  return s.specRef ? s.specRef.split(' — ')[0] : s.title;
}

/** `haproxy (procd: …)` → haproxy; `(none; …)`, `(cron) …`, `x (not a daemon…)`, `network (netifd…)` → none. */
export function serviceName(raw) {
  if (/^\(/.test(raw) || /not a daemon/.test(raw)) return null;
  const m = /^([a-z0-9][\w.-]*)/i.exec(raw);
  if (!m || m[1] === 'network' || m[1] === 'cron') return null;
  return m[1];
}

function cliDecl(c) {
  return {
    name: c.name,
    path: c.path ?? `/usr/sbin/${c.name}`,
    json: String(c.jsonMode ?? 'none').split(' ')[0],
    commands: (c.commands ?? []).map((k) => ({ name: k.name, args: k.args ?? '', summary: k.summary ?? '', json: Boolean(k.json) })),
  };
}

export function generate(catalog, indexText) {
  const se = sideEffectsFromIndex(indexText);
  return catalog.map((s) => {
    const ubus = [s.ubus, ...(s.additionalUbus ?? [])].filter(Boolean).map((u) => ({
      object: u.object,
      methods: u.methods.map((m) => classify(u.object, m, se)),
    }));
    const cli = [s.cli, ...(s.additionalClis ?? [])].filter(Boolean).map(cliDecl);
    const uci = [s.uci?.config, ...(s.additionalUci ?? []).map((u) => u.config)].filter(Boolean);
    const writesUci = [...new Set((s.writesOtherUci ?? []).map((w) => w.split(' ')[0]))].filter((c) => !uci.includes(c));
    const services = [...new Set((s.services ?? []).map(serviceName).filter(Boolean))];
    return { id: s.id, name: nameOf(s.title), layer: layerOf(s), summary: summaryOf(s), ubus, cli, uci, writesUci, services, notes: s.notes ?? [] };
  });
}

const j = (v) => JSON.stringify(v);

const HEADER = [
  '// GENERATED by scripts/gen-registry.mjs from box-contract/catalog.json + transcripts/INDEX.md. Do not edit:',
  '// change the generator or src/registry/overrides.ts, then run `node scripts/gen-registry.mjs`.',
];
const LAYER_FILES = { 1: 'core-mesh', 2: 'ai-gateway', 3: 'mirror-networking', 4: 'roadmap' };
/** Files stay under the project's 400-line limit: a layer too big for one file is cut between subsystems. */
const MAX_LINES = 360;

function renderSubsystem(s) {
  const lines = [];
  lines.push(`  { id: ${j(s.id)}, name: ${j(s.name)}, layer: ${s.layer}, summary: ${j(s.summary)},`);
  lines.push(`    uci: ${j(s.uci)}, writesUci: ${j(s.writesUci)}, services: ${j(s.services)},`);
  lines.push('    ubus: [');
  for (const u of s.ubus) {
    lines.push(`      { object: ${j(u.object)}, methods: [`);
    for (const m of u.methods) lines.push(`        ${j(m)},`);
    lines.push('      ] },');
  }
  lines.push('    ],');
  lines.push('    cli: [');
  for (const c of s.cli) {
    lines.push(`      { name: ${j(c.name)}, path: ${j(c.path)}, json: ${j(c.json)}, commands: [`);
    for (const k of c.commands) lines.push(`        ${j(k)},`);
    lines.push('      ] },');
  }
  lines.push('    ],');
  lines.push(`    notes: ${j(s.notes)} },`);
  return lines;
}

/**
 * The generated registry as files: `src/registry/generated/<layer>[-N].ts` (the subsystems of one layer, in catalog
 * order) and `src/registry/generated/index.ts` (all of them, in catalog order). Returns { relative path: text }.
 */
export function render(data) {
  const files = {};
  const parts = []; // [{ name, id (export), subsystems ids }]
  for (const layer of [1, 2, 3, 4]) {
    const chunks = [[]];
    let size = 0;
    for (const s of data.filter((x) => x.layer === layer)) {
      const body = renderSubsystem(s);
      if (size > 0 && size + body.length > MAX_LINES) { chunks.push([]); size = 0; }
      chunks[chunks.length - 1].push({ s, body });
      size += body.length;
    }
    chunks.filter((c) => c.length).forEach((chunk, i, all) => {
      const name = `${LAYER_FILES[layer]}${all.length > 1 ? `-${i + 1}` : ''}`;
      const id = `LAYER${layer}${all.length > 1 ? `_${i + 1}` : ''}`;
      parts.push({ name, id, ids: chunk.map((c) => c.s.id) });
      files[`${name}.ts`] = [...HEADER, "import type { GeneratedSubsystem } from '../types.js';", '',
        `export const ${id}: readonly GeneratedSubsystem[] = [`, ...chunk.flatMap((c) => c.body), '];', ''].join('\n');
    });
  }
  const byId = new Map(parts.flatMap((p) => p.ids.map((id, k) => [id, `${p.id}[${k}]!`])));
  files['index.ts'] = [...HEADER, "import type { GeneratedSubsystem } from '../types.js';",
    ...parts.map((p) => `import { ${p.id} } from './${p.name}.js';`), '',
    '/** Every subsystem, in catalog order. */',
    'export const GENERATED: readonly GeneratedSubsystem[] = [',
    ...data.map((s) => `  ${byId.get(s.id)},`), '];', ''].join('\n');
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = render(generate(JSON.parse(readFileSync(CATALOG, 'utf8')), readFileSync(INDEX, 'utf8')));
  const present = existsSync(OUT) ? readdirSync(OUT).filter((f) => f.endsWith('.ts')) : [];
  if (process.argv.includes('--check')) {
    const stale = [...Object.keys(files).filter((f) => !existsSync(resolve(OUT, f)) || readFileSync(resolve(OUT, f), 'utf8') !== files[f]),
      ...present.filter((f) => !(f in files))];
    if (stale.length) { console.error(`src/registry/generated is out of date (${stale.join(', ')}): run node scripts/gen-registry.mjs`); process.exit(1); }
  } else {
    mkdirSync(OUT, { recursive: true });
    for (const f of present) if (!(f in files)) rmSync(resolve(OUT, f));
    for (const [f, text] of Object.entries(files)) writeFileSync(resolve(OUT, f), text);
    console.log(`wrote ${Object.keys(files).length} files in ${OUT}`);
  }
}
