#!/usr/bin/env node
// SSH transport benches against a REAL loopback dropbear (the integration harness's box, busybox ash + replay shims):
//   1. warm exec on the pooled ssh2 connection (dist/) vs OpenSSH's `ssh` with ControlMaster/ControlPersist to the
//      same dropbear, same run. Goal: secubox ≤ 0.5× ControlMaster.
//   2. Box API batch of 20 ubus calls (ONE exec) vs the same 20 calls as 20 separate execs.
// Needs root (the harness creates the test account) and `npm run build`. BENCH_RUNS=N changes the sample size.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const dist = (p) => join(root, 'dist', p);
if (!existsSync(dist('backends/ssh/index.js'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first\n');
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(2)} ms`;

async function loadHarness() {
  // The harness is TypeScript (test/integration/harness); vite (installed with vitest) runs it without a build.
  const { runnerImport } = await import('vite');
  const { module } = await runnerImport(join(root, 'test/integration/harness/index.ts'), { configFile: false, logLevel: 'error' });
  return module;
}

const { createSshTransport } = await import(dist('backends/ssh/index.js'));
const harness = await loadHarness();
const box = await harness.startBox({ server: 'dropbear' });
const rows = [];
try {
  // ---- 1. warm exec ---------------------------------------------------------------------------------------------
  const t = createSshTransport(box.target());
  for (let i = 0; i < 5; i++) await t.exec(['true']);

  const cm = `/tmp/sbx-cm-${process.pid}`;
  const sshArgs = [
    '-F', '/dev/null', '-p', String(box.port), '-i', box.clientKey, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes',
    '-o', `UserKnownHostsFile=${box.knownHostsFile}`, '-o', 'StrictHostKeyChecking=yes',
    '-o', 'ControlMaster=auto', '-o', `ControlPath=${cm}`, '-o', 'ControlPersist=120', `${box.user}@127.0.0.1`,
  ];
  const ssh = (cmd) => {
    const r = spawnSync('ssh', [...sshArgs, cmd], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`ssh failed: ${r.stderr}`);
  };
  for (let i = 0; i < 5; i++) ssh('true'); // the first one starts the master

  const ours = [];
  const theirs = [];
  // alternate call by call so that machine noise (other processes on the same cores) hits both sides alike
  for (let i = 0; i < RUNS; i++) {
    let a = performance.now();
    await t.exec(['true']);
    ours.push(performance.now() - a);
    a = performance.now();
    ssh('true');
    theirs.push(performance.now() - a);
  }
  spawnSync('ssh', [...sshArgs.slice(0, -1), '-O', 'exit', `${box.user}@127.0.0.1`], { stdio: 'ignore' });
  const ratio = median(ours) / median(theirs);
  rows.push(['warm exec `true` (median)', fmt(median(ours)), `ssh ControlMaster ${fmt(median(theirs))}`, `${ratio.toFixed(2)}×`, '≤ 0.50×', ratio <= 0.5]);
  const p10 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 10)];
  const r10 = p10(ours) / p10(theirs);
  rows.push(['warm exec `true` (p10)', fmt(p10(ours)), `ssh ControlMaster ${fmt(p10(theirs))}`, `${r10.toFixed(2)}×`, '(info)', true]);

  // ---- 2. batch of 20 ubus calls vs 20 execs ----------------------------------------------------------------------
  const callDir = join(process.env.SECUBOX_SHARED ?? join(root, '..', 'shared'), 'fixtures/transcripts/ubus/call');
  const okStatus = (o) => {
    try {
      return JSON.parse(readFileSync(join(callDir, o, 'status.meta.json'), 'utf8')).exit_code === 0;
    } catch {
      return false;
    }
  };
  const objects = readdirSync(callDir).filter(okStatus).slice(0, 20);
  const calls = objects.map((o) => ({ argv: ['ubus', 'call', o, 'status', '{}'] }));
  if (existsSync(dist('backends/box.js'))) {
    const { createBox } = await import(dist('backends/box.js'));
    const api = createBox('bench', t);
    const n = Math.max(5, Math.round(RUNS / 10));
    const batchMs = [];
    const sepMs = [];
    await api.batch(calls);
    for (let i = 0; i < n; i++) {
      let a = performance.now();
      const res = await api.batch(calls);
      batchMs.push(performance.now() - a);
      if (res.length !== calls.length || res.some((r) => r.code !== 0)) throw new Error('batch returned failures');
      a = performance.now();
      for (const c of calls) await t.exec(c.argv);
      sepMs.push(performance.now() - a);
    }
    const r2 = median(batchMs) / median(sepMs);
    rows.push([`batch of ${calls.length} ubus calls (median)`, fmt(median(batchMs)), `${calls.length} execs ${fmt(median(sepMs))}`, `${r2.toFixed(2)}×`, '< 1×', r2 < 1]);
  } else {
    rows.push(['batch of 20 ubus calls', 'n/a', 'dist/backends/box.js missing', '', '', true]);
  }
  await t.close();
} finally {
  await box.stop();
}

const w = [34, 12, 32, 8, 8];
const line = (cols) => cols.map((c, i) => String(c).padEnd(w[i] ?? 6)).join('  ');
process.stdout.write(`${line(['bench (loopback dropbear)', 'secubox', 'baseline', 'ratio', 'goal'])}  ok\n`);
for (const r of rows) process.stdout.write(`${line(r.slice(0, 5))}  ${r[5] ? 'yes' : 'NO'}\n`);
