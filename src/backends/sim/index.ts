/**
 * The DEMO fleet (`secubox --demo`): three simulated boxes, in process, clearly labelled DEMO.
 * demo-alpha: healthy. demo-bravo: CrowdSec alerts and a stopped service. demo-charlie: unreachable.
 */
import type { Transport } from '../types.js';

/** Same shape as core's BoxEntry (backends may not import core). */
export interface DemoEntry {
  name: string;
  host: string;
  port?: number;
  user?: string;
  tags: string[];
}

export interface DemoFleet {
  entries: DemoEntry[];
  /** One transport per box name (state kept per fleet instance). */
  transport(name: string): Transport;
}

export const DEMO_LABEL = 'DEMO';

export function demoFleet(_opts: { clock?: () => number; speed?: number } = {}): DemoFleet {
  throw new Error('not implemented yet');
}
