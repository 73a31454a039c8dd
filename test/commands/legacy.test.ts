import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeTransport } from '../helpers/fakeTransport.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = sandbox();
  for (const n of ['r1', 'r2']) {
    const r = await runCli(['box', 'add', n, '--host', '10.0.0.1', '--no-verify', '--tag', 'lab'], { env: sb.env });
    expect(r.code).toBe(0);
  }
});
afterEach(() => sb.cleanup());

describe('legacy /usr/sbin/secubox groups are delegated to the box', () => {
  it('runs the box CLI by absolute path with the words and unknown options as given', async () => {
    const t = fakeTransport([{ argv: ['/usr/sbin/secubox', 'diag', 'logs', '-n', '50'], result: { stdout: '[INFO] 50 lines\n' } }]);
    const r = await runCli(['diag', 'logs', '-n', '50', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('[INFO] 50 lines\n');
    t.assertDone();
  });

  it('an [ERROR] line is a failure even when the box CLI exits 0 (colours stripped when piped)', async () => {
    const t = fakeTransport([{ argv: ['/usr/sbin/secubox', 'app', 'info', 'nope'], result: { stdout: '\x1b[0;31m[ERROR]\x1b[0m Module nope not found\n', code: 0 } }]);
    const r = await runCli(['app', 'info', 'nope', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('[ERROR] Module nope not found\n');
    expect(r.stderr).toMatch(/secubox: secubox app info nope: \[ERROR\] Module nope not found/);
    t.assertDone();
  });

  it('a sub-command that changes the box needs --yes when not on a terminal, and sends nothing without it', async () => {
    const t = fakeTransport([]);
    const r = await runCli(['device', 'reboot', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a confirmation.*\n.*--yes/);
    t.assertDone();
    const t2 = fakeTransport([{ argv: ['/usr/sbin/secubox', 'device', 'reboot'], result: { stdout: '[INFO] Rebooting...\n' } }]);
    const r2 = await runCli(['device', 'reboot', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t2 } });
    expect(r2.code, r2.stderr).toBe(0);
    t2.assertDone();
  });

  it('mesh is an alias of master-link; several boxes get prefixed lines and a summary exit code', async () => {
    const a = fakeTransport([{ argv: ['/usr/sbin/secubox', 'master-link', 'peers'], result: { stdout: 'peer-1\tonline\n' } }]);
    const b = fakeTransport([{ argv: ['/usr/sbin/secubox', 'master-link', 'peers'], result: { stdout: '', stderr: 'sh: /usr/sbin/secubox: not found\n', code: 127 } }]);
    const r = await runCli(['mesh', 'peers', '--group', 'lab'], { env: sb.env, boxes: { r1: a, r2: b } });
    expect(r.stdout).toContain('r1: peer-1\tonline');
    expect(r.stderr).toMatch(/r2: .*not on this box/);
    expect(r.code).toBe(4);
  });
});
