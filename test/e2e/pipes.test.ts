/**
 * A reader that closes the pipe early (`secubox ... | head -1`): no stack trace, the command still finishes on
 * every box and exits with its own code. Real shell pipelines on the demo fleet; dist/ must be built.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

function pipeline(args: string, reader: string): { first: string; err: string; rc: string } {
  const home = mkdtempSync(join(tmpdir(), 'secubox-pipe-'));
  const script = `node ${join(REPO_ROOT, 'bin', 'secubox')} ${args} 2>"$HOME/err" | ${reader}; echo "rc=\${PIPESTATUS[0]}"; cat "$HOME/err" >&2`;
  const r = spawnSync('bash', ['-c', script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000,
  });
  const lines = r.stdout.split('\n');
  return { first: lines[0] ?? '', rc: lines.find((l) => l.startsWith('rc=')) ?? '', err: r.stderr };
}

describe('output into a pipe closed early', () => {
  for (const args of ['--demo diag health --all', '--demo exec --all --yes -- echo hi', '--demo uci show metablogizer --all', '--demo ubus list --all']) {
    it(`secubox ${args} | head -1`, () => {
      const r = pipeline(args, 'head -1');
      expect(r.first).toMatch(/^demo-alpha: /);
      expect(r.err).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
      // the command went on to the end: every box was handled, the unreachable one reported, exit 4 (partial)
      expect(r.err).toMatch(/demo-charlie: unreachable/);
      expect(r.rc).toBe('rc=4');
    }, 60_000);
  }
});
