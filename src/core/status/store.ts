/**
 * A small in-memory store of the last snapshot per box, plus a short history of load / memory
 * for the box screen's chart. Unreachable boxes keep their last good data, marked stale.
 */
import type { BoxSnapshot } from './types.js';

export interface HistoryPoint {
  t: number;
  load1: number | null;
  memUsedPct: number | null;
}

type Listener = (snap: BoxSnapshot) => void;

export class SnapshotStore {
  private readonly snaps = new Map<string, BoxSnapshot>();
  private readonly hist = new Map<string, HistoryPoint[]>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly historySize = 60) {}

  get(box: string): BoxSnapshot | undefined {
    return this.snaps.get(box);
  }

  all(): BoxSnapshot[] {
    return [...this.snaps.values()];
  }

  /** Recent load/memory points (oldest first), at most historySize. */
  history(box: string): readonly HistoryPoint[] {
    return this.hist.get(box) ?? [];
  }

  /**
   * Record a fresh result. When it is a failure (reach ≠ ok) and there is an earlier good snapshot,
   * the returned (and stored) snapshot is the earlier data marked stale, with the new reach/reason.
   */
  put(snap: BoxSnapshot): BoxSnapshot {
    const prev = this.snaps.get(snap.box);
    let stored = snap;
    if (snap.reach !== 'ok' && snap.reach !== 'pending' && prev && prev.fetchedAt !== null) {
      stored = { ...prev, reach: snap.reach, reason: snap.reason, stale: true, jobs: snap.jobs.length ? snap.jobs : prev.jobs };
    } else if (snap.reach === 'ok') {
      const h = this.hist.get(snap.box) ?? [];
      const mem = snap.system.mem;
      h.push({
        t: snap.fetchedAt ?? Date.now(),
        load1: snap.system.load ? snap.system.load[0] : null,
        memUsedPct: mem && mem.total > 0 ? Math.round(((mem.total - mem.available) / mem.total) * 1000) / 10 : null,
      });
      while (h.length > this.historySize) h.shift();
      this.hist.set(snap.box, h);
    }
    this.snaps.set(snap.box, stored);
    for (const l of this.listeners) l(stored);
    return stored;
  }

  delete(box: string): void {
    this.snaps.delete(box);
    this.hist.delete(box);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }
}
