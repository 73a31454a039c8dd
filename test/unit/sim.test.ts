/** The demo fleet: the three boxes behave as described, and the whole emancipate flow works on it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import { demoFleet } from '../../src/backends/sim/index.js';
import { UnreachableError } from '../../src/lib/errors.js';
import { refreshBox } from '../../src/core/status/index.js';
import { emancipate, listExposure, planEmancipate, planRevoke, revoke } from '../../src/core/exposure/index.js';
import { SUBSYSTEMS } from '../../src/registry/index.js';

beforeAll(() => { process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'secubox-names-')); });

function fleet() {
  const f = demoFleet({ speed: 50 });
  const box = (name: string) => createBox(name, f.transport(name));
  return { f, box };
}

describe('demo fleet', () => {
  it('has three DEMO boxes, one of them unreachable', async () => {
    const { f, box } = fleet();
    expect(f.entries.map((e) => e.name)).toEqual(['demo-alpha', 'demo-bravo', 'demo-charlie']);
    expect(f.transport('demo-alpha').kind).toBe('sim');
    await expect(box('demo-charlie').exec(['ubus', 'list'])).rejects.toBeInstanceOf(UnreachableError);
    await expect(box('demo-charlie').exec(['ubus', 'list'])).rejects.toMatchObject({ reason: 'network' });
  });

  it('demo-alpha is healthy: system facts, services up, no alerts, peers', async () => {
    const { box } = fleet();
    const snap = await refreshBox(box('demo-alpha'), SUBSYSTEMS);
    expect(snap.reach).toBe('ok');
    expect(snap.demo).toBe(true);
    expect(snap.system.model).toContain('DEMO');
    expect(snap.system.hostname).toBe('demo-alpha');
    expect(snap.system.firmware).toMatch(/^OpenWrt 23\.05\.5/);
    expect(snap.system.load?.[0]).toBeGreaterThan(0);
    expect(snap.system.mem!.total).toBeGreaterThan(snap.system.mem!.available);
    expect(snap.system.disk?.mount).toBe('/overlay');
    expect(snap.alerts.count).toBe(0);
    expect(snap.meshPeers).toBe(2);
    const cs = snap.subsystems.find((s) => s.id === 'crowdsec')!;
    expect(cs.state).toBe('running');
    expect(snap.subsystems.find((s) => s.id === 'jellyfin')!.state).toBe('not-installed');
    expect(snap.services.find((s) => s.name === 'haproxy')).toEqual({ name: 'haproxy', enabled: true, running: true });
  });

  it('demo-bravo has CrowdSec alerts and a stopped service', async () => {
    const { box } = fleet();
    const snap = await refreshBox(box('demo-bravo'), SUBSYSTEMS, { detail: true });
    expect(snap.alerts.count).toBe(7);
    expect(snap.alerts.recent.length).toBe(5);
    expect(snap.alerts.recent[0]).toMatchObject({ scenario: 'crowdsecurity/ssh-bf', ip: '203.0.113.45' });
    expect(snap.services.find((s) => s.name === 'haproxy')?.running).toBe(false);
    expect(snap.subsystems.find((s) => s.id === 'haproxy')!.state).toBe('stopped');
  });

  it('load moves over time (charts move)', async () => {
    let now = 1_700_000_000_000;
    const f = demoFleet({ speed: 50, clock: () => now });
    const b = createBox('demo-alpha', f.transport('demo-alpha'));
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      loads.push((await refreshBox(b, [])).system.load![0]);
      now += 9_000;
    }
    expect(new Set(loads).size).toBeGreaterThan(2);
  });

  it('emancipates a site end to end on demo-alpha, with the 7 steps, verified', async () => {
    const { box } = fleet();
    const b = box('demo-alpha');
    const plan = await planEmancipate(b, 'docs');
    expect(plan.kind).toBe('site');
    const seen: string[] = [];
    const r = await emancipate(b, plan, { pollIntervalMs: 20, onStep: (_s, cur) => { if (cur) seen.push(cur.split(':')[0]!); } });
    expect(r.ok).toBe(true);
    expect(r.verified).toBe(true);
    expect(r.steps.map((s) => [s.name, s.state])).toEqual([
      ['DNS', 'ok'], ['VORTEX', 'ok'], ['HAPROXY', 'ok'], ['WAF', 'ok'], ['PATH', 'ok'], ['SSL', 'ok'], ['RELOAD', 'ok'], ['VERIFY', 'ok'],
    ]);
    expect(new Set(seen).size).toBeGreaterThan(2);
    const list = await listExposure(b);
    expect(list.items.find((i) => i.name === 'docs')).toMatchObject({ kind: 'site', emancipated: true, state: 'exposed' });
    // and back
    const rv = await revoke(b, await planRevoke(b, 'docs'));
    expect(rv.ok).toBe(true);
    expect((await listExposure(b)).items.find((i) => i.name === 'docs')?.emancipated).toBe(false);
  });

  it('demo-bravo says EMANCIPATION COMPLETE but the state is not there: reported as failed', async () => {
    const { box } = fleet();
    const b = box('demo-bravo');
    const r = await emancipate(b, await planEmancipate(b, 'shop'), { pollIntervalMs: 20 });
    expect(r.boxSaid).toMatch(/EMANCIPATION COMPLETE/);
    expect(r.ok).toBe(false);
    expect(r.steps.find((s) => s.name === 'VERIFY')?.state).toBe('failed');
    expect(r.channels.dns?.verified).toBe(false);
  });

  it('exposes a service (Tor + DNS) on demo-alpha and revokes it, verified both ways', async () => {
    const { box } = fleet();
    const b = box('demo-alpha');
    const plan = await planEmancipate(b, 'streamlit', { tor: true, dns: true, domain: 'apps.demo.example' });
    expect(plan.kind).toBe('service');
    expect(plan.port).toBe(8501);
    const r = await emancipate(b, plan);
    expect(r.ok).toBe(true);
    expect(r.channels.tor?.verified).toBe(true);
    expect(r.channels.dns?.verified).toBe(true);
    const rv = await revoke(b, await planRevoke(b, 'streamlit'));
    expect(rv.ok).toBe(true);
  });

  it('no channel flag = all three; the mesh channel the box cannot do is a warning, not a failure', async () => {
    const { box } = fleet();
    const b = box('demo-alpha');
    const plan = await planEmancipate(b, 'nextcloud', { domain: 'cloud.demo.example' });
    expect(plan.channels).toEqual({ tor: true, dns: true, mesh: true });
    const r = await emancipate(b, plan);
    expect(r.steps.find((s) => s.name === 'MESH')?.state).toBe('failed');
    expect(r.ok).toBe(true);
    expect(r.warnings.join('\n')).toMatch(/mesh: the box reports "Failed to publish service"/);
    const explicit = await emancipate(b, await planEmancipate(b, 'nextcloud', { mesh: true, tor: true }));
    expect(explicit.ok).toBe(false);
    expect(explicit.channels.mesh?.verified).toBe(false);
  });

  it('CrowdSec ban/unban change the decisions; bad input and methods the demo does not simulate are rpcd errors, never a fake success', async () => {
    const { box } = fleet();
    const b = box('demo-bravo');
    const ips = async () => (await b.ubus.call<{ decisions: { value: string; origin: string }[] }>('luci.crowdsec-dashboard', 'decisions')).decisions.filter((d) => d.origin === 'cscli').map((d) => d.value);
    expect(await ips()).toEqual([]);
    expect(await b.ubus.call('luci.crowdsec-dashboard', 'ban', { ip: '203.0.113.7', duration: '2h' })).toMatchObject({ success: true, message: 'IP 203.0.113.7 banned for 2h' });
    expect(await ips()).toEqual(['203.0.113.7']);
    await expect(b.ubus.call('luci.crowdsec-dashboard', 'ban', { ip: '1.2.3.4; reboot' })).rejects.toThrow(/Invalid IP address/);
    await b.ubus.call('luci.crowdsec-dashboard', 'unban', { ip: '203.0.113.7' });
    expect(await ips()).toEqual([]);
    await expect(b.ubus.call('luci.crowdsec-dashboard', 'unban', { ip: '203.0.113.7' })).rejects.toThrow(/No active decision/);
    await expect(b.ubus.call('luci.haproxy', 'reload')).rejects.toThrow(/not simulated in the DEMO/);
  });
});
