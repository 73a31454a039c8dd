import { describe, expect, it } from 'vitest';
import { createLocalTransport } from '../../src/backends/local.js';
import { AbortError, RemoteError, TimeoutError } from '../../src/lib/errors.js';

describe('local transport (execa)', () => {
  const t = createLocalTransport();

  it('runs argv without a shell and returns Buffers, exit code and stderr', async () => {
    const r = await t.exec(['sh', '-c', 'printf "a\\nb"; printf err >&2; exit 3']);
    expect(Buffer.isBuffer(r.stdout)).toBe(true);
    expect(r.stdout.toString()).toBe('a\nb');
    expect(r.stderr.toString()).toBe('err');
    expect(r.code).toBe(3);
    expect(r.signal).toBeNull();
    // no shell: metacharacters reach the program verbatim
    const echo = await t.exec(['printf', '%s|', '$HOME', '`id`', '*', "'"]);
    expect(echo.stdout.toString()).toBe("$HOME|`id`|*|'|");
    expect(t.kind).toBe('local');
  });

  it('feeds stdin (string and Buffer) and closes it when none is given', async () => {
    expect((await t.exec(['cat'], { stdin: 'hello\n' })).stdout.toString()).toBe('hello\n');
    const bytes = Buffer.from([0, 1, 2, 255, 10]);
    expect((await t.exec(['cat'], { stdin: bytes })).stdout.equals(bytes)).toBe(true);
    expect((await t.exec(['cat'])).stdout.length).toBe(0);
  });

  it('reports a signal death', async () => {
    const r = await t.exec(['sh', '-c', 'kill -9 $$']);
    expect(r.code).toBeNull();
    expect(r.signal).toBe('SIGKILL');
  });

  it('gives a clear error for a missing binary', async () => {
    const err = await t.exec(['secubox-no-such-binary-xyz']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as Error).message).toContain('command not found: secubox-no-such-binary-xyz');
  });

  it('times out and aborts, killing the process', async () => {
    let t0 = Date.now();
    const e1 = await t.exec(['sleep', '5'], { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(TimeoutError);
    expect(Date.now() - t0).toBeLessThan(3000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    t0 = Date.now();
    const e2 = await t.exec(['sleep', '5'], { signal: ac.signal }).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(AbortError);
    expect((e2 as Error).name).toBe('AbortError');
    expect(Date.now() - t0).toBeLessThan(3000);
    await expect(t.exec(['true'], { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('handles large binary output byte for byte', async () => {
    const r = await t.exec(['head', '-c', String(8 * 1024 * 1024), '/dev/urandom']);
    expect(r.stdout.length).toBe(8 * 1024 * 1024);
  });
});
