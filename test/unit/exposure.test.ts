/**
 * Exposure against the recorded flows: flow 05 (luci.metablogizer emancipate as a job, polled 3 times) and
 * flow 03 (luci.exposure emancipate). On the recorded box both print success while the HAProxy sections were
 * never written: the result must be a failure. The UCI state read back comes from the recorded `uci show`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBox } from '../../src/backends/box.js';
import type { BatchCall } from '../../src/backends/types.js';
import {
  emancipate, exposureBatch, parseServiceOutput, parseSiteLog, planEmancipate, verifyBatch, type Plan,
} from '../../src/core/exposure/index.js';
import { getOption, parseUciShow, resolveSection } from '../../src/lib/uci/index.js';
import { fakeTransport, fixtureResult, type Expect } from '../helpers/fakeTransport.js';
import { TRANSCRIPTS } from '../helpers/shared.js';

// names recorded for TAB completion go to a temp cache, not the user's
beforeAll(() => { process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'secubox-names-')); });

const FLOW5 = join(TRANSCRIPTS, 'flows', '05_ubus_luci.metablogizer_emancipate_site_blog');
const FLOW3 = join(TRANSCRIPTS, 'flows', '03_ubus_luci.exposure_emancipate');
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const pollOut = (n: number) => read(FLOW5, `poll_0${n}_emancipate_status.out`);

type Result = NonNullable<Expect['result']>;

/** `uci [-q] [-S] get PATH` answered from a recorded `uci show` of that config. */
function uciGet(showText: string, config: string, argv: readonly string[]): Result {
  const path = argv[argv.length - 1]!;
  const cfg = parseUciShow(showText, { packageName: config });
  const [, section, option] = path.split('.');
  const sec = resolveSection(cfg, section!);
  if (!sec) return { code: 1 };
  if (option === undefined) return { stdout: `${sec.type}\n` };
  const v = getOption(cfg, `${section}.${option}`);
  return v === undefined ? { code: 1 } : { stdout: `${Array.isArray(v) ? v.join(' ') : v}\n` };
}

function stateAnswers(dir: string, when: 'before' | 'after'): (c: BatchCall) => Result {
  const shows: Record<string, string> = {};
  for (const c of ['metablogizer', 'secubox-exposure', 'tor-shield', 'dns-provider', 'vortex-dns']) shows[c] = read(dir, `${when}_uci_show_${c}.out`);
  shows.haproxy = read(dir, `${when}_uci_-S_show_haproxy.out`);
  shows.network = '';
  return (c) => {
    if (c.argv[0] === 'uci') {
      const config = c.argv[c.argv.length - 1]!.split('.')[0]!;
      return uciGet(shows[config] ?? '', config, c.argv);
    }
    const i = c.argv.indexOf('call');
    const [object, method] = [c.argv[i + 1]!, c.argv[i + 2]!];
    if (object === 'luci.metablogizer' && method === 'get_sites_exposure_status') return { stdout: sitesExposure(shows.metablogizer!, shows.haproxy!) };
    return fixtureResult(`ubus/call/${object}/${method}`);
  };
}

/** get_sites_exposure_status as the rpcd computes it from UCI (the recorded one predates site_blog). */
function sitesExposure(metablogizer: string, haproxy: string): string {
  const m = parseUciShow(metablogizer, { packageName: 'metablogizer' });
  const h = parseUciShow(haproxy, { packageName: 'haproxy' });
  const sites = m.sections.filter((s) => s.type === 'site').map((s) => {
    const o = (k: string) => { const x = s.options.find((y) => y.name === k); return x && x.kind === 'option' ? x.value : ''; };
    return { id: s.name, name: o('name'), domain: o('domain'), enabled: o('enabled') === '1', emancipated: o('emancipated') === '1', port: Number(o('port')),
      vhost_exists: Boolean(resolveSection(h, o('domain').replace(/[^a-zA-Z0-9]/g, '_'))), cert_status: 'missing', backend_running: false, has_content: true };
  });
  return JSON.stringify({ sites });
}

function expectationsFor(calls: readonly BatchCall[], answer: (c: BatchCall) => Result): Expect[] {
  return calls.map((c) => ({ argv: [...c.argv], result: answer(c) }));
}

const CONTEXT_GETS = ['dns-provider.main.zone', 'vortex-dns.main.enabled', 'vortex-dns.master.wildcard_domain', 'network.lan.ipaddr'];
function planCalls(): BatchCall[] {
  return [...exposureBatch(), ...CONTEXT_GETS.map((p) => ({ argv: ['uci', '-q', 'get', p] }))];
}

const WRITES = /^(emancipate|revoke|unpublish_site|set|delete|add_list|batch|commit)$/;

describe('site flow (recorded flow 05)', () => {
  it('parses the steps from each recorded poll as they appear', () => {
    const p1 = parseSiteLog(JSON.parse(pollOut(1)).output, false);
    expect(p1.map((s) => s.state)).toEqual(['skipped', 'warn', 'failed', 'ok', 'failed', 'running', 'pending']);
    expect(p1[0]!.detail).toBe('Cannot detect public IP, skipping DNS');
    expect(p1[2]!.detail).toMatch(/^uci: Entry not found|^uci: Parse error/);
    const p2 = parseSiteLog(JSON.parse(pollOut(2)).output, false);
    expect(p2.find((s) => s.name === 'SSL')).toMatchObject({ state: 'failed', detail: 'ACME email not configured. Set in LuCI > Services > HAProxy > Settings' });
    expect(p2.find((s) => s.name === 'RELOAD')!.state).toBe('running');
    const p3 = parseSiteLog(JSON.parse(pollOut(3)).output, true);
    expect(p3.map((s) => [s.name, s.state])).toEqual([
      ['DNS', 'skipped'], ['VORTEX', 'warn'], ['HAPROXY', 'failed'], ['WAF', 'ok'], ['PATH', 'failed'], ['SSL', 'failed'], ['RELOAD', 'warn'],
    ]);
    // the CLI run of flow 02 (stdout only) tells the same story without the stderr lines
    const cli = parseSiteLog(read(join(TRANSCRIPTS, 'flows', '02_metablogizerctl_emancipate_blog'), 'command.out'), true);
    expect(cli.find((s) => s.name === 'SSL')!.state).toBe('failed');
  });

  it('dry run: the plan reads only (no write call) and describes the sections, records and certificate', async () => {
    const calls = planCalls();
    const t = fakeTransport(expectationsFor(calls, stateAnswers(FLOW5, 'before')));
    const plan = await planEmancipate(createBox('lab', t), 'blog');
    t.assertDone();
    expect(t.rounds).toEqual([{ kind: 'batch', size: calls.length }]);
    expect(t.calls.every((c) => !c.argv.some((a) => WRITES.test(a)))).toBe(true);
    expect(plan).toMatchObject({ kind: 'site', siteId: 'site_blog', domain: 'blog.example.test', port: 8901, call: { object: 'luci.metablogizer', method: 'emancipate', params: { id: 'site_blog' } } });
    expect(plan.uciSections.map((s) => `${s.config}.${s.section}=${s.type}`)).toEqual(expect.arrayContaining([
      'metablogizer.site_blog=site', 'haproxy.metablog_blog=backend', 'haproxy.metablog_blog_srv=server', 'haproxy.blog_example_test=vhost', 'haproxy.path_gk2_blog=acl',
    ]));
    expect(plan.certificates).toEqual(['blog.example.test']);
    expect(plan.dnsRecords[0]).toMatchObject({ type: 'A', name: 'blog' });
    expect(plan.warnings.join(' ')).toMatch(/no DNS zone/); // dns-provider.main has no zone on the lab box
  });

  async function runFlow5(verifyFrom: (c: BatchCall) => Result) {
    const plan = await planFor();
    const jobId = JSON.parse(read(FLOW5, 'command.out')).job_id as string;
    const t = fakeTransport([
      { argv: ['ubus', 'call', 'luci.metablogizer', 'emancipate', '{"id":"site_blog"}'], result: { stdout: read(FLOW5, 'command.out') } },
      ...[1, 2, 3].map((n) => ({ argv: ['ubus', 'call', 'luci.metablogizer', 'emancipate_status', JSON.stringify({ job_id: jobId })], result: { stdout: pollOut(n) } })),
      ...expectationsFor(verifyBatch(plan), verifyFrom),
    ]);
    const seen: string[][] = [];
    const r = await emancipate(createBox('lab', t), plan, { pollIntervalMs: 1, onStep: (steps) => seen.push(steps.map((s) => s.state)) });
    t.assertDone();
    return { r, seen, t };
  }

  async function planFor(): Promise<Plan> {
    const t = fakeTransport(expectationsFor(planCalls(), stateAnswers(FLOW5, 'before')));
    return planEmancipate(createBox('lab', t), 'blog');
  }

  it('the box LIES (job "success", EMANCIPATION COMPLETE) but no HAProxy section exists: failure', async () => {
    const { r, seen } = await runFlow5(stateAnswers(FLOW5, 'after'));
    expect(r.boxSaid).toMatch(/EMANCIPATION COMPLETE.*job status: success/);
    expect(r.jobId).toBe('emancipate_blog_15571');
    expect(r.ok).toBe(false);
    expect(r.verified).toBe(false);
    expect(r.channels.dns).toMatchObject({ requested: true, verified: false });
    expect(r.channels.dns!.detail).toMatch(/no HAProxy vhost/);
    expect(r.steps.find((s) => s.name === 'VERIFY')).toMatchObject({ state: 'failed' });
    expect(r.steps.find((s) => s.name === 'VERIFY')!.detail).toMatch(/haproxy vhost blog_example_test: absent/);
    // progress was reported while polling: RELOAD went from pending to running to done
    expect(seen.some((s) => s[6] === 'running')).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });

  it('the same run is a success when the state IS there afterwards', async () => {
    const after = stateAnswers(FLOW5, 'after');
    const good = (c: BatchCall): Result => {
      const path = c.argv[c.argv.length - 1]!;
      if (path === 'haproxy.blog_example_test') return { stdout: 'vhost\n' };
      if (path === 'haproxy.blog_example_test.domain') return { stdout: 'blog.example.test\n' };
      if (path === 'haproxy.metablog_blog') return { stdout: 'backend\n' };
      return after(c);
    };
    const { r } = await runFlow5(good);
    expect(r.ok).toBe(true);
    expect(r.steps.find((s) => s.name === 'VERIFY')!.state).toBe('ok');
  });
});

describe('service flow (recorded flow 03)', () => {
  it('sends the recorded call, shows the channels, and reports the missing vhost as a failure', async () => {
    const cmd = JSON.parse(read(FLOW3, 'command.meta.json')).command as string;
    const params = /'(\{.*\})'$/.exec(cmd)![1]!;
    const tp = fakeTransport(expectationsFor(planCalls(), stateAnswers(FLOW3, 'before')));
    const plan = await planEmancipate(createBox('lab', tp), 'blog', { kind: 'service', port: 8900, domain: 'blog.example.test', dns: true, mesh: true });
    expect(JSON.stringify(plan.call.params)).toBe(params);
    const t = fakeTransport([
      { argv: ['ubus', 'call', 'luci.exposure', 'emancipate', params], result: { stdout: read(FLOW3, 'command.out') } },
      ...expectationsFor(verifyBatch(plan), stateAnswers(FLOW3, 'after')),
    ]);
    const r = await emancipate(createBox('lab', t), plan);
    t.assertDone();
    expect(r.boxSaid).toBe('Emancipation partial: 1 succeeded, 1 failed');
    expect(r.steps.map((s) => [s.name, s.state])).toEqual([['DNS', 'failed'], ['MESH', 'failed'], ['VERIFY', 'failed']]);
    expect(r.steps[0]!.detail).toMatch(/read back after the run/);
    expect(r.channels.dns?.verified).toBe(false);
    expect(r.channels.mesh).toMatchObject({ verified: false, detail: 'the box reports: Failed to publish service' }); // --mesh asked by name
    expect(r.ok).toBe(false);
  });

  it('parses the revoke output of flow 04 (errors inside a ✓ channel make it a warning)', () => {
    const out = read(join(TRANSCRIPTS, 'flows', '04_secubox-exposure_revoke_blog_all'), 'command.out');
    const steps = parseServiceOutput(out, { tor: true, dns: true, mesh: true });
    expect(steps.map((s) => [s.name, s.state])).toEqual([['TOR', 'skipped'], ['DNS', 'warn'], ['MESH', 'warn']]);
    expect(steps[1]!.detail).toMatch(/No DNS provider configured/);
  });
});
