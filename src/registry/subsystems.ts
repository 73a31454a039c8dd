/** Generated data + hand-written overrides → the final list (filled in next commit). */
import type { Subsystem } from './types.js';

export const SUBSYSTEMS: readonly Subsystem[] = [];
