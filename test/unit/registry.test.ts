/** The registry: generated from the box contract, classified against the transcripts' side-effect markers. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMethod, getSubsystem, isPureRead, readMethods, SUBSYSTEMS, subsystemsOfLayer } from '../../src/registry/index.js';
import { REPO_ROOT, SHARED, TRANSCRIPTS } from '../helpers/shared.js';

interface CatalogMethod { name: string; acl: string }
interface CatalogSub { id: string; layer: string; ubus: { object: string; methods: CatalogMethod[] } | null; additionalUbus: { object: string; methods: CatalogMethod[] }[] }
const catalog = JSON.parse(readFileSync(join(SHARED, 'box-contract', 'catalog.json'), 'utf8')) as CatalogSub[];

/** `object method` pairs INDEX.md marks `[side effect: …]`, read independently of the generator. */
function sideEffectMarkers(): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(join(TRANSCRIPTS, 'INDEX.md'), 'utf8').split('\n')) {
    if (!line.includes('[side effect:')) continue;
    const m = /ubus call (\S+) (\S+)/.exec(line);
    if (m) out.add(`${m[1]} ${m[2]}`);
  }
  return out;
}

describe('registry', () => {
  it('the committed generated file is what the generator makes from the contract', () => {
    expect(() => execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'gen-registry.mjs'), '--check'], { env: { ...process.env, SECUBOX_SHARED: SHARED }, stdio: 'pipe' })).not.toThrow();
  });

  it('declares every catalogued subsystem with its layer, in the four layers', () => {
    expect(SUBSYSTEMS.map((s) => s.id)).toEqual(catalog.map((c) => c.id));
    for (const c of catalog) expect(getSubsystem(c.id)!.layer).toBe(Number(c.layer[0]));
    expect(subsystemsOfLayer(1).length).toBe(27);
    expect(subsystemsOfLayer(2).length).toBe(7);
    expect(subsystemsOfLayer(3).length).toBe(5);
    expect(subsystemsOfLayer(4).length).toBe(2);
  });

  it('keeps every catalogued ubus method, and only the ACL reads can be pure reads', () => {
    for (const c of catalog) {
      for (const u of [c.ubus, ...c.additionalUbus].filter((x) => x !== null)) {
        for (const m of u.methods) {
          const d = findMethod(u.object, m.name);
          expect(d, `${u.object} ${m.name}`).toBeDefined();
          if (m.acl === 'write') expect(d!.kind, `${u.object} ${m.name}`).toBe('write');
        }
      }
    }
  });

  it('every INDEX [side effect] read of a declared object is a side-effect method, never a pure read', () => {
    const markers = sideEffectMarkers();
    expect(markers.size).toBeGreaterThanOrEqual(9);
    let checked = 0;
    for (const key of markers) {
      const [object, method] = key.split(' ') as [string, string];
      const d = findMethod(object, method);
      if (!d) continue; // objects outside the 41 catalogued subsystems
      checked++;
      expect(d.kind, key).toBe('side-effect');
      expect(isPureRead(object, method), key).toBe(false);
      expect(readMethods(object).map((m) => m.name)).not.toContain(method);
    }
    expect(checked).toBe(3);
    expect(findMethod('luci.master-link', 'status')?.sideEffect).toMatch(/factory\.key/);
  });

  it('status methods are pure reads without parameters; master-link (whose status writes) has none', () => {
    for (const s of SUBSYSTEMS) {
      if (!s.status) continue;
      expect(isPureRead(s.status.object, s.status.method), `${s.id}: ${s.status.object} ${s.status.method}`).toBe(true);
      expect(s.objects).toContain(s.status.object);
    }
    expect(getSubsystem('master-link')!.status).toBeUndefined();
    expect(getSubsystem('crowdsec')!.status).toEqual({ object: 'luci.crowdsec-dashboard', method: 'status' });
    expect(SUBSYSTEMS.filter((s) => s.status).length).toBeGreaterThan(25);
  });

  it('overrides for the subsystems used deeply, aliases and logs', () => {
    expect(getSubsystem('luci.exposure')!.id).toBe('punk-exposure');
    expect(getSubsystem('exposure')).toBeUndefined(); // `secubox exposure` is the exposure listing verb
    expect(getSubsystem('luci.metablogizer')!.id).toBe('metablogizer');
    expect(getSubsystem('metablogizer')!.mainList).toMatchObject({ method: 'list_sites', itemsKey: 'sites' });
    expect(getSubsystem('haproxy')!.logsMethod).toEqual({ object: 'luci.haproxy', method: 'get_logs', linesParam: 'lines' });
    expect(getSubsystem('haproxy')!.services).toEqual(['haproxy']);
    expect(getSubsystem('wireguard')!.services).toEqual([]);
    expect(getSubsystem('identity')!.cli[0]!.json).toBe('native');
    const w = findMethod('luci.exposure', 'revoke')!;
    expect(w).toMatchObject({ kind: 'write', dangerous: true });
    expect(findMethod('luci.crowdsec-dashboard', 'status_cached')).toMatchObject({ kind: 'read', notInAcl: true });
  });
});
