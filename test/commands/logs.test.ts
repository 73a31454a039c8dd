import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logSource } from '../../src/commands/logs.js';
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

const L = (n: number, what: string) => `Thu Dec  3 20:0${n}:00 2026 daemon.info crowdsec[2231]: ${what}`;
const RING = [L(1, 'started'), L(2, 'ban 203.0.113.7'), L(3, 'signal push'), L(4, 'Ban 198.51.100.2'), L(5, 'signal push')];
const LOGREAD = ['logread', '-e', 'crowdsec'];

describe('secubox logs', () => {
  it('-n N prints the last N lines of the subsystem\'s syslog tag', async () => {
    const t = fakeTransport([{ argv: LOGREAD, result: { stdout: `${RING.join('\n')}\n` } }]);
    const r = await runCli(['logs', 'cs', '-n', '2', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${RING[3]}\n${RING[4]}\n`);
    t.assertDone();
  });

  it('--grep filters BEFORE -n; -i ignores case; --json gives the lines with their dates', async () => {
    const t = fakeTransport([{ argv: LOGREAD, result: { stdout: `${RING.join('\n')}\n` }, times: 3 }]);
    let r = await runCli(['logs', 'crowdsec', '--grep', 'ban \\d+', '-n', '5', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.stdout).toBe(`${RING[1]}\n`);
    r = await runCli(['logs', 'crowdsec', '--grep', 'ban \\d+', '-i', '-n', '1', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.stdout).toBe(`${RING[3]}\n`);
    r = await runCli(['logs', 'crowdsec', '--grep', '^nothing$', '--json', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(JSON.parse(r.stdout)).toEqual({ source: 'logread -e crowdsec', lines: [] });
    t.assertDone();
  });

  it('--json lines carry the syslog time; several boxes get `box: ` prefixes', async () => {
    const a = fakeTransport([{ argv: LOGREAD, result: { stdout: `${RING[0]}\n` } }]);
    const b = fakeTransport([{ argv: LOGREAD, result: { stdout: `${RING[1]}\n` } }]);
    const r = await runCli(['logs', 'crowdsec', '--group', 'lab'], { env: sb.env, boxes: { r1: a, r2: b } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').sort()).toEqual(['', `r1: ${RING[0]}`, `r2: ${RING[1]}`]);
    const c = fakeTransport([{ argv: LOGREAD, result: { stdout: `${RING[0]}\n` } }]);
    const j = await runCli(['logs', 'crowdsec', '--json', '--box', 'r1'], { env: sb.env, boxes: { r1: c } });
    expect(JSON.parse(j.stdout)).toEqual({ source: 'logread -e crowdsec', lines: [{ text: RING[0], at: '2026-12-03T20:01:00.000Z' }] });
  });

  it('any plain word is a syslog tag; bad regex, bad -n, bad tag: exit 2 with nothing sent', async () => {
    const t = fakeTransport([{ argv: ['logread', '-e', 'dropbear'], result: { stdout: 'x dropbear[1]: Child connection\n' } }]);
    let r = await runCli(['logs', 'dropbear', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.stdout).toBe('x dropbear[1]: Child connection\n');
    t.assertDone();
    const none = fakeTransport([]);
    for (const argv of [['logs', 'crowdsec', '--grep', '(', '--box', 'r1'], ['logs', 'crowdsec', '-n', 'lots', '--box', 'r1'], ['logs', 'a;b', '--box', 'r1'], ['logs', 'crowdsec', '-f', '--json', '--box', 'r1']]) {
      r = await runCli(argv, { env: sb.env, boxes: { r1: none } });
      expect(r.code, argv.join(' ')).toBe(2);
    }
    expect(r.requests).toEqual([]);
    none.assertDone();
    expect(logSource('haproxy')).toEqual({ kind: 'tag', tag: 'haproxy', label: 'logread -e haproxy' });
    expect(logSource('core')).toMatchObject({ kind: 'tag', tag: 'secubox' });
  });

  it('--follow prints the last N matching lines, then new ones, until Ctrl-C: exit 130 and no error line', async () => {
    const more = [...RING, L(6, 'ban 192.0.2.9'), L(7, 'signal push')];
    const t = fakeTransport([
      { argv: LOGREAD, result: { stdout: `${RING.join('\n')}\n` } },
      { argv: LOGREAD, result: { stdout: `${more.join('\n')}\n` }, times: Infinity },
    ]);
    const before = new Set(process.listeners('SIGINT'));
    const run = runCli(['logs', 'crowdsec', '-f', '--grep', 'ban', '-i', '-n', '1', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    // wait for the second poll (2 s later), then press Ctrl-C: main's own SIGINT listener, not the test runner's
    const deadline = Date.now() + 10_000;
    while (t.calls.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    const ours = process.listeners('SIGINT').filter((l) => !before.has(l));
    expect(ours.length).toBe(1);
    (ours[0] as (s: string) => void)('SIGINT');
    const r = await run;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe(`${RING[3]}\n${more[5]}\n`);
    expect(r.stderr).toBe('');
    t.assertDone();
  }, 15_000);

  it('--follow: a box whose first read fails is an error (exit 1), not an endless wait', async () => {
    const t = fakeTransport([{ argv: LOGREAD, result: { stderr: 'sh: logread: not found\n', code: 127 } }]);
    const r = await runCli(['logs', 'crowdsec', '-f', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/logread failed on r1/);
    t.assertDone();
  });
});
