/**
 * Fleet status: refresh every box with bounded concurrency (core/fleet fanOut); one slow or dead box
 * never delays the others. Unreachable boxes keep their last snapshot (from the store), marked stale.
 */
import { fanOut } from '../fleet.js';
import type { BoxEntry } from '../inventory.js';
import type { Session } from '../session.js';
import { failedSnapshot, refreshBox } from './refresh.js';
import type { BoxSnapshot, FleetStatusOptions, JobSummary, SubsystemProbe } from './types.js';

function jobsFor(opts: FleetStatusOptions, box: string): JobSummary[] {
  if (!opts.jobs) return [];
  return opts.jobs.list({ box }).map((j) => ({ id: j.id, kind: j.kind, title: j.title, state: j.state }));
}

/** Refresh every entry; one snapshot per entry, in entry order. Never throws for a box's failure (only on abort). */
export async function fleetStatus(session: Session, entries: readonly BoxEntry[], subsystems: readonly SubsystemProbe[], opts: FleetStatusOptions = {}): Promise<BoxSnapshot[]> {
  const finish = (snap: BoxSnapshot): BoxSnapshot => {
    const withJobs = { ...snap, jobs: jobsFor(opts, snap.box) };
    const stored = opts.store ? opts.store.put(withJobs) : withJobs;
    opts.onSnapshot?.(stored);
    return stored;
  };
  const results = await fanOut(session, entries, async (box, entry, signal) => {
    const snap = await refreshBox(box, subsystems, {
      signal, detail: opts.detail, host: session.where(entry), demo: session.demo, previous: opts.store?.get(entry.name),
    });
    return finish(snap);
  }, { concurrency: opts.concurrency, timeoutMs: opts.timeoutMs, signal: opts.signal });
  if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
  return results.map((r, i) => {
    if (r.ok && r.value) return r.value;
    const entry = entries[i]!;
    return finish(failedSnapshot(entry.name, session.where(entry), r.error, session.demo || undefined));
  });
}
