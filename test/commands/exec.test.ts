import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeTransport } from '../helpers/fakeTransport.js';
import { UnreachableError } from '../../src/lib/errors.js';
import type { Transport } from '../../src/backends/types.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = sandbox();
  for (const n of ['r1', 'r2', 'r3']) {
    const r = await runCli(['box', 'add', n, '--host', '10.0.0.1', '--no-verify', '--tag', 'lab'], { env: sb.env });
    expect(r.code).toBe(0);
  }
});
afterEach(() => sb.cleanup());

const unreachable = (box: string): Transport => ({
  kind: 'ssh', target: box,
  exec: async () => {
    throw new UnreachableError(box, 'network', `${box}: connection refused`, 'is it up?');
  },
  close: async () => undefined,
});

describe('secubox exec', () => {
  it('one box: stdout and stderr passed through byte for byte, exit with the remote code', async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0x41, 0x0d, 0x0a]);
    const t = fakeTransport([{ argv: ['sh', '-c', 'exit 7', '--', '--box x'], result: { stdout: bytes, stderr: 'oops\n', code: 7 } }]);
    const r = await runCli(['exec', '--box', 'r1', '--', 'sh', '-c', 'exit 7', '--', '--box x'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(7);
    expect(r.stdoutBytes.equals(bytes)).toBe(true);
    expect(r.stderr).toBe('oops\n');
    t.assertDone();
  });

  it('--stdin sends piped bytes to the command', async () => {
    const t = fakeTransport([{ argv: ['cat'], stdin: 'hello\nworld', result: { stdout: 'hello\nworld' } }]);
    const r = await runCli(['exec', '--stdin', '--box', 'r1', '--', 'cat'], { env: sb.env, boxes: { r1: t }, stdinData: 'hello\nworld' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('hello\nworld');
    t.assertDone();
  });

  it('nothing to run: exit 2', async () => {
    const r = await runCli(['exec', '--box', 'r1'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.requests).toHaveLength(0);
  });

  it('several boxes: prefixed lines and a summary; one failing box → 4', async () => {
    const ok = fakeTransport([{ argv: ['uptime'], result: { stdout: 'up 1 day\nload 0.1' } }]);
    const bad = fakeTransport([{ argv: ['uptime'], result: { stdout: 'partial\n', stderr: 'boom\n', code: 2 } }]);
    const r = await runCli(['exec', '--box', 'r1,r2,r3', '--yes', '--', 'uptime'], { env: sb.env, boxes: { r1: ok, r2: bad, r3: unreachable('r3') } });
    expect(r.code).toBe(4);
    expect(r.stdout.split('\n').sort()).toEqual(['', 'r1: load 0.1', 'r1: up 1 day', 'r2: partial']);
    expect(r.stderr).toContain('r2: boom\n');
    expect(r.stderr).toContain('r2: failed: exited with code 2');
    expect(r.stderr).toContain('r3: unreachable: connection refused');
    expect(r.stderr).toContain('secubox: 1 ok, 1 failed (r2), 1 unreachable (r3)');
  });

  it('every box unreachable → 3; a single unreachable box → 3 with its hint', async () => {
    let r = await runCli(['exec', '--group', 'lab', '-y', '--', 'true'], { env: sb.env, transport: (q) => unreachable(q.entry.name) });
    expect(r.code).toBe(3);
    r = await runCli(['exec', '--box', 'r1', '--', 'true'], { env: sb.env, boxes: { r1: unreachable('r1') } });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('secubox: r1: connection refused\nhint: is it up?\n');
  });

  it('a slow box does not delay the others, and times out as failed', async () => {
    const slow = fakeTransport([{ argv: ['true'], delayMs: 5_000 }]);
    const fast = fakeTransport([{ argv: ['true'] }]);
    const started = Date.now();
    const r = await runCli(['exec', '--box', 'r1,r2', '--timeout', '0.3', '--yes', '--', 'true'], { env: sb.env, boxes: { r1: slow, r2: fast } });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/r1: failed: .*timed out after 0\.3 s/);
  });

  it('several boxes need a confirmation: no terminal and no --yes → exit 2 with a hint, nothing sent (not even a connection)', async () => {
    for (const target of [['--all'], ['--group', 'lab'], ['--box', 'r1,r2'], ['--box', 'r1', '--box', 'r2']]) {
      const r = await runCli(['exec', ...target, '--', 'reboot'], { env: sb.env, boxes: {} });
      expect(r.code, target.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^secubox: running `reboot` on \d boxes needs a confirmation and this is not a terminal\nhint: pass --yes to confirm it\n$/);
      expect(r.requests).toEqual([]);
    }
    // --stdin consumed the pipe: still no terminal to ask on
    const r = await runCli(['exec', '--stdin', '--all', '--', 'cat'], { env: sb.env, boxes: {}, stdinData: 'x' });
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
  });

  it('on a terminal it asks, naming the command and the boxes: "n" runs nothing (130), "y" runs it', async () => {
    let r = await runCli(['exec', '--all', '--', 'sh', '-c', 'echo $HOME'], { env: sb.env, boxes: {}, ttyIn: true, answers: ['n\r'] });
    expect(r.stderr).toContain("Run `sh -c 'echo $HOME'` on 3 boxes (r1, r2, r3)? [y/N] ");
    expect(r.code).toBe(130);
    expect(r.requests).toEqual([]);
    const mk = () => fakeTransport([{ argv: ['sh', '-c', 'echo $HOME'], result: { stdout: '/root\n' } }]);
    r = await runCli(['exec', '--all', '--', 'sh', '-c', 'echo $HOME'], { env: sb.env, boxes: { r1: mk(), r2: mk(), r3: mk() }, ttyIn: true, answers: ['y\r'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').sort()).toEqual(['', 'r1: /root', 'r2: /root', 'r3: /root']);
  });

  it('one box (even through --group) runs at once: it is the user\'s explicit command', async () => {
    const sb1 = await runCli(['box', 'add', 'solo', '--host', '10.0.0.9', '--no-verify', '--tag', 'one'], { env: sb.env });
    expect(sb1.code).toBe(0);
    const t = fakeTransport([{ argv: ['reboot'] }]);
    let r = await runCli(['exec', '--box', 'r1', '--', 'reboot'], { env: sb.env, boxes: { r1: t } });
    expect(r.code, r.stderr).toBe(0);
    t.assertDone();
    const t2 = fakeTransport([{ argv: ['reboot'] }]);
    r = await runCli(['exec', '--group', 'one', '--', 'reboot'], { env: sb.env, boxes: { solo: t2 } });
    expect(r.code, r.stderr).toBe(0);
    t2.assertDone();
  });
});
