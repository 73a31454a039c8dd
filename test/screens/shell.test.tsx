import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/screens/App.js';
import { GLOBAL, LIST } from '../../src/screens/keymap.js';
import { KEY, overlong, renderTui, type Rendered } from './harness.js';
import { clearStubs, stubFleet } from './stubs.js';

let r: Rendered | undefined;
afterEach(() => { r?.unmount(); r = undefined; clearStubs(); });

/** The line under the fleet table that names the selected box. */
const selectedBox = (f: string) => /^(\S+)\s+(●|✗|\?|…) /m.exec(f.split('\n').slice(-4).join('\n'))?.[1];

describe('App shell (stand-in fleet)', () => {
  it('shows the fleet with an unreachable box and its reason', async () => {
    const { session } = await stubFleet(['alpha', 'bravo'], ['bravo']);
    r = renderTui(<App session={session} color={false} size={{ columns: 100, rows: 30 }} />);
    const f = await r.waitText('unreachable');
    expect(f).toContain('alpha');
    expect(f).toContain('bravo');
    await r.press('j');
    await r.waitText('connection refused');
  });

  it('a box that stops answering keeps its last data, marked stale, with the reason', async () => {
    const fleet = await stubFleet(['alpha', 'bravo']);
    r = renderTui(<App session={fleet.session} color={false} />, { columns: 100, rows: 30 });
    await r.waitText(/alpha\s+root@127\.0\.0\.1:22\s+● ok/);
    fleet.cut('alpha');
    await r.press('r');
    const f = await r.waitText(/alpha\s+root@127\.0\.0\.1:22\s+✗ unreachable.*\d+s!/);
    expect(f).toMatch(/bravo\s+root@127\.0\.0\.2:22\s+● ok/);
    expect(f).toContain('lost the connection to 127.0.0.1:22');
    expect(f).toMatch(/stale: last good data \d+s old/);
  });

  it('handles several keys delivered in one chunk, one by one', async () => {
    const { session } = await stubFleet(['alpha', 'bravo', 'charlie', 'delta']);
    r = renderTui(<App session={session} color={false} size={{ columns: 100, rows: 30 }} />);
    await r.waitText('delta');
    await r.waitFor((f) => selectedBox(f) === 'alpha', 'alpha selected');
    r.stdin.write('jjj');
    await r.waitFor((f) => selectedBox(f) === 'delta', 'delta selected after "jjj"');
    r.stdin.write('kk\r');
    await r.waitText('Fleet › bravo');
    // Keys typed ahead of a navigation reach the new screen: Backspace (back), Enter, x in one chunk.
    r.stdin.write('\x7f\rx');
    await r.waitText('Fleet › bravo › Exposure');
  });

  it('filters with / and inverts with !, invalid regex shown not thrown', async () => {
    const { session } = await stubFleet(['alpha', 'bravo', 'charlie'], ['bravo']);
    r = renderTui(<App session={session} color={false} size={{ columns: 100, rows: 30 }} />);
    await r.waitText('unreachable');
    r.stdin.write('/!unreach');
    let f = await r.waitText('2/3 (inverted)');
    expect(f).not.toMatch(/^bravo/m);
    expect(f).toMatch(/^alpha/m);
    await r.press(KEY.enter);
    await r.press(KEY.esc);
    await r.waitFor((x) => /^bravo/m.test(x), 'filter cleared');
    r.stdin.write('/a(');
    f = await r.waitText('invalid regex');
    expect(f).toMatch(/^bravo/m);
  });

  it('renders ? help from the keymap and closes it with Esc', async () => {
    const { session } = await stubFleet(['alpha']);
    r = renderTui(<App session={session} color={false} size={{ columns: 100, rows: 40 }} />);
    await r.waitText('alpha');
    await r.press('?');
    const f = await r.waitText('Everywhere');
    for (const b of [...LIST.bindings, ...GLOBAL.bindings].slice(0, 12)) expect(f).toContain(b.help.slice(0, 40));
    await r.press(KEY.esc);
    await r.waitFor((x) => !x.includes('Everywhere'), 'help closed');
  });

  it('palette: completes and runs :box, reports unknown commands, Esc backs out', async () => {
    const { session } = await stubFleet(['alpha', 'bravo']);
    r = renderTui(<App session={session} color={false} size={{ columns: 100, rows: 30 }} />);
    await r.waitText('bravo');
    await r.press(':');
    r.stdin.write('bo');
    await r.press(KEY.tab);
    await r.waitText(/^:box\s*$/m);
    r.stdin.write('br');
    await r.press(KEY.tab, KEY.enter);
    await r.waitText('Fleet › bravo');
    await r.press(':');
    r.stdin.write('nosuch\r');
    await r.waitText('unknown command: nosuch');
    await r.press(KEY.esc, KEY.esc);
    await r.waitFor((f) => !f.includes('› bravo') && f.includes('alpha'), 'back to the fleet');
  });

  it('fits 80×24: no line wider than 80 columns, at most rows-1 lines', async () => {
    const { session } = await stubFleet(['a-box-with-a-rather-long-name', 'bravo', 'charlie'], ['bravo']);
    r = renderTui(<App session={session} color={false} />, { columns: 80, rows: 24 });
    let f = await r.waitText('unreachable');
    expect(overlong(f, 80)).toEqual([]);
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    await r.press(KEY.enter);
    f = await r.waitText('Subsystems');
    expect(overlong(f, 80)).toEqual([]);
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    await r.press('L');
    f = await r.waitText('Command log');
    expect(overlong(f, 80)).toEqual([]);
    await r.press('?');
    f = await r.waitText('Esc/? close');
    expect(overlong(f, 80)).toEqual([]);
  });

  it('command log shows the calls; ` then y copies one as a shell line (file + OSC 52)', async () => {
    const { session } = await stubFleet(['alpha']);
    const state = mkdtempSync(join(tmpdir(), 'secubox-tui-'));
    const raw: string[] = [];
    r = renderTui(<App session={session} color={false} env={{ XDG_STATE_HOME: state }} writeRaw={(s) => raw.push(s)} />, { columns: 100, rows: 30 });
    await r.waitText('alpha');
    await r.press('L');
    const f = await r.waitText(/\d+ calls/);
    expect(f).toMatch(/alpha\s+\[\d+\/\d+\]/);
    await r.press('`', 'y');
    await r.waitText('copied:');
    const file = readFileSync(join(state, 'secubox', 'copied-call.sh'), 'utf8');
    const line = file.split('\n')[1]!;
    expect(line.length).toBeGreaterThan(0);
    expect(raw.some((s) => s.startsWith('\x1b]52;c;') && Buffer.from(s.slice(7, -1), 'base64').toString() === line)).toBe(true);
  });
});
