/** secubox revoke: mirrors emancipate (plan, --dry-run, --yes, verification by reading the state back). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFleet, type DemoFleet } from '../../src/backends/sim/index.js';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
let f: DemoFleet;
beforeEach(async () => {
  sb = sandbox();
  sb.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'secubox-cache-'));
  f = demoFleet({ speed: 50 });
  expect((await runCli(['box', 'add', 'demo-alpha', '--host', '127.0.0.1', '--no-verify'], { env: sb.env })).code).toBe(0);
});
afterEach(() => sb.cleanup());

const run = (args: string[]) => runCli([...args, '--box', 'demo-alpha'], { env: sb.env, transport: (req) => f.transport(req.entry.name) });

describe('secubox revoke', () => {
  it('--dry-run lists what goes, changes nothing', async () => {
    const r = await run(['revoke', 'blog', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Plan \(dry run, nothing changed\): revoke site blog on demo-alpha/);
    expect(r.stdout).toMatch(/haproxy\.blog_demo_example \(vhost\): delete/);
    expect(r.stdout).toMatch(/unpublish_site '\{"id":"site_blog"\}'/);
    expect(f.state('demo-alpha')!.uci.get('metablogizer', 'site_blog', 'emancipated')).toBe('1');
  });

  it('unpublishes a site and verifies the vhost is gone', async () => {
    const r = await run(['revoke', 'blog', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ action: 'revoke', kind: 'site', ok: true, verified: true });
    expect(doc.steps.map((s: { name: string; state: string }) => `${s.name}:${s.state}`)).toEqual(['UNPUBLISH:ok', 'VERIFY:ok']);
    const st = f.state('demo-alpha')!;
    expect(st.uci.get('metablogizer', 'site_blog', 'emancipated')).toBe('0');
    expect(st.uci.section('haproxy', 'blog_demo_example')).toBeUndefined();
  });

  it('revokes one channel of a service: only Tor goes, the DNS vhost stays', async () => {
    const r = await run(['revoke', 'gitea', '--tor', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^gitea revoked on demo-alpha: verified/);
    expect(r.stdout).toMatch(/tor +ok/);
    const st = f.state('demo-alpha')!;
    expect(st.uci.section('tor-shield', 'hs_gitea')).toBeUndefined();
    expect(st.uci.section('haproxy', 'git_demo_example')?.type).toBe('vhost');
    expect(st.uci.get('secubox-exposure', 'gitea', 'dns')).toBe('1');
  });

  it('something that is not exposed: exit 2, nothing sent', async () => {
    const r = await run(['revoke', 'docs', '--yes']);
    expect(r.code).toBe(2);
    const r2 = await run(['revoke', 'nope', '--yes']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/not exposed on demo-alpha/);
  });
});
