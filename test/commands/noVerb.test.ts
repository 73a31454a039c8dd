/** `secubox` with no verb, or only the TUI's options (`secubox --read-only`): the TUI on a terminal, else exit 2. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDefaultVerb } from '../../src/main.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(() => { sb = sandbox(); });
afterEach(() => sb.cleanup());

describe('no verb', () => {
  it('on a terminal: `secubox` opens the TUI, `secubox --read-only` the read-only TUI; a verb is left alone', () => {
    expect(withDefaultVerb([], true)).toEqual(['tui']);
    expect(withDefaultVerb(['--read-only'], true)).toEqual(['tui', '--read-only']);
    expect(withDefaultVerb(['status'], true)).toEqual(['status']);
    expect(withDefaultVerb(['tui', '--read-only'], true)).toEqual(['tui', '--read-only']);
  });

  it('not a terminal: `secubox --read-only` (also with --demo) says what `secubox` alone says, exit 2, no "unknown option"', async () => {
    const alone = await runCli([], { env: sb.env });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^secubox: no command given and this is not a terminal/);
    for (const argv of [['--read-only'], ['--demo', '--read-only'], ['--read-only', '--demo']]) {
      const r = await runCli(argv, { env: sb.env });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toBe(alone.stderr);
    }
    // stdout a terminal but stdin not: still no TUI
    const r = await runCli(['--read-only'], { env: sb.env, ttyOut: true });
    expect(r.stderr).toBe(alone.stderr);
  });
});
