import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeTransport, fixtureResult } from '../helpers/fakeTransport.js';
import { UCI_APPLIED_TOKEN } from '../../src/backends/uciApi.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = sandbox();
  for (const n of ['lab', 'r2']) {
    const r = await runCli(['box', 'add', n, '--host', '127.0.0.1', '--no-verify', '--tag', 'fleet'], { env: sb.env });
    expect(r.code).toBe(0);
  }
});
afterEach(() => sb.cleanup());

const isApply = (config: string) => (argv: readonly string[]) => argv[0] === 'sh' && argv[1] === '-c' && argv[argv.length - 1] === config;

describe('uci export / show / get', () => {
  it('export prints the config as the box gives it', async () => {
    const fx = fixtureResult('uci/export/metablogizer');
    const t = fakeTransport([{ argv: ['uci', 'export', 'metablogizer'], result: fx }]);
    const r = await runCli(['uci', 'export', 'metablogizer', '--box', 'lab'], { env: sb.env, boxes: { lab: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(fx.stdout);
    t.assertDone();
  });

  it('show prints the lines; several boxes get prefixes', async () => {
    const fx = fixtureResult('uci/show/metablogizer');
    const mk = () => fakeTransport([{ argv: ['uci', 'show', 'metablogizer'], result: fx }]);
    const r = await runCli(['uci', 'show', 'metablogizer', '--box', 'lab,r2'], { env: sb.env, boxes: { lab: mk(), r2: mk() } });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('lab: '))).toEqual(fx.stdout.trimEnd().split('\n').map((l) => `lab: ${l}`));
    expect(lines.filter((l) => l.startsWith('r2: '))).toHaveLength(lines.length / 2);
    expect(r.stderr).toContain('secubox: 2 ok');
  });

  it('get: the value, --json shape, missing → exit 1, bad path → exit 2', async () => {
    let t = fakeTransport([{ argv: ['uci', '-q', 'get', 'metablogizer.main.enabled'], result: { stdout: '1\n' } }]);
    let r = await runCli(['uci', 'get', 'metablogizer.main.enabled', '--box', 'lab'], { env: sb.env, boxes: { lab: t } });
    expect(r.stdout).toBe('1\n');
    t = fakeTransport([{ argv: ['uci', '-q', 'get', 'metablogizer.main.enabled'], result: { stdout: '1\n' } }]);
    r = await runCli(['uci', 'get', 'metablogizer.main.enabled', '--box', 'lab', '--json'], { env: sb.env, boxes: { lab: t } });
    expect(JSON.parse(r.stdout)).toEqual({ path: 'metablogizer.main.enabled', value: '1' });
    t = fakeTransport([{ argv: ['uci', '-q', 'get', 'metablogizer.main.nope'], result: { code: 1 } }]);
    r = await runCli(['uci', 'get', 'metablogizer.main.nope', '--box', 'lab'], { env: sb.env, boxes: { lab: t } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('metablogizer.main.nope is not set on lab');
    for (const bad of ['metablogizer', 'a.b.c.d', 'bad name.x.y', 'x.se-ction.y']) {
      r = await runCli(['uci', 'get', bad, '--box', 'lab'], { env: sb.env, boxes: {} });
      expect(r.code, bad).toBe(2);
    }
  });
});

describe('uci set', () => {
  it('one batch + commit through the apply script', async () => {
    const t = fakeTransport([{ argv: isApply('metablogizer'), stdin: /metablogizer\.main\.enabled='0'/, result: { stdout: `${UCI_APPLIED_TOKEN}\n` } }]);
    const r = await runCli(['uci', 'set', 'metablogizer.main.enabled', '0', '--box', 'lab'], { env: sb.env, boxes: { lab: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('lab: metablogizer.main.enabled="0" (committed)');
    expect(r.stdout).toBe('');
    t.assertDone();
  });

  it('a failing set is reverted: no staged change is left, exit 1', async () => {
    const t = fakeTransport([
      { argv: isApply('metablogizer'), result: { stderr: 'uci: Invalid argument\n', code: 4 } },
      { argv: ['uci', 'revert', 'metablogizer'] },
    ]);
    const r = await runCli(['uci', 'set', 'metablogizer.main.enabled', '0', '--box', 'lab'], { env: sb.env, boxes: { lab: t } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/reverted, nothing was changed/);
    t.assertDone(); // the revert was called
  });

  it('several boxes: confirmation on a TTY, --yes otherwise (no call before it)', async () => {
    const mk = () => fakeTransport([{ argv: isApply('system'), result: { stdout: `${UCI_APPLIED_TOKEN}\n` } }]);
    let r = await runCli(['uci', 'set', 'system.@system[0].timezone', 'UTC', '--group', 'fleet'], { env: sb.env, boxes: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.requests).toHaveLength(0);

    r = await runCli(['uci', 'set', 'system.@system[0].timezone', 'UTC', '--group', 'fleet'], { env: sb.env, boxes: {}, ttyIn: true, answers: ['\r'] });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Set system.@system[0].timezone="UTC" on 2 boxes (lab, r2)? [y/N] ');
    expect(r.requests).toHaveLength(0);

    const a = mk();
    const b = mk();
    r = await runCli(['uci', 'set', 'system.@system[0].timezone', 'UTC', '--group', 'fleet', '--yes'], { env: sb.env, boxes: { lab: a, r2: b } });
    expect(r.code, r.stderr).toBe(0);
    a.assertDone();
    b.assertDone();
  });

  it('uci\'s own CONFIG.SECTION.OPTION=VALUE as one word (the value may hold "=" or be empty); PATH VALUE still works', async () => {
    const cases: [string[], RegExp][] = [
      [['metablogizer.main.enabled=0'], /metablogizer\.main\.enabled='0'/],
      [['system.@system[0].hostname=a=b c'], /system\.@system\[0\]\.hostname='a=b c'/],
      [['metablogizer.main.note='], /metablogizer\.main\.note=''/],
      [['metablogizer.main.note', 'x=y'], /metablogizer\.main\.note='x=y'/],
    ];
    for (const [args, stdin] of cases) {
      const config = args[0]!.split('.')[0]!;
      const t = fakeTransport([{ argv: isApply(config), stdin, result: { stdout: `${UCI_APPLIED_TOKEN}\n` } }]);
      const r = await runCli(['uci', 'set', ...args, '--box', 'lab', '--yes'], { env: sb.env, boxes: { lab: t } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      t.assertDone();
    }
    const r = await runCli(['uci', 'set', 'metablogizer.main=0', '--box', 'lab'], { env: sb.env, boxes: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"metablogizer\.main" is not a UCI path/);
  });

  it('needs CONFIG.SECTION.OPTION and a VALUE', async () => {
    let r = await runCli(['uci', 'set', 'metablogizer.main', '0', '--box', 'lab'], { env: sb.env, boxes: {} });
    expect(r.code).toBe(2);
    r = await runCli(['uci', 'set', 'metablogizer.main.enabled', '--box', 'lab'], { env: sb.env, boxes: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/uci set needs a VALUE\nhint: .*metablogizer\.main\.enabled=1/);
    expect(r.requests).toEqual([]);
  });
});
