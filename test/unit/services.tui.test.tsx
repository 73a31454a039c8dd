/**
 * The TUI's service actions and subsystem tabs go through the same core functions as the verbs
 * (core/services, core/subsystemCalls): a verified result in the toast, the config tab from one batch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../src/backends/types.js';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import type { Session } from '../../src/core/session.js';
import { openSession } from '../../src/core/sessionImpl.js';
import { App } from '../../src/screens/App.js';
import { KEY, renderTui, type Rendered } from '../screens/harness.js';

let r: Rendered | undefined;
let session: Session | undefined;
afterEach(async () => { r?.unmount(); r = undefined; await session?.close(); session = undefined; });

async function openCrowdsec(): Promise<{ r: Rendered; calls: string[]; events: CallEvent[] }> {
  session = await openSession({ env: {}, demo: true, prompter: nonInteractivePrompter });
  const calls: string[] = [];
  const events: CallEvent[] = [];
  session.onCall((ev) => { if (ev.box === 'demo-alpha') { calls.push(ev.label); events.push(ev); } });
  r = renderTui(<App session={session} color={false} />, { columns: 100, rows: 32 });
  await r.waitText(/demo-alpha\s.*● ok/);
  await r.press(KEY.enter);
  await r.waitText(/CrowdSec/);
  await r.press('/', ...'crowdsec', KEY.enter);
  await r.waitFor((f) => /CrowdSec/.test(f) && !/MAC Guardian/.test(f), 'the list filtered to CrowdSec');
  await r.press(KEY.enter);
  await r.waitText(/Status.*Methods.*Config.*Service.*Logs/);
  return { r, calls, events };
}

describe('TUI subsystem screen through core functions', () => {
  it('S stops the service after a confirmation, and the toast reports the state READ BACK', async () => {
    const { r: t, calls } = await openCrowdsec();
    await t.press('S');
    const f = await t.waitText('Stop service crowdsec on box demo-alpha?');
    expect(f).toContain('/etc/init.d/crowdsec stop');
    calls.length = 0;
    await t.press('y');
    await t.waitText('crowdsec stop on demo-alpha: ok, stopped, enabled (verified)', 10_000);
    // serviceAction: a status batch, the init script, a status batch (read back)
    const i = calls.indexOf('service crowdsec stop');
    expect(i).toBeGreaterThan(0);
    expect(calls.slice(0, i)).toContain('ubus call service list');
    expect(calls.slice(i + 1)).toContain('ubus call service list');
  }, 30_000);

  it('the Config tab shows every UCI config of the subsystem, read in one batch', async () => {
    const { r: t, events } = await openCrowdsec();
    events.length = 0;
    await t.press(KEY.tab, KEY.tab);
    await t.waitText('# uci export crowdsec');
    const reads = events.filter((e) => e.label.startsWith('uci export '));
    expect(reads.map((e) => e.argv.join(' '))).toEqual(['uci export crowdsec', 'uci export crowdsec-dashboard', 'uci export crowdsec_abuseipdb']);
    expect(reads.map((e) => e.batch)).toEqual([0, 1, 2].map((index) => ({ index, size: 3 })));
    await t.waitText('# uci export crowdsec_abuseipdb');
  }, 30_000);
});
