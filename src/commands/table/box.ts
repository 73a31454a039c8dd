import type { CommandSpec } from '../spec.js';

export const boxCommands: readonly CommandSpec[] = [];
