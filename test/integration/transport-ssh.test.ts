/**
 * The SSH transport against REAL servers: Debian's dropbear (what OpenWrt runs) and OpenSSH, on 127.0.0.1,
 * busybox ash as the remote shell (harness: test/integration/harness).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshTransport, MAX_COMMAND_BYTES, type SshTransport } from '../../src/backends/ssh/index.js';
import { handshakesInFlight } from '../../src/backends/ssh/limiter.js';
import { AbortError, RemoteError, TimeoutError, UnreachableError } from '../../src/lib/errors.js';
import { startBox, type TestBox } from './harness/index.js';

const MiB = 1024 * 1024;

/** Processes of the test account whose command line contains `needle` (to check a remote command was killed). */
async function remoteProcs(box: TestBox, needle: string): Promise<number> {
  const { readdirSync, readFileSync } = await import('node:fs');
  let n = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(needle)) n++;
    } catch {
      /* gone */
    }
  }
  void box;
  return n;
}

async function until(cond: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

describe.each(['dropbear', 'openssh'] as const)('ssh transport on %s', (server) => {
  let box: TestBox;
  let t: SshTransport;
  beforeAll(async () => {
    box = await startBox({ server });
    t = createSshTransport(box.target());
  });
  afterAll(async () => {
    await t?.close();
    await box?.stop();
  });

  it('runs argv through busybox ash: stdout, stderr, exit code, one reused connection', async () => {
    const r = await t.exec(['sh', '-c', 'printf out; printf err >&2; exit 7']);
    expect(r.stdout.toString()).toBe('out');
    expect(r.stderr.toString()).toBe('err');
    expect(r.code).toBe(7);
    expect(r.signal).toBeNull();
    // the remote login shell is busybox ash, and argv arrives verbatim
    const login = await t.exec(['eval', 'readlink /proc/$$/exe']);
    expect(login.stdout.toString()).toMatch(/busybox\n$/);
    const sh = await t.exec(['sh', '-c', 'readlink /proc/$$/exe; printf "%s|" "$@"', 'sh', '$HOME', '`id`', "it's", '*', '']);
    expect(sh.stdout.toString()).toMatch(/busybox\n\$HOME\|`id`\|it's\|\*\|\|$/);
    for (const code of [0, 1, 2, 42, 126, 255]) expect((await t.exec(['sh', '-c', `exit ${code}`])).code).toBe(code);
    expect(t.flavour).toBe(server);
    expect(t.serverSoftware?.toLowerCase()).toContain(server === 'dropbear' ? 'dropbear' : 'openssh');
    expect(t.connectCount).toBe(1);
    expect(t.kind).toBe('ssh');
    expect(t.target).toBe(`${box.user}@127.0.0.1:${box.port}`);
  });

  it('reports a death by signal', async () => {
    const r = await t.exec(['sh', '-c', 'kill -TERM $$']);
    expect(r.code).toBeNull();
    expect(r.signal).toBe('SIGTERM');
  });

  it('feeds stdin and closes it (EOF) when none is given', async () => {
    expect((await t.exec(['cat'], { stdin: 'héllo\n' })).stdout.toString()).toBe('héllo\n');
    const bin = Buffer.from([0, 1, 2, 0xff, 0x0a, 0x0d, 0x7f]);
    expect((await t.exec(['cat'], { stdin: bin })).stdout.equals(bin)).toBe(true);
    const t0 = Date.now();
    expect((await t.exec(['cat'])).stdout.length).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('moves >= 8 MiB byte for byte, both directions', async () => {
    const data = randomBytes(8 * MiB + 12345);
    const file = join(box.dir, 'big.bin');
    writeFileSync(file, data);
    chmodSync(file, 0o644);
    const down = await t.exec(['cat', file]);
    expect(down.code).toBe(0);
    expect(down.stdout.length).toBe(data.length);
    expect(down.stdout.equals(data)).toBe(true);
    const up = await t.exec(['cat'], { stdin: data });
    expect(up.stdout.length).toBe(data.length);
    expect(up.stdout.equals(data)).toBe(true);
    // big stderr too
    const err = await t.exec(['sh', '-c', `cat ${file} >&2`]);
    expect(err.stderr.equals(data)).toBe(true);
  }, 60_000);

  it('times out: the remote command is killed, the channel closed, and the next call works', async () => {
    const t0 = Date.now();
    const err = await t.exec(['sleep', '37.25'], { timeoutMs: 400 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toMatch(/`sleep 37.25` on test-.* timed out after 0.4 s/);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await until(async () => (await remoteProcs(box, 'sleep 37.25')) === 0, 3000)).toBe(true);
    const ok = await t.exec(['echo', 'next']);
    expect(ok.stdout.toString()).toBe('next\n');
    expect(t.connectCount).toBe(1);
  });

  it('aborts through an AbortSignal', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 250);
    const t0 = Date.now();
    const err = await t.exec(['sleep', '38.5'], { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as Error).name).toBe('AbortError');
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await until(async () => (await remoteProcs(box, 'sleep 38.5')) === 0, 3000)).toBe(true);
    box.clearCalls();
    await expect(t.exec(['ubus', 'list'], { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(box.calls()).toEqual([]); // never sent
    expect((await t.exec(['true'])).code).toBe(0);
  });

  if (server === 'dropbear') {
    it('serialises parallel calls on dropbear: one channel at a time, no dropped connection', async () => {
      const lock = join(box.stateDir, 'overlap-lock');
      const script = `mkdir ${lock} 2>/dev/null || echo OVERLAP; sleep 0.03; rmdir ${lock}; echo done`;
      const rs = await Promise.all(Array.from({ length: 16 }, () => t.exec(['sh', '-c', script])));
      for (const r of rs) expect(r.stdout.toString()).toBe('done\n');
      expect(t.maxInFlight).toBe(1);
      expect(t.connectCount).toBe(1);
    });
  } else {
    it('runs up to 4 channels in parallel on OpenSSH, queueing the rest', async () => {
      const t0 = Date.now();
      const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => t.exec(['sh', '-c', `sleep 1; echo ${i}`])));
      const ms = Date.now() - t0;
      expect(rs.map((r) => r.stdout.toString().trim())).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
      expect(t.maxInFlight).toBe(4);
      expect(ms).toBeGreaterThanOrEqual(2000); // two waves of 4 ...
      expect(ms).toBeLessThan(6000); // ... not 8 one after the other
    });
  }

  it('refuses a command line longer than the server accepts, with a clear error', async () => {
    const big = 'x'.repeat(MAX_COMMAND_BYTES[server] + 10);
    const err = await t.exec(['echo', big]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as Error).message).toMatch(/command line is \d+ bytes/);
    // just below the limit works
    const ok = await t.exec(['printf', '%s', 'y'.repeat(MAX_COMMAND_BYTES[server] - 100)]);
    expect(ok.stdout.length).toBe(MAX_COMMAND_BYTES[server] - 100);
    expect(t.connectCount).toBe(1);
  });

  it('limits handshakes per box to 4 and shares nothing between transports', async () => {
    const many = Array.from({ length: 8 }, () => createSshTransport(box.target()));
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, handshakesInFlight('127.0.0.1', box.port))), 2);
    try {
      const rs = await Promise.all(many.map((x) => x.exec(['echo', 'hi'])));
      expect(rs.every((r) => r.stdout.toString() === 'hi\n')).toBe(true);
    } finally {
      clearInterval(poll);
      await Promise.all(many.map((x) => x.close()));
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(4);
  });

  it('fails a call in flight when the server is killed (no hang), then reconnects after a restart', async () => {
    const x = createSshTransport(box.target());
    try {
      expect((await x.exec(['true'])).code).toBe(0);
      const pending = x.exec(['sleep', '39.75']).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      await box.kill();
      const err = await pending;
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(err).toBeInstanceOf(UnreachableError);
      expect((err as UnreachableError).reason).toBe('network');
      expect((err as Error).message).toMatch(/was lost while running `sleep 39.75`/);
      // box down: a clear error, quickly
      const down = await x.exec(['true']).catch((e: unknown) => e);
      expect(down).toBeInstanceOf(UnreachableError);
      expect((down as Error).message).toMatch(/connection refused/);
      await box.restart();
      const r = await x.exec(['echo', 'back']);
      expect(r.stdout.toString()).toBe('back\n');
      expect(x.connectCount).toBe(2);
    } finally {
      await x.close();
    }
  }, 30_000);

  it('reconnects transparently after a server restart while idle', async () => {
    const x = createSshTransport(box.target());
    try {
      expect((await x.exec(['echo', '1'])).stdout.toString()).toBe('1\n');
      await box.restart();
      expect((await x.exec(['echo', '2'])).stdout.toString()).toBe('2\n');
      expect(x.connectCount).toBe(2);
    } finally {
      await x.close();
    }
  }, 30_000);

  it('turns the synchronous throw of ssh2 exec() after a disconnect into a reconnect (the command had not started)', async () => {
    const x = createSshTransport(box.target());
    const proto = ssh2.Client.prototype as unknown as { exec: (...a: unknown[]) => unknown };
    const orig = proto.exec;
    try {
      expect((await x.exec(['true'])).code).toBe(0);
      let threw = 0;
      proto.exec = function (this: { _sock?: { destroy(): void } }, ...args: unknown[]) {
        proto.exec = orig;
        this._sock?.destroy(); // the socket is gone, ssh2 has not emitted 'close' yet
        try {
          return orig.apply(this, args);
        } catch (e) {
          threw++;
          throw e;
        }
      };
      const r = await x.exec(['echo', 'again']);
      expect(threw).toBe(1); // ssh2 did throw synchronously ("Not connected")
      expect(r.stdout.toString()).toBe('again\n');
      expect(x.connectCount).toBe(2);
    } finally {
      proto.exec = orig;
      await x.close();
    }
  });

  it('aborts a call still waiting in the channel queue without running it', async () => {
    const x = createSshTransport(box.target());
    try {
      await x.exec(['true']);
      const slow = Array.from({ length: server === 'dropbear' ? 1 : 4 }, () => x.exec(['sleep', '2']));
      const ac = new AbortController();
      box.clearCalls();
      const queued = x.exec(['ubus', 'list'], { signal: ac.signal }).catch((e: unknown) => e);
      setTimeout(() => ac.abort(), 100);
      const t0 = Date.now();
      expect(await queued).toBeInstanceOf(AbortError);
      expect(Date.now() - t0).toBeLessThan(1500); // did not wait for a slot (2 s)
      await Promise.all(slow);
      expect(box.calls()).toEqual([]);
    } finally {
      await x.close();
    }
  });

  it('times out a handshake with a server that accepts TCP but never speaks SSH', async () => {
    const silent: Server = createServer(() => {
      /* accept and say nothing */
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const x = createSshTransport({ ...box.target(), port, connectTimeoutMs: 700 });
      const t0 = Date.now();
      const err = await x.exec(['true']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreachableError);
      expect((err as UnreachableError).reason).toBe('timeout');
      expect(Date.now() - t0).toBeLessThan(3000);
      await x.close();
    } finally {
      silent.close();
    }
  });

  it('gives UnreachableError on a port where nothing listens, and refuses calls after close()', async () => {
    const { freePort } = await import('./harness/servers.js');
    const port = await freePort();
    const x = createSshTransport({ ...box.target(), port });
    const err = await x.exec(['true']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as UnreachableError).reason).toBe('network');
    expect((err as UnreachableError).exitCode).toBe(3);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    await x.close();
    const y = createSshTransport(box.target());
    expect((await y.exec(['true'])).code).toBe(0);
    await y.close();
    await y.close(); // idempotent
    await expect(y.exec(['true'])).rejects.toThrow(/closed/);
  });
});
