/** Re-render when the snapshot store changes (coalesced: a fleet refresh puts many snapshots at once). */
import { useEffect, useState } from 'react';
import type { SnapshotStore } from '../core/status/index.js';

export function useSnapshotVersion(store: SnapshotStore, box?: string, coalesceMs = 50): number {
  const [v, setV] = useState(0);
  useEffect(() => {
    let t: NodeJS.Timeout | undefined;
    const off = store.subscribe((snap) => {
      if (box !== undefined && snap.box !== box) return;
      if (t) return;
      t = setTimeout(() => { t = undefined; setV((x) => x + 1); }, coalesceMs);
    });
    return () => { off(); if (t) clearTimeout(t); };
  }, [store, box, coalesceMs]);
  return v;
}
