/**
 * Quitting while a job runs asks first ("1 job running on demo-alpha (emancipate docs) — quit anyway?"):
 * n stays (the job goes on), y quits, Ctrl-C twice quits with 130. With no job running, q quits at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../src/core/sessionImpl.js';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import type { Session } from '../../src/core/session.js';
import { App } from '../../src/screens/App.js';
import { quitQuestion } from '../../src/screens/appKeys.js';
import { KEY, renderTui, type Rendered } from './harness.js';

let r: Rendered | undefined;
let session: Session | undefined;
afterEach(async () => { r?.unmount(); r = undefined; await session?.close(); session = undefined; });

const QUESTION = '1 job running on demo-alpha (emancipate docs) — quit anyway?';

async function withJobRunning(): Promise<{ r: Rendered; code: Promise<unknown> }> {
  session = await openSession({ env: {}, demo: true, prompter: nonInteractivePrompter });
  r = renderTui(<App session={session} color={false} initialStack={[{ kind: 'fleet' }, { kind: 'exposure', box: 'demo-alpha' }]} />, { columns: 100, rows: 32 });
  const code = r.instance.waitUntilExit();
  await r.waitText('docs');
  await r.press('j', 'e');
  await r.waitText('Emancipate site docs on demo-alpha');
  await r.press(KEY.enter);
  await r.waitText('on box demo-alpha?');
  await r.press('y');
  await r.waitText('1 job running');
  return { r, code };
}

const exited = (p: Promise<unknown>) => Promise.race([p.then(() => true), new Promise((res) => setTimeout(() => res(false), 300))]);

describe('quit with a job running', () => {
  it('q asks; n stays and the job goes on; q then y quits with 0', async () => {
    const { r, code } = await withJobRunning();
    await r.press('q');
    await r.waitText(QUESTION);
    await r.press('n');
    await r.waitFor((f) => !f.includes('quit anyway'), 'question closed');
    expect(await exited(code)).toBe(false);
    expect(r.frame()).toContain('1 job running');
    await r.press('q');
    await r.waitText(QUESTION);
    await r.press('y');
    await expect(code).resolves.toBe(0);
  }, 30_000);

  it('Ctrl-C asks; Ctrl-C again quits with 130', async () => {
    const { r, code } = await withJobRunning();
    await r.press(KEY.ctrlC);
    await r.waitText(QUESTION);
    expect(await exited(code)).toBe(false);
    await r.press(KEY.ctrlC);
    await expect(code).resolves.toBe(130);
  }, 30_000);

  it('Ctrl-C then y quits with 130; the question shows over an open form', async () => {
    const { r, code } = await withJobRunning();
    await r.press('k', 'e'); // blog's emancipate form is open when Ctrl-C comes
    await r.waitText('Emancipate site blog on demo-alpha');
    await r.press(KEY.ctrlC);
    await r.waitText(QUESTION);
    await r.press('y');
    await expect(code).resolves.toBe(130);
  }, 30_000);

  it('no job running: q quits at once', async () => {
    session = await openSession({ env: {}, demo: true, prompter: nonInteractivePrompter });
    r = renderTui(<App session={session} color={false} />, { columns: 100, rows: 32 });
    const code = r.instance.waitUntilExit();
    await r.waitText('demo-alpha');
    await r.press('q');
    await expect(code).resolves.toBe(0);
  });

  it('quitQuestion names the jobs and their box(es)', () => {
    expect(quitQuestion([{ box: 'demo-alpha', title: 'emancipate docs on demo-alpha' }])).toBe(QUESTION);
    expect(quitQuestion([{ box: 'a', title: 'emancipate docs on a' }, { box: 'b', title: 'revoke gitea on b' }]))
      .toBe('2 jobs running (emancipate docs on a, revoke gitea on b) — quit anyway?');
  });
});
