import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpWidth, renderExitCodes, renderHelp, twoColumns, wrap } from '../../src/commands/help.js';
import { buildTree } from '../../src/commands/complete/tree.js';
import { COMMANDS } from '../../src/commands/table/index.js';
import { EXIT_CODE_DOCS } from '../../src/lib/errors.js';
import { main } from '../../src/main.js';
import { FIXTURE_COMMANDS, FIXTURE_GROUPS } from './complete.fixture.js';

const fixture = buildTree(FIXTURE_COMMANDS, FIXTURE_GROUPS);

function capture(): { write(s: string): boolean; text: string; isTTY: boolean; columns: number } {
  return { text: '', isTTY: false, columns: 80, write(s: string) { this.text += s; return true; } };
}

async function runMain(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(argv, { stdout, stderr, env: { HOME: '/nonexistent' }, setExitCode: false });
  return { code, out: stdout.text, err: stderr.text };
}

describe('help rendered from the tree', () => {
  it('renders a command: usage, description, arguments, options with choices and defaults, examples, JSON fields, exit codes', () => {
    const text = renderHelp(['status'], 100, fixture)!;
    expect(text).toContain('secubox status — fleet summary');
    expect(text).toContain('Usage:\n  secubox status [options]');
    expect(text).toMatch(/--format <fmt>\s+output format \(one of: table, tsv, json\) \(default: table\)/);
    expect(text).toContain('Target options:');
    expect(text).toMatch(/-b, --box <names>\s+target box\(es\): comma-separated, or repeat --box/);
    expect(text).toMatch(/--json\s+print one stable JSON document/);
    expect(text).toContain('Global options:');
    expect(text).toContain('  $ secubox status --all');
    expect(text).toContain('JSON fields (--json):\n  box, reach, uptime, load');
    expect(text).toMatch(/Exit codes:\n {2}0 +ok: [^\n]+\n {2}1 +error[^\n]+\n {2}2 +usage[^\n]+\n {2}3 +unreachable[^\n]+\n {2}4 +partial/);
    expect(text).not.toContain('130');
    expect(text).not.toContain('--hidden-opt');
  });

  it('shows `--` before the argv of a pass-through verb', () => {
    expect(renderHelp(['exec'], 80, fixture)).toContain('Usage:\n  secubox exec [options] -- <argv...>\n');
  });

  it('renders a group with its sub-commands, and resolves aliases', () => {
    const text = renderHelp(['box'], 80, fixture)!;
    expect(text).toContain('secubox box <command> [options]');
    expect(text).toMatch(/add\s+add a box/);
    expect(text).toMatch(/list \(ls\)\s+list the boxes/);
    expect(renderHelp(['box', 'ls'], 80, fixture)).toBe(renderHelp(['box', 'list'], 80, fixture));
    expect(renderHelp(['box', 'nope'], 80, fixture)).toBeUndefined();
  });

  it('the root help lists every visible command of the real table, never hidden ones', () => {
    const text = renderHelp([], 80)!;
    // commands with their summary; subsystem verbs and the box's own CLI groups by name in their sections
    const words = (t: string) => new Set(t.split(/[\s,()]+/));
    const [commands, rest] = text.split('\nSubsystems:\n') as [string, string];
    const [subsystems, legacy] = rest.split('\nThe box\'s own secubox CLI:\n') as [string, string];
    for (const spec of COMMANDS.filter((c) => !c.hidden)) {
      if (spec.helpSection === 'subsystems') expect(words(subsystems).has(spec.path[0]!), spec.path[0]).toBe(true);
      else if (spec.helpSection === 'legacy') expect(words(legacy).has(spec.path[0]!), spec.path[0]).toBe(true);
      else expect(commands).toMatch(new RegExp(`^  ${spec.path.join(' ')}[ (]`, 'm'));
    }
    expect(COMMANDS.filter((c) => c.helpSection === 'subsystems').length).toBeGreaterThan(30);
    expect(text).not.toContain('__complete');
    expect(text).toContain('secubox help exit-codes');
    // the two sections in full
    const subs = renderHelp(['subsystems'], 80)!;
    expect(subs).toMatch(/^ {2}crowdsec \(cs\) +CrowdSec: /m);
    expect(subs).not.toMatch(/^ {2}box add/m);
    expect(renderHelp(['legacy'], 80)).toMatch(/^ {2}diag +the box's own `secubox diag`/m);
  });

  it('explains every exit code', () => {
    const text = renderExitCodes(80);
    for (const [code, name] of EXIT_CODE_DOCS) expect(text).toMatch(new RegExp(`^  ${code} +${name}: `, 'm'));
    expect(renderHelp(['exit-codes'])).toBe(text);
  });

  it('wraps to the terminal width', () => {
    for (const width of [40, 60, 100]) {
      for (const path of [[], ['status'], ['box'], ['exit-codes']]) {
        const lines = renderHelp(path, width, fixture)!.split('\n');
        const tooLong = lines.filter((l) => l.length > width && !l.trimStart().startsWith('$') && l.trim().includes(' '));
        expect(tooLong, `${path.join(' ')} at ${width}`).toEqual([]);
      }
    }
    expect(helpWidth(undefined)).toBe(80);
    expect(helpWidth(20)).toBe(40);
    expect(helpWidth(300)).toBe(100);
    expect(wrap('aaa bbb ccc', 9, 2)).toEqual(['  aaa bbb', '  ccc']);
    expect(twoColumns([{ term: '--x', text: 'y' }], 80)).toEqual(['  --x  y']);
  });
});

describe('help through main.ts', () => {
  it('`secubox <verb> --help` and `secubox help <verb>` print the same text on stdout, exit 0', async () => {
    const a = await runMain(['completion', '--help']);
    const b = await runMain(['help', 'completion']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.out).toBe(renderHelp(['completion'], 80));
    expect(b.out).toBe(a.out);
    expect(a.out).toContain('(one of: bash, zsh, fish)');
  });

  it('`secubox help`, `secubox --help` and `secubox help exit-codes`', async () => {
    const root = await runMain(['help']);
    expect(root.out).toBe(renderHelp([], 80));
    expect((await runMain(['--help'])).out).toBe(root.out);
    expect((await runMain(['help', 'exit-codes'])).out).toBe(renderExitCodes(80));
  });

  it('`secubox help <unknown>` is a usage error (exit 2), one line + hint', async () => {
    const r = await runMain(['help', 'nope']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('secubox: unknown command "secubox nope"\nhint: run `secubox help` for the list of commands\n');
  });

  it('`secubox completion <shell>` prints the script file byte for byte', async () => {
    for (const [shell, file] of [['bash', 'secubox.bash'], ['zsh', '_secubox'], ['fish', 'secubox.fish']] as const) {
      const r = await runMain(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(readFileSync(new URL(`../../completions/${file}`, import.meta.url), 'utf8'));
    }
    const bad = await runMain(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('use one of: bash, zsh, fish');
  });

  it('`__complete` through main answers like the fast path', async () => {
    const r = await runMain(['__complete', '--', 'completion', 'z']);
    expect(r.out).toBe('zsh\n');
    expect((await runMain(['__complete', '--', 'nope', ''])).out).toBe('');
  });
});
