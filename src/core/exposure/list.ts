import type { BoxApi } from '../../backends/types.js';
import type { Exposable, ExposureList } from './types.js';

/** One batch: luci.exposure get_emancipated/status, luci.metablogizer list_sites/get_sites_exposure_status. Missing objects → warnings. */
export async function listExposure(_box: BoxApi, _opts: { signal?: AbortSignal } = {}): Promise<ExposureList> {
  throw new Error('not implemented yet');
}

export function findExposable(list: ExposureList, name: string, kind?: Exposable['kind']): Exposable | undefined {
  return list.items.find((i) => (i.name === name || i.id === name) && (kind === undefined || i.kind === kind));
}
