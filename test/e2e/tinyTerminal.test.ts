/**
 * A terminal that reports 0×0 (serial consoles, `script`): the progress spinner of emancipate / revoke must
 * still finish (ora divides by the width: 0 columns made it loop forever, deaf to SIGTERM). Driven through
 * util-linux `script` (a real pty) with `stty cols 0 rows 0`, on the demo fleet; dist/ must be built.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

function inZeroSizedPty(args: string): { status: number | null; signal: NodeJS.Signals | null; out: string } {
  const home = mkdtempSync(join(tmpdir(), 'secubox-pty-'));
  const cmd = `stty cols 0 rows 0; exec node ${join(REPO_ROOT, 'bin', 'secubox')} ${args}`;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm', LANG: 'C.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'], timeout: 40_000, killSignal: 'SIGKILL', encoding: 'utf8',
  });
  return { status: r.status, signal: r.signal, out: `${r.stdout}${r.stderr}` };
}

describe('a 0×0 terminal', () => {
  it('emancipate shows its steps and ends (exit 0, verified)', () => {
    const r = inZeroSizedPty('--demo emancipate docs --yes');
    expect(r.signal, r.out.slice(-500)).toBeNull();
    expect(r.status, r.out.slice(-500)).toBe(0);
    expect(r.out).toContain('docs emancipated on demo-alpha: verified');
    expect(r.out).toMatch(/SSL: Requesting certificate/);
  }, 60_000);

  it('revoke ends too', () => {
    const r = inZeroSizedPty('--demo revoke blog --yes');
    expect(r.signal, r.out.slice(-500)).toBeNull();
    expect(r.out).toMatch(/blog (NOT )?revoked on demo-alpha/);
  }, 60_000);
});
