import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import { writeArgv } from '../../src/backends/files.js';
import { interpretServiceStatus, serviceStatusCalls } from '../../src/backends/services.js';
import type { CallResult } from '../../src/backends/types.js';
import { RemoteError, UsageError } from '../../src/lib/errors.js';
import { busyboxTransport, fakeTransport } from '../helpers/fakeTransport.js';

const STATUS_ARGV = (n: string) => serviceStatusCalls(n).map((c) => c.argv);

function results(codes: [number, number, number], list: { stdout?: string; stderr?: string; code?: number }): CallResult[] {
  const argvs = STATUS_ARGV('haproxy');
  return [
    ...codes.map((code, i) => ({ argv: argvs[i]!, label: '', code, stdout: '', stderr: '' })),
    { argv: argvs[3]!, label: '', code: list.code ?? 0, stdout: list.stdout ?? '', stderr: list.stderr ?? '' },
  ];
}

describe('service(name)', () => {
  it('status is ONE batch of 4 calls, interpreted from procd’s service list', async () => {
    const t = fakeTransport([
      { argv: ['test', '-x', '/etc/init.d/haproxy'] },
      { argv: ['/etc/init.d/haproxy', 'enabled'] },
      { argv: ['grep', '-q', 'USE_PROCD=1', '/etc/init.d/haproxy'] },
      {
        argv: ['ubus', 'call', 'service', 'list', '{"name":"haproxy"}'],
        result: { stdout: JSON.stringify({ haproxy: { instances: { instance1: { running: true, pid: 42 } } } }) },
      },
    ]);
    const st = await createBox('lab', t).service('haproxy').status();
    expect(st).toEqual({ name: 'haproxy', installed: true, enabled: true, running: true });
    expect(t.rounds).toEqual([{ kind: 'batch', size: 4 }]);
    t.assertDone();
  });

  it('interpretServiceStatus: the cases', () => {
    const run = (instances: object) => ({ stdout: JSON.stringify({ haproxy: { instances } }) });
    // not installed
    expect(interpretServiceStatus('haproxy', results([1, 1, 2], { code: 0, stdout: '{}' }))).toEqual({ name: 'haproxy', installed: false, enabled: false, running: false });
    // installed, disabled, procd lists it stopped
    expect(interpretServiceStatus('haproxy', results([0, 1, 0], run({ i1: { running: false } }))).running).toBe(false);
    expect(interpretServiceStatus('haproxy', results([0, 1, 0], run({ i1: { running: false } }))).enabled).toBe(false);
    // procd script absent from procd's list → stopped
    expect(interpretServiceStatus('haproxy', results([0, 0, 0], { stdout: '{ }' })).running).toBe(false);
    // non-procd script absent from the list → unknown
    expect(interpretServiceStatus('haproxy', results([0, 0, 1], { stdout: '{ }' })).running).toBeNull();
    // ubus fails (procd/ubusd down) → unknown
    expect(interpretServiceStatus('haproxy', results([0, 0, 0], { code: 252, stderr: 'Command failed: Not found\n' })).running).toBeNull();
    // one of several instances running
    expect(interpretServiceStatus('haproxy', results([0, 0, 0], run({ a: { running: false }, b: { running: true } }))).running).toBe(true);
    expect(() => interpretServiceStatus('haproxy', [])).toThrow(TypeError);
  });

  it('run(action) runs the init script; a missing one is a clear error; names are validated', async () => {
    const t = fakeTransport([
      { argv: ['/etc/init.d/haproxy', 'restart'], result: { stdout: 'ok\n' } },
      { argv: ['/etc/init.d/nope', 'start'], result: { stderr: 'sh: /etc/init.d/nope: not found\n', code: 127 } },
    ]);
    const box = createBox('lab', t);
    const r = await box.service('haproxy').run('restart');
    expect(r.code).toBe(0);
    expect(r.label).toBe('service haproxy restart');
    await expect(box.service('nope').run('start')).rejects.toThrow('lab: service nope is not installed (no /etc/init.d/nope)');
    for (const bad of ['../sbin/reboot', 'a b', '', '.hidden', 'x;reboot']) expect(() => box.service(bad), bad).toThrow(UsageError);
    await expect(box.service('haproxy').run('explode' as never)).rejects.toBeInstanceOf(UsageError);
    t.assertDone();
  });

  it('status through a real busybox sh: a missing init script, and no ubus, in one exec', async () => {
    const t = busyboxTransport();
    const st = await createBox('bb', t).service('secubox-no-such-service').status();
    expect(st).toEqual({ name: 'secubox-no-such-service', installed: false, enabled: false, running: false });
    expect(t.execs.length).toBe(1);
  });
});

describe('files through a real busybox sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secubox-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const box = createBox('bb', busyboxTransport());

  it('write then read round-trips text with every awkward byte, atomically, leaving no temp file', async () => {
    const p = join(dir, "we'ird name $x.conf");
    const data = "line 1\n'quoted' \"dq\" $HOME `cmd` \\ \t tab\nünï ✓\r\n\x01\x7f no final newline";
    await box.files.write(p, data);
    expect(readFileSync(p, 'utf8')).toBe(data);
    expect(await box.files.read(p)).toBe(data);
    expect(readdirSync(dir).filter((f) => f.includes('secubox-tmp'))).toEqual([]);
  });

  it('binary data (NULs) goes through stdin intact', async () => {
    const p = join(dir, 'blob.bin');
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    await box.files.write(p, data, { mode: '600' });
    expect(readFileSync(p).equals(data)).toBe(true);
  });

  it('mode: given → applied; absent → the existing file keeps its mode', async () => {
    const p = join(dir, 'moded');
    await box.files.write(p, 'a', { mode: '0640' });
    expect(statSync(p).mode & 0o777).toBe(0o640);
    chmodSync(p, 0o604);
    await box.files.write(p, 'b');
    expect(statSync(p).mode & 0o777).toBe(0o604);
    expect(readFileSync(p, 'utf8')).toBe('b');
  });

  it('errors: missing file, missing directory (old file untouched), bad mode, relative path', async () => {
    await expect(box.files.read(join(dir, 'nope'))).rejects.toThrow(/cannot read .*nope: .*No such file/);
    await expect(box.files.write(join(dir, 'no-dir', 'x'), 'data')).rejects.toBeInstanceOf(RemoteError);
    expect(existsSync(join(dir, 'no-dir'))).toBe(false);
    // A directory as the target: refused, and nothing is dropped inside it.
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    await expect(box.files.write(sub, 'new')).rejects.toThrow(/cannot write .*sub: .*is a directory/);
    expect(readdirSync(sub)).toEqual([]);
    await expect(box.files.write(join(dir, 'x'), 'a', { mode: 'rwx' })).rejects.toBeInstanceOf(UsageError);
    await expect(box.files.read('relative/path')).rejects.toBeInstanceOf(UsageError);
  });

  it('a short write is detected from the byte count the box reports', async () => {
    const t = fakeTransport([{ argv: writeArgv('/etc/config/x'), stdin: 'hello', result: { stdout: '3\n' } }]);
    await expect(createBox('lab', t).files.write('/etc/config/x', 'hello')).rejects.toThrow(/holds 3 bytes, not 5/);
    t.assertDone();
  });
});
