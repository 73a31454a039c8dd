/**
 * The REAL TUI (`node bin/secubox`, built) in tmux against a box served over the REAL dropbear whose emancipation
 * really succeeds (harness preset `blog-healthy`: the recorded box with its haproxy config repaired; the box's own
 * job writes the after-state). fleet → box → exposure → select blog → e → form → confirm → the steps live → the
 * VERIFIED result, at 100×30 and at 80×24, no line wider than the terminal. The lying box's verified FAILURE is
 * tui.test.ts; this is the success path of issue 3.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';
import { startBox, type TestBox } from '../integration/harness/index.js';
import { ensureBuilt, TmuxTui } from './tmux.js';

let tmp: string;
const running: TmuxTui[] = [];
const boxes: TestBox[] = [];

beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'secubox-e2e-success-'));
}, 300_000);
afterEach(() => { while (running.length) running.pop()!.kill(); });
afterAll(async () => {
  for (const b of boxes) await b.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every line of the pane fits the terminal and the frame starts on the first row (nothing scrolled or wrapped). */
function assertLayout(screen: string, columns: number, rows: number): void {
  const lines = screen.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  expect(lines[0]).toMatch(/^secubox/);
  for (const l of lines) expect([...l].length, `wider than ${columns}: ${l}`).toBeLessThanOrEqual(columns);
}

const STEPS = ['DNS', 'VORTEX', 'HAPROXY', 'WAF', 'PATH', 'SSL', 'RELOAD'];

for (const [columns, rows] of [[100, 30], [80, 24]] as const) {
  describe(`TUI in tmux, healthy box over the real dropbear (${columns}×${rows})`, () => {
    it('fleet → box → exposure → emancipate blog → steps live → VERIFIED; the listing then shows it exposed', async () => {
      // A fresh box: "blog exists, not emancipated", on a box where emancipating works.
      const box = await startBox({ server: 'dropbear', preset: 'blog-healthy' });
      boxes.push(box);
      const dir = join(tmp, `lab-${columns}`);
      mkdirSync(join(dir, 'home'), { recursive: true });
      const env = { HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'xdg'), XDG_STATE_HOME: join(dir, 'state'), LANG: 'C.UTF-8', PATH: process.env.PATH ?? '/usr/bin:/bin' };
      execFileSync(process.execPath, [
        join(REPO_ROOT, 'bin', 'secubox'), 'box', 'add', 'lab', '--host', '127.0.0.1', '--port', String(box.port),
        '--user', box.user, '--identity', box.clientKey, '--accept-new',
      ], { env: { ...env, NO_COLOR: '1' }, stdio: 'pipe', cwd: REPO_ROOT });

      const t = new TmuxTui({ columns, rows, env, args: [] });
      running.push(t);
      t.start();
      const fleet = await t.waitText(/lab\s+● ok/, 30_000);
      expect(fleet).not.toContain('DEMO');
      assertLayout(fleet, columns, rows);

      // fleet → box (the only box is selected)
      t.key('Enter');
      await t.waitText('› lab');
      assertLayout(await t.waitText(/Subsystems \d+/, 20_000), columns, rows);

      // box → exposure: blog is a site, private for now
      t.key('x');
      const list = await t.waitText(/^blog\s+site/m, 20_000);
      assertLayout(list, columns, rows);
      for (let i = 0; i < 10 && !/^blog site \(/m.test(t.screen()); i++) {
        t.key('j');
        await pause(150);
      }
      expect(t.screen()).toMatch(/^blog site \(/m);

      // e → the form → Enter → the confirmation naming the box and the call
      box.clearCalls();
      t.key('e');
      assertLayout(await t.waitText('Emancipate site blog on lab'), columns, rows);
      t.key('Enter');
      const confirm = await t.waitText('Emancipate site blog on box lab?', 20_000);
      expect(confirm).toContain('luci.metablogizer emancipate');
      assertLayout(confirm, columns, rows);
      t.key('y');

      // the steps appear live: some already done while the job still runs (the box is polled once a second)
      const live = await t.waitFor((s) => /✓ DNS\b/.test(s) && /▶ (VORTEX|HAPROXY|WAF|PATH|SSL|RELOAD|VERIFY)\b/.test(s) && !s.includes('VERIFIED'), 'a running step after DNS is done', 60_000);
      assertLayout(live, columns, rows);

      // then the verified result, every step ok
      const done = await t.waitText('VERIFIED', 90_000);
      assertLayout(done, columns, rows);
      expect(done).toMatch(/✓ blog emancipated on lab: VERIFIED/);
      expect(done).not.toContain('NOT emancipated');
      for (const step of STEPS) expect(done).toMatch(new RegExp(`✓ ${step}\\b`));
      expect(done).toMatch(/✓ DNS\s+Public IP: 203\.0\.113\.10|✓ DNS\s+Creating A record/);
      expect(done).not.toMatch(/[✗!] (DNS|VORTEX|HAPROXY|WAF|PATH|SSL|RELOAD|VERIFY)\b/);

      // the box really has the state, and it is what the tool read back
      const calls = box.calls().join('\n');
      expect(calls).toContain('ubus call luci.metablogizer emancipate {"id":"site_blog"}');
      expect(calls).toContain('uci -q -S get haproxy.blog_example_test');
      expect(box.uciCommitted('haproxy')).toContain('haproxy.blog_example_test=');
      expect(box.uciCommitted('metablogizer')).toContain("metablogizer.site_blog.emancipated='1'");

      // the exposure listing, refreshed from the box, now shows the site exposed with its certificate
      const after = await t.waitText(/^blog\s+site\s+8901 .*blog\.example\.test \(valid\).*● exposed/m, 30_000);
      assertLayout(after, columns, rows);

      t.key('q');
      const end = await t.waitExit();
      expect(end).toMatchObject({ status: 0, alternate: false, leftAlternate: true, cursorShown: true });
    }, 240_000);
  });
}
