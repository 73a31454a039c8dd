/** Where ../shared lives (CI puts it beside the checkout). Tests read fixtures from there; never copy them into the repo. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = process.env.SECUBOX_SHARED ?? resolve(REPO_ROOT, '..', 'shared');
export const FIXTURES = resolve(SHARED, 'fixtures');
export const TRANSCRIPTS = resolve(FIXTURES, 'transcripts');
export const OPENWRT_FILES = resolve(FIXTURES, 'secubox-openwrt');

if (!existsSync(FIXTURES)) {
  throw new Error(`fixtures not found at ${FIXTURES}: ../shared must sit beside the checkout (or set SECUBOX_SHARED)`);
}
