import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import { UbusError } from '../../src/backends/ubus.js';
import {
  callMethod, coerce, isDangerous, isWrite, listBoxMethods, mapParams, methodParams, missingFirstParam, NotInstalledError, paramsUsage, paramType, readUciConfigs, resolveMethod,
  subsystemStatus, type CallableSubsystem,
} from '../../src/core/subsystemCalls.js';
import { RemoteError, UsageError } from '../../src/lib/errors.js';
import { getSubsystem } from '../../src/registry/index.js';
import { fakeTransport, fixtureResult, ubusFixture } from '../helpers/fakeTransport.js';
import { TRANSCRIPTS } from '../helpers/shared.js';

const crowdsec = getSubsystem('crowdsec')!;

/** The block of one object in the recorded `ubus -v list` (what `ubus -v list OBJECT` prints). */
function listOf(object: string): string {
  const all = readFileSync(join(TRANSCRIPTS, 'ubus', 'ubus_-v_list.out'), 'utf8').split('\n');
  const start = all.findIndex((l) => l.startsWith(`'${object}' @`));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = all.findIndex((l, i) => i > start && l.startsWith("'"));
  return `${all.slice(start, end < 0 ? undefined : end).join('\n')}\n`;
}

const notFound = (object: string, method: string) => ({
  stderr: `Command failed: ubus call ${object} ${method} {} (Not found)\n`, code: 252,
});

describe('resolveMethod / isWrite', () => {
  it('finds the object that declares a method; write and dangerous from the registry kind', () => {
    const ban = resolveMethod(crowdsec, 'ban');
    expect(ban.object).toBe('luci.crowdsec-dashboard');
    expect(ban.decl?.params).toEqual({ ip: 'string', duration: 'string', reason: 'string' });
    expect(isWrite(ban.decl)).toBe(true);
    expect(isDangerous(ban.decl)).toBe(true);
    const dec = resolveMethod(crowdsec, 'decisions');
    expect(isWrite(dec.decl)).toBe(false);
    // a method only the box may know: the main object, no declaration, treated as a write
    const unknown = resolveMethod(crowdsec, 'brand_new');
    expect(unknown).toEqual({ object: 'luci.crowdsec-dashboard', method: 'brand_new' });
    expect(isWrite(unknown.decl)).toBe(true);
    // OBJECT.METHOD names the second object
    expect(resolveMethod(crowdsec, 'luci.crowdsec-abuseipdb.status').object).toBe('luci.crowdsec-abuseipdb');
    expect(() => resolveMethod(crowdsec, '--x')).toThrow(UsageError);
    expect(() => resolveMethod(getSubsystem('identity')!, 'status')).toThrow(/Identity.* has no rpcd object/i);
  });

  it('side-effect reads count as writes (they change the box)', () => {
    expect(isWrite({ kind: 'side-effect' })).toBe(true);
    expect(isWrite({ kind: 'read' })).toBe(false);
  });
});

describe('mapParams: CLI words → method parameters', () => {
  const ban = { ip: 'string', duration: 'string', reason: 'string' };
  it('positional words fill the declared parameters in order', () => {
    expect(mapParams('ban', ban, ['203.0.113.7'])).toEqual({ ip: '203.0.113.7' });
    expect(mapParams('ban', ban, ['203.0.113.7', '4h', 'ssh brute force'])).toEqual({ ip: '203.0.113.7', duration: '4h', reason: 'ssh brute force' });
    expect(mapParams('ban', ban, [])).toEqual({});
  });

  it('key=value names a parameter; positionals fill the others; a value may contain =', () => {
    const p = mapParams('ban', ban, ['reason=a=b', '203.0.113.7', '1h']);
    expect(p).toEqual({ reason: 'a=b', ip: '203.0.113.7', duration: '1h' });
    expect(JSON.stringify(p)).toBe('{"ip":"203.0.113.7","duration":"1h","reason":"a=b"}'); // declared order
    // a word whose key is not a parameter is a positional value
    expect(mapParams('ban', ban, ['x=y'])).toEqual({ ip: 'x=y' });
  });

  it('one JSON object word is the whole parameter object', () => {
    expect(mapParams('ban', ban, ['{"ip":"203.0.113.7","duration":"2h"}'])).toEqual({ ip: '203.0.113.7', duration: '2h' });
    expect(() => mapParams('ban', ban, ['{nope'])).toThrow(/not valid JSON/);
  });

  it('errors: too many words, a parameter twice, positionals for unknown parameters', () => {
    expect(() => mapParams('ban', ban, ['a', 'b', 'c', 'd'])).toThrow(/too many arguments for ban: "d"/);
    expect(() => mapParams('status', {}, ['x'])).toThrow(/status takes no parameter/);
    expect(() => mapParams('ban', ban, ['ip=1', 'ip=2'])).toThrow(/ip is given twice/);
    expect(() => mapParams('m', undefined, ['x'])).toThrow(UsageError);
    expect(mapParams('m', undefined, ['n=5', 'on=true', 's=text'])).toEqual({ n: 5, on: true, s: 'text' });
  });

  it('a write needs its first declared parameter unless marked optional; the usage line shows the rest optional', () => {
    const ban = { kind: 'write' as const, params: { ip: 'string', duration: 'string', reason: 'string' } };
    expect(missingFirstParam(ban, {})).toBe('ip');
    expect(missingFirstParam(ban, { duration: '4h' })).toBe('ip');
    expect(missingFirstParam(ban, { ip: '1.2.3.4' })).toBeUndefined();
    expect(missingFirstParam({ ...ban, kind: 'read' }, {})).toBeUndefined();
    expect(missingFirstParam({ kind: 'write', params: {} }, {})).toBeUndefined();
    expect(missingFirstParam({ kind: 'write', params: { limit: 'int(default 50)' } }, {})).toBeUndefined();
    expect(paramsUsage(ban.params)).toBe('IP [DURATION] [REASON]');
    expect(paramsUsage({ limit: 'int(default 50)' })).toBe('[LIMIT]');
  });

  it('coerces by declared type', () => {
    const sig = { count: 'int', enabled: 'bool', ratio: 'number', opts: 'Table', list: 'Array', name: 'String' };
    expect(mapParams('m', sig, ['10', 'yes', '0.5', '{"a":1}', '["x"]', '007'])).toEqual({ count: 10, enabled: true, ratio: 0.5, opts: { a: 1 }, list: ['x'], name: '007' });
    expect(mapParams('m', sig, ['enabled=off', 'count=-3'])).toEqual({ enabled: false, count: -3 });
    expect(() => mapParams('m', sig, ['ten'])).toThrow(/count: "ten" is not an integer/);
    expect(() => mapParams('m', sig, ['1', 'maybe'])).toThrow(/enabled: "maybe" is not a boolean/);
    expect(() => mapParams('m', sig, ['opts=[1]'])).toThrow(/opts: .* is not a JSON object/);
    expect(() => mapParams('m', sig, ['list={}'])).toThrow(/is not a JSON array/);
    expect(paramType('Integer')).toBe('integer');
    expect(paramType('str')).toBe('string');
    expect(paramType('boolean')).toBe('boolean');
    expect(paramType('weird')).toBe('any');
    expect(paramType('int(default 50)')).toBe('integer');
    expect(() => coerce('limit', paramType('int(default 50)'), 'abc')).toThrow(expect.objectContaining({ hint: 'e.g. limit=10' }));
    expect(coerce('x', 'any', 'plain')).toBe('plain');
    expect(coerce('x', 'any', '"quoted"')).toBe('"quoted"');
  });
});

describe('methodParams: from the registry, else from the box\'s ubus -v list', () => {
  it('a declared method: no call to the box', async () => {
    const t = fakeTransport([]);
    expect(await methodParams(createBox('r1', t), crowdsec, resolveMethod(crowdsec, 'ban'), ['203.0.113.7'])).toEqual({ ip: '203.0.113.7' });
    t.assertDone();
  });

  it('a method the registry lacks: the box\'s signature (recorded) gives names and types', async () => {
    const sub: CallableSubsystem = { id: 'waf', name: 'WAF', objects: ['luci.mitmproxy'], ubus: [], uci: [] };
    const t = fakeTransport([{ argv: ['ubus', '-v', 'list', 'luci.mitmproxy'], result: { stdout: listOf('luci.mitmproxy') }, times: 2 }]);
    const box = createBox('r1', t);
    expect(await methodParams(box, sub, resolveMethod(sub, 'toggle_waf_category'), ['sqli', 'enabled=1'])).toEqual({ category: 'sqli', enabled: '1' });
    await expect(methodParams(box, sub, resolveMethod(sub, 'no_such'), ['x'])).rejects.toThrow(/luci.mitmproxy has no method no_such/);
    t.assertDone();
  });

  it('no words: nothing to map, no call', async () => {
    const sub: CallableSubsystem = { id: 'waf', name: 'WAF', objects: ['luci.mitmproxy'], ubus: [], uci: [] };
    const t = fakeTransport([]);
    expect(await methodParams(createBox('r1', t), sub, resolveMethod(sub, 'whatever'), [])).toEqual({});
    t.assertDone();
  });
});

describe('listBoxMethods: what the box has for a subsystem', () => {
  it('one ubus -v list per object (recorded); an object the box lacks is missing, other failures throw', async () => {
    const t = fakeTransport([
      { argv: ['ubus', '-v', 'list', 'luci.crowdsec-dashboard'], result: { stdout: listOf('luci.crowdsec-dashboard') } },
      { argv: ['ubus', '-v', 'list', 'luci.crowdsec-abuseipdb'], result: { stderr: 'Command failed: Not found\n', code: 252 } },
    ]);
    const got = await listBoxMethods(createBox('r1', t), crowdsec);
    expect(got.missing).toEqual(['luci.crowdsec-abuseipdb']);
    expect(Object.keys(got.objects)).toEqual(['luci.crowdsec-dashboard']);
    expect(got.objects['luci.crowdsec-dashboard']).toHaveProperty('ban');
    t.assertDone();
    const broken = fakeTransport([{ argv: ['ubus', '-v', 'list', 'luci.crowdsec-dashboard'], result: { stderr: 'Failed to connect to ubus\n', code: 255 } }]);
    await expect(listBoxMethods(createBox('r1', broken), crowdsec)).rejects.toThrow(RemoteError);
  });
});

describe('callMethod', () => {
  it('calls ubus with the params and returns the parsed answer', async () => {
    const t = fakeTransport([{ argv: ['ubus', 'call', 'luci.crowdsec-dashboard', 'ban', '{"ip":"203.0.113.7"}'], result: { stdout: '{"success":true}' } }]);
    expect(await callMethod(createBox('r1', t), crowdsec, 'luci.crowdsec-dashboard', 'ban', { ip: '203.0.113.7' })).toEqual({ success: true });
    t.assertDone();
  });

  it('a missing object: "CrowdSec is not installed on r2"', async () => {
    const t = fakeTransport([{ argv: ['ubus', 'call', 'luci.crowdsec-dashboard', 'status', '{}'], result: notFound('luci.crowdsec-dashboard', 'status') }]);
    const err = await callMethod(createBox('r2', t), crowdsec, 'luci.crowdsec-dashboard', 'status').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotInstalledError);
    expect((err as Error).message).toBe(`${crowdsec.name} is not installed on r2 (no rpcd object luci.crowdsec-dashboard)`);
    expect((err as NotInstalledError).hint).toMatch(/secubox status --box r2/);
    t.assertDone();
  });

  it('a missing method, an rpcd error answer, an object of another subsystem', async () => {
    const t = fakeTransport([
      { argv: ['ubus', 'call', 'luci.crowdsec-dashboard', 'nope', '{}'], result: { stderr: 'Command failed: ubus call luci.crowdsec-dashboard nope {} (Method not found)\n', code: 253 } },
      { argv: ['ubus', 'call', 'luci.crowdsec-dashboard', 'unban', '{"ip":"x"}'], result: { stdout: '{"success":false,"error":"invalid IP"}' } },
    ]);
    const box = createBox('r1', t);
    await expect(callMethod(box, crowdsec, 'luci.crowdsec-dashboard', 'nope')).rejects.toThrow('r1: luci.crowdsec-dashboard has no method nope');
    const e = await callMethod(box, crowdsec, 'luci.crowdsec-dashboard', 'unban', { ip: 'x' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UbusError);
    expect((e as UbusError).kind).toBe('error-answer');
    await expect(callMethod(box, crowdsec, 'luci.haproxy', 'status')).rejects.toBeInstanceOf(UsageError);
    t.assertDone();
  });
});

describe('subsystemStatus', () => {
  it('the status-like read (recorded answer)', async () => {
    const t = fakeTransport([ubusFixture('luci.crowdsec-dashboard', 'status')]);
    const st = await subsystemStatus(createBox('r1', t), crowdsec);
    expect(st.kind).toBe('ubus');
    if (st.kind !== 'ubus') return;
    expect(st.answer).toEqual(JSON.parse(fixtureResult('ubus/call/luci.crowdsec-dashboard/status').stdout));
    t.assertDone();
  });

  it('no status method: the method list of its object; not installed when the object is missing', async () => {
    const sub = getSubsystem('dns-provider')!;
    expect(sub.status).toBeUndefined();
    const t = fakeTransport([
      { argv: ['ubus', '-v', 'list', 'luci.dns-provider'], result: { stdout: listOf('luci.dns-provider') } },
      { argv: ['ubus', '-v', 'list', 'luci.dns-provider'], result: { stderr: 'Command failed: Not found\n', code: 252 } },
    ]);
    const st = await subsystemStatus(createBox('r1', t), sub);
    expect(st.kind).toBe('methods');
    if (st.kind === 'methods') expect(Object.keys(st.methods).length).toBeGreaterThan(3);
    await expect(subsystemStatus(createBox('r2', t), sub)).rejects.toThrow(`${sub.name} is not installed on r2`);
    t.assertDone();
  });

  it('CLI-only: its `status` command (recorded ksmbdctl status); exit 127 → not installed', async () => {
    const sub = getSubsystem('ksmbd')!;
    const rec = fixtureResult('cli/ksmbdctl/status');
    const t = fakeTransport([
      { argv: ['/usr/sbin/ksmbdctl', 'status'], result: rec },
      { argv: ['/usr/sbin/ksmbdctl', 'status'], result: { stderr: 'sh: /usr/sbin/ksmbdctl: not found\n', code: 127 } },
    ]);
    const st = await subsystemStatus(createBox('r1', t), sub);
    expect(st).toMatchObject({ kind: 'cli', argv: ['/usr/sbin/ksmbdctl', 'status'], code: 0, stdout: rec.stdout });
    expect(st.kind === 'cli' && st.failed).toBeFalsy();
    await expect(subsystemStatus(createBox('r2', t), sub)).rejects.toBeInstanceOf(NotInstalledError);
    t.assertDone();
  });

  it('a CLI status that fails with nothing on stdout is a failure whatever its exit code (recorded identityctl status)', async () => {
    const sub = getSubsystem('identity')!;
    const rec = fixtureResult('cli/identityctl/status');
    expect(rec.stdout).toBe('');
    const t = fakeTransport([{ argv: ['/usr/sbin/identityctl', 'status'], result: rec }]);
    const st = await subsystemStatus(createBox('r1', t), sub);
    expect(st.kind === 'cli' && st.failed).toMatch(/syntax error/);
    t.assertDone();
  });

  it('cli: false (background refresh): a CLI-only subsystem is not run', async () => {
    const t = fakeTransport([]);
    expect(await subsystemStatus(createBox('r1', t), getSubsystem('ksmbd')!, { cli: false })).toEqual({ kind: 'none' });
    t.assertDone();
  });
});

describe('readUciConfigs', () => {
  it('ONE batch of `uci export`; a missing config is reported in its entry', async () => {
    const rec = fixtureResult('uci/export/crowdsec-dashboard');
    const t = fakeTransport([
      { argv: ['uci', 'export', 'crowdsec-dashboard'], result: rec },
      { argv: ['uci', 'export', 'crowdsec_abuseipdb'], result: { stderr: 'uci: Entry not found\n', code: 1 } },
    ]);
    const out = await readUciConfigs(createBox('r1', t), ['crowdsec-dashboard', 'crowdsec_abuseipdb']);
    expect(out).toEqual([
      { config: 'crowdsec-dashboard', text: rec.stdout },
      { config: 'crowdsec_abuseipdb', error: '/etc/config/crowdsec_abuseipdb does not exist' },
    ]);
    expect(t.rounds).toEqual([{ kind: 'batch', size: 2 }]);
    t.assertDone();
  });

  it('a bad config name: UsageError, nothing sent', async () => {
    const t = fakeTransport([]);
    await expect(readUciConfigs(createBox('r1', t), ['ok', '../etc/passwd'])).rejects.toBeInstanceOf(UsageError);
    expect(await readUciConfigs(createBox('r1', t), [])).toEqual([]);
    t.assertDone();
    expect(new NotInstalledError({ id: 'x', name: 'X' }, 'r1', 'why')).toBeInstanceOf(RemoteError);
  });
});
