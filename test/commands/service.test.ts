import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnreachableError } from '../../src/lib/errors.js';
import { fakeTransport, type Expect } from '../helpers/fakeTransport.js';
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

/** One status read (one batch of 4 calls) answering this state. */
function statusOf(name: string, st: { installed?: boolean; enabled?: boolean; running?: boolean }): Expect[] {
  const list = st.running === undefined ? {} : { [name]: { instances: { instance1: { running: st.running } } } };
  return [
    { argv: ['test', '-x', `/etc/init.d/${name}`], result: { code: st.installed === false ? 1 : 0 } },
    { argv: [`/etc/init.d/${name}`, 'enabled'], result: { code: st.enabled ? 0 : 1 } },
    { argv: ['grep', '-q', 'USE_PROCD=1', `/etc/init.d/${name}`] },
    { argv: ['ubus', 'call', 'service', 'list', '{}'], result: { stdout: JSON.stringify(list) } },
  ];
}

describe('secubox service NAME ACTION', () => {
  it('restart: runs the init script and reports the state READ BACK', async () => {
    const t = fakeTransport([
      ...statusOf('crowdsec', { enabled: true, running: true }),
      { argv: ['/etc/init.d/crowdsec', 'restart'] },
      ...statusOf('crowdsec', { enabled: true, running: true }),
    ]);
    const r = await runCli(['service', 'crowdsec', 'restart', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('crowdsec restart on r1: ok, running, enabled (verified)\n');
    t.assertDone();
  });

  it('a lying init script (exit 0, still stopped after a few seconds) exits 1 and says so', async () => {
    const t = fakeTransport([
      ...statusOf('lxc-app', { enabled: true, running: false }),
      { argv: ['/etc/init.d/lxc-app', 'start'], result: { stdout: 'lxc-app started\n', code: 0 } },
      ...statusOf('lxc-app', { enabled: true, running: false }),
      ...[1, 2, 3, 4].flatMap(() => statusOf('lxc-app', { enabled: true, running: false })),
    ]);
    const r = await runCli(['service', 'lxc-app', 'start', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('lxc-app started\n');
    expect(r.stderr).toContain('secubox: lxc-app start on r1: FAILED: lxc-app is stopped, enabled after start (the init script exited 0)\n');
    expect(r.stderr).toContain('hint: see what it said with `secubox logs lxc-app --box r1`');
    t.assertDone();
  }, 15_000);

  it('--json: the verified result; a failed verification still exits 1', async () => {
    const t = fakeTransport([
      ...statusOf('haproxy', { enabled: true, running: true }),
      { argv: ['/etc/init.d/haproxy', 'stop'], result: { code: 1, stderr: 'stop failed?\n' } },
      ...statusOf('haproxy', { enabled: true }),
    ]);
    const r = await runCli(['service', 'haproxy', 'stop', '--yes', '--json', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ box: 'r1', name: 'haproxy', action: 'stop', ok: true, verified: true, code: 1, output: 'stop failed?', expected: { running: false } });
    expect(doc.after).toEqual({ name: 'haproxy', installed: true, enabled: true, running: false });
    t.assertDone();
  });

  it('no terminal and no --yes: exit 2 and nothing is sent', async () => {
    const t = fakeTransport([]);
    const r = await runCli(['service', 'crowdsec', 'stop', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/service crowdsec stop on r1 needs a confirmation and this is not a terminal/);
    expect(r.requests).toEqual([]);
    t.assertDone();
  });

  it('on a terminal: asks; "n" is 130 with nothing done', async () => {
    const t = fakeTransport([]);
    const r = await runCli(['service', 'crowdsec', 'stop', '--box', 'r1'], { env: sb.env, boxes: { r1: t }, ttyIn: true, answers: ['n\r'] });
    expect(r.stderr).toContain('Stop service crowdsec on r1?');
    expect(r.code).toBe(130);
    t.assertDone();
  });

  it('several boxes: one line per box, failures and the summary on stderr, exit 4 / 3', async () => {
    const a = fakeTransport([
      ...statusOf('crowdsec', { enabled: true, running: false }),
      { argv: ['/etc/init.d/crowdsec', 'start'] },
      ...statusOf('crowdsec', { enabled: true, running: true }),
    ]);
    const r = await runCli(['service', 'crowdsec', 'start', '--group', 'lab', '--yes'], {
      env: sb.env,
      transport: (req) => {
        if (req.entry.name === 'r2') throw new UnreachableError('r2', 'network', 'cannot connect to 10.0.0.1:22: connection refused');
        return a;
      },
    });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('crowdsec start on r1: ok, running, enabled (verified)\n');
    expect(r.stderr).toContain('r2: unreachable: cannot connect to 10.0.0.1:22: connection refused');
    expect(r.stderr).toContain('secubox: 1 ok, 1 unreachable (r2)');
    a.assertDone();
  });

  it('not installed: a clear error, the action is not run', async () => {
    const t = fakeTransport(statusOf('nope', { installed: false }));
    const r = await runCli(['service', 'nope', 'start', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('secubox: r1: service nope is not installed (no /etc/init.d/nope)');
    t.assertDone();
  });

  it('bad name or action: exit 2, nothing sent', async () => {
    const t = fakeTransport([]);
    let r = await runCli(['service', 'x;reboot', 'start', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(2);
    r = await runCli(['service', 'crowdsec', 'explode', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown service action "explode"\nhint: use one of start, stop, restart, reload, enable, disable, status/);
    t.assertDone();
  });
});

describe('secubox service NAME [status]', () => {
  it('a table on a terminal, TSV when piped, --json; no confirmation', async () => {
    const t = fakeTransport([...statusOf('crowdsec', { enabled: true, running: true }), ...statusOf('crowdsec', { enabled: false, running: false }), ...statusOf('crowdsec', { enabled: true })]);
    let r = await runCli(['service', 'crowdsec', '--box', 'r1'], { env: sb.env, boxes: { r1: t }, ttyOut: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('SERVICE   RUNNING  ENABLED\ncrowdsec  yes      yes\n');
    r = await runCli(['service', 'crowdsec', 'status', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.stdout).toBe('crowdsec\tno\tno\n');
    r = await runCli(['service', 'crowdsec', '--json', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(JSON.parse(r.stdout)).toEqual({ name: 'crowdsec', installed: true, enabled: true, running: false });
    t.assertDone();
  });

  it('not installed: exit 1 (also with --json, which still prints the state)', async () => {
    const t = fakeTransport([...statusOf('nope', { installed: false }), ...statusOf('nope', { installed: false })]);
    let r = await runCli(['service', 'nope', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/r1: service nope is not installed/);
    r = await runCli(['service', 'nope', '--json', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ installed: false });
    t.assertDone();
  });
});
