/**
 * Every test file: the name cache (TAB completion) goes to a throwaway folder, never the user's ~/.cache.
 * Tests that check the cache pass their own env.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'secubox-test-cache-'));
