import type { CommandSpec } from '../spec.js';

export const remoteCommands: readonly CommandSpec[] = [];
