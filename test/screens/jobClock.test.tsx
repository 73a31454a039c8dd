/**
 * A job's running time is read on ONE clock (the screens' `now`, which the JobManager also uses) and
 * is never negative: the exposure screen's "now" ticked every 5 s before the job started, so a job
 * started 4.9 s after the last tick used to show `job-1 · -4875ms`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../src/core/sessionImpl.js';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import type { Session } from '../../src/core/session.js';
import { JobManager } from '../../src/core/jobs.js';
import { App } from '../../src/screens/App.js';
import { jobDuration } from '../../src/screens/JobView.js';
import { KEY, renderTui, type Rendered } from './harness.js';

let r: Rendered | undefined;
let session: Session | undefined;
afterEach(async () => { r?.unmount(); r = undefined; await session?.close(); session = undefined; });

describe('job timer', () => {
  it('starts at 0s when the screen clock last ticked seconds before the job started', async () => {
    let clock = 1_000_000;
    session = await openSession({ env: {}, demo: true, prompter: nonInteractivePrompter });
    r = renderTui(<App session={session} color={false} now={() => clock} initialStack={[{ kind: 'fleet' }, { kind: 'exposure', box: 'demo-alpha' }]} />, { columns: 100, rows: 32 });
    await r.waitText('docs');
    clock += 4_875; // the screen's last "now" is 4.875 s old when the job starts
    await r.press('j', 'e');
    await r.waitText('Emancipate site docs on demo-alpha');
    await r.press(KEY.enter);
    await r.waitText('on box demo-alpha?');
    await r.press('y');
    const f = await r.waitText(/job-1 · /);
    expect(f).toMatch(/job-1 · 0s/);
    expect(f).not.toMatch(/job-1 · -/);
    clock += 65_000;
    await r.waitText(/job-1 · 1m/, 3000);
  }, 30_000);

  it('the JobManager stamps jobs with the clock it is given', async () => {
    const jm = new JobManager(50, () => 42);
    const j = jm.start({ box: 'b', kind: 'k', title: 't', run: async () => 1 });
    expect(j.startedAt).toBe(42);
    expect((await jm.wait(j.id)).endedAt).toBe(42);
  });

  it('jobDuration is never negative', () => {
    expect(jobDuration({ startedAt: 10_000, endedAt: null }, 5_125)).toBe(0);
    expect(jobDuration({ startedAt: 10_000, endedAt: 12_000 }, 0)).toBe(2_000);
    expect(jobDuration({ startedAt: 10_000, endedAt: null }, 13_000)).toBe(3_000);
  });
});
