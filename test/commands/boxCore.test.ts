/** Core pieces behind the box verbs: fleet fanOut/summarize, the TTY prompter, target option parsing. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fanOut, summarize, type BoxResult } from '../../src/core/fleet.js';
import type { Session } from '../../src/core/session.js';
import type { BoxEntry } from '../../src/core/inventory.js';
import type { BoxApi } from '../../src/backends/types.js';
import { createPrompter, readLine } from '../../src/core/ttyPrompter.js';
import { parseTargetOptions, suggest } from '../../src/core/targets.js';
import { sshEndpoint } from '../../src/core/sessionSsh.js';
import { openSession } from '../../src/core/sessionImpl.js';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import { CancelledError, RemoteError, UnreachableError, UsageError } from '../../src/lib/errors.js';
import { capture, fakeStdin } from './boxCliHarness.js';

const entries = (...names: string[]): BoxEntry[] => names.map((name) => ({ name, host: name, tags: [] }));

function fakeSession(open: (e: BoxEntry) => Promise<BoxApi>): Session {
  return {
    inventory: undefined as never,
    demo: false,
    resolveTargets: () => [],
    open: (b) => open(typeof b === 'string' ? { name: b, host: b, tags: [] } : b),
    where: (e) => e.host,
    onCall: () => () => undefined,
    close: async () => undefined,
  };
}
const api = (name: string) => ({ name }) as unknown as BoxApi;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fanOut / summarize', () => {
  it('classifies per box, keeps entry order, never throws', async () => {
    const s = fakeSession(async (e) => {
      if (e.name === 'dead') throw new UnreachableError('dead', 'network', 'refused');
      return api(e.name);
    });
    const res = await fanOut(s, entries('a', 'dead', 'bad'), async (box) => {
      if (box.name === 'bad') throw new RemoteError('nope');
      return box.name.toUpperCase();
    });
    expect(res.map((r) => [r.box, r.reach, r.ok, r.value])).toEqual([
      ['a', 'ok', true, 'A'], ['dead', 'unreachable', false, undefined], ['bad', 'failed', false, undefined],
    ]);
    const sum = summarize(res);
    expect(sum.exitCode).toBe(4);
    expect(sum.text).toBe('1 ok, 1 failed (bad), 1 unreachable (dead)');
  });

  it('exit codes: all ok 0, all unreachable 3, none ok with a failure 1, cancelled 130', () => {
    const r = (box: string, reach: BoxResult<unknown>['reach'], error?: Error): BoxResult<unknown> => ({ box, ok: reach === 'ok', reach, ms: 1, ...(error ? { error } : {}) });
    expect(summarize([r('a', 'ok'), r('b', 'ok')]).exitCode).toBe(0);
    expect(summarize([]).exitCode).toBe(0);
    expect(summarize([r('a', 'unreachable'), r('b', 'unreachable')]).exitCode).toBe(3);
    expect(summarize([r('a', 'unreachable'), r('b', 'failed')]).exitCode).toBe(1);
    expect(summarize([r('a', 'failed')]).exitCode).toBe(1);
    expect(summarize([r('a', 'ok'), r('b', 'unreachable')]).exitCode).toBe(4);
    expect(summarize([r('a', 'failed', new CancelledError())]).exitCode).toBe(130);
  });

  it('bounded concurrency, and a dead box (open never answers) does not delay the others', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: string[] = [];
    const s = fakeSession(async (e) => {
      if (e.name === 'hang') await new Promise(() => undefined);
      return api(e.name);
    });
    const names = ['hang', ...Array.from({ length: 9 }, (_, i) => `b${i}`)];
    const started = Date.now();
    const res = await fanOut(s, entries(...names), async (box) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(20);
      inFlight--;
      return box.name;
    }, { concurrency: 3, timeoutMs: 400, onResult: (r) => done.push(r.box) });
    expect(peak).toBeLessThanOrEqual(3);
    expect(done[done.length - 1]).toBe('hang'); // everyone else finished first
    expect(Date.now() - started).toBeLessThan(1500);
    const hang = res[0]!;
    expect(hang.reach).toBe('unreachable');
    expect(hang.error).toBeInstanceOf(UnreachableError);
    expect(res.slice(1).every((r) => r.ok)).toBe(true);
  });

  it('a task slower than the deadline is failed (the box answered), and its signal is aborted', async () => {
    let aborted = false;
    const s = fakeSession(async (e) => api(e.name));
    const [r] = await fanOut(s, entries('slow'), async (_b, _e, signal) => {
      signal.addEventListener('abort', () => { aborted = true; });
      await sleep(2000);
      return 1;
    }, { timeoutMs: 50 });
    expect(r!.reach).toBe('failed');
    expect(r!.error?.message).toMatch(/timed out/);
    expect(aborted).toBe(true);
  });
});

describe('TTY prompter', () => {
  const io = (isTTY = true) => {
    const stdin = fakeStdin(isTTY);
    const stderr = capture(true);
    return { stdin, stderr, env: {} };
  };

  it('secret: no echo, backspace, raw mode restored', async () => {
    const x = io();
    const p = createPrompter(x);
    expect(p.interactive).toBe(true);
    const answer = p.secret('Passphrase for key:');
    x.stdin.write('hunterX\u007f2\r');
    expect(await answer).toBe('hunter2');
    expect(x.stderr.text()).toBe('Passphrase for key: \n');
    expect(x.stdin.rawCalls).toEqual([true, false]);
  });

  it('Ctrl-C is a CancelledError and leaves raw mode', async () => {
    const x = io();
    const p = createPrompter(x);
    const answer = p.secret('Password:');
    x.stdin.write('abc\u0003');
    await expect(answer).rejects.toBeInstanceOf(CancelledError);
    expect(x.stdin.isRaw).toBe(false);
  });

  it('trustHostKey shows box, host:port, type, fingerprint, the file, and defaults to no', async () => {
    const x = io();
    const p = createPrompter(x);
    const q = { box: 'lab', host: '127.0.0.1', port: 2222, keyType: 'ssh-ed25519', fingerprint: 'SHA256:abcdef', file: '/h/.ssh/known_hosts' };
    const a1 = p.trustHostKey(q);
    x.stdin.write('\r');
    expect(await a1).toBe(false);
    const text = x.stderr.text();
    expect(text).toContain('box "lab" (127.0.0.1:2222)');
    expect(text).toContain('ssh-ed25519');
    expect(text).toContain('SHA256:abcdef');
    expect(text).toContain('Trust this host key and add it to /h/.ssh/known_hosts? [y/N] ');
    const a2 = p.trustHostKey(q);
    x.stdin.write('yes\r');
    expect(await a2).toBe(true);
  });

  it('typed-ahead answers go to the next question; confirm understands y/n', async () => {
    const x = io();
    const p = createPrompter(x);
    const a = p.confirm('first?');
    const b = p.confirm('second?');
    x.stdin.write('y\rn\r');
    expect(await a).toBe(true);
    expect(await b).toBe(false);
  });

  it('not a TTY: never asks, never trusts', async () => {
    const x = io(false);
    const p = createPrompter(x);
    expect(p.interactive).toBe(false);
    expect(await p.trustHostKey({ box: 'a', host: 'h', port: 22, keyType: 't', fingerprint: 'f' })).toBe(false);
    expect(await p.secret('x')).toBeUndefined();
    expect(x.stderr.text()).toBe('');
  });

  it('readLine: end of input resolves undefined', async () => {
    const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
    const stderr = capture(true);
    const p = readLine({ stdin, stderr, env: {} }, 'q? ', { echo: true });
    stdin.end();
    expect(await p).toBeUndefined();
  });
});

describe('target options', () => {
  it('--timeout seconds → ms, 0 = none; junk is a usage error', () => {
    expect(parseTargetOptions({ box: 'a,b', timeout: '2.5' })).toEqual({ selection: { box: 'a,b' }, timeoutMs: 2500 });
    expect(parseTargetOptions({ all: true, timeout: '0' })).toEqual({ selection: { all: true }, timeoutMs: undefined });
    expect(parseTargetOptions({}).timeoutMs).toBe(20_000);
    expect(() => parseTargetOptions({ timeout: 'soon' })).toThrow(UsageError);
    expect(() => parseTargetOptions({ timeout: '-1' })).toThrow(UsageError);
  });

  it('suggestions for typos', () => {
    expect(suggest('r1.lbb', ['r1.lab', 'r2.lab', 'edge'])).toEqual(['r1.lab', 'r2.lab']);
    expect(suggest('zzz', ['r1.lab', 'edge'])).toEqual([]);
  });
});

describe('ssh endpoint of an entry (merged with ~/.ssh/config)', () => {
  it('entry fields win; an alias host takes HostName; UserKnownHostsFile; ProxyJump chain', async () => {
    const home = mkdtempSync(join(tmpdir(), 'secubox-ep-'));
    try {
      mkdirSync(join(home, '.ssh'));
      writeFileSync(join(home, '.ssh', 'config'), [
        'Host r1', '  HostName 192.168.1.1', '  Port 2200', '  User admin', '  IdentityFile ~/.ssh/r1_key',
        '  UserKnownHostsFile ~/.ssh/kh_r1', '  ProxyJump ops@bastion:2022',
        'Host bastion', '  HostName 10.9.9.9',
      ].join('\n'));
      const env = { HOME: home };
      const viaAlias = sshEndpoint({ name: 'r1', host: 'r1', sshAlias: 'r1', tags: [] }, env);
      expect(viaAlias).toMatchObject({ host: '192.168.1.1', port: 2200, user: 'admin', identityFiles: [join(home, '.ssh', 'r1_key')], knownHostsFiles: [join(home, '.ssh', 'kh_r1')] });
      expect(viaAlias.jumps.map((j) => [j.host, j.port, j.user])).toEqual([['10.9.9.9', 2022, 'ops']]);

      const overridden = sshEndpoint({ name: 'x', host: '10.0.0.5', sshAlias: 'r1', port: 22, user: 'root', identity: '/k', jump: 'none', tags: [] }, env);
      expect(overridden).toMatchObject({ host: '10.0.0.5', port: 22, user: 'root', identityFiles: ['/k'], jumps: [] });

      const plain = sshEndpoint({ name: 'p', host: '127.0.0.1', tags: [] }, env);
      expect(plain).toMatchObject({ host: '127.0.0.1', port: 22, user: 'root', knownHostsFiles: [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')] });

      // how tables and messages show where a box is: always the EFFECTIVE user@host:port (+ jumps)
      const session = await openSession({ env: { ...env, XDG_CONFIG_HOME: join(home, 'xdg') }, demo: false, prompter: nonInteractivePrompter });
      expect(session.where({ name: 'p', host: '127.0.0.1', tags: [] })).toBe('root@127.0.0.1:22');
      expect(session.where({ name: 'q', host: '127.0.0.1', port: 2223, user: 'admin', tags: [] })).toBe('admin@127.0.0.1:2223');
      expect(session.where({ name: 'r1', host: 'r1', sshAlias: 'r1', tags: [] })).toBe('admin@192.168.1.1:2200 via 10.9.9.9');
      expect(session.where({ name: 'l', host: 'local', tags: [] })).toBe('local');
      await session.close();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
