import type { BatchCall, BoxApi, CallResult } from '../../backends/types.js';
import type { BoxSnapshot, RefreshOptions, SubsystemProbe } from './types.js';

/** The calls of ONE refresh, in order; every call is a pure read. */
export function buildRefreshBatch(_subsystems: readonly SubsystemProbe[], _opts: { detail?: boolean } = {}): BatchCall[] {
  throw new Error('not implemented yet');
}

/** Parse the batch results (same order as buildRefreshBatch) into a snapshot. Never throws. */
export function parseRefresh(_results: readonly CallResult[], _subsystems: readonly SubsystemProbe[], _meta: { box: string; host: string; fetchedAt?: number; demo?: boolean }): BoxSnapshot {
  throw new Error('not implemented yet');
}

/** Exactly one box.batch() call. Unreachable / timeout → a snapshot with reach set (never throws, except on abort). */
export async function refreshBox(_box: BoxApi, _subsystems: readonly SubsystemProbe[], _opts: RefreshOptions & { host?: string; demo?: boolean } = {}): Promise<BoxSnapshot> {
  throw new Error('not implemented yet');
}

/** A snapshot for a box that could not be reached (error → reach + reason). */
export function failedSnapshot(_box: string, _host: string, _err: unknown, _demo?: boolean): BoxSnapshot {
  throw new Error('not implemented yet');
}
