/**
 * ~/.ssh/config resolution, cross-checked against the real OpenSSH client:
 *   `ssh -G -F file alias` (resolved config, no connection) for HostName/Port/User/ProxyJump/UserKnownHostsFile/...
 *   `ssh -v -F file -o ProxyCommand=true alias` for the expanded IdentityFile paths (ssh prints them before the
 *   key exchange; the proxy command `true` means no network at all).
 * Everything lives in a temp dir; configs reference absolute paths so ssh's own `~` (the passwd home) is not read.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSshConfigHosts, resolveSshHost, splitArgs, splitConfigLine, SshConfigError } from '../../src/backends/ssh/sshConfig.js';

const run = promisify(execFile);
const pwHome = userInfo().homedir; // what ssh uses for ~ and %d
const me = userInfo().username;
let D: string;

function write(rel: string, text: string): string {
  const f = join(D, rel);
  mkdirSync(join(f, '..'), { recursive: true });
  writeFileSync(f, text);
  return f;
}

/** `ssh -G`: keyword → values (one entry per output line). */
function sshG(cfg: string, alias: string): Map<string, string[]> {
  const out = execFileSync('ssh', ['-G', '-F', cfg, alias], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const m = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const i = line.indexOf(' ');
    if (i <= 0) continue;
    const k = line.slice(0, i);
    m.set(k, [...(m.get(k) ?? []), line.slice(i + 1)]);
  }
  return m;
}

/** Identity files exactly as ssh expands them (`debug1: identity file X type N`), without the -cert companions. */
async function sshIdentityFiles(cfg: string, alias: string): Promise<string[]> {
  const r = await run('ssh', ['-v', '-F', cfg, '-o', 'ProxyCommand=true', '-o', 'BatchMode=yes', alias, 'true'], { timeout: 15_000 }).catch(
    (e: { stderr: string }) => e,
  );
  const ids: string[] = [];
  for (const m of r.stderr.matchAll(/^debug1: identity file (.*) type -?\d+$/gm)) {
    const p = m[1] as string;
    if (!p.endsWith('-cert')) ids.push(p);
  }
  return ids;
}

const SUPPORTED_DEFAULTS = /\/\.ssh\/id_(rsa|ecdsa|ed25519)$/;

async function crossCheck(cfg: string, alias: string): Promise<void> {
  const ours = resolveSshHost(alias, { configPath: cfg, home: pwHome });
  const g = sshG(cfg, alias);
  const one = (k: string) => g.get(k)?.[0];
  const ctx = `${alias} in ${cfg}`;
  expect(ours.alias, ctx).toBe(alias);
  expect(ours.hostName, ctx).toBe(one('hostname'));
  expect(ours.port, ctx).toBe(Number(one('port')));
  expect(ours.user ?? me, ctx).toBe(one('user'));
  expect(ours.proxyJump, ctx).toBe(one('proxyjump'));
  expect(ours.hostKeyAlias, ctx).toBe(one('hostkeyalias'));
  expect(ours.identitiesOnly ?? false, ctx).toBe(one('identitiesonly') === 'yes');
  const ukh = one('userknownhostsfile');
  expect(ours.userKnownHostsFiles, ctx).toEqual(ukh === 'none' ? [] : ukh?.split(' '));
  const ids = (await sshIdentityFiles(cfg, alias)).filter((p) => !p.includes('/.ssh/id_') || SUPPORTED_DEFAULTS.test(p));
  expect(ours.identityFiles, ctx).toEqual(ids);
}

beforeAll(() => {
  D = mkdtempSync(join(tmpdir(), 'secubox-sshcfg-'));
});
afterAll(() => rmSync(D, { recursive: true, force: true }));

describe('lexing like OpenSSH', () => {
  it('keyword forms, quotes, escapes, comments', () => {
    expect(splitConfigLine('  HostName=box.lan')).toEqual({ keyword: 'hostname', args: ['box.lan'] });
    expect(splitConfigLine('Port = 2222 # comment')).toEqual({ keyword: 'port', args: ['2222'] });
    expect(splitConfigLine('IDENTITYFILE "~/a b" ')).toEqual({ keyword: 'identityfile', args: ['~/a b'] });
    expect(splitConfigLine('   # just a comment')).toBeNull();
    expect(splitConfigLine('')).toBeNull();
    expect(splitArgs(`a\\ b 'c d' "e'f" g#h #rest`)).toEqual(['a b', 'c d', "e'f", 'g#h']);
    expect(splitArgs('x\\"y \\\\z')).toEqual(['x"y', '\\z']);
    expect(() => splitArgs('"open')).toThrow(/quote/);
  });
});

describe('resolution agrees with ssh -G / ssh -v', () => {
  let main: string;
  beforeAll(() => {
    write('conf.d/10-a.conf', 'Host inc-a\n  HostName a.included\n  Port 2010\n');
    write('conf.d/20-b.conf', 'Host inc-b inc-a\n  HostName b.included\n  User incuser\n');
    write('conf.d/.hidden.conf', 'Host inc-b\n  Port 9999\n');
    write('conf.d/30-c.txt', 'Host inc-b\n  Port 9998\n');
    write('conf.d/late.inc', 'Host late lab2\n  HostName late.example\n');
    write('inactive.conf', 'Host *\n  Port 4444\n  User inactive\n');
    write('lab2.conf', 'User lab2user\nIdentityFile ' + D + '/lab2_key\n');
    main = write(
      'config',
      `# test config
Include ${D}/conf.d/*.conf ${D}/nonexistent/*.conf
Host lab
  HostName=Router.LAN   # Key=Value and a trailing comment
  Port = 2222
  User root
  IdentityFile "${D}/id one"
  IdentityFile ${D}/id_two
  identityfile ${D}/id_two
Host lab
  HostName ignored.lan
  Port 9
Host *.lan !bad.lan
  User lanuser
  IdentityFile ${D}/lan_%h_%p_%r_%n_%%
Host "quoted" q?
  HostName %h.example.org
Host jumpy
  ProxyJump admin@bastion:2022,other
  UserKnownHostsFile ${D}/kh_%n ${D}/kh2_%h_%p_%C
  IdentitiesOnly yes
  HostKeyAlias jumpy-key
  IdentityFile ${D}/k_%k_%d_%u_%C
Host nojump
  ProxyJump none
  UserKnownHostsFile none
Host never-this
  Include ${D}/inactive.conf
Host lab2
  Include ${D}/lab2.conf
  Port 2202
# an Include inside a Host block belongs to that block: its Host lines never match other aliases
Include ${D}/conf.d/late.inc
HOST UPPER
  HostName Upper-Target
Match originalhost matchme
  HostName matched.example
  Port 2201
Match host matched.example user someone
  User nomatch
Match host matched.example
  IdentityFile ${D}/matched_%h
Match exec "false"
  Port 7777
Match !host *.lan,*.example !originalhost q*
  IdentitiesOnly yes
Host *
  ProxyJump fallback-jump
`,
    );
  });

  const aliases = ['lab', 'LAB', 'x.lan', 'bad.lan', 'quoted', 'qz', 'jumpy', 'nojump', 'UPPER', 'upper', 'matchme',
    'inc-a', 'inc-b', 'lab2', 'late', 'never-this', 'random', '127.0.0.1'];
  for (const alias of aliases) {
    it(`${alias}`, async () => {
      await crossCheck(main, alias);
    });
  }

  it('spot checks (the cross-check is not comparing two empty things)', () => {
    const r = (a: string) => resolveSshHost(a, { configPath: main, home: pwHome });
    expect(r('lab')).toMatchObject({ hostName: 'router.lan', port: 2222, user: 'root', identityFiles: [`${D}/id one`, `${D}/id_two`] });
    expect(r('x.lan').identityFiles).toEqual([`${D}/lan_x.lan_22_lanuser_x.lan_%`]);
    expect(r('bad.lan').user).toBeUndefined();
    expect(r('qz').hostName).toBe('qz.example.org');
    expect(r('inc-a')).toMatchObject({ hostName: 'a.included', port: 2010, user: 'incuser' });
    expect(r('lab2')).toMatchObject({ user: 'lab2user', port: 2202, identityFiles: [`${D}/lab2_key`], hostName: 'late.example' });
    expect(r('late').hostName).toBe('late');
    expect(r('never-this')).toMatchObject({ port: 4444, user: 'inactive' }); // its own block is active
    expect(r('random').port).toBe(22); // `Host *` inside the Include of an inactive block never matches
    expect(r('matchme')).toMatchObject({ hostName: 'matched.example', port: 2201, identityFiles: [`${D}/matched_matched.example`] });
    expect(r('nojump').proxyJump).toBeUndefined();
    expect(r('nojump').userKnownHostsFiles).toEqual([]);
    expect(r('random').identityFiles).toEqual(['id_rsa', 'id_ecdsa', 'id_ed25519'].map((n) => join(pwHome, '.ssh', n)));
    expect(r('random').proxyJump).toBe('fallback-jump');
  });

  it('Match final / canonical: second pass where Host matches the resolved HostName', async () => {
    const f = write(
      'final.conf',
      `Host lab
  HostName Real.Example
Match final host real.example
  User finaluser
Host real.example
  Port 2022
Match canonical
  IdentityFile ${D}/canon_%h
`,
    );
    await crossCheck(f, 'lab');
    expect(resolveSshHost('lab', { configPath: f, home: pwHome })).toMatchObject({ user: 'finaluser', port: 2022 });
  });

  it('a missing config file gives the defaults', async () => {
    await crossCheck('/dev/null', 'somehost');
    const f = join(D, 'no-such-config');
    const r = resolveSshHost('somehost', { configPath: f, home: '/h' });
    expect(r).toEqual({
      alias: 'somehost', hostName: 'somehost', port: 22,
      identityFiles: ['/h/.ssh/id_rsa', '/h/.ssh/id_ecdsa', '/h/.ssh/id_ed25519'],
      userKnownHostsFiles: ['/h/.ssh/known_hosts', '/h/.ssh/known_hosts2'],
    });
  });
});

describe('our own rules where ssh cannot be asked', () => {
  it('Include relative to ~/.ssh and ~/ paths use the given home; default config path is ~/.ssh/config', () => {
    const home = join(D, 'home');
    write('home/.ssh/config', 'Include conf.d/*\nInclude ~/extra.conf\nHost box\n  IdentityFile ~/.ssh/box_%d\n');
    write('home/.ssh/conf.d/one', 'Host box\n  HostName 10.0.0.1\n');
    write('home/extra.conf', 'Host box\n  Port 2022\n  UserKnownHostsFile ~/.ssh/kh_%h\n');
    expect(resolveSshHost('box', { home })).toEqual({
      alias: 'box', hostName: '10.0.0.1', port: 2022,
      identityFiles: [join(home, '.ssh', `box_${home}`)],
      userKnownHostsFiles: [join(home, '.ssh', 'kh_10.0.0.1')],
    });
  });

  it('Match exec is never run; unknown criteria never match', () => {
    const marker = join(D, 'exec-ran');
    const f = write('exec.conf', `Match exec "touch ${marker}"\n  Port 1111\nMatch localnetwork 10.0.0.0/8\n  Port 2222\nHost *\n  Port 3333\n`);
    expect(resolveSshHost('h', { configPath: f }).port).toBe(3333);
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  });

  it('errors: unknown token, bad port, unterminated quote, Include loop', () => {
    const t = write('tok.conf', 'Host *\n  IdentityFile ~/k_%z\n');
    expect(() => resolveSshHost('h', { configPath: t })).toThrow(/%z/);
    expect(() => resolveSshHost('h', { configPath: t })).toThrow(SshConfigError);
    const p = write('port.conf', 'Host *\n  Port 70000\n');
    expect(() => resolveSshHost('h', { configPath: p })).toThrow(/port/);
    const q = write('quote.conf', 'Host *\n  User "bob\n');
    expect(() => resolveSshHost('h', { configPath: q })).toThrow(/quote\.conf line 2: unterminated quote/);
    const e = write('env.conf', 'Host *\n  IdentityFile ${SECUBOX_SURELY_UNSET_VAR}/k\n');
    expect(() => resolveSshHost('h', { configPath: e })).toThrow(/SECUBOX_SURELY_UNSET_VAR/);
    const loop = write('loop.conf', `Include ${D}/loop.conf\n`);
    expect(() => resolveSshHost('h', { configPath: loop })).toThrow(/deep/);
  });
});

describe('listSshConfigHosts', () => {
  it('lists concrete Host names with the values the config sets, Includes followed, Match ignored', () => {
    const f = write(
      'list.conf',
      `Include ${D}/list.d/*.conf
Host lab lab.lan *.wild !neg
  HostName 192.168.1.1
  User root
  IdentityFile ${D}/lab_%h
Host plain
Match host x
  User nobody
Host lab
  Port 9
Host *
  ProxyJump jumper
`,
    );
    write('list.d/a.conf', 'Host included\n  Port 2200\n');
    const hosts = listSshConfigHosts({ configPath: f, home: pwHome });
    expect(hosts).toEqual([
      { alias: 'included', port: 2200, proxyJump: 'jumper' },
      { alias: 'lab', hostName: '192.168.1.1', user: 'root', identityFile: `${D}/lab_192.168.1.1`, port: 9, proxyJump: 'jumper' },
      { alias: 'lab.lan', hostName: '192.168.1.1', user: 'root', identityFile: `${D}/lab_192.168.1.1`, proxyJump: 'jumper' },
      { alias: 'plain', proxyJump: 'jumper' },
    ]);
    for (const h of hosts) {
      const g = sshG(f, h.alias);
      if (h.hostName) expect(h.hostName).toBe(g.get('hostname')?.[0]);
      if (h.port) expect(h.port).toBe(Number(g.get('port')?.[0]));
      if (h.user) expect(h.user).toBe(g.get('user')?.[0]);
    }
    expect(listSshConfigHosts({ configPath: join(D, 'missing'), home: pwHome })).toEqual([]);
  });
});
