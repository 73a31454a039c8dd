/** `secubox tui`: the full-screen terminal UI (also what `secubox` alone opens on a terminal). */
import type { CommandSpec } from '../spec.js';

export const tuiCommands: readonly CommandSpec[] = [
  {
    path: ['tui'],
    summary: 'open the full-screen terminal UI (fleet → box → subsystem, exposure, jobs, logs)',
    description: 'The same as `secubox` with no arguments on a terminal. Keys: arrows or j/k, Enter, Esc back, / filter, '
      + ': command palette, ? help, q quit. With --demo it opens on a simulated fleet of three boxes (labelled DEMO). '
      + 'With --read-only every write action (emancipate, revoke, service start/stop, write methods) is hidden; '
      + '`secubox --read-only` (no verb) is the same as `secubox tui --read-only`.',
    options: [{ flags: '--read-only', description: 'hide every write action' }],
    examples: ['secubox', 'secubox --demo', 'secubox --read-only', 'secubox tui --read-only'],
    load: () => import('../tui.js'),
  },
];
