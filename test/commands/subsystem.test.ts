import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS, GROUPS } from '../../src/commands/table/index.js';
import { SUBSYSTEM_VERBS } from '../../src/commands/table/ops.js';
import { SUBSYSTEMS } from '../../src/registry/index.js';
import { fakeTransport, fixtureResult, ubusFixture } from '../helpers/fakeTransport.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = sandbox();
  for (const n of ['r1', 'r2']) {
    const r = await runCli(['box', 'add', n, '--host', '10.0.0.1', '--no-verify', '--tag', 'lab'], { env: sb.env });
    expect(r.code).toBe(0);
  }
});
afterEach(() => sb.cleanup());

const BAN = ['ubus', 'call', 'luci.crowdsec-dashboard', 'ban', '{"ip":"203.0.113.7"}'];
const notFound = (argv: string[]) => ({ argv, result: { stderr: `Command failed: ${argv.join(' ')} (Not found)\n`, code: 252 } });

describe('secubox SUBSYSTEM METHOD ARGS: a write', () => {
  it('`secubox crowdsec ban 203.0.113.7 --yes --box r1` → ubus call luci.crowdsec-dashboard ban {"ip":"203.0.113.7"}', async () => {
    const t = fakeTransport([{ argv: BAN, result: { stdout: '{"success":true,"message":"IP 203.0.113.7 banned"}' } }]);
    const r = await runCli(['crowdsec', 'ban', '203.0.113.7', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('{"success":true,"message":"IP 203.0.113.7 banned"}\n');
    t.assertDone();
  });

  it('all three parameters by position, through the alias `cs`; the rpcd error answer exits 1', async () => {
    const argv = ['ubus', 'call', 'luci.crowdsec-dashboard', 'ban', '{"ip":"203.0.113.7","duration":"4h","reason":"ssh brute force"}'];
    const t = fakeTransport([{ argv, result: fixtureResult('ubus/call/luci.crowdsec-dashboard/decisions') }]);
    const r = await runCli(['cs', 'ban', '203.0.113.7', '4h', 'ssh brute force', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^secubox: r1: ubus call luci.crowdsec-dashboard ban: cscli not found\n/);
    t.assertDone();
  });

  it('no terminal and no --yes: exit 2 and NOTHING is sent (not even a connection)', async () => {
    const t = fakeTransport([]);
    const r = await runCli(['crowdsec', 'ban', '203.0.113.7', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/crowdsec ban on r1 needs a confirmation and this is not a terminal\nhint: pass --yes/);
    expect(r.requests).toEqual([]);
    t.assertDone();
  });

  it('on a terminal it asks, naming the call, the box and the danger; "n" sends nothing (130), "y" calls', async () => {
    const t = fakeTransport([]);
    let r = await runCli(['crowdsec', 'ban', '203.0.113.7', '--box', 'r1'], { env: sb.env, boxes: { r1: t }, ttyIn: true, answers: ['n\r'] });
    expect(r.stderr).toContain('Call luci.crowdsec-dashboard ban {"ip":"203.0.113.7"} on r1 (DANGEROUS: it destroys data or cuts access)?');
    expect(r.code).toBe(130);
    t.assertDone();
    const t2 = fakeTransport([{ argv: BAN, result: { stdout: '{"success":true}' } }]);
    r = await runCli(['crowdsec', 'ban', '203.0.113.7', '--box', 'r1'], { env: sb.env, boxes: { r1: t2 }, ttyIn: true, answers: ['y\r'] });
    expect(r.code, r.stderr).toBe(0);
    t2.assertDone();
  });

  it('a read with a side effect, and a method the registry does not know, need a confirmation too', async () => {
    const none = fakeTransport([]);
    let r = await runCli(['rpc-master-link', 'status', '--box', 'r1'], { env: sb.env, boxes: { r1: none } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/master-link status on r1 needs a confirmation/);
    r = await runCli(['crowdsec', 'luci.crowdsec-dashboard.brand_new', '--box', 'r1'], { env: sb.env, boxes: { r1: none } });
    expect(r.code).toBe(2);
    none.assertDone();
    // with --yes: its parameters come from the box's own signature (`ubus -v list OBJECT`)
    const t = fakeTransport([
      { argv: ['ubus', '-v', 'list', 'luci.crowdsec-dashboard'], result: { stdout: "'luci.crowdsec-dashboard' @1a2b3c4d\n\t\"brand_new\":{\"count\":\"Integer\",\"tag\":\"String\"}\n" } },
      { argv: ['ubus', 'call', 'luci.crowdsec-dashboard', 'brand_new', '{"count":3,"tag":"x"}'], result: { stdout: '{"ok":true}' } },
    ]);
    r = await runCli(['crowdsec', 'luci.crowdsec-dashboard.brand_new', '3', 'tag=x', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('{"ok":true}\n');
    t.assertDone();
  });

  it('a bad argument stops before any box is contacted (exit 2)', async () => {
    const t = fakeTransport([]);
    let r = await runCli(['crowdsec', 'alerts', 'many', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/limit: "many" is not a number/);
    r = await runCli(['crowdsec', 'unban', '1.2.3.4', 'extra', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too many arguments for unban: "extra" \(unban takes ip\)/);
    r = await runCli(['crowdsec', 'decisons', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CrowdSec has no method "decisons"\nhint: did you mean "decisions"\?/);
    expect(r.requests).toEqual([]);
    t.assertDone();
  });
});

describe('secubox SUBSYSTEM METHOD: checked before any question or connection', () => {
  it('an unknown method word (no dot) of a subsystem whose methods the registry knows: exit 2, no prompt, even with no close match', async () => {
    const t = fakeTransport([]);
    for (const o of [{}, { ttyIn: true, answers: ['y\r'] }, { args: ['--yes'] }]) {
      const r = await runCli(['crowdsec', 'nosuch', '--box', 'r1', ...((o as { args?: string[] }).args ?? [])], { env: sb.env, boxes: { r1: t }, ...o });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('secubox: CrowdSec has no method "nosuch"\n'
        + 'hint: `secubox crowdsec <TAB>` lists its methods, `secubox ubus list luci.crowdsec-dashboard` the box\'s (to call it anyway: luci.crowdsec-dashboard.nosuch)\n');
      expect(r.stderr).not.toContain('?  [y/N]');
      expect(r.requests).toEqual([]);
    }
    // the verb word is the one in the hint (master-link's verb is rpc-master-link)
    const r = await runCli(['rpc-master-link', 'nosuch', '--box', 'r1'], { env: sb.env, boxes: {} });
    expect(r.stderr).toContain('`secubox rpc-master-link <TAB>`');
    t.assertDone();
  });

  it('a write without the parameter it acts on is a usage error showing the parameters, even with --yes; explicit JSON is sent as given', async () => {
    const t = fakeTransport([]);
    let r = await runCli(['crowdsec', 'ban', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('secubox: crowdsec ban needs IP (ban changes the box: nothing was sent)\nhint: secubox crowdsec ban IP [DURATION] [REASON]\n');
    r = await runCli(['crowdsec', 'ban', 'duration=4h', '--box', 'r1'], { env: sb.env, boxes: { r1: t }, ttyIn: true, answers: ['y\r'] });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('[y/N]');
    r = await runCli(['metablogizer', 'delete_site', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.stderr).toMatch(/metablogizer delete_site needs ID .*\nhint: secubox metablogizer delete_site ID\n/);
    expect(r.requests).toEqual([]);
    t.assertDone();
    const sent = fakeTransport([{ argv: ['ubus', 'call', 'luci.crowdsec-dashboard', 'ban', '{}'], result: { stdout: '{"success":false,"error":"Invalid IP address"}' } }]);
    r = await runCli(['crowdsec', 'ban', '{}', '--yes', '--box', 'r1'], { env: sb.env, boxes: { r1: sent } });
    expect(r.code).toBe(1);
    sent.assertDone();
  });

  it('integer parameters: the hint suggests an integer (`int(default 50)` is an integer too)', async () => {
    let r = await runCli(['crowdsec', 'alerts', 'limit=abc', '--box', 'r1'], { env: sb.env, boxes: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('secubox: limit: "abc" is not a number\nhint: e.g. limit=10\n');
    r = await runCli(['crowdsec', 'alerts', 'limit=1.5', '--box', 'r1'], { env: sb.env, boxes: {}, ttyIn: true });
    expect(r.requests).toHaveLength(1); // a number: accepted (the box was contacted)
  });
});

describe('secubox SUBSYSTEM METHOD: reads', () => {
  it('a read needs no confirmation; ARGS coerced by type; pretty JSON on a terminal, compact when piped', async () => {
    const rec = ubusFixture('luci.haproxy', 'get_vhost', { id: 'cybermood' });
    const t = fakeTransport([rec, { ...rec }]);
    let r = await runCli(['haproxy', 'get_vhost', 'cybermood', '--box', 'r1'], { env: sb.env, boxes: { r1: t }, ttyOut: true });
    expect(r.code, r.stderr).toBe(0);
    const answer = JSON.parse(String(rec.result!.stdout)) as unknown;
    expect(r.stdout).toBe(`${JSON.stringify(answer, null, 2)}\n`);
    r = await runCli(['haproxy', 'get_vhost', 'id=cybermood', '--box', 'r1', '--json'], { env: sb.env, boxes: { r1: t }, ttyOut: true });
    expect(r.stdout).toBe(`${JSON.stringify(answer)}\n`);
    t.assertDone();
    const t2 = fakeTransport([{ argv: ['ubus', 'call', 'luci.crowdsec-dashboard', 'alerts', '{"limit":5}'], result: { stdout: '{"alerts":[]}' } }]);
    r = await runCli(['crowdsec', 'alerts', '5', '--box', 'r1'], { env: sb.env, boxes: { r1: t2 } });
    expect(r.stdout).toBe('{"alerts":[]}\n');
    t2.assertDone();
  });

  it('several boxes: `box: {json}` lines and the summary exit code (4 when one is missing it)', async () => {
    const a = fakeTransport([ubusFixture('luci.haproxy', 'list_vhosts')]);
    const b = fakeTransport([notFound(['ubus', 'call', 'luci.haproxy', 'list_vhosts', '{}'])]);
    const r = await runCli(['haproxy', 'list_vhosts', '--group', 'lab'], { env: sb.env, boxes: { r1: a, r2: b } });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^r1: \{"vhosts":\[\{"id":"cybermood"/);
    expect(r.stderr).toContain('r2: failed: HAProxy is not installed on r2 (no rpcd object luci.haproxy)');
    expect(r.stderr).toContain('secubox: 1 ok, 1 failed (r2)');
    a.assertDone();
    b.assertDone();
  });
});

describe('secubox SUBSYSTEM: its status', () => {
  it('the status-like read, as JSON', async () => {
    const rec = ubusFixture('luci.crowdsec-dashboard', 'status');
    const t = fakeTransport([rec]);
    const r = await runCli(['crowdsec', '--box', 'r1', '--json'], { env: sb.env, boxes: { r1: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(String(rec.result!.stdout)));
    t.assertDone();
  });

  it('a subsystem that is not there: "X is not installed on BOX", exit 1', async () => {
    const t = fakeTransport([notFound(['ubus', 'call', 'luci.crowdsec-dashboard', 'status', '{}'])]);
    const r = await runCli(['crowdsec', '--box', 'r2'], { env: sb.env, boxes: { r2: t } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('secubox: CrowdSec is not installed on r2 (no rpcd object luci.crowdsec-dashboard)\n'
      + 'hint: see what the box has with `secubox status --box r2`; its AppStore: `secubox app list --box r2`\n');
    t.assertDone();
  });

  it('a CLI-only subsystem runs its `status` command (recorded ksmbdctl status)', async () => {
    const rec = fixtureResult('cli/ksmbdctl/status');
    const t = fakeTransport([{ argv: ['/usr/sbin/ksmbdctl', 'status'], result: rec }]);
    const r = await runCli(['ksmbd', '--box', 'r1'], { env: sb.env, boxes: { r1: t } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(rec.stdout);
    t.assertDone();
  });
});

describe('the subsystem verbs in the command table', () => {
  it('one verb per registry subsystem, with its aliases, name and summary (the list in table/ops.ts is up to date)', () => {
    const fromRegistry = SUBSYSTEMS.map((s) => [s.id, s.name, s.summary, s.aliases.filter((a) => a !== 'mesh'), s.objects[0] ?? '']);
    expect(SUBSYSTEM_VERBS.map(([, id, name, summary, aliases, object]) => [id, name, summary, [...aliases], object])).toEqual(fromRegistry);
  });

  it('no verb word or alias collides with another command; the colliding ones are renamed', () => {
    const words = new Map<string, string>();
    for (const c of COMMANDS) {
      for (const w of [c.path[0]!, ...(c.path.length === 1 ? c.aliases ?? [] : [])]) {
        const owner = c.path.join(' ');
        if (words.has(w) && words.get(w) !== c.path[0]) throw new Error(`"${w}" is both ${words.get(w)} and ${owner}`);
        words.set(w, c.path[0]!);
      }
    }
    for (const g of Object.keys(GROUPS)) expect(words.get(g)).toBe(g);
    expect(SUBSYSTEM_VERBS.find(([, id]) => id === 'master-link')?.[0]).toBe('rpc-master-link');
    expect(COMMANDS.find((c) => c.path[0] === 'master-link')?.summary).toMatch(/the box's own `secubox master-link`/);
    expect(COMMANDS.find((c) => c.path[0] === 'crowdsec')?.aliases).toEqual(['cs']);
  });

  it('TAB completes the subsystem\'s methods (with their kind) and the aliases of subsystems', async () => {
    let r = await runCli(['__complete', '--', 'cs', 'ba'], { env: sb.env });
    expect(r.stdout).toBe('ban\twrite, dangerous: ip, duration, reason\n');
    r = await runCli(['__complete', '--', 'logs', 'c'], { env: sb.env });
    expect(r.stdout).toContain('cs\talias of crowdsec\n');
  });

  it('help shows the method, the args and the examples', async () => {
    const r = await runCli(['crowdsec', '--help'], { env: sb.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('secubox crowdsec [options] [method] [args...]');
    expect(r.stdout).toContain('$ secubox crowdsec ban 203.0.113.7 --yes --box r1');
    expect(r.stdout).toContain('Aliases: cs');
  });
});
