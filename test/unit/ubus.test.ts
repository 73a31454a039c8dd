import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import type { CallResult } from '../../src/backends/types.js';
import { interpretUbusResult, parseUbusList, rpcdErrorOf, ubusStatusOf, UbusError } from '../../src/backends/ubus.js';
import { RemoteError } from '../../src/lib/errors.js';
import { fakeTransport, fixtureResult, ubusFixture } from '../helpers/fakeTransport.js';
import { TRANSCRIPTS } from '../helpers/shared.js';

function asCall(object: string, method: string, r: { stdout: string; stderr: string; code: number }): CallResult {
  return { argv: ['ubus', 'call', object, method, '{}'], label: `ubus call ${object} ${method}`, ...r };
}

/** Every `ubus call` row of INDEX.md: file, object, method and the recorder's independent note. */
function indexRows(): { rel: string; object: string; method: string; note: string }[] {
  const rows: { rel: string; object: string; method: string; note: string }[] = [];
  for (const line of readFileSync(join(TRANSCRIPTS, 'INDEX.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells[2] !== 'ubus') continue;
    const m = /\[(ubus\/call\/([^/]+)\/([^/_][^/]*?))\.out\]/.exec(cells[4] ?? '');
    if (!m) continue;
    const cmd = /ubus call (\S+) (\S+)/.exec(cells[3] ?? '');
    rows.push({ rel: m[1]!, object: cmd![1]!, method: cmd![2]!, note: cells[8] ?? '' });
  }
  return rows;
}

describe('interpretUbusResult on every recorded ubus call', () => {
  const rows = indexRows();

  it('covers the recorded calls', () => {
    expect(rows.length).toBeGreaterThanOrEqual(780);
  });

  it('agrees with the INDEX notes: valid JSON → data, error / success:false → error-answer, ubus errors → their kind', () => {
    const kinds: Record<string, number> = {};
    for (const row of rows) {
      const r = fixtureResult(row.rel);
      const out = interpretUbusResult(row.object, row.method, asCall(row.object, row.method, r), 'lab');
      const key = out.ok ? 'ok' : out.error.kind;
      kinds[key] = (kinds[key] ?? 0) + 1;
      const ctx = `${row.rel}: ${row.note}`;
      if (row.note.startsWith('valid JSON')) {
        expect(out.ok, ctx).toBe(true);
        if (out.ok) expect(out.data, ctx).toEqual(JSON.parse(r.stdout));
      } else if (row.note.startsWith('success:false — ') || row.note.startsWith('error: ')) {
        expect(out.ok, ctx).toBe(false);
        if (out.ok) continue;
        expect(out.error.kind, ctx).toBe('error-answer');
        expect(out.error.detail.answer, ctx).toEqual(JSON.parse(r.stdout));
        const said = row.note.replace(/^(success:false — |error: )/, '').replace(/ \[.*$/, '').trim();
        // `error: True` rows carry their text in `message`.
        if (said !== 'True' && said !== '') expect(out.error.message, ctx).toContain(said);
        expect(out.error.message, ctx).toMatch(new RegExp(`^lab: ubus call ${row.object.replace(/\./g, '\\.')} ${row.method}: `));
      } else if (row.note.startsWith('ubus error: No response')) {
        expect(!out.ok && out.error.kind, ctx).toBe('no-response');
        expect(!out.ok && out.error.status, ctx).toBe(5);
      } else if (row.note.startsWith('ubus error: Invalid argument')) {
        expect(!out.ok && out.error.kind, ctx).toBe('invalid-argument');
        expect(!out.ok && out.error.status, ctx).toBe(2);
      } else {
        throw new Error(`unclassified INDEX note: ${ctx}`);
      }
    }
    expect(kinds['ok']).toBeGreaterThan(600);
    expect(kinds['error-answer']).toBeGreaterThan(100);
    expect(kinds['no-response']).toBe(23);
    expect(kinds['invalid-argument']).toBe(24);
  });

  it('gives a message with box/object/method and a hint for the failure kinds', () => {
    const nr = interpretUbusResult('luci.webradio', 'status', asCall('luci.webradio', 'status', fixtureResult('ubus/call/luci.webradio/status')), 'r2');
    expect(nr.ok).toBe(false);
    if (nr.ok) return;
    expect(nr.error).toBeInstanceOf(RemoteError);
    expect(nr.error.message).toBe('r2: ubus call luci.webradio status: No response (the rpcd plugin printed nothing)');
    expect(nr.error.hint).toMatch(/webradio plugin failed.*logread -e rpcd/);
    expect(nr.error.box).toBe('r2');

    const sf = interpretUbusResult('luci.haproxy', 'get_stats', asCall('luci.haproxy', 'get_stats', fixtureResult('ubus/call/luci.haproxy/get_stats')), 'r2');
    expect(!sf.ok && sf.error.message).toBe('r2: ubus call luci.haproxy get_stats: HAProxy not running or stats unavailable');

    const obj = interpretUbusResult('luci.gitea', 'get_repo', asCall('luci.gitea', 'get_repo', fixtureResult('ubus/call/luci.gitea/get_repo')));
    expect(!obj.ok && obj.error.message).toBe('ubus call luci.gitea get_repo: Missing repository name');
  });

  it('maps ubus status codes, from the stderr text or from the exit code (new and old ubus builds)', () => {
    const nf = interpretUbusResult('luci.crowdsec-dashboard', 'status', asCall('luci.crowdsec-dashboard', 'status', {
      stdout: '', stderr: 'Command failed: Not found\n', code: 252 }), 'r1');
    expect(!nf.ok && nf.error.kind).toBe('not-found');
    expect(!nf.ok && nf.error.message).toBe('r1: ubus call luci.crowdsec-dashboard status: object luci.crowdsec-dashboard not found: is crowdsec-dashboard installed?');
    expect(!nf.ok && nf.error.hint).toMatch(/secubox ubus list/);

    expect(ubusStatusOf(4, 'Command failed: Not found\n')).toBe(4); // old ubus: exit = status
    expect(ubusStatusOf(253, '')).toBe(3);
    expect(ubusStatusOf(249, '')).toBe(7);
    expect(ubusStatusOf(1, 'something else')).toBeUndefined();
    const cases: [number, string, string][] = [
      [253, 'Command failed: ubus call a b {} (Method not found)\n', 'method-not-found'],
      [249, 'Command failed: ubus call a b {} (Request timed out)\n', 'timeout'],
      [7, 'Command failed: Request timed out\n', 'timeout'],
      [250, '', 'permission-denied'],
      [246, 'Failed to connect to ubus\n', 'connection-failed'],
      [127, 'sh: ubus: not found\n', 'ubus-missing'],
      [124, '', 'timeout'],
      [1, 'weird\n', 'failed'],
    ];
    for (const [code, stderr, kind] of cases) {
      const out = interpretUbusResult('luci.x', 'm', asCall('luci.x', 'm', { stdout: '', stderr, code }));
      expect(!out.ok && out.error.kind, `${code} ${stderr}`).toBe(kind);
      expect(!out.ok && out.error.hint, `${code}`).toBeTruthy();
    }
  });

  it('empty and non-JSON answers are errors; {} and arrays of data are fine', () => {
    const empty = interpretUbusResult('luci.x', 'm', asCall('luci.x', 'm', { stdout: '\n', stderr: '', code: 0 }));
    expect(!empty.ok && empty.error.kind).toBe('empty');
    const junk = interpretUbusResult('luci.x', 'm', asCall('luci.x', 'm', { stdout: 'Usage: foo\n', stderr: '', code: 0 }));
    expect(!junk.ok && junk.error.kind).toBe('not-json');
    expect(!junk.ok && junk.error.message).toContain('Usage: foo');
    expect(interpretUbusResult('luci.x', 'm', asCall('luci.x', 'm', { stdout: '{ }\n', stderr: '', code: 0 }))).toEqual({ ok: true, data: {} });
  });

  it('rpcdErrorOf: the shapes seen on the box', () => {
    expect(rpcdErrorOf({ error: 'x' })).toBe('x');
    expect(rpcdErrorOf({ error: { message: 'deep' } })).toBe('deep');
    expect(rpcdErrorOf({ error: true, message: 'Netifyd is not running' })).toBe('Netifyd is not running');
    expect(rpcdErrorOf({ success: false, message: 'MAC address is required' })).toBe('MAC address is required');
    expect(rpcdErrorOf({ success: false })).toMatch(/success: false/);
    expect(rpcdErrorOf({ error: false, message: 'App not found: ' })).toBeUndefined();
    expect(rpcdErrorOf({ success: true, data: 1 })).toBeUndefined();
    expect(rpcdErrorOf({ error: '' })).toBeUndefined();
    expect(rpcdErrorOf([1, 2])).toBeUndefined();
    expect(rpcdErrorOf({ result: { success: false, message: 'Missing app name' } })).toBe('Missing app name');
    expect(rpcdErrorOf({ result: { success: true } })).toBeUndefined();
    expect(rpcdErrorOf({ result: { success: false }, other: 1 })).toBeUndefined();
  });
});

describe('ubus -v list', () => {
  const text = readFileSync(join(TRANSCRIPTS, 'ubus', 'ubus_-v_list.out'), 'utf8');

  it('parses the recorded box: 112 objects, 1819 methods, with their signatures', () => {
    const sig = parseUbusList(text);
    expect(Object.keys(sig).length).toBe(112);
    expect(Object.values(sig).reduce((n, m) => n + Object.keys(m).length, 0)).toBe(1819);
    expect(sig['luci.metablogizer']!['emancipate']).toEqual({ id: 'String' });
    expect(sig['luci.metablogizer']!['status']).toEqual({});
    expect(sig['file']!['exec']).toEqual({ command: 'String', params: 'Array', env: 'Table', ubus_rpc_session: 'String' });
    expect(sig['luci.ai-insights']!['get_alerts']).toEqual({ limit: 'Integer' });
    expect(sig['lab.hello']).toEqual({ hello: { name: 'String' }, env: {} });
    const listed = readFileSync(join(TRANSCRIPTS, 'ubus', 'ubus_list.out'), 'utf8').split('\n').filter(Boolean);
    expect(Object.keys(sig).sort()).toEqual([...listed].sort());
  });

  it('refuses a line it does not understand instead of dropping it', () => {
    expect(() => parseUbusList("'a' @1\n\t\"m\":{}\ngarbage\n")).toThrow(/line 3 not understood/);
    expect(() => parseUbusList("'a' @1\n\t\"m\":{bad json}\n")).toThrow(/bad parameter signature/);
    expect(() => parseUbusList('\t"orphan":{}\n')).toThrow(/line 1/);
  });

  it('box.ubus.list runs `ubus -v list [object]` and maps a missing object', async () => {
    const one = text.split('\n').slice(886, 940);
    const start = one.findIndex((l) => l.startsWith("'luci.metablogizer'"));
    expect(start).toBeGreaterThanOrEqual(0);
    const t = fakeTransport([
      { argv: ['ubus', '-v', 'list'], result: fixtureResult('ubus/ubus_-v_list') },
      { argv: ['ubus', '-v', 'list', 'luci.nope'], result: { stderr: 'Command failed: Not found\n', code: 252 } },
    ]);
    const box = createBox('lab', t);
    const all = await box.ubus.list();
    expect(Object.keys(all).length).toBe(112);
    const err = await box.ubus.list('luci.nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UbusError);
    expect((err as Error).message).toBe('lab: ubus -v list luci.nope: object luci.nope not found: is nope installed?');
    t.assertDone();
  });
});

describe('box.ubus.call', () => {
  it('sends JSON args as one argv element and returns parsed JSON', async () => {
    const t = fakeTransport([
      ubusFixture('luci.metablogizer', 'status'),
      ubusFixture('luci.ai-insights', 'get_alerts', { limit: 5 }),
    ]);
    const box = createBox('lab', t);
    const st = await box.ubus.call<Record<string, unknown>>('luci.metablogizer', 'status');
    expect(st).toEqual(JSON.parse(fixtureResult('ubus/call/luci.metablogizer/status').stdout));
    expect(await box.ubus.call('luci.ai-insights', 'get_alerts', { limit: 5 })).toEqual({ alerts: [] });
    expect(t.calls[1]!.argv).toEqual(['ubus', 'call', 'luci.ai-insights', 'get_alerts', '{"limit":5}']);
    t.assertDone();
  });

  it('throws the typed error for error answers and ubus failures', async () => {
    const t = fakeTransport([ubusFixture('luci.metablogizer', 'get_site'), ubusFixture('luci.secubox', 'list_apps')]);
    const box = createBox('lab', t);
    await expect(box.ubus.call('luci.metablogizer', 'get_site')).rejects.toThrow('lab: ubus call luci.metablogizer get_site: Missing site id');
    const e = await box.ubus.call('luci.secubox', 'list_apps').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UbusError);
    expect((e as UbusError).kind).toBe('no-response');
    t.assertDone();
  });
});
