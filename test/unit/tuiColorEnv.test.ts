/**
 * The TUI never sets FORCE_COLOR (Node warned "The 'NO_COLOR' env is ignored due to the 'FORCE_COLOR' env
 * being set" under NO_COLOR, and local box commands inherited it): it sets chalk's level itself, so inverse
 * video still marks the selection with CI set, and a FORCE_COLOR or TERM=dumb of the user's is obeyed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/tui.js';
import { tuiChalkLevel } from '../../src/screens/runTui.js';
import type { Context } from '../../src/commands/context.js';
import type { CommandInput } from '../../src/commands/spec.js';

const saved = process.env.FORCE_COLOR;
afterEach(() => { if (saved === undefined) delete process.env.FORCE_COLOR; else process.env.FORCE_COLOR = saved; });

describe('TUI colour level', () => {
  it('tuiChalkLevel: at least the basic level, unless FORCE_COLOR or TERM=dumb says otherwise', () => {
    expect(tuiChalkLevel(0, { NO_COLOR: '1', CI: 'false' })).toBe(1);
    expect(tuiChalkLevel(0, {})).toBe(1);
    expect(tuiChalkLevel(2, { CI: 'false' })).toBe(2);
    expect(tuiChalkLevel(0, { FORCE_COLOR: '0' })).toBe(0);
    expect(tuiChalkLevel(0, { TERM: 'dumb' })).toBe(0);
  });

  it('starting the TUI leaves FORCE_COLOR unset (NO_COLOR given)', async () => {
    delete process.env.FORCE_COLOR;
    const ctx = {
      stdout: { isTTY: true }, stdin: { isTTY: true }, env: { NO_COLOR: '1', CI: 'false', NODE_ENV: 'test' },
      session: () => { throw new Error('stop here: the TUI modules are loaded'); },
    } as unknown as Context;
    await expect(run({ opts: {}, args: [] } as unknown as CommandInput, ctx)).rejects.toThrow('stop here');
    expect(process.env.FORCE_COLOR).toBeUndefined();
  });
});
