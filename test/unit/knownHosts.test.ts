/**
 * known_hosts: cross-checked against the real OpenSSH tools (ssh-keygen -l / -F / -H) and, for the verdicts,
 * against the real `ssh` client talking to a throwaway `sshd` on 127.0.0.1.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendKnownHost,
  checkHostKey,
  defaultKnownHostsFiles,
  findHostLines,
  fingerprintSha256,
  hashHostName,
  hostKeyAlgorithmsFor,
  hostKeyInfo,
  knownHostKeyTypes,
  matchPattern,
  type HostKeyVerdict,
} from '../../src/backends/ssh/knownHosts.js';

let dir: string;
const keys: Record<string, { pub: string; blob: Buffer; path: string }> = {};

function genKey(name: string, args: string[]): void {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-C', `test-${name}`, '-f', path]);
  const pub = readFileSync(`${path}.pub`, 'utf8').trim();
  const b64 = pub.split(' ')[1] as string;
  keys[name] = { pub: pub.split(' ').slice(0, 2).join(' '), blob: Buffer.from(b64, 'base64'), path };
}
const k = (name: string) => keys[name] as { pub: string; blob: Buffer; path: string };

function write(name: string, lines: string[]): string {
  const f = join(dir, name);
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

/** `ssh-keygen -F name -f file`: line numbers found, with OpenSSH's marker note ('' | 'REVOKED' | 'CA'). */
function keygenFind(name: string, file: string): string[] {
  const r = spawnSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' });
  const out: string[] = [];
  for (const m of r.stdout.matchAll(/^# Host .* found: line (\d+) ?(\S*)$/gm)) out.push(`${m[1]}${m[2] ? ' ' + m[2] : ''}`);
  return out;
}
function ourFind(name: string, port: number, file: string): string[] {
  return findHostLines({ host: name, port, files: [file] }).map((l) => `${l.line}${l.marker === 'revoked' ? ' REVOKED' : ''}`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secubox-kh-'));
  genKey('ed1', ['-t', 'ed25519']);
  genKey('ed2', ['-t', 'ed25519']);
  genKey('rsa', ['-t', 'rsa', '-b', '2048']);
  genKey('ecdsa', ['-t', 'ecdsa', '-b', '256']);
  genKey('ecdsa384', ['-t', 'ecdsa', '-b', '384']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fingerprints', () => {
  it('match ssh-keygen -lf for every key type', () => {
    for (const name of ['ed1', 'rsa', 'ecdsa', 'ecdsa384']) {
      const out = execFileSync('ssh-keygen', ['-lf', `${k(name).path}.pub`], { encoding: 'utf8' });
      const fp = out.split(' ')[1];
      expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(fingerprintSha256(k(name).blob)).toBe(fp);
      expect(hostKeyInfo(k(name).blob)).toEqual({ type: k(name).pub.split(' ')[0], fingerprint: fp });
    }
    expect(hostKeyInfo(k('ecdsa384').blob).type).toBe('ecdsa-sha2-nistp384');
  });
  it('rejects a malformed blob', () => {
    expect(() => hostKeyInfo(Buffer.from([0, 0, 0]))).toThrow();
    expect(() => hostKeyInfo(Buffer.from([0, 0, 1, 0, 1, 2]))).toThrow();
  });
});

describe('host matching agrees with ssh-keygen -F', () => {
  let plain: string;
  const lines = () => [
    '# a comment',
    `host1,Host2 ${k('ed1').pub} comment here`,
    `[host1]:2222 ${k('ed2').pub}`,
    `*.lan,!bad.lan ${k('rsa').pub}`,
    `@revoked * ${k('ed2').pub}`,
    `@cert-authority *.lan ${k('ed1').pub}`,
    '',
    '   ',
    `10.0.0.? ${k('ecdsa').pub}`,
    `   indented.example ${k('ed1').pub}`,
    `[10.1.*]:* ${k('ed1').pub}`,
    `host9\t${k('ed1').pub}`,
  ];
  const queries: Array<[string, number]> = [
    ['host1', 22], ['host2', 22], ['host1', 2222], ['host2', 2222], ['x.lan', 22], ['bad.lan', 22], ['a.b.lan', 22],
    ['10.0.0.1', 22], ['10.0.0.12', 22], ['indented.example', 22], ['10.1.2.3', 22], ['10.1.2.3', 8022], ['nowhere', 22],
    ['host9', 22],
  ];
  const lookup = (h: string, p: number) => (p === 22 ? h : `[${h}]:${p}`);

  beforeAll(() => {
    plain = write('kh_plain', lines());
  });

  it('plain file: same matching lines (CA lines are ignored by us)', () => {
    for (const [h, p] of queries) {
      const want = keygenFind(lookup(h, p), plain).filter((s) => !s.endsWith(' CA'));
      expect({ q: lookup(h, p), got: ourFind(h, p, plain) }).toEqual({ q: lookup(h, p), got: want });
    }
    // the table above exercises every case: something matched for most queries, nothing for 'nowhere'
    expect(ourFind('x.lan', 22, plain)).toEqual(['4', '5 REVOKED']);
    expect(ourFind('bad.lan', 22, plain)).toEqual(['5 REVOKED']);
    expect(ourFind('host1', 2222, plain)).toEqual(['3', '5 REVOKED']);
    expect(ourFind('nowhere', 22, plain)).toEqual(['5 REVOKED']);
  });

  it('hashed by ssh-keygen -H: same matching lines', () => {
    const hashed = write('kh_hashed', lines());
    execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
    const text = readFileSync(hashed, 'utf8');
    expect(text).toMatch(/^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /m);
    expect(text).not.toMatch(/^host1,/m);
    for (const [h, p] of queries) {
      const want = keygenFind(lookup(h, p), hashed).filter((s) => !s.endsWith(' CA'));
      expect({ q: lookup(h, p), got: ourFind(h, p, hashed) }).toEqual({ q: lookup(h, p), got: want });
    }
    expect(checkHostKey({ host: 'host2', port: 22, key: k('ed1').blob, files: [hashed] }).status).toBe('known');
    expect(checkHostKey({ host: 'HOST1', port: 2222, key: k('ed2').blob, files: [hashed] }).status).toBe('revoked');
  });

  it('our hashed names are found by ssh-keygen -F', () => {
    const f = write('kh_ours', [`${hashHostName('[box.lan]:2222')} ${k('ed1').pub}`, `${hashHostName('Box.Lan')} ${k('rsa').pub}`]);
    expect(keygenFind('[box.lan]:2222', f)).toEqual(['1']);
    expect(keygenFind('box.lan', f)).toEqual(['2']);
    expect(ourFind('box.lan', 2222, f)).toEqual(['1']);
    expect(ourFind('BOX.lan', 22, f)).toEqual(['2']);
  });

  it('glob semantics', () => {
    expect(matchPattern('abc', 'a?c')).toBe(true);
    expect(matchPattern('ac', 'a?c')).toBe(false);
    expect(matchPattern('a.b.c', '*.c')).toBe(true);
    expect(matchPattern('[h]:22', '[h]:*')).toBe(true);
    expect(matchPattern('aXbXc', 'a*b*c')).toBe(true);
    expect(matchPattern('abd', 'a*c')).toBe(false);
  });
});

describe('verdicts', () => {
  const check = (files: string[], host: string, port: number, key: string, alias?: string): HostKeyVerdict =>
    checkHostKey({ host, port, key: k(key).blob, files, ...(alias ? { alias } : {}) });

  it('known / unknown / mismatch / revoked', () => {
    const f = write('kh_v', [
      `box ${k('ed1').pub}`,
      `box ${k('rsa').pub}`,
      `[box]:2222 ${k('ed2').pub}`,
      `@revoked box,other ${k('ecdsa').pub}`,
      `other ${k('ecdsa').pub}`,
      `rsaonly ${k('rsa').pub}`,
    ]);
    expect(check([f], 'box', 22, 'ed1')).toEqual({ status: 'known', file: f, line: 1 });
    expect(check([f], 'BOX', 22, 'rsa')).toEqual({ status: 'known', file: f, line: 2 });
    expect(check([f], 'box', 2222, 'ed2')).toEqual({ status: 'known', file: f, line: 3 });
    // ssh's "checking without port identifier": the plain `box` line accepts [box]:2223 for the same key only
    expect(check([f], 'box', 2223, 'ed1')).toEqual({ status: 'known', file: f, line: 1 });
    expect(check([f], 'box', 2223, 'ed2')).toEqual({ status: 'unknown' });
    expect(check([f], 'box', 2223, 'ed1', 'some-alias')).toEqual({ status: 'unknown' });
    expect(check([f], 'other', 2223, 'ecdsa')).toMatchObject({ status: 'revoked', line: 4 });
    expect(check([f], 'nobody', 22, 'ed1')).toEqual({ status: 'unknown' });
    const mm = check([f], 'box', 2222, 'ed1');
    expect(mm).toEqual({
      status: 'mismatch', file: f, line: 3,
      expected: [hostKeyInfo(k('ed2').blob)], presented: hostKeyInfo(k('ed1').blob),
    });
    const mm2 = check([f], 'box', 22, 'ed2');
    expect(mm2.status === 'mismatch' && mm2.expected.map((e) => e.type)).toEqual(['ssh-ed25519', 'ssh-rsa']);
    // revoked wins even though line 5 lists the same key as good for `other`
    expect(check([f], 'other', 22, 'ecdsa')).toEqual({ status: 'revoked', file: f, line: 4, presented: hostKeyInfo(k('ecdsa').blob) });
    // a host known only with another key type: OpenSSH says "HOST IDENTIFICATION HAS CHANGED" (see sshd test below)
    expect(check([f], 'rsaonly', 22, 'ed1').status).toBe('mismatch');
    // ECDSA curves are different key types
    const g = write('kh_ec', [`ec ${k('ecdsa').pub}`]);
    expect(check([g], 'ec', 22, 'ecdsa384').status).toBe('mismatch');
  });

  it('several files: first hit reported, missing files ignored, alias looked up too', () => {
    const a = write('kh_a', [`alpha ${k('ed1').pub}`]);
    const b = write('kh_b', [`beta ${k('ed2').pub}`, `lab-alias ${k('rsa').pub}`]);
    const missing = join(dir, 'does-not-exist');
    expect(check([missing, a, b], 'beta', 22, 'ed2')).toEqual({ status: 'known', file: b, line: 1 });
    expect(check([a, b], 'alpha', 22, 'ed2')).toMatchObject({ status: 'mismatch', file: a, line: 1 });
    expect(check([a, b], '10.9.9.9', 2222, 'rsa', 'lab-alias')).toEqual({ status: 'known', file: b, line: 2 });
    expect(check([a, b], '10.9.9.9', 2222, 'rsa')).toEqual({ status: 'unknown' });
  });

  it('@cert-authority lines neither make a host known nor cause a mismatch', () => {
    const f = write('kh_ca', [`@cert-authority ca.lan ${k('ed1').pub}`]);
    expect(check([f], 'ca.lan', 22, 'ed1')).toEqual({ status: 'unknown' });
    expect(check([f], 'ca.lan', 22, 'ed2')).toEqual({ status: 'unknown' });
  });

  it('lines with a bad key (type disagrees with the blob, not base64, truncated) are skipped; CRLF endings', () => {
    const blob = k('ed1').pub.split(' ')[1] as string;
    const f = join(dir, 'kh_crlf');
    writeFileSync(f, `liar ssh-rsa ${blob}\r\nliar ssh-ed25519 !!notbase64!!\nliar ssh-ed25519 ${blob.slice(0, 8)}\r\n@bogus liar ${k('ed1').pub}\ncrlf ${k('ed1').pub}\r\n`);
    expect(check([f], 'liar', 22, 'ed1')).toEqual({ status: 'unknown' });
    expect(check([f], 'liar', 22, 'ed2')).toEqual({ status: 'unknown' });
    expect(check([f], 'crlf', 22, 'ed1')).toEqual({ status: 'known', file: f, line: 5 });
  });

  it('known key types and host key algorithm preference (order_hostkeyalgs)', () => {
    const f = write('kh_t', [`t ${k('rsa').pub}`, `t ${k('ecdsa').pub}`, `@revoked t ${k('ecdsa').pub}`]);
    expect(knownHostKeyTypes({ host: 't', port: 22, files: [f] })).toEqual(['ssh-rsa']);
    const algs = hostKeyAlgorithmsFor(['ssh-rsa']);
    expect(algs.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(new Set(algs)).toEqual(new Set(hostKeyAlgorithmsFor([])));
    expect(hostKeyAlgorithmsFor([])[0]).toBe('ssh-ed25519');
    expect(hostKeyAlgorithmsFor(['ecdsa-sha2-nistp384'])[0]).toBe('ecdsa-sha2-nistp384');
  });
});

describe('appendKnownHost / defaults', () => {
  it('creates dir 0700 and file 0600, writes entries ssh-keygen -F finds', () => {
    const f = join(dir, 'newhome', '.ssh', 'known_hosts');
    appendKnownHost(f, 'Box.Lan', 22, k('ed1').blob);
    appendKnownHost(f, '127.0.0.1', 2222, k('rsa').blob);
    expect(statSync(join(dir, 'newhome', '.ssh')).mode & 0o777).toBe(0o700);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(f, 'utf8')).toBe(`box.lan ${k('ed1').pub}\n[127.0.0.1]:2222 ${k('rsa').pub}\n`);
    expect(keygenFind('box.lan', f)).toEqual(['1']);
    expect(keygenFind('[127.0.0.1]:2222', f)).toEqual(['2']);
    expect(checkHostKey({ host: '127.0.0.1', port: 2222, key: k('rsa').blob, files: [f] })).toEqual({ status: 'known', file: f, line: 2 });
  });
  it('adds a newline to a file that lacks one, keeps an existing mode, refuses odd names', () => {
    const f = join(dir, 'kh_nonl');
    writeFileSync(f, `x ${k('ed2').pub}`, { mode: 0o644 });
    appendKnownHost(f, 'y', 22, k('ed1').blob);
    expect(readFileSync(f, 'utf8')).toBe(`x ${k('ed2').pub}\ny ${k('ed1').pub}\n`);
    expect(statSync(f).mode & 0o777).toBe(0o644);
    for (const bad of ['', 'a b', 'a,b', '@revoked', '|1|x', '!x', 'a\nb', '#x']) {
      expect(() => appendKnownHost(f, bad, 22, k('ed1').blob)).toThrow();
    }
  });
  it('default files', () => {
    expect(defaultKnownHostsFiles('/home/u')).toEqual(['/home/u/.ssh/known_hosts', '/home/u/.ssh/known_hosts2']);
  });
});

/** The real ssh client against a real sshd on 127.0.0.1: the verdict classes must be OpenSSH's. */
describe('verdicts agree with the real ssh client', () => {
  let sshd: ChildProcess | undefined;
  let port = 0;
  const sshdBin = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p));

  beforeAll(async () => {
    if (!sshdBin) throw new Error('sshd not found: install openssh-server (DESIGN.md test prerequisites)');
    port = await new Promise<number>((res) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => res(typeof a === 'object' && a ? a.port : 0));
      });
    });
    if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
    const cfg = write('sshd_config', [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${k('ed1').path}`, 'UsePAM no', 'AuthorizedKeysFile none',
      'PasswordAuthentication no', 'KbdInteractiveAuthentication no', `PidFile ${join(dir, 'sshd.pid')}`, 'StrictModes no',
    ]);
    sshd = spawn(sshdBin, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((res, rej) => {
      let log = '';
      const t = setTimeout(() => rej(new Error(`sshd did not start: ${log}`)), 10_000);
      sshd?.stderr?.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('Server listening')) {
          clearTimeout(t);
          res();
        }
      });
      sshd?.on('exit', (code) => rej(new Error(`sshd exited ${code}: ${log}`)));
    });
  });
  afterAll(() => {
    sshd?.kill('SIGTERM');
  });

  function sshVerdict(files: string[]): string {
    const r = spawnSync('ssh', [
      '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${files.join(' ')}`,
      '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'CheckHostIP=no', '-o', 'IdentitiesOnly=yes', '-o', `IdentityFile=${k('ed2').path}`,
      '-o', 'IdentityAgent=none', '-o', 'PreferredAuthentications=publickey', '-o', 'ConnectTimeout=5', '-o', 'UpdateHostKeys=no',
      '-p', String(port), '127.0.0.1', 'true',
    ], { encoding: 'utf8', timeout: 15_000 });
    const err = r.stderr;
    if (/REVOKED HOST KEY/.test(err)) return 'revoked';
    if (/HOST IDENTIFICATION HAS CHANGED/.test(err)) return 'mismatch';
    if (/host key is known for|No \S+ host key is known/.test(err)) return 'unknown';
    if (/Permission denied/.test(err)) return 'known';
    return `unexpected: ${err}`;
  }

  it('on a table of known_hosts files', () => {
    const hp = `[127.0.0.1]:${port}`;
    const cases: Array<[string, string[]]> = [
      ['plain', [`${hp} ${k('ed1').pub}`]],
      ['other ed25519', [`${hp} ${k('ed2').pub}`]],
      ['rsa only', [`${hp} ${k('rsa').pub}`]],
      ['rsa + right ed25519', [`${hp} ${k('rsa').pub}`, `${hp} ${k('ed1').pub}`]],
      ['revoked', [`${hp} ${k('ed1').pub}`, `@revoked * ${k('ed1').pub}`]],
      ['other key revoked', [`${hp} ${k('ed1').pub}`, `@revoked * ${k('ed2').pub}`]],
      ['port-22 entry only', [`127.0.0.1 ${k('ed1').pub}`]],
      ['port-22 entry, other key', [`127.0.0.1 ${k('ed2').pub}`]],
      ['port-22 entry, key revoked there', [`127.0.0.1 ${k('ed1').pub}`, `@revoked 127.0.0.1 ${k('ed1').pub}`]],
      ['port wildcard', [`[127.0.0.1]:* ${k('ed1').pub}`]],
      ['star', [`* ${k('ed1').pub}`]],
      ['negated', [`![127.0.0.1]:*,* ${k('ed1').pub}`]],
      ['cert-authority only', [`@cert-authority ${hp} ${k('ed1').pub}`]],
      ['empty', ['# nothing']],
      ['hashed', [`${hashHostName(hp)} ${k('ed1').pub}`]],
    ];
    const rows = cases.map(([name, lines]) => {
      const f = write(`kh_ssh_${name.replace(/\W/g, '_')}`, lines);
      return { name, ssh: sshVerdict([join(dir, 'missing'), f]), ours: checkHostKey({ host: '127.0.0.1', port, key: k('ed1').blob, files: [f] }).status };
    });
    for (const r of rows) expect(r.ours, `${r.name}: ssh said ${r.ssh}`).toBe(r.ssh);
    // and every class actually occurred
    expect(new Set(rows.map((r) => r.ssh))).toEqual(new Set(['known', 'unknown', 'mismatch', 'revoked']));
  });
});
