/**
 * What fills the name cache for TAB: a status refresh records the box's init services and rpcd objects,
 * the exposure listing its sites and exposables; demo boxes, failed and stale reads record nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import { demoFleet } from '../../src/backends/sim/index.js';
import { listExposure } from '../../src/core/exposure/index.js';
import { rememberNames } from '../../src/core/exposure/list.js';
import { readNameCache, readNames } from '../../src/core/nameCache.js';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import { openSession } from '../../src/core/sessionImpl.js';
import { fleetStatus, refreshBox, rememberSnapshotNames } from '../../src/core/status/index.js';
import { SUBSYSTEMS } from '../../src/registry/index.js';

beforeEach(() => { process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'secubox-names-rec-')); });

describe('name recording', () => {
  it('the demo fleet leaves the cache empty (status and exposure)', async () => {
    const session = await openSession({ env: {}, demo: true, prompter: nonInteractivePrompter });
    try {
      await fleetStatus(session, session.resolveTargets({ all: true }), SUBSYSTEMS);
      await listExposure(await session.open('demo-alpha'));
    } finally {
      await session.close();
    }
    expect(readNameCache()).toEqual([]);
  });

  it('a real box\'s status records its init services and rpcd objects; stale or failed reads record nothing', async () => {
    const f = demoFleet({ speed: 50 });
    const snap = await refreshBox(createBox('demo-bravo', f.transport('demo-bravo')), SUBSYSTEMS);
    const real = { ...snap, box: 'r1', demo: undefined };
    rememberSnapshotNames({ ...real, box: 'r2', stale: true });
    rememberSnapshotNames({ ...real, box: 'r3', reach: 'unreachable' });
    expect(readNameCache()).toEqual([]);
    rememberSnapshotNames(real);
    expect(readNames('service', 'r1')).toEqual(snap.services.map((s) => s.name));
    expect(readNames('service', 'r1')).toContain('haproxy');
    expect(readNames('ubus-object', 'r1')).toContain('luci.crowdsec-dashboard');
  });

  it('the exposure listing of a real box records sites and exposables (not as init services)', async () => {
    const f = demoFleet({ speed: 50 });
    const list = await listExposure(createBox('demo-alpha', f.transport('demo-alpha')), { remember: false });
    rememberNames({ ...list, box: 'r1' }, { transport: { ...f.transport('demo-alpha'), kind: 'ssh' } });
    expect(readNames('site', 'r1')).toEqual(expect.arrayContaining(['blog', 'docs']));
    expect(readNames('exposable', 'r1')).toEqual(expect.arrayContaining(['blog', 'gitea']));
    expect(readNames('service', 'r1')).toEqual([]);
  });
});
