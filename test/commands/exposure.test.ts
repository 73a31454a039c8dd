/** secubox exposure: the exposure screen's list from the CLI (demo fleet): table, TSV, --json, several boxes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, sandbox, type Sandbox } from './boxCliHarness.js';

let sb: Sandbox;
beforeEach(() => { sb = sandbox(); });
afterEach(() => sb.cleanup());

const demo = (args: string[], o: { ttyOut?: boolean } = {}) => runCli(['--demo', ...args], { env: sb.env, ...o });

describe('secubox exposure', () => {
  it('piped: one TSV line per site or service with its channels and state', async () => {
    const r = await demo(['exposure', '--box', 'demo-alpha']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.find((x) => x[0] === 'blog')).toEqual(['blog', 'site', '8901', '-', 'https://blog.demo.example (cert valid)', expect.any(String), 'exposed']);
    expect(rows.find((x) => x[0] === 'docs')?.[6]).toBe('private');
    expect(rows.find((x) => x[0] === 'gitea')?.[3]).toMatch(/\.onion$/);
  });

  it('on a terminal: an aligned table with a header', async () => {
    const r = await demo(['exposure', '--box', 'demo-alpha'], { ttyOut: true });
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+KIND\s+PORT\s+TOR\s+DNS\/SSL\s+MESH\s+STATE$/);
  });

  it('--json: one stable document', async () => {
    const r = await demo(['exposure', '--box', 'demo-alpha', '--json']);
    const doc = JSON.parse(r.stdout) as { box: string; items: Record<string, unknown>[]; warnings: string[] };
    expect(Object.keys(doc)).toEqual(['box', 'items', 'warnings']);
    expect(Object.keys(doc.items[0]!)).toEqual(['name', 'kind', 'port', 'domain', 'state', 'emancipated', 'channels', 'certificate']);
    expect(doc.items.map((i) => i.name)).toEqual(expect.arrayContaining(['blog', 'docs', 'gitea']));
  });

  it('several boxes: the box name first on each line; exit 4 with the unreachable one', async () => {
    const r = await demo(['exposure', '--all']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^demo-alpha\tblog\tsite\t/m);
    expect(r.stdout).toMatch(/^demo-bravo\tshop\tsite\t/m);
    expect(r.stderr).toMatch(/demo-charlie: unreachable/);
  });

  it('revoke of something not exposed points at it', async () => {
    const r = await demo(['revoke', 'docs', '--box', 'demo-alpha', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hint: see what is exposed: secubox exposure --box demo-alpha');
  });

  it('emancipate of what is already exposed says the flow runs again (plan, question); a private one does not', async () => {
    const again = await demo(['emancipate', 'blog', '--box', 'demo-alpha', '--dry-run', '--json']);
    const plan = (JSON.parse(again.stdout) as { plan: { again?: boolean; warnings: string[] } }).plan;
    expect(plan.again).toBe(true);
    expect(plan.warnings[0]).toMatch(/^blog is already exposed on demo-alpha \(dns, mesh\): the flow runs again/);
    const fresh = await demo(['emancipate', 'docs', '--box', 'demo-alpha', '--dry-run', '--json']);
    const p2 = (JSON.parse(fresh.stdout) as { plan: { again?: boolean; warnings: string[] } }).plan;
    expect(p2.again).toBeUndefined();
    expect(p2.warnings.join('\n')).not.toMatch(/already/);
    const asked = await runCli(['--demo', 'emancipate', 'blog', '--box', 'demo-alpha'], { env: sb.env, ttyIn: true, answers: ['n\r'] });
    expect(asked.stderr).toContain('blog is already exposed; run the flow again: expose MetaBlogizer site blog');
  });
});
