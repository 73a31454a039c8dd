/**
 * The whole command tree. Each group of verbs lives in its own file (one owner each);
 * this file only concatenates them. Keep it import-light: specs are data + lazy loaders.
 */
import type { CommandSpec } from '../spec.js';
import { boxCommands } from './box.js';
import { remoteCommands } from './remote.js';
import { metaCommands } from './meta.js';
import { tuiCommands } from './tui.js';
import { fleetCommands } from './fleet.js';
import { legacyCommands } from './legacy.js';
import { opsCommands } from './ops.js';

export const COMMANDS: readonly CommandSpec[] = [
  ...tuiCommands,
  ...fleetCommands,
  ...boxCommands,
  ...remoteCommands,
  ...opsCommands,
  ...legacyCommands,
  ...metaCommands,
];

/** Words that are command groups (have sub-verbs), with their one-line summary. */
export const GROUPS: Readonly<Record<string, string>> = {
  box: 'manage the fleet inventory (add, list, rm, trust, default, import-ssh-config)',
  ubus: 'call rpcd objects on a box (list, call)',
  uci: 'read and change UCI configuration on a box (export, show, get, set)',
};
