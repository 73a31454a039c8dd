/**
 * secubox revoke NAME [--box B] [--tor] [--dns] [--mesh] [--kind site|service] [--dry-run] [--yes] [--json]
 * Mirrors emancipate (same runner): plan, confirmation, run, verification by reading the state back.
 */
import type { Context } from './context.js';
import { runExposure } from './emancipate.js';
import type { CommandInput } from './spec.js';

export function run(input: CommandInput, ctx: Context): Promise<number> {
  return runExposure('revoke', input, ctx);
}
