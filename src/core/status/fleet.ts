import type { Session } from '../session.js';
import type { BoxEntry } from '../inventory.js';
import type { BoxSnapshot, FleetStatusOptions, SubsystemProbe } from './types.js';

/** Refresh every entry with bounded concurrency; one snapshot per entry, in entry order. Never throws for a box failure. */
export async function fleetStatus(_session: Session, _entries: readonly BoxEntry[], _subsystems: readonly SubsystemProbe[], _opts: FleetStatusOptions = {}): Promise<BoxSnapshot[]> {
  throw new Error('not implemented yet');
}
