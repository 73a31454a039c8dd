/** Target options on every verb: --box and --group repeat (and combine), --all alone. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UCI_APPLIED_TOKEN } from '../../src/backends/uciApi.js';
import { parseTargetOptions } from '../../src/core/targets.js';
import { UsageError } from '../../src/lib/errors.js';
import { fakeTransport } from '../helpers/fakeTransport.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = sandbox();
  for (const [n, tag] of [['r1', 'lab'], ['r2', 'prod'], ['r3', 'lab']] as const) {
    const r = await runCli(['box', 'add', n, '--host', '127.0.0.1', '--no-verify', '--tag', tag], { env: sb.env });
    expect(r.code).toBe(0);
  }
});
afterEach(() => sb.cleanup());

const isApply = (config: string) => (argv: readonly string[]) => argv[0] === 'sh' && argv[1] === '-c' && argv[argv.length - 1] === config;
const uptime = (out: string) => fakeTransport([{ argv: ['uptime'], result: { stdout: `${out}\n` } }]);

describe('--box / --group repeat and combine', () => {
  it('`--box r1 --box r2` targets both boxes (not only the last one)', async () => {
    const r = await runCli(['exec', '--box', 'r1', '--box', 'r2', '--yes', '--', 'uptime'], { env: sb.env, boxes: { r1: uptime('a'), r2: uptime('b') } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').sort()).toEqual(['', 'r1: a', 'r2: b']);
    expect(r.requests.map((q) => q.entry.name).sort()).toEqual(['r1', 'r2']);
  });

  it('a write with `--box r1 --box r2 --yes` changes both boxes; `-b r1,r2 -b r3` all three', async () => {
    const mk = () => fakeTransport([{ argv: isApply('system'), result: { stdout: `${UCI_APPLIED_TOKEN}\n` } }]);
    const [a, b] = [mk(), mk()];
    let r = await runCli(['uci', 'set', 'system.@system[0].timezone', 'UTC', '--box', 'r1', '--box', 'r2', '--yes'], { env: sb.env, boxes: { r1: a, r2: b } });
    expect(r.code, r.stderr).toBe(0);
    a.assertDone();
    b.assertDone();
    r = await runCli(['exec', '-b', 'r1,r2', '-b', 'r3', '--yes', '--', 'uptime'], { env: sb.env, boxes: { r1: uptime('a'), r2: uptime('b'), r3: uptime('c') } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').sort()).toEqual(['', 'r1: a', 'r2: b', 'r3: c']);
  });

  it('`--group lab --group prod` (and `--group lab,prod`) is every box with either tag; with --box, the union', async () => {
    for (const args of [['--group', 'lab', '--group', 'prod'], ['--group', 'lab,prod'], ['--group', 'lab', '--box', 'r2']]) {
      const r = await runCli(['exec', ...args, '--yes', '--', 'uptime'], { env: sb.env, boxes: { r1: uptime('a'), r2: uptime('b'), r3: uptime('c') } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout.split('\n').sort()).toEqual(['', 'r1: a', 'r2: b', 'r3: c']);
    }
    const r = await runCli(['exec', '--group', 'lab', '--group', 'prd', '--yes', '--', 'uptime'], { env: sb.env, boxes: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no box has the tag "prd"\nhint: did you mean "prod"\?/);
    expect(r.requests).toEqual([]);
  });

  it('`--box X --all` and `--group G --all` are usage errors (exit 2), nothing contacted', async () => {
    for (const args of [['--box', 'r1', '--all'], ['--all', '--group', 'lab'], ['-a', '-b', 'r1']]) {
      const r = await runCli(['exec', ...args, '--yes', '--', 'uptime'], { env: sb.env, boxes: {} });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/use either --all or --box\/--group/);
      expect(r.requests).toEqual([]);
    }
    const r = await runCli(['--demo', 'status', '--box', 'demo-alpha', '--all'], { env: sb.env });
    expect(r.code).toBe(2);
  });

  it('status --box demo-alpha --box demo-bravo shows both boxes', async () => {
    const r = await runCli(['--demo', 'status', '--box', 'demo-alpha', '--box', 'demo-bravo'], { env: sb.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => l.split('\t')[0])).toEqual(['demo-alpha', 'demo-bravo']);
  });

  it('parseTargetOptions joins repeated values (commander gives arrays)', () => {
    expect(parseTargetOptions({ box: ['a', 'b,c'], group: ['x', 'y'] }).selection).toEqual({ box: 'a,b,c', group: 'x,y' });
    expect(parseTargetOptions({ box: 'a' }).selection).toEqual({ box: 'a' });
    expect(() => parseTargetOptions({ box: ['a'], all: true })).toThrow(UsageError);
  });
});
