#!/usr/bin/env node
// `npm run bench` (after `npm run build`): runs every bench/*.bench.mjs, one after the other, each in its own process
// so that one bench's servers, caches or timers cannot skew the next. Not part of the tests.
// BENCH_FILTER=ssh runs only the benches whose file name contains "ssh".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.env.BENCH_FILTER ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs') && f.includes(filter))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  const r = spawnSync(process.execPath, [join(dir, f)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`!! ${f} exited with ${r.status ?? r.signal}\n`);
  }
}
process.stdout.write(`\n${files.length - failed}/${files.length} benches ran\n`);
process.exitCode = failed ? 1 : 0;
