/**
 * The TUI on the DEMO fleet (the in-process simulated boxes): fleet → box → exposure → emancipate
 * → live steps → verified result, palette verbs, read-only, the lying box, 80×24.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../src/core/sessionImpl.js';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import type { Session } from '../../src/core/session.js';
import { App } from '../../src/screens/App.js';
import { EXPOSURE } from '../../src/screens/keymap.js';
import { KEY, overlong, renderTui, type Rendered } from './harness.js';

let r: Rendered | undefined;
let session: Session | undefined;
afterEach(async () => { r?.unmount(); r = undefined; await session?.close(); session = undefined; });

async function demo(): Promise<Session> {
  session = await openSession({ env: {}, demo: true, prompter: nonInteractivePrompter });
  return session;
}

/** The detail line under the exposure table names the selected item. */
const selectedItem = (f: string) => /^(\S+) (?:site|service)(?: \([^)]*\))? · /m.exec(f)?.[1];

describe('TUI on the demo fleet', () => {
  it('fleet → box → exposure → emancipate docs → steps → verified', async () => {
    r = renderTui(<App session={await demo()} color={false} />, { columns: 100, rows: 32 });
    let f = await r.waitText('demo-charlie');
    expect(f).toContain('DEMO');
    await r.waitText(/demo-alpha\s.*● ok/);
    await r.press(KEY.enter);
    f = await r.waitText('Subsystems');
    expect(f).toMatch(/Core Mesh/);
    await r.waitText(/load \d/);
    await r.press('x');
    await r.waitText('docs');
    await r.waitFor((x) => selectedItem(x) === 'blog', 'blog selected');
    await r.press('j');
    await r.waitFor((x) => selectedItem(x) === 'docs', 'docs selected');
    await r.press('e');
    f = await r.waitText('Emancipate site docs on demo-alpha');
    await r.press(KEY.enter);
    f = await r.waitText('Emancipate site docs on box demo-alpha?');
    expect(f).toContain('luci.metablogizer emancipate');
    await r.press('y');
    f = await r.waitText(/▶ (DNS|VORTEX|HAPROXY)/, 15_000);
    expect(f).toContain('keeps running if you leave this screen');
    f = await r.waitText('VERIFIED', 30_000);
    for (const step of ['DNS', 'VORTEX', 'HAPROXY', 'WAF', 'PATH', 'SSL', 'RELOAD', 'VERIFY']) expect(f).toMatch(new RegExp(`✓ ${step}\\b`));
    expect(f).toMatch(/✓ docs emancipated on demo-alpha/);
    // The job is listed in the box's jobs; the list shows docs exposed once refreshed.
    await r.waitText(/docs\s+site.*● exposed/, 15_000);
    await r.press(KEY.esc);
    await r.waitText('Subsystems');
    await r.press(KEY.tab, KEY.tab, KEY.tab);
    await r.waitText(/emancipate docs on demo-alpha\s+✓ ok/);
  }, 60_000);

  it('the job keeps running after leaving the exposure screen', async () => {
    r = renderTui(<App session={await demo()} color={false} />, { columns: 100, rows: 32 });
    await r.waitText(/demo-alpha\s.*● ok/);
    await r.press(':');
    r.stdin.write('emancipate docs --box demo-alpha\r');
    await r.waitText('Emancipate site docs on demo-alpha');
    await r.press(KEY.enter);
    await r.waitText('Emancipate site docs on box demo-alpha?');
    await r.press('y');
    await r.waitText('1 job running');
    await r.press(KEY.esc);
    await r.waitText('Subsystems');
    await r.press(KEY.tab, KEY.tab, KEY.tab);
    await r.waitText(/emancipate docs on demo-alpha\s+… running/);
    await r.waitText(/emancipate docs on demo-alpha\s+✓ ok/, 30_000);
    await r.press(KEY.enter);
    const f = await r.waitText('Output of the box');
    expect(f).toContain('VERIFIED');
  }, 60_000);

  it('the lying box (demo-bravo): the box says COMPLETE, the TUI reports NOT emancipated (shop)', async () => {
    r = renderTui(<App session={await demo()} color={false} />, { columns: 100, rows: 32 });
    await r.waitText(/demo-bravo\s.*● ok/);
    await r.press(':');
    r.stdin.write('emancipate shop --box demo-bravo\r');
    await r.waitText('Emancipate site shop on demo-bravo');
    await r.press(KEY.enter);
    await r.waitText('on box demo-bravo?');
    await r.press('y');
    const f = await r.waitText(/✗ shop NOT emancipated on demo-bravo/, 30_000);
    expect(f).not.toContain('VERIFIED');
  }, 60_000);

  it('revoke asks a confirmation naming the box and the service; No changes nothing', async () => {
    r = renderTui(<App session={await demo()} color={false} />, { columns: 100, rows: 32 });
    await r.waitText(/demo-alpha\s.*● ok/);
    r.stdin.write('\rx');
    await r.waitText('gitea');
    await r.press('j', 'j');
    await r.waitFor((x) => selectedItem(x) === 'gitea', 'gitea selected');
    await r.press('R');
    const f = await r.waitText('Revoke service gitea on box demo-alpha?');
    expect(f).toContain('luci.exposure revoke');
    await r.press('n');
    await r.waitText('revoke cancelled');
    expect(r.frame()).not.toContain('job running');
  }, 60_000);

  it('the cursor follows the item when a refresh re-sorts the rows (R then names that item)', async () => {
    r = renderTui(<App session={await demo()} color={false} />, { columns: 100, rows: 32 });
    await r.waitText(/demo-alpha\s.*● ok/);
    r.stdin.write('\rx');
    await r.waitText(/gitea[^\n]*\n[^\n]*nextcloud/);
    await r.press('j', 'j', 'j');
    await r.waitFor((x) => selectedItem(x) === 'nextcloud', 'nextcloud selected');
    await r.press('e');
    await r.waitText('Emancipate service nextcloud on demo-alpha');
    await r.press(KEY.enter);
    await r.waitText('on box demo-alpha?');
    await r.press('y');
    await r.waitText(/nextcloud NOT emancipated|nextcloud emancipated/, 30_000);
    // the refresh after the job puts nextcloud above gitea: the selection stays on nextcloud
    await r.waitText(/nextcloud[^\n]*\n[^\n]*gitea/, 15_000);
    expect(selectedItem(r.frame())).toBe('nextcloud');
    await r.press('R');
    await r.waitText('Revoke service nextcloud on box demo-alpha?');
    await r.press('n');
  }, 60_000);

  it('--read-only hides every write action (footer, help, keys)', async () => {
    r = renderTui(<App session={await demo()} color={false} readOnly />, { columns: 100, rows: 40 });
    await r.waitText('READ-ONLY');
    await r.waitText(/demo-alpha\s.*● ok/);
    r.stdin.write('\rx');
    await r.waitText('docs');
    let f = r.frame();
    expect(f).not.toMatch(/e emancipate|R revoke/);
    await r.press('e');
    await new Promise((res) => setTimeout(res, 200));
    expect(r.frame()).not.toContain('Emancipate site');
    await r.press('?');
    f = await r.waitText('read-only: write actions hidden');
    for (const b of EXPOSURE.bindings.filter((x) => x.write)) expect(f).not.toContain(b.help);
    await r.press(KEY.esc, ':');
    r.stdin.write('revoke blog\r');
    await r.waitText('read-only: revoke is disabled');
  }, 60_000);

  it('fits 80×24 on every screen of the flow', async () => {
    r = renderTui(<App session={await demo()} color={false} />, { columns: 80, rows: 24 });
    const check = (f: string) => {
      expect(overlong(f, 80)).toEqual([]);
      expect(f.split('\n').length).toBeLessThanOrEqual(23);
    };
    check(await r.waitText(/demo-alpha\s.*● ok/));
    await r.press(KEY.enter);
    check(await r.waitText(/load \d/));
    await r.press('x');
    check(await r.waitText('docs'));
    await r.press('j', 'e');
    check(await r.waitText('Emancipate site docs'));
    await r.press(KEY.enter);
    check(await r.waitText('on box demo-alpha?'));
    await r.press('y');
    check(await r.waitText('VERIFIED', 30_000));
  }, 60_000);
});
