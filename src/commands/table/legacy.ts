/**
 * The box's legacy `/usr/sbin/secubox` command groups, delegated to it on the target box(es).
 * Data only: src/commands/legacy.ts runs them.
 */
import type { CommandModule, CommandSpec } from '../spec.js';

const GROUPS: ReadonlyArray<readonly [string, string, string, () => Promise<CommandModule>, readonly string[]]> = [
  ['app', 'modules and AppStore (list, search, info, install, remove, update, health)', 'secubox app list --box r1', () => import('../legacy/app.js'), []],
  ['feed', 'catalog feed sources', 'secubox feed list --box r1', () => import('../legacy/feed.js'), []],
  ['profile', 'profiles and templates', 'secubox profile list --box r1', () => import('../legacy/profile.js'), []],
  ['skill', 'discover and manage skills', 'secubox skill list --box r1', () => import('../legacy/skill.js'), []],
  ['feedback', 'report issues, find resolutions', 'secubox feedback list --box r1', () => import('../legacy/feedback.js'), []],
  ['device', 'device information and management (info, status, reboot, factory-reset, backup)', 'secubox device info --all', () => import('../legacy/device.js'), []],
  ['net', 'network management (status, interfaces, restart, test-connectivity)', 'secubox net status --box r1', () => import('../legacy/net.js'), []],
  ['diag', 'diagnostics and health checks (health, logs, trace, report)', 'secubox diag health --group lab', () => import('../legacy/diag.js'), []],
  ['landing', 'landing pages generated from vhosts', 'secubox landing --box r1', () => import('../legacy/landing.js'), []],
  ['clone', 'station cloning (cloner)', 'secubox clone --box r1', () => import('../legacy/clone.js'), []],
  ['master-link', 'mesh management (status, peers, token, clone-token, join, approve, pending)', 'secubox master-link peers --box r1', () => import('../legacy/master-link.js'), ['mesh']],
  ['ai', 'AI copilot of the box (optional)', 'secubox ai --box r1', () => import('../legacy/ai.js'), []],
];

export const legacyCommands: readonly CommandSpec[] = GROUPS.map(([group, what, example, load, aliases]) => ({
  path: [group],
  summary: `the box's own \`secubox ${group}\`: ${what}`,
  description: `Runs \`/usr/sbin/secubox ${group} ARGS...\` (the box's legacy CLI, secubox-core) on the target box(es) and `
    + 'prints its output (colours stripped when piped). Its exit code is not trusted: an [ERROR] line counts as a failure. '
    + 'Sub-commands that change the box need a confirmation on a terminal, or --yes.',
  args: [{ syntax: '[args...]', description: `arguments for \`secubox ${group}\` on the box` }],
  options: [{ flags: '-y, --yes', description: 'confirm a sub-command that changes the box without asking' }],
  targets: true,
  unknownOptionsAsArgs: true,
  aliases,
  helpSection: 'legacy',
  examples: [example],
  exitCodes: [3, 4],
  load,
}));
