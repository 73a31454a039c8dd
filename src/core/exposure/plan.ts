import type { BoxApi } from '../../backends/types.js';
import type { EmancipateOptions, Plan, RevokeOptions } from './types.js';

/** Reads only. Site (MetaBlogizer) vs service detection; UsageError when the name is unknown and no port given. */
export async function planEmancipate(_box: BoxApi, _name: string, _opts: EmancipateOptions = {}, _run: { signal?: AbortSignal } = {}): Promise<Plan> {
  throw new Error('not implemented yet');
}

export async function planRevoke(_box: BoxApi, _name: string, _opts: RevokeOptions = {}, _run: { signal?: AbortSignal } = {}): Promise<Plan> {
  throw new Error('not implemented yet');
}
