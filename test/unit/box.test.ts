import { describe, expect, it } from 'vitest';
import { boundaryOfScript, frameBatchOutput } from '../../src/backends/batch.js';
import { createBox } from '../../src/backends/box.js';
import type { CallEvent, ExecOptions, ExecResult, Transport } from '../../src/backends/types.js';
import { AbortError, RemoteError, TimeoutError } from '../../src/lib/errors.js';
import { fakeTransport, fixtureResult, ubusFixture } from '../helpers/fakeTransport.js';

describe('createBox: exec and the command log', () => {
  it('emits one CallEvent per exec with label, argv, timing, code and ok', async () => {
    const t = fakeTransport([
      { argv: ['echo', 'hi'], result: { stdout: 'hi\n' }, delayMs: 15 },
      { argv: ['false'], result: { code: 1, stderr: 'nope' } },
    ]);
    const box = createBox('lab', t);
    const events: CallEvent[] = [];
    box.onCall((e) => events.push(e));
    const before = Date.now();
    const r = await box.exec(['echo', 'hi']);
    expect(r).toEqual({ argv: ['echo', 'hi'], label: 'echo hi', code: 0, stdout: 'hi\n', stderr: '' });
    const r2 = await box.exec(['false'], { label: 'my label' });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toBe('nope');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ box: 'lab', label: 'echo hi', argv: ['echo', 'hi'], code: 0, ok: true });
    expect(events[0]!.ms).toBeGreaterThanOrEqual(10);
    expect(events[0]!.startedAt).toBeGreaterThanOrEqual(before);
    expect(events[0]!.batch).toBeUndefined();
    expect(events[1]).toMatchObject({ label: 'my label', code: 1, ok: false });
    t.assertDone();
  });

  it('a throwing transport emits a failed event and rethrows; unsubscribe and broken listeners', async () => {
    const t = fakeTransport([{ argv: ['sleep'], delayMs: 500 }, { argv: ['a'] }, { argv: ['b'] }]);
    const box = createBox('lab', t, { defaultTimeoutMs: 20 });
    const events: CallEvent[] = [];
    const off = box.onCall((e) => events.push(e));
    box.onCall(() => {
      throw new Error('broken panel');
    });
    await expect(box.exec(['sleep'])).rejects.toBeInstanceOf(TimeoutError);
    expect(events[0]).toMatchObject({ ok: false, code: null, label: 'sleep' });
    expect(events[0]!.error).toMatch(/timed out/);
    await box.exec(['a']);
    off();
    await box.exec(['b']);
    expect(events.map((e) => e.label)).toEqual(['sleep', 'a']);
    t.assertDone();
  });

  it('defaultTimeoutMs applies unless the call sets its own; signal and stdin pass through', async () => {
    const seen: ExecOptions[] = [];
    const spy: Transport = {
      kind: 'sim',
      target: 'spy',
      async exec(_argv, o = {}) {
        seen.push(o);
        return { stdout: Buffer.from(''), stderr: Buffer.from(''), code: 0, signal: null };
      },
      async close() {},
    };
    const box = createBox('x', spy, { defaultTimeoutMs: 1234 });
    const ac = new AbortController();
    await box.exec(['a']);
    await box.exec(['b'], { timeoutMs: 5, stdin: 'in', signal: ac.signal });
    expect(seen[0]).toEqual({ timeoutMs: 1234 });
    expect(seen[1]).toEqual({ timeoutMs: 5, stdin: 'in', signal: ac.signal });
    await expect(box.exec([])).rejects.toThrow(TypeError);
  });

  it('labels quote awkward argv elements and are kept short', async () => {
    const t = fakeTransport([{ argv: ['ubus', 'call', 'a', 'b', /.*/] }, { argv: (a) => a[0] === 'x' }]);
    const box = createBox('lab', t);
    expect((await box.exec(['ubus', 'call', 'a', 'b', '{"k":"v w"}'])).label).toBe('ubus call a b "{\\"k\\":\\"v w\\"}"');
    expect((await box.exec(['x', 'y'.repeat(500)])).label.length).toBeLessThanOrEqual(120);
    t.assertDone();
  });
});

describe('createBox: batch', () => {
  it('uses transport.batch when present: one round trip, one event per inner call', async () => {
    const t = fakeTransport([ubusFixture('luci.metablogizer', 'status'), ubusFixture('luci.webradio', 'status'), { argv: ['cat'], stdin: 'x', result: { stdout: 'x' } }]);
    const box = createBox('lab', t);
    const events: CallEvent[] = [];
    box.onCall((e) => events.push(e));
    const res = await box.batch([
      { argv: ['ubus', 'call', 'luci.metablogizer', 'status', '{}'], label: 'status' },
      { argv: ['ubus', 'call', 'luci.webradio', 'status', '{}'] },
      { argv: ['cat'], stdin: 'x' },
    ]);
    expect(t.rounds).toEqual([{ kind: 'batch', size: 3 }]);
    expect(res.map((r) => r.code)).toEqual([0, 251, 0]);
    expect(res[1]!.stderr).toBe(fixtureResult('ubus/call/luci.webradio/status').stderr);
    expect(events.map((e) => [e.label, e.batch, e.ok])).toEqual([
      ['status', { index: 0, size: 3 }, true],
      ['ubus call luci.webradio status {}', { index: 1, size: 3 }, false],
      ['cat', { index: 2, size: 3 }, true],
    ]);
    t.assertDone();
  });

  it('without transport.batch: ONE `sh -c <script>` exec, parsed back per call', async () => {
    const execs: (readonly string[])[] = [];
    const framing: Transport = {
      kind: 'ssh',
      target: 'framing',
      async exec(argv): Promise<ExecResult> {
        execs.push(argv);
        const b = boundaryOfScript(argv[2]!)!;
        const f = frameBatchOutput([
          { stdout: Buffer.from('{"a":1}\n'), stderr: Buffer.alloc(0), code: 0 },
          { stdout: Buffer.alloc(0), stderr: Buffer.from('sh: nope: not found\n'), code: 127 },
        ], b);
        return { ...f, code: 0, signal: null };
      },
      async close() {},
    };
    const res = await createBox('r', framing).batch([{ argv: ['ubus', 'call', 'x', 'y', '{}'] }, { argv: ['nope'] }]);
    expect(execs.length).toBe(1);
    expect(execs[0]!.slice(0, 2)).toEqual(['sh', '-c']);
    expect(execs[0]!.length).toBe(3);
    expect(res.map((r) => [r.code, r.stdout, r.stderr])).toEqual([[0, '{"a":1}\n', ''], [127, '', 'sh: nope: not found\n']]);
  });

  it('garbled framed output is a RemoteError naming the box, not partial data', async () => {
    const garbling: Transport = {
      kind: 'ssh',
      target: 'g',
      async exec(): Promise<ExecResult> {
        return { stdout: Buffer.from('half a frame'), stderr: Buffer.from('sh: syntax error\n'), code: 2, signal: null };
      },
      async close() {},
    };
    const err = (await createBox('r9', garbling).batch([{ argv: ['a'] }]).catch((e: unknown) => e)) as RemoteError;
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.message).toMatch(/^r9: the batch of 1 calls came back truncated or garbled/);
    expect(err.hint).toMatch(/sh: syntax error/);
  });

  it('a native batch returning the wrong number of results is refused', async () => {
    const bad: Transport = {
      kind: 'ssh',
      target: 'b',
      exec: async () => ({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), code: 0, signal: null }),
      batch: async () => [],
      async close() {},
    };
    await expect(createBox('r', bad).batch([{ argv: ['a'] }])).rejects.toThrow(/returned 0 results/);
  });
});

describe('fakeTransport', () => {
  it('rejects an unexpected call with its argv, and assertDone fails even if the rejection was swallowed', async () => {
    const t = fakeTransport([{ argv: ['a'] }]);
    await expect(t.exec(['b', 'c'])).rejects.toThrow(/unexpected call \["b","c"\]; expected \["a"\]/);
    expect(() => t.assertDone()).toThrow(/unexpected call \["b","c"\][\s\S]*#0 \["a"\] used 0 time/);
  });

  it('ordered by default; unordered on request; times, Infinity, RegExp and stdin matching', async () => {
    const o = fakeTransport([{ argv: ['a'] }, { argv: ['b'] }]);
    await expect(o.exec(['b'])).rejects.toThrow(/unexpected/);

    const u = fakeTransport([{ argv: ['a'] }, { argv: ['b', /^\d+$/], times: 2 }, { argv: ['c'], stdin: /hello/ }], { ordered: false });
    await u.exec(['b', '1']);
    await u.exec(['c'], { stdin: 'say hello' });
    await u.exec(['a']);
    await u.exec(['b', '22']);
    await expect(u.exec(['b', '3'])).rejects.toThrow(/unexpected/);
    await expect(u.exec(['b', 'x'])).rejects.toThrow(/unexpected/);
    expect(u.calls.map((c) => c.argv[0])).toEqual(['b', 'c', 'a', 'b', 'b', 'b']);
    expect(u.calls[1]!.stdin).toBe('say hello');

    const inf = fakeTransport([{ argv: ['poll'], times: Infinity, result: { stdout: 'p' } }, { argv: ['end'] }]);
    for (let i = 0; i < 3; i++) expect((await inf.exec(['poll'])).stdout.toString()).toBe('p');
    await inf.exec(['end']);
    inf.assertDone();
    expect(inf.rounds.length).toBe(4);
  });

  it('honours delay with timeout and abort', async () => {
    const t = fakeTransport([{ argv: ['slow'], delayMs: 1000 }, { argv: ['slow'], delayMs: 1000 }]);
    await expect(t.exec(['slow'], { timeoutMs: 10 })).rejects.toBeInstanceOf(TimeoutError);
    const ac = new AbortController();
    const p = t.exec(['slow'], { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
  });

  it('ubusFixture finds recordings with params, and fixtureResult reads exit code and stderr', () => {
    const e = ubusFixture('luci.streamlit', 'get_source', { name: 'bazi_complete' });
    expect(e.argv).toEqual(['ubus', 'call', 'luci.streamlit', 'get_source', '{"name":"bazi_complete"}']);
    expect(e.result!.stdout).toMatch(/bazi_complete/);
    expect(() => ubusFixture('luci.streamlit', 'get_source', { name: 'nope' })).toThrow(/no recording/);
    const r = fixtureResult('ubus/call/luci.secubox/get_changelog.out');
    expect(r.code).toBe(254);
    expect(r.stderr).toMatch(/Invalid argument/);
  });
});
