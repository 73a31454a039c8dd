import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeTransport } from '../helpers/fakeTransport.js';
import { UnreachableError } from '../../src/lib/errors.js';
import type { Transport } from '../../src/backends/types.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});
afterEach(() => sb.cleanup());

const readConfig = () => JSON.parse(readFileSync(sb.configPath, 'utf8')) as { boxes: Record<string, unknown>[]; defaultBox?: string };

async function add(name: string, ...extra: string[]) {
  const r = await runCli(['box', 'add', name, '--host', '10.0.0.1', '--no-verify', ...extra], { env: sb.env });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

describe('box add', () => {
  it('--tag takes one value (repeat it): `--tag lab r1` leaves r1 as the name', async () => {
    const r = await runCli(['box', 'add', '--tag', 'lab', 'r1', '--host', '10.0.0.1', '--tag', 'edge', '--no-verify'], { env: sb.env });
    expect(r.code, r.stderr).toBe(0);
    expect(readConfig().boxes).toEqual([expect.objectContaining({ name: 'r1', tags: ['lab', 'edge'] })]);
  });

  it('writes $XDG_CONFIG_HOME/secubox/config.json, mode 0600, dotted name kept whole, no secrets', async () => {
    const r = await runCli(['box', 'add', 'r1.lab', '--host', '10.0.0.1', '--port', '2222', '--user', 'admin',
      '--identity', '/keys/id_ed25519', '--jump', 'ops@bastion:2200', '--tag', 'lab', '-t', 'prod', '--no-verify'], { env: sb.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('added box "r1.lab" (admin@10.0.0.1:2222 via bastion)');
    expect(statSync(sb.configPath).mode & 0o777).toBe(0o600);
    expect(existsSync(join(sb.xdg, 'secubox-nodejs'))).toBe(false);
    const cfg = readConfig();
    expect(cfg.boxes).toEqual([{
      name: 'r1.lab', host: '10.0.0.1', port: 2222, user: 'admin', identity: '/keys/id_ed25519', jump: 'ops@bastion:2200', tags: ['lab', 'prod'],
    }]);
    // dot-notation is off: no nested {"r1": {"lab": ...}}
    const raw = readFileSync(sb.configPath, 'utf8');
    expect(raw).not.toMatch(/"r1"\s*:/);
    expect(raw).not.toMatch(/password|passphrase|secret/i);
  });

  it('a config file others can read (copied in with another umask) is made 0600 as soon as it is read', async () => {
    await add('r1');
    chmodSync(sb.configPath, 0o644);
    const r = await runCli(['box', 'list'], { env: sb.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^r1\t/);
    expect(statSync(sb.configPath).mode & 0o777).toBe(0o600);
  });

  it('uses ~/.config/secubox when XDG_CONFIG_HOME is not set', async () => {
    const env = { ...sb.env, XDG_CONFIG_HOME: undefined };
    const r = await runCli(['box', 'add', 'r1', '--host', '10.0.0.1', '--no-verify'], { env });
    expect(r.code, r.stderr).toBe(0);
    const p = join(sb.home, '.config', 'secubox', 'config.json');
    expect(statSync(p).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(p, 'utf8')).boxes[0].name).toBe('r1');
  });

  it.each([
    ['local', /reserved/],
    ['-x', /cannot start with "-"|unknown option/],
    ['a b', /may contain only/],
    ['a/b', /may contain only/],
    ['r1,r2', /may contain only/],
  ])('refuses the name %j with exit 2 and writes nothing', async (name, msg) => {
    const r = await runCli(['box', 'add', name, '--host', '10.0.0.1', '--no-verify'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(existsSync(sb.configPath)).toBe(false);
  });

  it('refuses a bad port and a duplicate name with exit 2', async () => {
    let r = await runCli(['box', 'add', 'r1', '--host', '10.0.0.1', '--port', '99999', '--no-verify'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port: must be 1-65535/);
    r = await runCli(['box', 'add', 'r1', '--host', '10.0.0.1', '--jump', 'a@b:99999', '--no-verify'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid jump host "a@b:99999"');
    await add('r1');
    r = await runCli(['box', 'add', 'r1', '--host', '10.0.0.2', '--no-verify'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already in the inventory');
    expect(readConfig().boxes).toHaveLength(1);
  });

  it('connects once to check the box (one `true` exec)', async () => {
    const t = fakeTransport([{ argv: ['true'] }]);
    const r = await runCli(['box', 'add', 'lab', '--host', '127.0.0.1', '--accept-new'], { env: sb.env, boxes: { lab: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('lab: reachable, host key trusted');
    expect(r.requests[0]!.acceptNew).toBe(true);
    t.assertDone();
  });

  it('unknown host key without --accept-new: saved anyway, exit 3, says how to trust it', async () => {
    const dead: Transport = {
      kind: 'ssh', target: 'root@127.0.0.1:22',
      exec: async () => {
        throw new UnreachableError('lab', 'unknown-host', 'lab (127.0.0.1:22) is not a known host: its ssh-ed25519 key is SHA256:abc', 'x');
      },
      close: async () => undefined,
    };
    const r = await runCli(['box', 'add', 'lab', '--host', '127.0.0.1'], { env: sb.env, boxes: { lab: dead } });
    expect(r.code).toBe(3);
    expect(r.requests[0]!.acceptNew).toBe(false);
    expect(r.stderr).toContain('box "lab" is saved, but lab (127.0.0.1:22) is not a known host');
    expect(r.stderr).toContain('secubox box trust lab');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readConfig().boxes.map((b) => b.name)).toEqual(['lab']);
  });
});

describe('box add / box trust --timeout', () => {
  it('box add --timeout N: the connection check uses it', async () => {
    const t = fakeTransport([{ argv: ['true'], result: {} }]);
    const r = await runCli(['box', 'add', 'lab', '--host', '127.0.0.1', '--timeout', '7'], { env: sb.env, boxes: { lab: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.requests[0]!.timeoutMs).toBe(7000);
    const bad = await runCli(['box', 'add', 'lab2', '--host', '127.0.0.1', '--timeout', 'soon'], { env: sb.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--timeout must be a number of seconds');
  });

  it('box trust: a port that never answers times out after --timeout, naming the box, with a hint', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => { /* accept, never speak */ });
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const port = (silent.address() as { port: number }).port;
    try {
      await add('hang', '--host', '127.0.0.1', '--port', String(port));
      const t0 = Date.now();
      const r = await runCli(['box', 'trust', 'hang', '--timeout', '1'], { env: sb.env });
      expect(Date.now() - t0).toBeLessThan(8000);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^secubox: hang \(127\.0\.0\.1:\d+\) did not show a host key within 1 s\nhint: .*raise --timeout/);
      silent.close();
      const closed = await runCli(['box', 'trust', 'hang'], { env: sb.env });
      expect(closed.code).toBe(3);
      expect(closed.stderr).toMatch(/^secubox: cannot reach hang \(127\.0\.0\.1:\d+\): connection refused/);
    } finally {
      silent.close();
    }
  });
});

describe('box list', () => {
  beforeEach(async () => {
    await add('r1.lab', '--tag', 'lab');
    await add('r2', '--port', '2222', '--user', 'admin');
    const r = await runCli(['box', 'default', 'r2'], { env: sb.env });
    expect(r.code).toBe(0);
  });

  it('--json: stable shape', async () => {
    const r = await runCli(['box', 'list', '--json'], { env: sb.env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      default: 'r2',
      demo: false,
      boxes: [
        { name: 'r1.lab', host: '10.0.0.1', port: null, user: null, identity: null, jump: null, tags: ['lab'], sshAlias: null, default: false },
        { name: 'r2', host: '10.0.0.1', port: 2222, user: 'admin', identity: null, jump: null, tags: [], sshAlias: null, default: true },
      ],
    });
  });

  it('TSV without header when piped, aligned table with header on a TTY', async () => {
    const piped = await runCli(['box', 'list'], { env: sb.env });
    expect(piped.stdout).toBe('r1.lab\t10.0.0.1\t\t\tlab\t\t\t\nr2\t10.0.0.1\t2222\tadmin\t\t\t\tyes\n');
    const tty = await runCli(['box', 'list'], { env: sb.env, ttyOut: true });
    const lines = tty.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+HOST\s+PORT\s+USER\s+TAGS\s+JUMP\s+SSH ALIAS\s+DEFAULT$/);
    expect(lines[2]).toMatch(/^r2\s+10\.0\.0\.1\s+2222\s+admin\s+yes$/);
    expect(lines[1]!.indexOf('10.0.0.1')).toBe(lines[0]!.indexOf('HOST'));
  });

  it('an empty inventory prints nothing on stdout and a hint on stderr', async () => {
    const other = sandbox();
    try {
      const r = await runCli(['box', 'list'], { env: other.env });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('secubox box add');
    } finally {
      other.cleanup();
    }
  });
});

describe('box rm / default', () => {
  beforeEach(async () => {
    await add('r1');
    await add('r2');
  });

  it('not on a terminal: needs --yes (exit 2, nothing removed)', async () => {
    let r = await runCli(['box', 'rm', 'r1'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(readConfig().boxes).toHaveLength(2);
    r = await runCli(['box', 'rm', 'r1', '--yes'], { env: sb.env });
    expect(r.code).toBe(0);
    expect(readConfig().boxes.map((b) => b.name)).toEqual(['r2']);
  });

  it('on a terminal: asks; "n" cancels (130), "y" removes; the terminal leaves raw mode', async () => {
    let r = await runCli(['box', 'rm', 'r1'], { env: sb.env, ttyIn: true, answers: ['n\r'] });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Remove box "r1" (10.0.0.1) from the inventory? [y/N] ');
    expect(readConfig().boxes).toHaveLength(2);
    expect(r.stdin.rawCalls).toEqual([true, false]);
    r = await runCli(['box', 'rm', 'r1'], { env: sb.env, ttyIn: true, answers: ['y\r'] });
    expect(r.code).toBe(0);
    expect(readConfig().boxes.map((b) => b.name)).toEqual(['r2']);
  });

  it('unknown box: exit 2 with a suggestion', async () => {
    const r = await runCli(['box', 'rm', 'r3', '--yes'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown box "r3"');
    expect(r.stderr).toMatch(/did you mean "r1" or "r2"/);
  });

  it('default: set, show, unset; removing the default box clears it', async () => {
    expect((await runCli(['box', 'default', 'r2'], { env: sb.env })).code).toBe(0);
    expect((await runCli(['box', 'default'], { env: sb.env })).stdout).toBe('r2\n');
    expect(readConfig().defaultBox).toBe('r2');
    expect((await runCli(['box', 'default', 'nope'], { env: sb.env })).code).toBe(2);
    expect((await runCli(['box', 'rm', 'r2', '--yes'], { env: sb.env })).code).toBe(0);
    expect(readConfig().defaultBox).toBeUndefined();
    await runCli(['box', 'default', 'r1'], { env: sb.env });
    expect((await runCli(['box', 'default', '--unset'], { env: sb.env })).code).toBe(0);
    expect(readConfig().defaultBox).toBeUndefined();
  });
});

describe('config file problems', () => {
  it('corrupt JSON: one line naming the file, exit 1, no stack', async () => {
    mkdirSync(join(sb.xdg, 'secubox'), { recursive: true });
    writeFileSync(sb.configPath, '{"boxes": [', { mode: 0o600 });
    const r = await runCli(['box', 'list'], { env: sb.env });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toContain(`config file ${sb.configPath} is invalid`);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^hint: /);
  });

  it('a hand-added password field is refused, never kept', async () => {
    mkdirSync(join(sb.xdg, 'secubox'), { recursive: true });
    writeFileSync(sb.configPath, JSON.stringify({ boxes: [{ name: 'r1', host: 'x', tags: [], password: 'hunter2' }] }));
    chmodSync(sb.configPath, 0o600);
    const r = await runCli(['box', 'list', '--json'], { env: sb.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown field(s) "password"');
    expect(r.stderr).not.toContain('hunter2');
  });
});

describe('box import-ssh-config', () => {
  beforeEach(() => {
    mkdirSync(join(sb.home, '.ssh'), { recursive: true });
    writeFileSync(join(sb.home, '.ssh', 'config'), [
      'Host r1', '  HostName 192.168.1.1', '  User root',
      'Host r2.lab', '  HostName 10.0.0.2', '  Port 2222',
      'Host *.wild', '  User nobody',
      'Host bad@name', '  HostName 10.9.9.9',
    ].join('\n'));
  });

  it('--all adds the concrete Host entries with their ssh alias (wildcards skipped, bad names reported)', async () => {
    const r = await runCli(['box', 'import-ssh-config', '--all', '--tag', 'imported'], { env: sb.env });
    expect(r.code, r.stderr).toBe(0);
    expect(readConfig().boxes).toEqual([
      { name: 'r1', host: 'r1', sshAlias: 'r1', tags: ['imported'] },
      { name: 'r2.lab', host: 'r2.lab', sshAlias: 'r2.lab', tags: ['imported'] },
    ]);
    expect(r.stderr).toContain('skipped bad@name');
  });

  it('by name; unknown name → exit 2; neither names nor --all without a TTY → exit 2 listing them', async () => {
    let r = await runCli(['box', 'import-ssh-config', 'r2.lab'], { env: sb.env });
    expect(r.code).toBe(0);
    expect(readConfig().boxes.map((b) => b.name)).toEqual(['r2.lab']);
    r = await runCli(['box', 'import-ssh-config', 'r3'], { env: sb.env });
    expect(r.code).toBe(2);
    r = await runCli(['box', 'import-ssh-config'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('r1, r2.lab');
  });

  it('on a terminal: a numbered list to pick from', async () => {
    const r = await runCli(['box', 'import-ssh-config'], { env: sb.env, ttyIn: true, answers: ['2\r'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ 1\. r1 {2}\(root@192\.168\.1\.1\)/);
    expect(r.stderr).toMatch(/ 2\. r2\.lab {2}\(10\.0\.0\.2:2222\)/);
    expect(r.stderr).toContain('added box "r2.lab" (10.0.0.2:2222)\n');
    expect(readConfig().boxes.map((b) => b.name)).toEqual(['r2.lab']);
    // the list marks what is already there, and "a" adds only the others
    const again = await runCli(['box', 'import-ssh-config'], { env: sb.env, ttyIn: true, answers: ['a\r'] });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/ 2\. r2\.lab {2}\(10\.0\.0\.2:2222\) {2}\[already in the inventory\]/);
    expect(again.stderr).not.toMatch(/ 1\. r1 .*already/);
    expect(again.stderr).not.toContain('skipped r2.lab');
    expect(readConfig().boxes.map((b) => b.name)).toEqual(['r2.lab', 'r1']);
  });
});

describe('targets', () => {
  it('no box selected: exit 2 with a hint to add one or use --demo', async () => {
    const r = await runCli(['uci', 'export', 'network'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('secubox: no box selected');
    expect(r.stderr).toMatch(/secubox box add.*--demo/);
  });

  it('on a router with no inventory: the target is local', async () => {
    const t = fakeTransport([{ argv: ['uci', 'export', 'network'], result: { stdout: 'package network\n' } }]);
    const r = await runCli(['uci', 'export', 'network'], { env: sb.env, onRouter: true, boxes: { local: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('package network\n');
    expect(r.requests.map((q) => q.entry.name)).toEqual(['local']);
  });

  it('the default box, a group, an unknown name', async () => {
    await add('r1', '--tag', 'lab');
    await add('r2', '--tag', 'lab');
    await add('r3');
    await runCli(['box', 'default', 'r3'], { env: sb.env });
    const mk = () => fakeTransport([{ argv: ['uci', '-q', 'get', 'system.@system[0].hostname'], result: { stdout: 'OpenWrt\n' } }]);
    let r = await runCli(['uci', 'get', 'system.@system[0].hostname'], { env: sb.env, transport: () => mk() });
    expect(r.requests.map((q) => q.entry.name)).toEqual(['r3']);
    expect(r.stdout).toBe('OpenWrt\n');
    r = await runCli(['uci', 'get', 'system.@system[0].hostname', '--group', 'lab'], { env: sb.env, transport: () => mk() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.requests.map((q) => q.entry.name).sort()).toEqual(['r1', 'r2']);
    expect(r.stdout.split('\n').sort().join('\n')).toBe('\nr1: OpenWrt\nr2: OpenWrt');
    r = await runCli(['uci', 'get', 'system.@system[0].hostname', '--box', 'r4'], { env: sb.env, transport: () => mk() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown box "r4"');
    r = await runCli(['uci', 'get', 'system.@system[0].hostname', '--group', 'nope'], { env: sb.env, transport: () => mk() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no box has the tag "nope"');
  });
});

describe('--demo', () => {
  it('the inventory is the demo fleet, in memory: nothing is written', async () => {
    const r = await runCli(['--demo', 'box', 'list', '--json'], { env: sb.env });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { demo: boolean; default: string; boxes: { name: string }[] };
    expect(doc.demo).toBe(true);
    expect(doc.boxes.length).toBeGreaterThan(1);
    expect(doc.boxes.map((b) => b.name)).toContain(doc.default);
    const add = await runCli(['--demo', 'box', 'add', 'x', '--host', '10.0.0.1', '--no-verify'], { env: sb.env });
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('demo: not saved');
    expect(existsSync(sb.configPath)).toBe(false);
  });

  it('commands run on the sim boxes (default box; --all with the unreachable demo box is partial)', async () => {
    const r = await runCli(['--demo', 'ubus', 'call', 'luci.metablogizer', 'status'], { env: sb.env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('enabled');
    const all = await runCli(['--demo', 'uci', 'get', 'metablogizer.main.enabled', '--all'], { env: sb.env });
    expect(all.code).toBe(4);
    expect(all.stderr).toMatch(/unreachable/);
  });
});
