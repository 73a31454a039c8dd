import { describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import { describeServiceResult, expectationOf, meets, serviceAction, serviceStatus } from '../../src/core/services.js';
import { AbortError, RemoteError, UsageError } from '../../src/lib/errors.js';
import { fakeTransport, type Expect } from '../helpers/fakeTransport.js';

interface State { installed?: boolean; enabled?: boolean; procd?: boolean; running?: boolean | 'unlisted' }

/** The 4 calls of one `serviceStatus(box, [name])` batch, answering the given state. */
function statusOf(name: string, st: State): Expect[] {
  const list = st.running === 'unlisted' || st.running === undefined ? {} : { [name]: { instances: { instance1: { running: st.running, pid: 4242 } } } };
  return [
    { argv: ['test', '-x', `/etc/init.d/${name}`], result: { code: st.installed === false ? 1 : 0 } },
    { argv: [`/etc/init.d/${name}`, 'enabled'], result: { code: st.enabled ? 0 : 1 } },
    { argv: ['grep', '-q', 'USE_PROCD=1', `/etc/init.d/${name}`], result: { code: st.procd === false ? 1 : 0 } },
    { argv: ['ubus', 'call', 'service', 'list', '{}'], result: { stdout: JSON.stringify(list) } },
  ];
}

const NO_WAIT = { settleMs: [0, 0, 0] };

describe('serviceStatus', () => {
  it('reads several services in ONE batch (3 calls each + one procd list)', async () => {
    const list = { crowdsec: { instances: { i1: { running: true } } }, haproxy: { instances: { i1: { running: false } } } };
    const t = fakeTransport([
      { argv: ['test', '-x', '/etc/init.d/crowdsec'] },
      { argv: ['/etc/init.d/crowdsec', 'enabled'] },
      { argv: ['grep', '-q', 'USE_PROCD=1', '/etc/init.d/crowdsec'] },
      { argv: ['test', '-x', '/etc/init.d/haproxy'] },
      { argv: ['/etc/init.d/haproxy', 'enabled'], result: { code: 1 } },
      { argv: ['grep', '-q', 'USE_PROCD=1', '/etc/init.d/haproxy'] },
      { argv: ['test', '-x', '/etc/init.d/gone'], result: { code: 1 } },
      { argv: ['/etc/init.d/gone', 'enabled'], result: { code: 127 } },
      { argv: ['grep', '-q', 'USE_PROCD=1', '/etc/init.d/gone'], result: { code: 2 } },
      { argv: ['ubus', 'call', 'service', 'list', '{}'], result: { stdout: JSON.stringify(list) } },
    ]);
    const st = await serviceStatus(createBox('r1', t), ['crowdsec', 'haproxy', 'gone']);
    expect(st).toEqual([
      { name: 'crowdsec', installed: true, enabled: true, running: true },
      { name: 'haproxy', installed: true, enabled: false, running: false },
      { name: 'gone', installed: false, enabled: false, running: false },
    ]);
    expect(t.rounds).toEqual([{ kind: 'batch', size: 10 }]);
    t.assertDone();
  });

  it('no names: no call; a bad name: UsageError and nothing sent', async () => {
    const t = fakeTransport([]);
    expect(await serviceStatus(createBox('r1', t), [])).toEqual([]);
    await expect(serviceStatus(createBox('r1', t), ['ok', 'x;reboot'])).rejects.toBeInstanceOf(UsageError);
    t.assertDone();
  });
});

describe('serviceAction verifies the state afterwards', () => {
  it('start: runs the init script, then reads back running → ok and verified', async () => {
    const t = fakeTransport([
      ...statusOf('crowdsec', { enabled: true, running: false }),
      { argv: ['/etc/init.d/crowdsec', 'start'], result: { stdout: 'starting\n' } },
      ...statusOf('crowdsec', { enabled: true, running: true }),
    ]);
    const r = await serviceAction(createBox('r1', t), 'crowdsec', 'start', NO_WAIT);
    expect(r).toMatchObject({ ok: true, verified: true, box: 'r1', name: 'crowdsec', action: 'start', code: 0, output: 'starting', expected: { running: true } });
    expect(r.before.running).toBe(false);
    expect(r.after.running).toBe(true);
    expect(r.problem).toBeUndefined();
    expect(describeServiceResult(r)).toBe('crowdsec start on r1: ok, running, enabled (verified)');
    expect(t.rounds.map((x) => x.kind)).toEqual(['batch', 'exec', 'batch']);
    t.assertDone();
  });

  it('a lying init script (exit 0, still stopped) is a FAILURE, after re-reading while it settles', async () => {
    const t = fakeTransport([
      ...statusOf('lxc-app', { enabled: true, running: false }),
      { argv: ['/etc/init.d/lxc-app', 'start'], result: { stdout: 'Container started\n', code: 0 } },
      ...statusOf('lxc-app', { enabled: true, running: false }),
      ...statusOf('lxc-app', { enabled: true, running: false }),
      ...statusOf('lxc-app', { enabled: true, running: false }),
    ]);
    const r = await serviceAction(createBox('r1', t), 'lxc-app', 'start', { settleMs: [1, 1] });
    expect(r.ok).toBe(false);
    expect(r.verified).toBe(false);
    expect(r.code).toBe(0);
    expect(r.problem).toBe('lxc-app is stopped, enabled after start (the init script exited 0)');
    expect(describeServiceResult(r)).toMatch(/^lxc-app start on r1: FAILED: /);
    t.assertDone(); // 1 + 3 status reads: it waited for the state before giving up
  });

  it('a failing exit code with the right state afterwards is a success (exit codes are not trusted)', async () => {
    const t = fakeTransport([
      ...statusOf('haproxy', { enabled: true, running: true }),
      { argv: ['/etc/init.d/haproxy', 'stop'], result: { stderr: 'kill: no such process\n', code: 1 } },
      ...statusOf('haproxy', { enabled: true, running: 'unlisted' }),
    ]);
    const r = await serviceAction(createBox('r1', t), 'haproxy', 'stop', NO_WAIT);
    expect(r).toMatchObject({ ok: true, verified: true, code: 1, output: 'kill: no such process' });
    t.assertDone();
  });

  it('the state settles after a moment: the second read sees it', async () => {
    const t = fakeTransport([
      ...statusOf('gitea', { running: true }),
      { argv: ['/etc/init.d/gitea', 'stop'] },
      ...statusOf('gitea', { running: true }),
      ...statusOf('gitea', { running: false }),
    ]);
    const r = await serviceAction(createBox('r1', t), 'gitea', 'stop', NO_WAIT);
    expect(r.ok && r.verified).toBe(true);
    t.assertDone();
  });

  it('enable / disable check the enabled flag', async () => {
    const t = fakeTransport([
      ...statusOf('tor-shield', { enabled: false, running: false }),
      { argv: ['/etc/init.d/tor-shield', 'enable'] },
      ...statusOf('tor-shield', { enabled: false, running: false }),
    ]);
    const r = await serviceAction(createBox('r1', t), 'tor-shield', 'enable', { settleMs: [] });
    expect(r).toMatchObject({ ok: false, expected: { enabled: true } });
    expect(r.problem).toMatch(/tor-shield is stopped, disabled after enable/);
    t.assertDone();
  });

  it('a non-procd service whose state cannot be read: done (exit 0) but not verified, and said so', async () => {
    const t = fakeTransport([
      ...statusOf('oldsvc', { procd: false, running: 'unlisted' }),
      { argv: ['/etc/init.d/oldsvc', 'restart'] },
      ...statusOf('oldsvc', { procd: false, running: 'unlisted' }),
    ]);
    const r = await serviceAction(createBox('r1', t), 'oldsvc', 'restart', NO_WAIT);
    expect(r).toMatchObject({ ok: true, verified: false });
    expect(r.problem).toMatch(/cannot tell whether oldsvc is running/);
    t.assertDone();
  });

  it('not installed: a clear error and the init script is NOT run', async () => {
    const t = fakeTransport(statusOf('nope', { installed: false }));
    await expect(serviceAction(createBox('r1', t), 'nope', 'start', NO_WAIT)).rejects.toSatisfy((e) => e instanceof RemoteError && e.message === 'r1: service nope is not installed (no /etc/init.d/nope)');
    t.assertDone();
  });

  it('bad names or actions: UsageError before anything is sent; abort stops the waiting', async () => {
    const t = fakeTransport([]);
    await expect(serviceAction(createBox('r1', t), 'a b', 'start')).rejects.toBeInstanceOf(UsageError);
    await expect(serviceAction(createBox('r1', t), 'ok', 'explode' as never)).rejects.toBeInstanceOf(UsageError);
    t.assertDone();
    const ac = new AbortController();
    const t2 = fakeTransport([
      ...statusOf('slow', { running: false }),
      { argv: ['/etc/init.d/slow', 'start'] },
      ...statusOf('slow', { running: false }),
    ]);
    const p = serviceAction(createBox('r1', t2), 'slow', 'start', { signal: ac.signal, settleMs: [60_000] });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toBeInstanceOf(AbortError);
    t2.assertDone();
  });

  it('expectations and matching', () => {
    const st = { name: 'x', installed: true, enabled: true, running: true };
    expect(expectationOf('reload', st)).toEqual({ running: true });
    expect(expectationOf('reload', { ...st, running: false })).toEqual({});
    expect(meets({ ...st, running: null }, { running: true })).toBeNull();
    expect(meets({ ...st, running: null }, { enabled: true })).toBe(true);
    expect(meets(st, { running: false })).toBe(false);
  });
});
