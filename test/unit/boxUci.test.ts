import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import { UCI_APPLIED_TOKEN, UCI_APPLY_SCRIPT, uciApplyArgv } from '../../src/backends/uciApi.js';
import { buildUciBatch, parseUciPath, quoteUciValue } from '../../src/backends/uciBatch.js';
import type { UciOp } from '../../src/backends/types.js';
import { RemoteError, TimeoutError, UnreachableError, UsageError } from '../../src/lib/errors.js';
import { busyboxTransport, fakeTransport, fixtureResult } from '../helpers/fakeTransport.js';

const OPS: UciOp[] = [
  { op: 'set', config: 'metablogizer', section: 'site_blog', option: 'domain', value: "it's a \"blog\"\n$HOME" },
  { op: 'add_list', config: 'metablogizer', section: 'site_blog', option: 'alias', value: 'b.example' },
  { op: 'del_list', config: 'metablogizer', section: 'site_blog', option: 'alias', value: 'old' },
  { op: 'delete', config: 'metablogizer', section: 'site_old' },
  { op: 'delete', config: 'metablogizer', section: '@site[-1]', option: 'tmp' },
  { op: 'add', config: 'metablogizer', type: 'site' },
  { op: 'add', config: 'metablogizer', type: 'site', name: 'site_new' },
  { op: 'rename', config: 'metablogizer', section: 'site_x', name: 'site_y' },
  { op: 'rename', config: 'metablogizer', section: 'site_y', option: 'a', name: 'b' },
  { op: 'set', config: 'metablogizer', section: 'main', value: 'metablogizer' },
];

const BATCH_TEXT = [
  `set metablogizer.site_blog.domain='it'\\''s a "blog"\n$HOME'`,
  `add_list metablogizer.site_blog.alias='b.example'`,
  `del_list metablogizer.site_blog.alias='old'`,
  'delete metablogizer.site_old',
  'delete metablogizer.@site[-1].tmp',
  'add metablogizer site',
  'set metablogizer.site_new=site',
  'rename metablogizer.site_x=site_y',
  'rename metablogizer.site_y.a=b',
  'set metablogizer.main=metablogizer',
  '',
].join('\n');

describe('uci batch text', () => {
  it('builds every op with uci quoting', () => {
    expect(buildUciBatch('metablogizer', OPS)).toBe(BATCH_TEXT);
    expect(quoteUciValue("a'b")).toBe("'a'\\''b'");
    expect(quoteUciValue('')).toBe("''");
  });

  it('refuses bad names, foreign configs and NUL before anything is sent', () => {
    const bad: [string, UciOp[]][] = [
      ['bad config', [{ op: 'set', config: 'bad config', section: 's', option: 'o', value: 'v' }]],
      ['x', [{ op: 'set', config: 'x', section: 'a-b', option: 'o', value: 'v' }]],
      ['x', [{ op: 'set', config: 'x', section: 's', option: 'o.p', value: 'v' }]],
      ['x', [{ op: 'set', config: 'x', section: 's', option: "o'", value: 'v' }]],
      ['x', [{ op: 'set', config: 'y', section: 's', option: 'o', value: 'v' }]],
      ['x', [{ op: 'set', config: 'x', section: 's', option: 'o', value: 'a\0b' }]],
      ['x', [{ op: 'set', config: 'x', section: 's', value: 'type with space' }]],
      ['x', [{ op: 'add', config: 'x', type: 't', name: 'no-dash' }]],
      ['x', [{ op: 'rename', config: 'x', section: 's', name: '' }]],
      ['x', [{ op: 'delete', config: 'x', section: '@t[x]' }]],
      ['x', []],
    ];
    for (const [config, ops] of bad) expect(() => buildUciBatch(config, ops), JSON.stringify(ops)).toThrow(UsageError);
  });

  it('parses uci paths', () => {
    expect(parseUciPath('metablogizer.main.enabled')).toEqual({ config: 'metablogizer', section: 'main', option: 'enabled' });
    expect(parseUciPath('secubox-exposure.@service[0]')).toEqual({ config: 'secubox-exposure', section: '@service[0]' });
    expect(() => parseUciPath('a')).toThrow(UsageError);
    expect(() => parseUciPath('a.b.c.d')).toThrow(UsageError);
    expect(() => parseUciPath('a.b;reboot')).toThrow(UsageError);
  });
});

describe('box.uci.apply with a scripted box', () => {
  const applyExpect = (result: { stdout?: string; stderr?: string; code?: number }) => ({
    argv: uciApplyArgv('metablogizer'),
    stdin: BATCH_TEXT,
    result,
  });

  it('success: ONE exec (batch + commit), verified by exit code and token', async () => {
    const t = fakeTransport([applyExpect({ stdout: `${UCI_APPLIED_TOKEN}\n` })]);
    await createBox('lab', t).uci.apply('metablogizer', OPS);
    expect(t.rounds).toEqual([{ kind: 'exec', size: 1 }]);
    t.assertDone();
  });

  it('a failing op → uci revert, and an error saying nothing was changed', async () => {
    const t = fakeTransport([
      applyExpect({ stderr: 'uci: Invalid argument\n', code: 4 }),
      { argv: ['uci', 'revert', 'metablogizer'] },
    ]);
    const err = await createBox('lab', t).uci.apply('metablogizer', OPS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as Error).message).toBe('lab: uci batch rejected the changes: uci: Invalid argument; reverted, nothing was changed');
    t.assertDone();
  });

  it('a commit failure → uci revert', async () => {
    const t = fakeTransport([
      applyExpect({ stderr: 'uci: I/O error\n', code: 5 }),
      { argv: ['uci', 'revert', 'metablogizer'] },
    ]);
    await expect(createBox('lab', t).uci.apply('metablogizer', OPS)).rejects.toThrow(/uci commit metablogizer failed: uci: I\/O error; reverted, nothing was changed/);
    t.assertDone();
  });

  it('exit 0 without the token is not trusted (revert, and no claim that nothing changed)', async () => {
    const t = fakeTransport([applyExpect({ stdout: '' }), { argv: ['uci', 'revert', 'metablogizer'] }]);
    await expect(createBox('lab', t).uci.apply('metablogizer', OPS)).rejects.toThrow(/did not confirm the commit.*may have been changed/);
    t.assertDone();
  });

  it('staged changes of someone else → refused, and NOT reverted', async () => {
    const t = fakeTransport([applyExpect({ stderr: 'staged changes already pending in metablogizer:\nmetablogizer.x.y=1\n', code: 3 })]);
    await expect(createBox('lab', t).uci.apply('metablogizer', OPS)).rejects.toThrow(/has staged changes that are not committed; nothing was changed/);
    t.assertDone();
  });

  it('a failed revert is reported with what to do', async () => {
    const t = fakeTransport([
      applyExpect({ stderr: 'uci: Parse error\n', code: 4 }),
      { argv: ['uci', 'revert', 'metablogizer'], result: { stderr: 'uci: I/O error\n', code: 1 } },
    ]);
    const err = (await createBox('lab', t).uci.apply('metablogizer', OPS).catch((e: unknown) => e)) as RemoteError;
    expect(err.message).toMatch(/and `uci revert metablogizer` failed too \(uci: I\/O error\)/);
    expect(err.hint).toMatch(/uci changes metablogizer/);
    t.assertDone();
  });

  it('a transport failure (timeout) → revert attempted, original error rethrown', async () => {
    const t = fakeTransport([
      { ...applyExpect({ stdout: `${UCI_APPLIED_TOKEN}\n` }), delayMs: 200 },
      { argv: ['uci', 'revert', 'metablogizer'] },
    ]);
    await expect(createBox('lab', t).uci.apply('metablogizer', OPS, { timeoutMs: 20 })).rejects.toBeInstanceOf(TimeoutError);
    t.assertDone();
  });

  it('a box that cannot be reached: the revert is tried, then it is reported as unreachable (exit 3), not as a failed revert', async () => {
    let calls = 0;
    const dead = {
      kind: 'ssh' as const, target: 'root@127.0.0.1:1',
      exec: async () => { calls++; throw new UnreachableError('lab', 'network', 'cannot reach lab (127.0.0.1:1): connection refused', 'check that the box is up'); },
      close: async () => undefined,
    };
    const err = (await createBox('lab', dead).uci.apply('metablogizer', OPS).catch((e: unknown) => e)) as UnreachableError;
    expect(calls).toBe(2); // the apply, then the revert
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe('cannot reach lab (127.0.0.1:1): connection refused');
    expect(err.message).not.toMatch(/failed too/);
    expect(err.hint).toMatch(/^check that the box is up; .*uci changes metablogizer/);
  });

  it('invalid names → UsageError, nothing sent', async () => {
    const t = fakeTransport([]);
    await expect(createBox('lab', t).uci.apply('metablogizer', [{ op: 'set', config: 'metablogizer', section: 'a b', option: 'o', value: 'v' }])).rejects.toBeInstanceOf(UsageError);
    expect(t.calls).toEqual([]);
    t.assertDone();
  });
});

describe('the apply script in a real busybox ash, against a stand-in `uci`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secubox-uci-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A stand-in uci with libuci's batch behaviour: a bad line prints `uci: ...` on stderr, and it still exits 0.
  writeFileSync(join(dir, 'uci'), [
    '#!/bin/sh',
    'S="$UCI_STATE"; [ "$1" = -q ] && shift',
    'echo "$*" >> "$S/log"',
    'case "$1" in',
    '  changes) [ -s "$S/staged" ] && cat "$S/staged"; exit 0;;',
    '  batch) while IFS= read -r l; do case "$l" in *BAD*) echo "uci: Invalid argument" >&2;; *) echo "$l" >> "$S/staged";; esac; done; exit 0;;',
    '  commit) [ -e "$S/commit_fails" ] && { echo "uci: I/O error" >&2; exit 1; }; cat "$S/staged" >> "$S/committed" 2>/dev/null; : > "$S/staged"; exit 0;;',
    '  revert) : > "$S/staged"; exit 0;;',
    'esac',
    'exit 1',
    '',
  ].join('\n'));
  chmodSync(join(dir, 'uci'), 0o755);

  function setup(name: string, opts: { staged?: string; commitFails?: boolean } = {}) {
    const state = join(dir, name);
    rmSync(state, { recursive: true, force: true });
    mkdirSync(state);
    writeFileSync(join(state, 'staged'), opts.staged ?? '');
    if (opts.commitFails) writeFileSync(join(state, 'commit_fails'), '');
    const t = busyboxTransport({ path: [dir], env: { UCI_STATE: state } });
    const read = (f: string) => (existsSync(join(state, f)) ? readFileSync(join(state, f), 'utf8') : '');
    return { box: createBox('bb', t), t, read };
  }

  it('success commits and prints the token', async () => {
    const { box, t, read } = setup('ok');
    await box.uci.apply('metablogizer', OPS.slice(0, 2));
    expect(t.execs.length).toBe(1);
    expect(read('committed')).toBe(buildUciBatch('metablogizer', OPS.slice(0, 2)));
    expect(read('log').split('\n').filter(Boolean)).toEqual(['changes metablogizer', 'batch', 'commit metablogizer', 'changes metablogizer']);
  });

  it('a bad line (uci batch still exits 0) is caught from stderr: no commit, reverted', async () => {
    const { box, t, read } = setup('bad');
    const ops: UciOp[] = [...OPS.slice(0, 1), { op: 'set', config: 'metablogizer', section: 'BAD', option: 'x', value: 'y' }];
    await expect(box.uci.apply('metablogizer', ops)).rejects.toThrow(/uci batch rejected the changes: uci: Invalid argument; reverted, nothing was changed/);
    expect(t.execs.length).toBe(2);
    expect(read('committed')).toBe('');
    expect(read('staged')).toBe('');
    expect(read('log')).toMatch(/revert metablogizer\n$/);
  });

  it('a failing commit is reverted', async () => {
    const { box, read } = setup('commitfail', { commitFails: true });
    await expect(box.uci.apply('metablogizer', OPS.slice(0, 1))).rejects.toThrow(/uci commit metablogizer failed: uci: I\/O error; reverted/);
    expect(read('staged')).toBe('');
    expect(read('committed')).toBe('');
  });

  it('pending changes are left alone', async () => {
    const { box, read } = setup('pending', { staged: 'metablogizer.other.x=1\n' });
    await expect(box.uci.apply('metablogizer', OPS.slice(0, 1))).rejects.toThrow(/has staged changes/);
    expect(read('staged')).toBe('metablogizer.other.x=1\n');
    expect(read('log')).not.toMatch(/batch|revert|commit/);
  });

  it('the script is plain POSIX sh (no bash-isms)', () => {
    expect(UCI_APPLY_SCRIPT).not.toMatch(/\[\[|\$\(\(|function |<<<|\bsource\b/);
  });
});

describe('box.uci export / show / get', () => {
  it('export and show return the text; a missing config is a clear error', async () => {
    const exp = fixtureResult('uci/export/metablogizer');
    const t = fakeTransport([
      { argv: ['uci', 'export', 'metablogizer'], result: exp },
      { argv: ['uci', 'show', 'metablogizer'], result: fixtureResult('uci/show/metablogizer') },
      { argv: ['uci', 'export', 'nope'], result: { stderr: 'uci: Entry not found\n', code: 1 } },
    ]);
    const box = createBox('lab', t);
    expect(await box.uci.export('metablogizer')).toBe(exp.stdout);
    expect(await box.uci.show('metablogizer')).toMatch(/^metablogizer\./m);
    await expect(box.uci.export('nope')).rejects.toThrow('lab: uci config nope does not exist');
    await expect(box.uci.export('../etc/passwd')).rejects.toBeInstanceOf(UsageError);
    t.assertDone();
  });

  it('get: value without the final newline; missing → undefined; bad path → UsageError', async () => {
    const t = fakeTransport([
      { argv: ['uci', '-q', 'get', 'metablogizer.main.enabled'], result: { stdout: '1\n' } },
      { argv: ['uci', '-q', 'get', 'metablogizer.main.nope'], result: { code: 1 } },
      { argv: ['uci', '-q', 'get', 'metablogizer.main.multi'], result: { stdout: 'a\nb\n' } },
    ]);
    const box = createBox('lab', t);
    expect(await box.uci.get('metablogizer.main.enabled')).toBe('1');
    expect(await box.uci.get('metablogizer.main.nope')).toBeUndefined();
    expect(await box.uci.get('metablogizer.main.multi')).toBe('a\nb');
    await expect(box.uci.get('metablogizer')).rejects.toBeInstanceOf(UsageError);
    t.assertDone();
  });
});
