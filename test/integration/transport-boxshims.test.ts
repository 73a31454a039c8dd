/**
 * The harness's box root over a real SSH transport: the replaying `ubus` / `uci` / `*ctl` shims give back the
 * recorded bytes of the real box (fixtures/transcripts) with their exit codes and stderr, keep uci state, inject
 * failures and play the recorded flows. Other test files rely on this, so it is checked here against the fixtures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshTransport, type SshTransport } from '../../src/backends/ssh/index.js';
import { TRANSCRIPTS } from '../helpers/shared.js';
import { startBox, type TestBox } from './harness/index.js';

const fx = (rel: string): Buffer => readFileSync(join(TRANSCRIPTS, rel));
const meta = (rel: string): { exit_code: number; stderr: string } => JSON.parse(readFileSync(join(TRANSCRIPTS, rel), 'utf8'));

describe('box root shims (dropbear, busybox ash)', () => {
  let box: TestBox;
  let t: SshTransport;
  beforeAll(async () => {
    box = await startBox({ server: 'dropbear', preset: 'blog' });
    t = createSshTransport(box.target());
  });
  afterAll(async () => {
    await t?.close();
    await box?.stop();
  });
  const run = async (...argv: string[]) => t.exec(argv);

  it('ubus list / -v list / list PATTERN replay the recording', async () => {
    expect((await run('ubus', 'list')).stdout.equals(fx('ubus/ubus_list.out'))).toBe(true);
    expect((await run('ubus', '-v', 'list')).stdout.equals(fx('ubus/ubus_-v_list.out'))).toBe(true);
    const one = (await run('ubus', '-v', 'list', 'luci.metablogizer')).stdout.toString();
    expect(one.startsWith("'luci.metablogizer' @")).toBe(true);
    expect(one).toContain('\t"emancipate":{"id":"String"}\n');
    expect(one).not.toContain("'luci.metabolizer'");
    expect((await run('ubus', 'list', 'luci.meta*')).stdout.toString()).toBe('luci.metablogizer\nluci.metabolizer\nluci.metacatalog\n');
    const none = await run('ubus', 'list', 'nope.*');
    expect(none.code).toBe(252);
    expect(none.stderr.toString()).toBe('Command failed: ubus list nope.* (Not found)\n');
  });

  it('ubus call replays stdout, exit code and stderr; params pick the matching recording', async () => {
    const status = await run('ubus', 'call', 'luci.metablogizer', 'status', '{}');
    expect(status.stdout.equals(fx('ubus/call/luci.metablogizer/status.out'))).toBe(true);
    expect(status.code).toBe(0);
    const noArg = await run('ubus', 'call', 'luci.metablogizer', 'status');
    expect(noArg.stdout.equals(status.stdout)).toBe(true);
    const withId = await run('ubus', 'call', 'luci.metablogizer', 'get_site', '{ "id": "site_demo" }');
    expect(withId.stdout.equals(fx('ubus/call/luci.metablogizer/get_site__id_site_demo.out'))).toBe(true);
    const bare = await run('ubus', 'call', 'luci.metablogizer', 'get_site', '{}');
    expect(bare.stdout.equals(fx('ubus/call/luci.metablogizer/get_site.out'))).toBe(true);
    const m = meta('ubus/call/luci.client-guardian/safety_status.meta.json');
    const broken = await run('ubus', 'call', 'luci.client-guardian', 'safety_status', '{}');
    expect(broken.code).toBe(m.exit_code);
    expect(broken.stderr.toString()).toBe(m.stderr);
  });

  it('ubus call of an unknown object / method / bad JSON gives the real ubus errors', async () => {
    const obj = await run('ubus', 'call', 'luci.nope', 'status', '{}');
    expect([obj.code, obj.stderr.toString()]).toEqual([252, 'Command failed: ubus call luci.nope status {} (Not found)\n']);
    const meth = await run('ubus', 'call', 'luci.metablogizer', 'nope');
    expect([meth.code, meth.stderr.toString()]).toEqual([253, 'Command failed: ubus call luci.metablogizer nope (Method not found)\n']);
    const json = await run('ubus', 'call', 'luci.metablogizer', 'status', 'not json');
    expect([json.code, json.stderr.toString()]).toEqual([255, 'Failed to parse message data\n']);
    // a real method that has no recording (a write action) answers nothing, exit 0
    const write = await run('ubus', 'call', 'luci.metablogizer', 'repair_site', '{"id":"site_demo"}');
    expect([write.code, write.stdout.length]).toEqual([0, 0]);
  });

  it('uci show / export / get replay the recorded configs, failures included', async () => {
    expect((await run('uci', 'export', 'network')).stdout.equals(fx('uci/export/network.out'))).toBe(true);
    expect((await run('uci', 'show', 'network')).stdout.equals(fx('uci/show/network.out'))).toBe(true);
    const hap = await run('uci', 'show', 'haproxy');
    const hm = meta('uci/show/haproxy.meta.json');
    expect([hap.code, hap.stderr.toString()]).toEqual([hm.exit_code, hm.stderr]);
    expect((await run('uci', '-S', 'show', 'haproxy')).stdout.equals(fx('uci/show/haproxy__non-strict_-S.out'))).toBe(true);
    expect((await run('uci', 'get', 'metablogizer.main.port_base')).stdout.toString()).toBe('8900\n');
    expect((await run('uci', 'get', 'metablogizer.site_blog')).stdout.toString()).toBe('site\n'); // preset 'blog'
    const missing = await run('uci', 'get', 'metablogizer.main.nope');
    expect([missing.code, missing.stderr.toString()]).toEqual([1, 'uci: Entry not found\n']);
    expect((await run('uci', '-q', 'get', 'nosuchconfig.a.b')).stderr.length).toBe(0);
  });

  it('uci batch / changes / commit / revert keep state the tests can check', async () => {
    box.clearCalls();
    const batch = "set metablogizer.site_demo.domain='it'\\''s.example'\nadd_list metablogizer.main.tags='a b'\ndelete metablogizer.site_blog\n";
    const b = await t.exec(['uci', 'batch'], { stdin: batch });
    expect(b.code).toBe(0);
    const changes = "metablogizer.site_demo.domain='it'\\''s.example'\nmetablogizer.main.tags+='a b'\n-metablogizer.site_blog\n";
    expect((await run('uci', 'changes', 'metablogizer')).stdout.toString()).toBe(changes);
    expect(box.uciChanges('metablogizer')).toBe(changes);
    // staged changes are visible to show/get, like the real uci
    expect((await run('uci', 'get', 'metablogizer.site_demo.domain')).stdout.toString()).toBe("it's.example\n");
    expect((await run('uci', 'show', 'metablogizer.site_blog')).code).toBe(1);
    expect((await run('uci', 'revert', 'metablogizer')).code).toBe(0);
    expect(box.uciChanges('metablogizer')).toBe('');
    expect((await run('uci', 'get', 'metablogizer.site_blog.name')).stdout.toString()).toBe('blog\n');
    // set + commit
    await run('uci', 'set', 'metablogizer.main.enabled=0');
    await run('uci', 'commit', 'metablogizer');
    expect(box.uciChanges()).toBe('');
    expect(box.uciCommitted('metablogizer')).toBe("metablogizer.main.enabled='0'\n");
    expect((await run('uci', 'get', 'metablogizer.main.enabled')).stdout.toString()).toBe('0\n');
    expect((await run('uci', 'export', 'metablogizer')).stdout.toString()).toContain("config metablogizer 'main'\n\toption enabled '0'\n");
    expect(box.calls()).toEqual([
      'uci batch',
      'uci changes metablogizer',
      'uci get metablogizer.site_demo.domain',
      'uci show metablogizer.site_blog',
      'uci revert metablogizer',
      'uci get metablogizer.site_blog.name',
      'uci set metablogizer.main.enabled=0',
      'uci commit metablogizer',
      'uci get metablogizer.main.enabled',
      'uci export metablogizer',
    ]);
  });

  it('injects failures: whole calls and single uci batch lines', async () => {
    box.inject('uci commit*', { code: 1, stderr: 'uci: I/O error\n' });
    await run('uci', 'set', 'metablogizer.main.runtime=docker');
    const c = await run('uci', 'commit', 'metablogizer');
    expect([c.code, c.stderr.toString()]).toEqual([1, 'uci: I/O error\n']);
    expect(box.uciChanges('metablogizer')).toBe("metablogizer.main.runtime='docker'\n"); // nothing committed
    expect((await run('uci', 'commit', 'metablogizer')).code).toBe(0); // times: 1
    box.inject('uci set metablogizer.main.port_base=*', { code: 1, stderr: 'uci: Invalid argument\n', times: 0 });
    const b = await t.exec(['uci', 'batch'], { stdin: "set metablogizer.main.gitea_url='x'\nset metablogizer.main.port_base='1'\n" });
    expect(b.code).toBe(1);
    expect(box.uciChanges('metablogizer')).toBe("metablogizer.main.gitea_url='x'\n");
    await run('uci', 'revert', 'metablogizer');
    box.clearInjections();
    box.inject('ubus call luci.metablogizer status*', { code: 4, stderr: 'Command failed: Not found\n' });
    expect((await run('ubus', 'call', 'luci.metablogizer', 'status', '{}')).code).toBe(4);
    expect((await run('ubus', 'call', 'luci.metablogizer', 'status', '{}')).code).toBe(0);
    box.setReply('ubus/luci.metablogizer/status', { stdout: '{"x":1}\n' });
    expect((await run('ubus', 'call', 'luci.metablogizer', 'status', '{}')).stdout.toString()).toBe('{"x":1}\n');
  });

  it('SecuBox CLIs replay their recorded output and (contradicting) exit codes', async () => {
    const m = meta('cli/metablogizerctl/list.meta.json');
    const r = await run('metablogizerctl', 'list');
    expect(r.stdout.equals(fx('cli/metablogizerctl/list.out'))).toBe(true);
    expect(r.code).toBe(m.exit_code);
    const help = await run('metablogizerctl', 'frobnicate');
    expect(help.code).toBe(1);
    expect(help.stdout.equals(fx('cli/metablogizerctl/help.out'))).toBe(true);
  });

  it('plays the async emancipate job of flow 05 and then shows the after-state', async () => {
    const F = 'flows/05_ubus_luci.metablogizer_emancipate_site_blog';
    const before = JSON.parse((await run('ubus', 'call', 'luci.metablogizer', 'list_sites')).stdout.toString());
    expect(before.sites.map((s: { id: string; emancipated: boolean }) => [s.id, s.emancipated])).toEqual([
      ['site_demo', false],
      ['site_blog', false],
    ]);
    const start = await run('ubus', 'call', 'luci.metablogizer', 'emancipate', '{"id":"site_blog"}');
    expect(start.stdout.equals(fx(`${F}/command.out`))).toBe(true);
    const job = JSON.stringify({ job_id: JSON.parse(start.stdout.toString()).job_id });
    for (const n of [1, 2, 3, 3]) {
      const p = await run('ubus', 'call', 'luci.metablogizer', 'emancipate_status', job);
      expect(p.stdout.equals(fx(`${F}/poll_0${n}_emancipate_status.out`))).toBe(true);
    }
    expect((await run('uci', 'show', 'metablogizer')).stdout.equals(fx(`${F}/after_uci_show_metablogizer.out`))).toBe(true);
    const after = JSON.parse((await run('ubus', 'call', 'luci.metablogizer', 'list_sites')).stdout.toString());
    expect(after.sites.find((s: { id: string }) => s.id === 'site_blog').emancipated).toBe(true);
    const exp = JSON.parse((await run('ubus', 'call', 'luci.metablogizer', 'get_sites_exposure_status')).stdout.toString());
    expect(exp.sites.find((s: { id: string }) => s.id === 'site_blog')).toMatchObject({ emancipated: true, domain: 'blog.example.test', port: 8901 });
    expect((await run('uci', 'get', 'metablogizer.site_blog.emancipated')).stdout.toString()).toBe('1\n');
  });

  it('plays the synchronous flows 03 (luci.exposure emancipate) and 04 (secubox-exposure revoke)', async () => {
    const F3 = 'flows/03_ubus_luci.exposure_emancipate';
    const r3 = await run('ubus', 'call', 'luci.exposure', 'emancipate', '{"service":"blog","port":8900,"domain":"blog.example.test","tor":false,"dns":true,"mesh":true}');
    expect(r3.stdout.equals(fx(`${F3}/command.out`))).toBe(true);
    expect((await run('uci', 'show', 'secubox-exposure')).stdout.equals(fx(`${F3}/after_uci_show_secubox-exposure.out`))).toBe(true);
    const F4 = 'flows/04_secubox-exposure_revoke_blog_all';
    const r4 = await run('secubox-exposure', 'revoke', 'blog', '--all');
    expect(r4.stdout.equals(fx(`${F4}/command.out`))).toBe(true);
    expect((await run('uci', 'show', 'secubox-exposure')).stdout.equals(fx(`${F4}/after_uci_show_secubox-exposure.out`))).toBe(true);
  });
});
