/** JobManager: long jobs (emancipate/revoke) run independent of screens, with progress snapshots. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import { demoFleet } from '../../src/backends/sim/index.js';
import { JobManager, type JobSnapshot } from '../../src/core/jobs.js';
import { emancipate, planEmancipate, type ExposureResult } from '../../src/core/exposure/index.js';

beforeAll(() => { process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'secubox-names-')); });

describe('JobManager', () => {
  it('runs a job, publishes progress snapshots to subscribers, ends ok/failed from the result', async () => {
    const jm = new JobManager();
    const seen: JobSnapshot[][] = [];
    const off = jm.subscribe((jobs) => seen.push([...jobs]));
    const j = jm.start({
      box: 'r1', kind: 'emancipate', title: 'emancipate blog on r1',
      run: async (ctx) => {
        ctx.progress([{ name: 'DNS', state: 'running', detail: '' }], 'DNS');
        await new Promise((r) => setTimeout(r, 5));
        ctx.progress([{ name: 'DNS', state: 'ok', detail: 'done' }], null);
        return { ok: false };
      },
      succeeded: (r) => r.ok,
    });
    expect(j.state).toBe('running');
    const end = await jm.wait(j.id);
    expect(end.state).toBe('failed');
    expect(end.result).toEqual({ ok: false });
    expect(end.steps).toEqual([{ name: 'DNS', state: 'ok', detail: 'done' }]);
    expect(seen.some((s) => s[0]?.current === 'DNS')).toBe(true);
    expect(Object.isFrozen(jm.get(j.id))).toBe(true);
    off();
    const n = seen.length;
    jm.start({ box: 'r1', kind: 'x', title: 'x', run: async () => 1 });
    expect(seen.length).toBe(n);
    expect(jm.list({ box: 'r1' }).length).toBe(2);
    expect(jm.list({ box: 'r2' })).toEqual([]);
  });

  it('a throwing job fails with its one-line message; cancel() aborts through the signal', async () => {
    const jm = new JobManager();
    const a = jm.start({ box: 'b', kind: 'k', title: 't', run: async () => { throw new Error('boom\nstack'); } });
    expect((await jm.wait(a.id)).error).toBe('boom');
    const b = jm.start({ box: 'b', kind: 'k', title: 't', run: (ctx) => new Promise((_, rej) => ctx.signal.addEventListener('abort', () => rej(new Error('aborted')))) });
    expect(jm.cancel(b.id)).toBe(true);
    expect((await jm.wait(b.id)).state).toBe('cancelled');
    expect(jm.cancel(b.id)).toBe(false);
  });

  it('keeps polling a demo emancipate job with no screen attached, to a verified result', async () => {
    const f = demoFleet({ speed: 40 });
    const box = createBox('demo-alpha', f.transport('demo-alpha'));
    const jm = new JobManager();
    const plan = await planEmancipate(box, 'docs');
    const j = jm.start<ExposureResult>({
      box: 'demo-alpha', kind: 'emancipate', title: 'emancipate docs',
      run: (ctx) => emancipate(box, plan, { signal: ctx.signal, pollIntervalMs: 10, onStep: (s, c) => ctx.progress(s, c) }),
      succeeded: (r) => r.ok,
    });
    const end = await jm.wait<ExposureResult>(j.id);
    expect(end.state).toBe('ok');
    expect(end.result?.verified).toBe(true);
    expect(end.steps.map((s) => s.name)).toEqual(['DNS', 'VORTEX', 'HAPROXY', 'WAF', 'PATH', 'SSL', 'RELOAD', 'VERIFY']);
  });
});
