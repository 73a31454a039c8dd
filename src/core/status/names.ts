/**
 * What a fresh status tells TAB completion (the local name cache): the init services and the rpcd objects
 * the box has. Demo boxes and failed reads record nothing (the cache holds only what real boxes showed).
 */
import { recordBoxNames } from '../nameCache.js';
import type { BoxSnapshot } from './types.js';

export function rememberSnapshotNames(snap: BoxSnapshot): void {
  if (snap.demo || snap.reach !== 'ok' || snap.stale) return;
  recordBoxNames(snap.box, {
    service: snap.services.map((s) => s.name),
    ...(snap.objects.length ? { 'ubus-object': snap.objects } : {}),
  });
}
