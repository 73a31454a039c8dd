#!/usr/bin/env node
// TAB latency: `secubox __complete -- <words>` (a fresh process per TAB, as the shells run it) against `node -e 0`.
// Goal (issue 4): ≤ 100 ms per TAB on this machine. Runs standalone (`node bench/complete.bench.mjs`) after a build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'secubox');
if (!existsSync(join(root, 'dist', 'commands', 'complete', 'main.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first\n');
  process.exit(1);
}
const runs = Number(process.env.BENCH_RUNS ?? 25);
const GOAL_MS = 100;

const home = mkdtempSync(join(tmpdir(), 'secubox-bench-'));
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') };
mkdirSync(join(env.XDG_CONFIG_HOME, 'secubox'), { recursive: true });
mkdirSync(join(env.XDG_CACHE_HOME, 'secubox'), { recursive: true });
const boxes = Array.from({ length: 200 }, (_, i) => ({ name: `r${i}.lab`, host: `192.0.2.${i % 250}`, tags: [i % 2 ? 'odd' : 'even', 'lab'] }));
writeFileSync(join(env.XDG_CONFIG_HOME, 'secubox', 'config.json'), JSON.stringify({ boxes, defaultBox: 'r1.lab' }), { mode: 0o600 });
const entries = boxes.flatMap((b) => ['site', 'exposable'].map((kind) => ({ box: b.name, kind, names: Array.from({ length: 20 }, (_, j) => `site${j}`), at: new Date().toISOString() })));
writeFileSync(join(env.XDG_CACHE_HOME, 'secubox', 'names.json'), JSON.stringify({ version: 1, entries }), { mode: 0o600 });

function once(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p90: q(0.9), min: s[0] };
}

// Cases from the built table, so that the bench follows the verbs that exist.
const { COMMANDS } = await import('../dist/commands/table/index.js');
const withOpt = (kind) => COMMANDS.find((c) => !c.hidden && (c.options ?? []).some((o) => o.complete === kind));
const withArg = (kind) => COMMANDS.find((c) => !c.hidden && (c.args ?? []).some((a) => a.complete === kind));
const targeted = COMMANDS.find((c) => c.targets && !c.hidden);
const cases = [['verbs', ['']], ['enum (completion <shell>)', ['completion', '']]];
if (targeted) {
  cases.push([`--j (${targeted.path.join(' ')})`, [...targeted.path, '--j']]);
  cases.push(['--box, 200 boxes', [...targeted.path, '--box', 'r1']]);
}
const sub = withArg('subsystem');
if (sub) cases.push([`subsystem (${sub.path.join(' ')}), registry`, [...sub.path, '']]);
const method = withArg('ubus-method');
if (method) cases.push([`ubus method (${method.path.join(' ')}), registry`, [...method.path, 'luci.metablogizer', '']]);
for (const kind of ['site', 'exposable']) {
  const opt = withOpt(kind);
  const arg = withArg(kind);
  if (opt) cases.push([`--${kind}, 4000 cached names`, [...opt.path, `--${kind}`, 's']]);
  else if (arg) cases.push([`${kind} (${arg.path.join(' ')}), 4000 cached names`, [...arg.path, 's']]);
  if (opt || arg) break;
}

// Interleaved (node -e 0, then each case, round after round) so that machine load hits every case alike.
const all = [['node -e 0', ['-e', '0']], ...cases.map(([label, words]) => [`__complete ${label}`, [bin, '__complete', '--', ...words]])];
const samples = all.map(() => []);
for (let i = 0; i < runs; i++) all.forEach(([, args], k) => samples[k].push(once(args)));
const base = stats(samples[0]);
const rows = all.map(([label], k) => [label, stats(samples[k])]);
rmSync(home, { recursive: true, force: true });

const fmt = (n) => `${n.toFixed(1).padStart(7)} ms`;
process.stdout.write(`complete.bench: ${runs} runs each, interleaved (median / p90 / min, and the median over node -e 0); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
for (const [label, t] of rows) {
  process.stdout.write(`  ${label.padEnd(44)} ${fmt(t.median)} ${fmt(t.p90)} ${fmt(t.min)}  ${label === 'node -e 0' ? '' : `+${(t.median - base.median).toFixed(1)} ms`}\n`);
}
const worst = Math.max(...rows.slice(1).map(([, t]) => t.median));
const over = Math.max(...rows.slice(1).map(([, t]) => t.median - base.median));
process.stdout.write(`  worst median per TAB: ${worst.toFixed(1)} ms, ${over.toFixed(1)} ms over node -e 0 (goal ≤ ${GOAL_MS} ms per TAB): ${worst <= GOAL_MS ? 'met' : 'MISSED'}\n`);
