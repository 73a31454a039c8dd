/** secubox status: table on a TTY, TSV when piped, stable --json, exit codes (demo fleet + a recorded box). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(() => { sb = sandbox(); sb.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'secubox-cache-')); });
afterEach(() => sb.cleanup());

/** --demo: the session's own demo fleet (the harness keeps its sim transports). */
function demo(args: string[], o: { ttyOut?: boolean } = {}) {
  return runCli(['--demo', ...args], { env: sb.env, ...o });
}

describe('secubox status', () => {
  it('--json: one stable document, unreachable box included with its reason; exit 4 (some boxes failed)', async () => {
    const r = await demo(['status', '--all', '--json']);
    expect(r.code).toBe(4);
    const doc = JSON.parse(r.stdout) as { demo: boolean; boxes: Record<string, unknown>[] };
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(Object.keys(doc)).toEqual(['demo', 'boxes']);
    expect(doc.demo).toBe(true);
    expect(doc.boxes.map((b) => b.box)).toEqual(['demo-alpha', 'demo-bravo', 'demo-charlie']);
    for (const b of doc.boxes) {
      expect(Object.keys(b)).toEqual(['box', 'host', 'reach', 'reason', 'fetchedAt', 'stale', 'demo', 'system', 'services', 'subsystems', 'alerts', 'meshPeers', 'jobs']);
    }
    const [alpha, bravo, charlie] = doc.boxes as { reach: string; reason: string | null; system: Record<string, unknown>; alerts: { count: number }; fetchedAt: string | null }[];
    expect(alpha!.reach).toBe('ok');
    expect(Object.keys(alpha!.system)).toEqual(['model', 'board', 'firmware', 'release', 'kernel', 'hostname', 'uptimeS', 'load', 'mem', 'disk']);
    expect(alpha!.fetchedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(bravo!.alerts.count).toBe(7);
    expect(charlie).toMatchObject({ reach: 'unreachable', fetchedAt: null });
    expect(charlie!.reason).toMatch(/^no route to host /); // not "demo-charlie: no route...": the record is the box's own
    expect(r.stderr).toMatch(/^demo-charlie: unreachable: /m);
  });

  it('piped: TSV without header, one line per box, 15 fields', async () => {
    const r = await demo(['status', '--all']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l.split('\t')).toHaveLength(15);
    const alpha = lines[0]!.split('\t');
    expect(alpha.slice(0, 3)).toEqual(['demo-alpha', 'root@demo-alpha.demo.invalid', 'ok']);
    expect(Number(alpha[5])).toBeGreaterThan(86400); // uptime in seconds
    expect(r.stdout).not.toMatch(/BOX|REACH|\u001b/);
  });

  it('TTY: DEMO banner, aligned table with a header, and one box adds its subsystems by layer', async () => {
    const all = await demo(['status', '--all'], { ttyOut: true });
    expect(all.stdout).toMatch(/^DEMO fleet/);
    expect(all.stdout).toMatch(/^BOX +HOST +REACH +MODEL/m);
    const one = await demo(['status', '--box', 'demo-bravo'], { ttyOut: true });
    expect(one.code).toBe(0);
    for (const layer of ['Core Mesh', 'AI Gateway', 'MirrorNetworking', 'Roadmap']) expect(one.stdout).toContain(layer);
    expect(one.stdout).toMatch(/HAProxy +stopped/);
    expect(one.stdout).toMatch(/crowdsecurity\/ssh-bf/);
  });

  it('exit 3 when no box answers', async () => {
    const r = await demo(['status', '--box', 'demo-charlie', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).boxes[0].reach).toBe('unreachable');
  });
});
