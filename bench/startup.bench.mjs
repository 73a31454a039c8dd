#!/usr/bin/env node
// Cold start: `node bin/secubox --version` (a fresh process each time, as a shell runs it) against `node -e 0`,
// interleaved so that machine noise hits both alike. Goal: secubox ≤ node + 60 ms. Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'secubox');
if (!existsSync(join(root, 'dist', 'main.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first\n');
  process.exit(1);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const GOAL_MS = 60;

function once(args) {
  const a = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - a;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout };
}
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const cases = [
  ['secubox --version', [bin, '--version']],
  ['secubox --help', [bin, '--help']],
];
const node = [];
const ours = cases.map(() => []);
once(['-e', '0']);
for (const [, args] of cases) once(args);
for (let i = 0; i < RUNS; i++) {
  node.push(once(['-e', '0']).ms);
  cases.forEach(([, args], j) => ours[j].push(once(args).ms));
}
const base = median(node);
const pad = (s, n) => String(s).padEnd(n);
process.stdout.write(`${pad('cold start (median of ' + RUNS + ')', 30)}${pad('ms', 10)}${pad('node -e 0', 12)}${pad('+ms', 10)}${pad('ratio', 8)}goal\n`);
cases.forEach(([name], j) => {
  const m = median(ours[j]);
  const extra = m - base;
  const goal = j === 0 ? `≤ +${GOAL_MS} ms ${extra <= GOAL_MS ? 'yes' : 'NO'}` : '(info)';
  process.stdout.write(`${pad(name, 30)}${pad(m.toFixed(1), 10)}${pad(base.toFixed(1), 12)}${pad((extra >= 0 ? '+' : '') + extra.toFixed(1), 10)}${pad((m / base).toFixed(2) + '×', 8)}${goal}\n`);
});
