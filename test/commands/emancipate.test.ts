/**
 * secubox emancipate: confirmation / --yes, --dry-run (no write), progress on stderr, one JSON result, and exit 1
 * when the box says COMPLETE but the state is not there (recorded flow 05).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFleet } from '../../src/backends/sim/index.js';
import type { Context } from '../../src/commands/context.js';
import { progressReporter } from '../../src/commands/emancipate.js';
import { fakeTransport, fixtureResult, type Expect } from '../helpers/fakeTransport.js';
import { TRANSCRIPTS } from '../helpers/shared.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = sandbox();
  sb.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'secubox-cache-'));
  expect((await runCli(['box', 'add', 'lab', '--host', '127.0.0.1', '--port', '2222', '--no-verify'], { env: sb.env })).code).toBe(0);
});
afterEach(() => sb.cleanup());

const FLOW5 = join(TRANSCRIPTS, 'flows', '05_ubus_luci.metablogizer_emancipate_site_blog');
const f5 = (name: string) => readFileSync(join(FLOW5, name), 'utf8');
const ubus = (object: string, method: string, params = '{}') => ['ubus', 'call', object, method, params];
const uciGet = (path: string, S = false) => ['uci', '-q', ...(S ? ['-S'] : []), 'get', path];

/** The site as the lab box has it after flow 02: emancipated=1 but no HAProxy vhost. */
const SITES = JSON.stringify({ sites: [{ id: 'site_blog', name: 'blog', domain: 'blog.example.test', enabled: true, emancipated: true, port: 8901, vhost_exists: false, cert_status: 'missing', backend_running: false, has_content: true }] });

const PLAN_READS: Expect[] = [
  { argv: ubus('luci.exposure', 'get_emancipated'), result: fixtureResult('ubus/call/luci.exposure/get_emancipated') },
  { argv: ubus('luci.exposure', 'status'), result: fixtureResult('ubus/call/luci.exposure/status') },
  { argv: ubus('luci.exposure', 'get_config'), result: fixtureResult('ubus/call/luci.exposure/get_config') },
  { argv: ubus('luci.metablogizer', 'get_sites_exposure_status'), result: { stdout: SITES } },
  { argv: ubus('luci.metablogizer', 'list_sites'), result: fixtureResult('ubus/call/luci.metablogizer/list_sites') },
  { argv: uciGet('dns-provider.main.zone'), result: { code: 1 } },
  { argv: uciGet('vortex-dns.main.enabled'), result: { stdout: '1\n' } },
  { argv: uciGet('vortex-dns.master.wildcard_domain'), result: { code: 1 } },
  { argv: uciGet('network.lan.ipaddr'), result: { stdout: '192.168.255.1\n' } },
];

function lyingBox() {
  const job = JSON.stringify({ job_id: 'emancipate_blog_15571' });
  return fakeTransport([
    ...PLAN_READS,
    { argv: ubus('luci.metablogizer', 'emancipate', '{"id":"site_blog"}'), result: { stdout: f5('command.out') } },
    ...[1, 2, 3].map((n) => ({ argv: ubus('luci.metablogizer', 'emancipate_status', job), result: { stdout: f5(`poll_0${n}_emancipate_status.out`) } })),
    { argv: uciGet('metablogizer.site_blog.emancipated', true), result: { stdout: '1\n' } },
    { argv: uciGet('haproxy.blog_example_test', true), result: { code: 1 } },
    { argv: uciGet('haproxy.blog_example_test.domain', true), result: { code: 1 } },
    { argv: uciGet('haproxy.metablog_blog', true), result: { code: 1 } },
    { argv: ubus('luci.metablogizer', 'get_sites_exposure_status'), result: { stdout: SITES } },
  ], { kind: 'ssh' });
}

describe('secubox emancipate', () => {
  it('a box that says EMANCIPATION COMPLETE while nothing was written: exit 1, one JSON result, step lines on stderr', async () => {
    const t = lyingBox();
    const r = await runCli(['emancipate', 'blog', '--box', 'lab', '--yes', '--json'], { env: sb.env, boxes: { lab: t } });
    t.assertDone();
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ action: 'emancipate', box: 'lab', name: 'blog', kind: 'site', dryRun: false, ok: false, verified: false, jobId: 'emancipate_blog_15571' });
    expect(doc.boxSaid).toMatch(/EMANCIPATION COMPLETE/);
    expect(doc.steps.map((s: { name: string }) => s.name)).toEqual(['DNS', 'VORTEX', 'HAPROXY', 'WAF', 'PATH', 'SSL', 'RELOAD', 'VERIFY']);
    expect(doc.plan.call).toEqual({ object: 'luci.metablogizer', method: 'emancipate', params: { id: 'site_blog' } });
    expect(r.stderr).toMatch(/^\[HAPROXY\] failed: /m);
    expect(r.stderr).toMatch(/^\[VERIFY\] failed: state not there/m);
    expect(r.stderr).not.toMatch(/\u001b\[/);
  }, 20_000);

  it('not a terminal and no --yes: exit 2 with a hint, nothing written', async () => {
    const t = fakeTransport(PLAN_READS, { kind: 'ssh' });
    const r = await runCli(['emancipate', 'blog', '--box', 'lab'], { env: sb.env, boxes: { lab: t } });
    t.assertDone();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a confirmation and this is not a terminal/);
    expect(r.stderr).toMatch(/^hint: pass --yes/m);
    expect(r.stdout).toBe('');
  });

  it('--dry-run prints the plan and makes only reads (also as JSON)', async () => {
    const t = fakeTransport(PLAN_READS, { kind: 'ssh' });
    const r = await runCli(['emancipate', 'blog', '--box', 'lab', '--dry-run'], { env: sb.env, boxes: { lab: t } });
    t.assertDone();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Plan \(dry run, nothing changed\): emancipate site blog on lab/);
    expect(r.stdout).toMatch(/haproxy\.blog_example_test \(vhost\): create/);
    expect(r.stdout).toMatch(/certs +blog\.example\.test/);
    const t2 = fakeTransport(PLAN_READS, { kind: 'ssh' });
    const j = await runCli(['emancipate', 'blog', '--box', 'lab', '--dry-run', '--json'], { env: sb.env, boxes: { lab: t2 } });
    expect(JSON.parse(j.stdout)).toMatchObject({ dryRun: true, kind: 'site', plan: { siteId: 'site_blog' } });
  });

  it('on a terminal: the question names the box and the site; "n" cancels (exit 130, no write), "y" runs it', async () => {
    const f = demoFleet({ speed: 40 });
    expect((await runCli(['box', 'add', 'demo-alpha', '--host', '127.0.0.1', '--no-verify'], { env: sb.env })).code).toBe(0);
    const opts = { env: sb.env, transport: (req: { entry: { name: string } }) => f.transport(req.entry.name), ttyIn: true };
    const flag = () => f.state('demo-alpha')!.uci.get('metablogizer', 'site_docs', 'emancipated');
    const no = await runCli(['emancipate', 'docs', '--box', 'demo-alpha'], { ...opts, answers: ['n\n'] });
    expect(no.requests.length).toBe(1);
    expect(no.stderr).toMatch(/Expose MetaBlogizer site docs \(docs\.demo\.example\) on box demo-alpha via DNS \+ SSL/);
    expect(no.code).toBe(130);
    expect(flag()).toBeUndefined();
    const yes = await runCli(['emancipate', 'docs', '--box', 'demo-alpha'], { ...opts, answers: ['y\n'] });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/^docs emancipated on demo-alpha: verified/);
    expect(flag()).toBe('1');
  }, 20_000);

  it('a service needs a port when the box does not know it (exit 2)', async () => {
    const r = await runCli(['--demo', 'emancipate', 'myapp', '--tor', '--yes'], { env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port/);
    const bad = await runCli(['--demo', 'emancipate', 'myapp', '--port', '99999', '--yes'], { env: sb.env });
    expect(bad.code).toBe(2);
  });
});

describe('progress on a TTY', () => {
  it('uses a spinner on stderr and persists each finished step (no colour with NO_COLOR)', async () => {
    const out: string[] = [];
    const stderr = { isTTY: true, columns: 80, write: (s: string) => { out.push(String(s)); return true; }, clearLine: () => true, cursorTo: () => true, moveCursor: () => true, on: () => stderr, removeListener: () => stderr };
    const ctx = { stderr, stdout: stderr, env: { NO_COLOR: '1' }, color: false } as unknown as Context;
    const p = await progressReporter(ctx);
    p.onStep([{ name: 'DNS', state: 'running', detail: '' }], 'DNS');
    p.onStep([{ name: 'DNS', state: 'ok', detail: 'record added' }, { name: 'SSL', state: 'failed', detail: 'ACME email not configured' }], null);
    p.stop();
    const text = out.join('');
    expect(text).toContain('✓ DNS: record added');
    expect(text).toContain('✗ SSL: ACME email not configured');
    expect(text).not.toMatch(/\u001b\[3[12]m/);
  });
});
