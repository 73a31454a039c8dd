/** Logs: logread polled without a shell, new lines only, subsystem logs method. */
import { describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import { demoFleet } from '../../src/backends/sim/index.js';
import { newLines, parseLogLine, readLogs, streamLogs, subsystemLogs, type LogLine } from '../../src/core/logs.js';
import { fakeTransport, ubusFixture } from '../helpers/fakeTransport.js';

describe('logs', () => {
  it('parses syslog dates and finds the new lines of a ring buffer', () => {
    expect(parseLogLine('Sun Dec  7 21:42:10 2025 daemon.info crowdsec[1]: x').at).toBe('2025-12-07T21:42:10.000Z');
    expect(parseLogLine('no date here').at).toBeNull();
    expect(newLines(['a', 'b', 'c'], ['b', 'c', 'd', 'e'])).toEqual(['d', 'e']);
    expect(newLines(['x', 'a'], ['a', 'b', 'a', 'c'])).toEqual(['b', 'a', 'c']);
    expect(newLines([], ['a'])).toEqual(['a']);
    expect(newLines(['gone'], ['n1', 'n2'])).toEqual(['n1', 'n2']);
  });

  it('readLogs runs `logread -e TAG` as argv and refuses a tag that is not a word', async () => {
    const t = fakeTransport([{ argv: ['logread', '-e', 'haproxy'], result: { stdout: 'l1\nl2\nl3\n' } }]);
    const box = createBox('lab', t);
    expect((await readLogs(box, 'haproxy', { lines: 2 })).map((l) => l.text)).toEqual(['l2', 'l3']);
    t.assertDone();
    await expect(readLogs(box, 'a;rm -rf /')).rejects.toThrow(/not a log tag/);
  });

  it('streams new lines from the demo box until aborted', async () => {
    let now = 1_765_000_000_000;
    const f = demoFleet({ speed: 100, clock: () => now });
    const box = createBox('demo-alpha', f.transport('demo-alpha'));
    const got: LogLine[] = [];
    const ac = new AbortController();
    const tick = setInterval(() => { now += 100_000; }, 4);
    const p = streamLogs(box, 'crowdsec', { signal: ac.signal, intervalMs: 5, initialLines: 1, onLine: (l) => { got.push(l); } });
    await new Promise((r) => setTimeout(r, 150));
    ac.abort();
    clearInterval(tick);
    await p;
    expect(got.length).toBeGreaterThan(2);
    expect(got.every((l) => l.text.includes('crowdsec'))).toBe(true);
    expect(new Set(got.map((l) => l.text)).size).toBe(got.length);
  });

  it('subsystem logs method: luci.haproxy get_logs {lines} (recorded answer is a plain string)', async () => {
    // recorded with lines as a string; we send a number: same answer
    const t = fakeTransport([ubusFixture('luci.haproxy', 'get_logs', { lines: '10' }, { argv: ['ubus', 'call', 'luci.haproxy', 'get_logs', '{"lines":10}'] })]);
    const lines = await subsystemLogs(createBox('lab', t), 'luci.haproxy', 'get_logs', { lines: 10, linesParam: 'lines' });
    expect(lines.map((l) => l.text)).toEqual(['No HAProxy logs found']);
    t.assertDone();
  });
});
