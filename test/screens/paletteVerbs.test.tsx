/**
 * The `:` palette runs the CLI's verbs in the TUI (demo fleet): a subsystem method with CLI words
 * (`:crowdsec ban IP`, confirmed, answer shown), a subsystem on a tab (`:logs`, `:cs config`),
 * `:service NAME ACTION` (confirmed, state read back), and the `?` help lists them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import type { Session } from '../../src/core/session.js';
import { openSession } from '../../src/core/sessionImpl.js';
import { App } from '../../src/screens/App.js';
import { KEY, renderTui, type Rendered } from './harness.js';

let r: Rendered | undefined;
let session: Session | undefined;
afterEach(async () => { r?.unmount(); r = undefined; await session?.close(); session = undefined; });

async function open(readOnly = false): Promise<Rendered> {
  session = await openSession({ env: {}, demo: true, prompter: nonInteractivePrompter });
  r = renderTui(<App session={session} color={false} readOnly={readOnly} />, { columns: 100, rows: 32 });
  await r.waitText(/demo-alpha\s.*● ok/);
  return r;
}

async function palette(rr: Rendered, text: string): Promise<void> {
  await rr.press(':');
  rr.stdin.write(`${text}\r`);
}

describe('palette verbs on the demo fleet', () => {
  it(':crowdsec ban IP asks a confirmation with the mapped parameters, then shows the answer; decisions lists it', async () => {
    const rr = await open();
    await palette(rr, 'crowdsec ban 203.0.113.7 2h --box demo-bravo');
    let f = await rr.waitText('on box demo-bravo?');
    expect(f).toContain('luci.crowdsec-dashboard ban');
    expect(f).toContain('{"ip":"203.0.113.7","duration":"2h"}');
    await rr.press('y');
    f = await rr.waitText('IP 203.0.113.7 banned for 2h');
    expect(f).toMatch(/CrowdSec/);
    await palette(rr, 'cs decisions');
    f = await rr.waitText('ubus call luci.crowdsec-dashboard decisions');
    await rr.waitText('203.0.113.7');
  }, 60_000);

  it('No leaves the box alone; a bad argument is reported, nothing is called', async () => {
    const rr = await open();
    await palette(rr, 'cs unban 203.0.113.9 --box demo-bravo');
    await rr.waitText('on box demo-bravo?');
    await rr.press('n');
    await new Promise((res) => setTimeout(res, 200));
    expect(rr.frame()).not.toContain('No active decision');
    await palette(rr, 'cs decisions extra-word --box demo-bravo');
    await rr.waitText(/FAILED/);
    expect(rr.frame()).toMatch(/decisions.*(argument|parameter)/);
  }, 60_000);

  it(':logs and :SUBSYSTEM TAB open the subsystem on that tab', async () => {
    const rr = await open();
    await palette(rr, 'logs crowdsec --box demo-bravo');
    await rr.waitText(/logread|following/);
    await palette(rr, 'cs config --box demo-bravo');
    await rr.waitText(/# uci export crowdsec|has no UCI config/);
  }, 60_000);

  it(':service NAME ACTION confirms, acts, and reports the state read back', async () => {
    const rr = await open();
    await palette(rr, 'service haproxy start --box demo-bravo');
    const f = await rr.waitText('on box demo-bravo?');
    expect(f).toContain('/etc/init.d/haproxy start');
    await rr.press('y');
    await rr.waitText(/haproxy start on demo-bravo: ok, running, enabled \(verified\)/);
    // the screen refreshes after the action (even when a background refresh was running): the row counts it up
    await rr.waitText(/demo-bravo\s.*\s7\/0\s/);
  }, 60_000);

  it('? lists the palette commands; read-only leaves the write verbs out and refuses them', async () => {
    let rr = await open();
    await rr.press('?');
    await rr.waitText('Keys');
    for (let i = 0; i < 6; i++) await rr.press(KEY.pgdn);
    let f = await rr.waitText(':service NAME ACTION');
    expect(f).toContain(':logs SUBSYSTEM');
    rr.unmount();
    await session?.close();
    rr = await open(true);
    await rr.press('?');
    for (let i = 0; i < 6; i++) await rr.press(KEY.pgdn);
    f = await rr.waitText(':logs SUBSYSTEM');
    expect(f).not.toContain(':service NAME');
    await rr.press(KEY.esc);
    await palette(rr, 'service haproxy stop --box demo-bravo');
    await rr.waitText('read-only: service stop is disabled');
  }, 60_000);
});
