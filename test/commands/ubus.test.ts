import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeTransport, fixtureResult, ubusFixture } from '../helpers/fakeTransport.js';
import { TRANSCRIPTS } from '../helpers/shared.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = sandbox();
  for (const n of ['lab', 'r2']) {
    const r = await runCli(['box', 'add', n, '--host', '127.0.0.1', '--no-verify', '--tag', 'all'], { env: sb.env });
    expect(r.code).toBe(0);
  }
});
afterEach(() => sb.cleanup());

const statusJson = JSON.parse(fixtureResult('ubus/call/luci.metablogizer/status').stdout) as Record<string, unknown>;

/** The `luci.metablogizer` block of the recorded `ubus -v list` (what `ubus -v list luci.metablogizer` prints). */
function listBlock(object: string): string {
  const all = readFileSync(join(TRANSCRIPTS, 'ubus', 'ubus_-v_list.out'), 'utf8').split('\n');
  const start = all.findIndex((l) => l.startsWith(`'${object}' @`));
  let end = start + 1;
  while (end < all.length && all[end]!.startsWith('\t')) end++;
  return `${all.slice(start, end).join('\n')}\n`;
}

describe('ubus call', () => {
  it('pretty JSON on a TTY, compact when piped, same data as the box answered', async () => {
    const t1 = fakeTransport([ubusFixture('luci.metablogizer', 'status')]);
    const tty = await runCli(['ubus', 'call', 'luci.metablogizer', 'status', '--box', 'lab'], { env: sb.env, boxes: { lab: t1 }, ttyOut: true });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stdout.split('\n').length).toBeGreaterThan(5);
    expect(tty.stdout).toContain('\n  "enabled": true,');
    expect(JSON.parse(tty.stdout)).toEqual(statusJson);
    t1.assertDone();

    const t2 = fakeTransport([ubusFixture('luci.metablogizer', 'status')]);
    const piped = await runCli(['ubus', 'call', 'luci.metablogizer', 'status', '--box', 'lab'], { env: sb.env, boxes: { lab: t2 } });
    expect(piped.stdout).toBe(`${JSON.stringify(statusJson)}\n`);

    const t3 = fakeTransport([ubusFixture('luci.metablogizer', 'status')]);
    const json = await runCli(['ubus', 'call', 'luci.metablogizer', 'status', '--box', 'lab', '--json'], { env: sb.env, boxes: { lab: t3 }, ttyOut: true });
    expect(json.stdout).toBe(`${JSON.stringify(statusJson)}\n`);
  });

  it('passes the JSON argument through', async () => {
    const t = fakeTransport([ubusFixture('luci.metablogizer', 'get_site', { id: 'site_demo' })]);
    const r = await runCli(['ubus', 'call', 'luci.metablogizer', 'get_site', '{"id": "site_demo"}', '--box', 'lab'], { env: sb.env, boxes: { lab: t } });
    expect(r.code, r.stderr).toBe(0);
    t.assertDone();
  });

  it.each([
    ['{"id": ', /not valid JSON: .*JSON/],
    ['[1,2]', /must be an object/],
    ['"x"', /must be an object/],
  ])('bad JSON argument %j: exit 2, nothing sent', async (arg, msg) => {
    const r = await runCli(['ubus', 'call', 'luci.metablogizer', 'get_site', arg, '--box', 'lab'], { env: sb.env, boxes: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.requests).toHaveLength(0);
  });

  it('an rpcd error (success:false) exits 1 with its message', async () => {
    const t = fakeTransport([ubusFixture('luci.bandwidth-manager', 'get_group')]);
    const r = await runCli(['ubus', 'call', 'luci.bandwidth-manager', 'get_group', '--box', 'lab', '--yes'], { env: sb.env, boxes: { lab: t } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain('Group ID is required');
  });

  it('several boxes with --json: {boxes: [...]} and the summary exit code', async () => {
    const ok = fakeTransport([ubusFixture('luci.metablogizer', 'status')]);
    const bad = fakeTransport([{ argv: ['ubus', 'call', 'luci.metablogizer', 'status', '{}'], result: { stderr: 'Command failed: Not found\n', code: 4 } }]);
    const r = await runCli(['ubus', 'call', 'luci.metablogizer', 'status', '--group', 'all', '--json'], { env: sb.env, boxes: { lab: ok, r2: bad } });
    expect(r.code).toBe(4);
    const doc = JSON.parse(r.stdout) as { boxes: { box: string; ok: boolean; reach: string; result?: unknown; error?: string }[] };
    expect(doc.boxes[0]).toEqual({ box: 'lab', ok: true, reach: 'ok', result: statusJson });
    expect(doc.boxes[1]).toMatchObject({ box: 'r2', ok: false, reach: 'failed' });
    expect(doc.boxes[1]!.error).toMatch(/not found/);
  });
});

describe('ubus call: writes are confirmed like the subsystem verbs', () => {
  const REVOKE = ['ubus', 'call', 'luci.exposure', 'revoke', '{"service":"gitea"}'];

  it('a registry write on several boxes: no terminal and no --yes → exit 2, nothing sent (not even a connection)', async () => {
    const r = await runCli(['ubus', 'call', 'luci.exposure', 'revoke', '{"service":"gitea"}', '--group', 'all'], { env: sb.env, boxes: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('secubox: ubus call luci.exposure revoke on lab, r2 needs a confirmation and this is not a terminal\nhint: pass --yes to confirm it\n');
    expect(r.requests).toEqual([]);
  });

  it('on a terminal it asks, naming the call, the boxes and the danger; "n" → 130, "y" calls; --yes calls without asking', async () => {
    let r = await runCli(['ubus', 'call', 'luci.exposure', 'revoke', '{"service":"gitea"}', '--box', 'lab'], { env: sb.env, boxes: {}, ttyIn: true, answers: ['n\r'] });
    expect(r.stderr).toContain('Call luci.exposure revoke {"service":"gitea"} on lab (DANGEROUS: it destroys data or cuts access)? [y/N] ');
    expect(r.code).toBe(130);
    expect(r.requests).toEqual([]);
    const t = fakeTransport([{ argv: REVOKE, result: { stdout: '{"success":true}' } }]);
    r = await runCli(['ubus', 'call', 'luci.exposure', 'revoke', '{"service":"gitea"}', '--box', 'lab'], { env: sb.env, boxes: { lab: t }, ttyIn: true, answers: ['y\r'] });
    expect(r.code, r.stderr).toBe(0);
    t.assertDone();
    const mk = () => fakeTransport([{ argv: REVOKE, result: { stdout: '{"success":true}' } }]);
    const [a, b] = [mk(), mk()];
    r = await runCli(['ubus', 'call', 'luci.exposure', 'revoke', '{"service":"gitea"}', '--all', '-y'], { env: sb.env, boxes: { lab: a, r2: b } });
    expect(r.code, r.stderr).toBe(0);
    a.assertDone();
    b.assertDone();
  });

  it('a side-effect read and a method nobody declared (even of an OpenWrt object) need a confirmation too', async () => {
    for (const [object, method] of [['luci.master-link', 'status'], ['luci.nosuch', 'anything'], ['system', 'reboot'], ['uci', 'set'], ['file', 'exec']]) {
      const r = await runCli(['ubus', 'call', object!, method!, '--box', 'lab'], { env: sb.env, boxes: {} });
      expect(r.code, `${object} ${method}`).toBe(2);
      expect(r.stderr).toContain(`ubus call ${object} ${method} on lab needs a confirmation`);
      expect(r.requests).toEqual([]);
    }
  });

  it('pure reads run at once: registry reads and OpenWrt\'s own reads (system board, service list, network.interface.lan status…)', async () => {
    const calls: [string, string][] = [['luci.crowdsec-dashboard', 'decisions'], ['system', 'board'], ['system', 'info'], ['service', 'list'],
      ['network.interface.lan', 'status'], ['network.interface', 'dump'], ['uci', 'get'], ['hostapd.wlan0', 'get_clients']];
    for (const [object, method] of calls) {
      const mk = () => fakeTransport([{ argv: ['ubus', 'call', object, method, '{}'], result: { stdout: '{"ok":true}' } }]);
      const [a, b] = [mk(), mk()];
      const r = await runCli(['ubus', 'call', object, method, '--all'], { env: sb.env, boxes: { lab: a, r2: b } });
      expect(r.code, `${object} ${method}: ${r.stderr}`).toBe(0);
      a.assertDone();
      b.assertDone();
    }
  });
});

describe('ubus list', () => {
  it('a readable tree of methods and parameters', async () => {
    const t = fakeTransport([{ argv: ['ubus', '-v', 'list', 'luci.metablogizer'], result: { stdout: listBlock('luci.metablogizer') } }]);
    const r = await runCli(['ubus', 'list', 'luci.metablogizer', '--box', 'lab'], { env: sb.env, boxes: { lab: t } });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('luci.metablogizer');
    expect(lines).toContain('  status');
    expect(r.stdout).toMatch(/\n {2}get_site {2,}id: String\n/);
    expect(r.stdout).toMatch(/\n {2}upload_chunk {2,}upload_id: String, data: String, index: Integer\n/);
  });

  it('--json: {object: {method: {param: type}}}', async () => {
    const t = fakeTransport([{ argv: ['ubus', '-v', 'list', 'luci.metablogizer'], result: { stdout: listBlock('luci.metablogizer') } }]);
    const r = await runCli(['ubus', 'list', 'luci.metablogizer', '--box', 'lab', '--json'], { env: sb.env, boxes: { lab: t } });
    const sig = JSON.parse(r.stdout) as Record<string, Record<string, Record<string, string>>>;
    expect(Object.keys(sig)).toEqual(['luci.metablogizer']);
    expect(sig['luci.metablogizer']!.get_site).toEqual({ id: 'String' });
    expect(sig['luci.metablogizer']!.status).toEqual({});
  });

  it('the whole list, and a bad object name is a usage error', async () => {
    const t = fakeTransport([{ argv: ['ubus', '-v', 'list'], result: fixtureResult('ubus/ubus_-v_list') }]);
    const r = await runCli(['ubus', 'list', '--box', 'lab'], { env: sb.env, boxes: { lab: t } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^file\n/m);
    expect(r.stdout).toMatch(/^luci\.metablogizer\n/m);
    const bad = await runCli(['ubus', 'list', 'a b', '--box', 'lab'], { env: sb.env, boxes: {} });
    expect(bad.code).toBe(2);
  });
});
