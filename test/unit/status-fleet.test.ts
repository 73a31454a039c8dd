/** fleetStatus over fanOut: per-box snapshots in order, unreachable boxes keep their last data marked stale. */
import { describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import { demoFleet } from '../../src/backends/sim/index.js';
import type { Transport } from '../../src/backends/types.js';
import type { BoxEntry } from '../../src/core/inventory.js';
import { JobManager } from '../../src/core/jobs.js';
import type { Session } from '../../src/core/session.js';
import { fleetStatus, SnapshotStore, type BoxSnapshot } from '../../src/core/status/index.js';
import { UnreachableError } from '../../src/lib/errors.js';
import { SUBSYSTEMS } from '../../src/registry/index.js';

function session(transports: Record<string, Transport>): Session {
  return {
    inventory: undefined as unknown as Session['inventory'],
    demo: false,
    resolveTargets: () => [],
    open: async (b) => { const name = typeof b === 'string' ? b : b.name; return createBox(name, transports[name]!); },
    where: (e) => `${e.user ?? 'root'}@${e.host}:${e.port ?? 22}`,
    onCall: () => () => undefined,
    close: async () => undefined,
  };
}

describe('fleetStatus', () => {
  it('keeps the last snapshot of a box that stops answering, marked stale, and fills jobs', async () => {
    const f = demoFleet({ speed: 50 });
    let down = false;
    const alpha = f.transport('demo-alpha');
    const flaky: Transport = {
      kind: 'ssh', target: 'root@127.0.0.1:2299',
      exec: (a, o) => (down ? Promise.reject(new UnreachableError('flaky', 'network', 'flaky: connection refused')) : alpha.exec(a, o)),
      batch: (c, o) => (down ? Promise.reject(new UnreachableError('flaky', 'network', 'flaky: connection refused')) : alpha.batch!(c, o)),
      close: async () => undefined,
    };
    const s = session({ 'demo-bravo': f.transport('demo-bravo'), flaky });
    const entries: BoxEntry[] = [{ name: 'flaky', host: '127.0.0.1', port: 2299, user: 'root', tags: [] }, { name: 'demo-bravo', host: 'b', tags: [] }];
    const store = new SnapshotStore();
    const jobs = new JobManager();
    jobs.start({ box: 'flaky', kind: 'emancipate', title: 'emancipate blog', run: () => new Promise(() => undefined) });
    const seen: string[] = [];
    const first = await fleetStatus(s, entries, SUBSYSTEMS, { store, jobs, onSnapshot: (x) => seen.push(x.box) });
    expect(first.map((x) => [x.box, x.reach, x.stale])).toEqual([['flaky', 'ok', false], ['demo-bravo', 'ok', false]]);
    expect(first[0]!.host).toBe('root@127.0.0.1:2299');
    expect(first[0]!.jobs).toEqual([expect.objectContaining({ kind: 'emancipate', state: 'running' })]);
    expect(seen.sort()).toEqual(['demo-bravo', 'flaky']);
    down = true;
    const second = await fleetStatus(s, entries, SUBSYSTEMS, { store });
    const gone = second[0] as BoxSnapshot;
    expect(gone).toMatchObject({ box: 'flaky', reach: 'unreachable', stale: true, reason: 'connection refused' });
    expect(gone.fetchedAt).toBe(first[0]!.fetchedAt);
    expect(gone.system.hostname).toBe('demo-alpha');
    expect(second[1]!.stale).toBe(false);
    expect(store.history('demo-bravo').length).toBe(2);
    expect(store.history('flaky').length).toBe(1);
  });

  it('a box with no snapshot yet that cannot be reached gets an empty snapshot with its reason', async () => {
    const f = demoFleet({ speed: 50 });
    const s = session({ 'demo-charlie': f.transport('demo-charlie') });
    const [c] = await fleetStatus(s, [{ name: 'demo-charlie', host: 'c', tags: [] }], [], { store: new SnapshotStore() });
    expect(c).toMatchObject({ reach: 'unreachable', stale: false, fetchedAt: null });
    expect(c!.reason).toMatch(/unreachable on purpose/);
  });
});
