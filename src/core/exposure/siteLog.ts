import type { Step } from '../jobs.js';

/** The steps of `metablogizerctl emancipate`, in order, as tagged in its log (`[INFO] [DNS] …`). */
export const SITE_STEPS = ['DNS', 'VORTEX', 'HAPROXY', 'WAF', 'PATH', 'SSL', 'RELOAD'] as const;

/** Parse the (partial) output log of the site flow into steps. Unseen steps stay pending. */
export function parseSiteLog(_output: string, _complete: boolean): Step[] {
  throw new Error('not implemented yet');
}
