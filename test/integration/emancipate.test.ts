/**
 * `secubox emancipate` / `revoke` from a script: the built CLI (`node bin/secubox`) against a REAL dropbear serving
 * the harness's box root. On the `blog-healthy` box (the recorded box with its haproxy config repaired, see the
 * harness README) the site flow really succeeds: the job writes the after-state, the tool reads it back → exit 0,
 * verified. On the recorded lying box (`blog`) the same command is a verified FAILURE (exit 1), whatever the box said.
 * HOME / XDG dirs are temp dirs; nothing of the user's own ~/.ssh or config is read.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNames } from '../../src/core/nameCache.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { startBox, type TestBox } from './harness/index.js';

function newestMtime(dir: string): number {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return max;
}

/** Build dist/ when it is older than src/ (tsc emits even when another file has a type error). */
function ensureBuilt(): void {
  const main = join(REPO_ROOT, 'dist', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(REPO_ROOT, 'src'))) return;
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch {
    /* type errors elsewhere still emit; checked below */
  }
  if (!existsSync(main)) throw new Error('build failed: dist/main.js missing');
}

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'secubox'), ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'secubox-emancipate-'));
}, 300_000);
afterAll(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

/** A fresh HOME with box `lab` added (--accept-new) for this test box. */
async function labEnv(box: TestBox, name: string): Promise<Record<string, string>> {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'home'), { recursive: true });
  const env = {
    HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'xdg'), XDG_STATE_HOME: join(dir, 'state'),
    PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', LANG: 'C.UTF-8',
  };
  const add = await cli(['box', 'add', 'lab', '--host', '127.0.0.1', '--port', String(box.port), '--user', box.user, '--identity', box.clientKey, '--accept-new'], env);
  expect(add.code, add.stderr).toBe(0);
  return env;
}

/** stdout is exactly one JSON document (one line). */
function oneJson(r: Run): Record<string, unknown> {
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  expect(lines, r.stdout).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

type StepJson = { name: string; state: string; detail: string };

/** The calls that change a box: the flows' ubus writes and every uci write. */
const WRITES = /^(ubus call luci\.metablogizer (emancipate|unpublish_site) |ubus call luci\.exposure (emancipate|revoke) |uci (-\S+ )*(set|add|add_list|del_list|delete|rename|batch|commit|revert|import) )/;

describe('emancipate / revoke on a healthy box (blog-healthy preset, real dropbear)', () => {
  let box: TestBox;
  let env: Record<string, string>;
  beforeAll(async () => {
    box = await startBox({ server: 'dropbear', preset: 'blog-healthy' });
    env = await labEnv(box, 'healthy');
  }, 120_000);
  afterAll(async () => { await box?.stop(); });

  it('--dry-run prints the plan and changes nothing on the box', async () => {
    box.clearCalls();
    const r = await cli(['emancipate', 'blog', '--box', 'lab', '--dry-run', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const j = oneJson(r);
    expect(j).toMatchObject({ action: 'emancipate', box: 'lab', name: 'blog', kind: 'site', dryRun: true });
    const plan = j.plan as { call: unknown; uciSections: { config: string; section: string }[]; dnsRecords: { name: string; zone: string | null }[]; certificates: string[]; warnings: string[] };
    expect(plan.call).toEqual({ object: 'luci.metablogizer', method: 'emancipate', params: { id: 'site_blog' } });
    expect(plan.uciSections.map((s) => `${s.config}.${s.section}`)).toEqual(expect.arrayContaining(['haproxy.metablog_blog', 'haproxy.blog_example_test', 'haproxy.path_gk2_blog', 'metablogizer.site_blog']));
    // the healthy box has a DNS zone for the domain: the record is planned in it, and no "no DNS zone" warning
    expect(plan.dnsRecords[0]).toMatchObject({ name: 'blog', zone: 'example.test' });
    expect(plan.warnings.join('\n')).not.toMatch(/no DNS zone/);
    expect(plan.certificates).toEqual(['blog.example.test']);

    const text = await cli(['emancipate', 'blog', '--box', 'lab', '--dry-run'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Plan \(dry run, nothing changed\): emancipate site blog on lab\n/);

    const calls = box.calls();
    expect(calls.length).toBeGreaterThan(0); // the plan was read from the box...
    expect(calls.filter((c) => WRITES.test(c))).toEqual([]); // ...and nothing was written
    expect(box.boxCalls().filter((c) => WRITES.test(c))).toEqual([]);
    expect(box.uciChanges()).toBe('');
    for (const cfg of ['haproxy', 'metablogizer', 'uhttpd']) expect(box.uciCommitted(cfg)).toBe('');
  }, 120_000);

  it('what the box showed is offered on TAB afterwards, with no network (sites from the plan, rpcd objects from status)', async () => {
    const status = await cli(['status', '--box', 'lab', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    // the status recorded the box's rpcd objects in the name cache (this box serves no procd service list)
    expect(readNames('ubus-object', 'lab', { env })).toEqual(expect.arrayContaining(['luci.metablogizer', 'luci.exposure']));
    box.clearCalls();
    const sites = await cli(['__complete', '--', 'emancipate', ''], env);
    expect(sites.stdout.split('\n').map((l) => l.split('\t')[0])).toContain('blog');
    expect(box.calls()).toEqual([]); // TAB never touched the box
  }, 120_000);

  it('emancipate blog --yes --json: exit 0, one JSON document, every step ok, verified from the state read back', async () => {
    box.clearCalls();
    const r = await cli(['emancipate', 'blog', '--box', 'lab', '--yes', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const j = oneJson(r);
    expect(j).toMatchObject({ action: 'emancipate', box: 'lab', name: 'blog', kind: 'site', dryRun: false, ok: true, verified: true });
    expect(j.jobId).toMatch(/^emancipate_blog_\d+$/);
    const steps = j.steps as StepJson[];
    expect(steps.map((s) => s.name)).toEqual(['DNS', 'VORTEX', 'HAPROXY', 'WAF', 'PATH', 'SSL', 'RELOAD', 'VERIFY']);
    for (const s of steps) expect(s.state, `${s.name}: ${s.detail}`).toBe('ok');
    expect(steps[0]!.detail).toContain('blog.example.test');
    const verify = steps[7]!.detail;
    expect(verify).toContain('metablogizer.site_blog.emancipated = 1');
    expect(verify).toContain('haproxy vhost blog_example_test: present');
    expect(verify).toContain('haproxy backend metablog_blog: present');
    expect(j.channels).toMatchObject({ dns: { requested: true, verified: true, detail: 'https://blog.example.test (cert valid)' } });
    expect((j.warnings as string[]).join('\n')).not.toMatch(/certificate/);
    expect(j.boxSaid).toMatch(/EMANCIPATION COMPLETE \(job status: success\)/);
    // piped: plain step lines on stderr, nothing of it on stdout
    for (const s of ['DNS', 'HAPROXY', 'SSL', 'RELOAD', 'VERIFY']) expect(r.stderr).toContain(`[${s}] ok`);

    // what the tool did on the box: start the job, poll it, read the state back
    const calls = box.calls();
    expect(calls).toContain('ubus call luci.metablogizer emancipate {"id":"site_blog"}');
    expect(calls.filter((c) => c.startsWith('ubus call luci.metablogizer emancipate_status ')).length).toBeGreaterThanOrEqual(3);
    expect(calls).toContain('uci -q -S get haproxy.blog_example_test');
    expect(calls).toContain('uci -q -S get metablogizer.site_blog.emancipated');
    // ...and the box's own job wrote the state (committed, not staged)
    expect(box.uciChanges()).toBe('');
    expect(box.uciCommitted('haproxy')).toContain("haproxy.blog_example_test.backend='mitmproxy_inspector'");
    expect(box.uciCommitted('haproxy')).toContain("haproxy.blog_example_test.original_backend='metablog_blog'");
    expect(box.uciCommitted('haproxy')).toContain('haproxy.metablog_blog_srv=');
    expect(box.uciCommitted('haproxy')).toContain('haproxy.path_gk2_blog=');
    expect(box.uciCommitted('uhttpd')).toContain("uhttpd.metablogizer_blog.listen_http='0.0.0.0:8901'");
    expect(box.uciCommitted('metablogizer')).toMatch(/metablogizer\.site_blog\.emancipated_at='\d{4}-\d\d-\d\dT/);
  }, 120_000);

  it('then the box lists the site as exposed, and revoke --yes --json unpublishes it (exit 0, verified)', async () => {
    const list = await cli(['ubus', 'call', 'luci.metablogizer', 'get_sites_exposure_status', '--box', 'lab'], env);
    expect(list.code, list.stderr).toBe(0);
    const blog = (JSON.parse(list.stdout) as { sites: { id: string }[] }).sites.find((s) => s.id === 'site_blog');
    expect(blog).toMatchObject({ emancipated: true, vhost_exists: true, cert_status: 'valid', backend_running: true });

    box.clearCalls();
    const r = await cli(['revoke', 'blog', '--box', 'lab', '--yes', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const j = oneJson(r);
    expect(j).toMatchObject({ action: 'revoke', name: 'blog', kind: 'site', ok: true, verified: true });
    expect((j.steps as StepJson[]).map((s) => `${s.name}:${s.state}`)).toEqual(['UNPUBLISH:ok', 'VERIFY:ok']);
    expect(j.channels).toMatchObject({ dns: { verified: true, detail: 'unpublished' } });
    expect(box.calls()).toContain('ubus call luci.metablogizer unpublish_site {"id":"site_blog"}');
    expect(box.uciCommitted('haproxy')).toContain('-haproxy.blog_example_test\n');
    expect(box.uciCommitted('metablogizer')).toMatch(/metablogizer\.site_blog\.emancipated='0'\n$/);

    // nothing left to revoke; and the site can be emancipated again
    const again = await cli(['revoke', 'blog', '--box', 'lab', '--yes', '--json'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('blog is not exposed on lab');
    const re = await cli(['emancipate', 'blog', '--box', 'lab', '--yes', '--json'], env);
    expect(re.code, re.stderr).toBe(0);
    expect(oneJson(re)).toMatchObject({ ok: true, verified: true });
  }, 180_000);
});

describe('emancipate on the recorded lying box (blog preset, real dropbear)', () => {
  let box: TestBox;
  afterAll(async () => { await box?.stop(); });

  it('the box says EMANCIPATION COMPLETE, but no vhost was written: exit 1, verified false, the reason read back', async () => {
    box = await startBox({ server: 'dropbear', preset: 'blog' });
    const env = await labEnv(box, 'lying');
    const r = await cli(['emancipate', 'blog', '--box', 'lab', '--yes', '--json'], env);
    expect(r.code, r.stderr).toBe(1);
    const j = oneJson(r);
    expect(j).toMatchObject({ action: 'emancipate', name: 'blog', ok: false, verified: false });
    expect(j.boxSaid).toMatch(/EMANCIPATION COMPLETE/);
    expect(j.channels).toMatchObject({ dns: { verified: false } });
    expect((j.channels as { dns: { detail: string } }).dns.detail).toContain('no HAProxy vhost');
    const steps = j.steps as StepJson[];
    expect(steps.find((s) => s.name === 'VERIFY')).toMatchObject({ state: 'failed' });
    expect(steps.find((s) => s.name === 'VERIFY')!.detail).toContain('haproxy vhost blog_example_test: absent');
    expect(steps.find((s) => s.name === 'HAPROXY')!.state).toBe('failed');
  }, 120_000);
});
