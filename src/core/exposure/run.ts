import type { BoxApi } from '../../backends/types.js';
import type { ExposureResult, Plan, RunOptions } from './types.js';

/** Runs the plan, then verifies by reading state back. ok only when verified. Throws only on unreachable/abort. */
export async function emancipate(_box: BoxApi, _plan: Plan, _opts: RunOptions = {}): Promise<ExposureResult> {
  throw new Error('not implemented yet');
}

export async function revoke(_box: BoxApi, _plan: Plan, _opts: RunOptions = {}): Promise<ExposureResult> {
  throw new Error('not implemented yet');
}
