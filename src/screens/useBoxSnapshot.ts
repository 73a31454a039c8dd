/** The open box's snapshot: refreshBox (one batch exec) every 2 s, kept in the shared SnapshotStore (stale on failure). */
import { useMemo } from 'react';
import { failedSnapshot, refreshBox, type BoxSnapshot } from '../core/status/index.js';
import { useResource, type Resource } from '../ui/useResource.js';
import type { Services } from './services.js';

export const BOX_REFRESH_MS = 2_000;

export function useBoxSnapshot(svc: Services, box: string, intervalMs = BOX_REFRESH_MS): { snap: BoxSnapshot | undefined; res: Resource<BoxSnapshot> } {
  const entry = useMemo(() => svc.session.inventory.get(box), [svc.session, box]);
  const host = entry ? svc.session.where(entry) : box;
  const res = useResource(async (signal) => {
    let snap: BoxSnapshot;
    try {
      const api = await svc.session.open(entry ?? box);
      const previous = svc.snapshots.get(box);
      snap = await refreshBox(api, svc.subsystems, { signal, detail: true, host, demo: svc.demo, ...(previous ? { previous } : {}) });
    } catch (err) {
      if (signal.aborted) throw err;
      snap = failedSnapshot(box, host, err, svc.demo);
    }
    return svc.snapshots.put(snap);
  }, { intervalMs, key: box });
  // The store is written by this fetch only (the fleet screen is not mounted meanwhile): res re-renders.
  return { snap: svc.snapshots.get(box) ?? res.data, res };
}
