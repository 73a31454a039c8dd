/**
 * Help rendered from the command tree: `secubox help [command...]`, `secubox <command> --help` (main.ts routes
 * commander's help here) and `secubox help exit-codes`. Plain text, wrapped to the terminal width.
 */
import { UsageError } from '../lib/errors.js';
import type { CommandInput } from './spec.js';
import type { Context } from './context.js';
import { COMMANDS, GROUPS } from './table/index.js';
import { argumentRows, commandRows, exitCodeRows, optionSections, usage, type Row } from './complete/describe.js';
import { buildTree, resolve, type TreeNode } from './complete/tree.js';

export const PROGRAM_DESCRIPTION = 'Terminal administration for SecuBox appliances: one box or a whole fleet, locally or over SSH.';

const MIN_WIDTH = 40;
const MAX_WIDTH = 100;

export function helpWidth(columns: number | undefined): number {
  return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, columns && columns > 0 ? columns : 80));
}

/** Greedy word wrap; words longer than the line are kept whole. */
export function wrap(text: string, width: number, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  const room = Math.max(10, width - indent);
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > room) { lines.push(pad + line); line = word; } else line = line ? `${line} ${word}` : word;
    }
    lines.push(pad + line);
  }
  return lines;
}

/** Two columns: terms on the left (indent 2), wrapped text on the right; long terms push their text below. */
export function twoColumns(rows: readonly Row[], width: number): string[] {
  if (rows.length === 0) return [];
  const termWidth = Math.min(30, Math.max(...rows.map((r) => r.term.length)));
  const textIndent = 2 + termWidth + 2;
  const narrow = width - textIndent < 24;
  const out: string[] = [];
  for (const r of rows) {
    if (narrow) {
      out.push(`  ${r.term}`);
      if (r.text) out.push(...wrap(r.text, width, 6));
      continue;
    }
    const text = r.text ? wrap(r.text, width, textIndent) : [];
    if (r.term.length > termWidth) {
      out.push(`  ${r.term}`, ...text);
    } else {
      const first = (text[0] ?? '').slice(textIndent);
      out.push(`  ${r.term.padEnd(termWidth)}  ${first}`.trimEnd(), ...text.slice(1));
    }
  }
  return out;
}

function section(title: string, body: string[]): string[] {
  return body.length ? ['', `${title}:`, ...body] : [];
}

let tree: TreeNode | undefined;
export function commandTree(): TreeNode {
  tree ??= buildTree(COMMANDS, GROUPS);
  return tree;
}

export function renderExitCodes(width = 80): string {
  const lines = [...wrap('Exit codes of secubox (the same for every command):', width), ...twoColumns(exitCodeRows(), width), '',
    ...wrap('Errors print one line of what went wrong and one line of what to try; --debug adds the stack trace.', width)];
  return `${lines.join('\n')}\n`;
}

type HelpSection = NonNullable<NonNullable<TreeNode['spec']>['helpSection']>;

const SECTIONS: Readonly<Record<HelpSection, { title: string; intro: string; more: string }>> = {
  subsystems: {
    title: 'Subsystems',
    intro: '`secubox SUBSYSTEM` reads its status; `secubox SUBSYSTEM METHOD ARGS...` calls one of its rpcd methods '
      + '(writes confirmed); `secubox SUBSYSTEM <TAB>` completes its methods.',
    more: '`secubox help subsystems` describes each one.',
  },
  legacy: {
    title: 'The box\'s own secubox CLI',
    intro: '`secubox GROUP ARGS...` runs `/usr/sbin/secubox GROUP ARGS...` on the target boxes.',
    more: '`secubox help legacy` describes each group.',
  },
};

const inSection = (sect: HelpSection | undefined) => (n: TreeNode) => n.spec?.helpSection === sect;

/** A section listed by name only (the root help stays one screen or two). */
function namesSection(root: TreeNode, sect: HelpSection, width: number): string[] {
  const names = commandRows(root, inSection(sect)).map((r) => r.term).sort();
  const { title, intro, more } = SECTIONS[sect];
  return section(title, [...wrap(`${intro} ${more}`, width, 2), ...wrap(names.join(', '), width, 4)]);
}

/** `secubox help subsystems` / `secubox help legacy`: every verb of the section with its summary. */
function renderSection(root: TreeNode, sect: HelpSection, width: number): string {
  const lines = [...wrap(`secubox — ${SECTIONS[sect].title}`, width), '', ...wrap(SECTIONS[sect].intro, width),
    ...section('Commands', twoColumns(commandRows(root, inSection(sect)), width))];
  return `${lines.join('\n')}\n`;
}

function renderRoot(root: TreeNode, width: number): string {
  const lines = [
    ...wrap(`secubox — ${PROGRAM_DESCRIPTION}`, width),
    '', 'Usage:',
    ...twoColumns([
      { term: 'secubox', text: 'open the full-screen TUI (on a terminal)' },
      { term: 'secubox <command> [options]', text: 'run one command' },
    ], width),
    ...section('Commands', twoColumns(commandRows(root, inSection(undefined)), width)),
    ...namesSection(root, 'subsystems', width),
    ...namesSection(root, 'legacy', width),
    ...optionSections(root).flatMap((s) => section(s.title, twoColumns(s.rows, width))),
    ...section('Exit codes', wrap(exitCodeRows().map((r) => `${r.term} ${r.text.split(':')[0]}`).join(' · '), width, 2)),
    '', ...wrap('Run `secubox help <command>` (or `secubox <command> --help`) for a command\'s options, examples and JSON fields; `secubox help exit-codes` for the exit codes.', width),
  ];
  return `${lines.join('\n')}\n`;
}

function renderNode(node: TreeNode, width: number): string {
  const spec = node.spec;
  const title = `secubox ${node.path.join(' ')}${node.summary ? ` — ${node.summary}` : ''}`;
  const lines = [...wrap(title, width), '', 'Usage:', ...usage(node).map((u) => `  ${u}`)];
  if (spec?.description) lines.push('', ...wrap(spec.description, width));
  if (node.aliases.length) lines.push('', ...wrap(`Aliases: ${node.aliases.join(', ')}`, width));
  lines.push(...section('Commands', twoColumns(commandRows(node), width)));
  lines.push(...section('Arguments', twoColumns(argumentRows(node), width)));
  for (const s of optionSections(node)) lines.push(...section(s.title, twoColumns(s.rows, width)));
  if (spec?.examples?.length) lines.push(...section('Examples', spec.examples.map((e) => `  $ ${e}`)));
  if (spec?.json && spec.jsonFields?.length) lines.push(...section('JSON fields (--json)', wrap(spec.jsonFields.join(', '), width, 2)));
  if (spec) lines.push(...section('Exit codes', twoColumns(exitCodeRows(node), width)));
  if (!spec && node.children.size) lines.push('', ...wrap(`Run \`secubox help ${node.path.join(' ')} <command>\` for details.`, width));
  return `${lines.join('\n')}\n`;
}

/** The words of a commander command below the program (`box add`), for main.ts's formatHelp hook. */
export function helpPathOf(cmd: { name(): string; parent: unknown }): string[] {
  const path: string[] = [];
  let c: { name(): string; parent: unknown } | null = cmd;
  while (c && c.parent) {
    path.unshift(c.name());
    c = c.parent as { name(): string; parent: unknown };
  }
  return path;
}

/** Help for the command at `path` (canonical names or aliases); undefined if no such command. */
export function renderHelp(path: readonly string[], width = 80, root: TreeNode = commandTree()): string | undefined {
  const w = helpWidth(width);
  if (path.length === 1 && path[0] === 'exit-codes') return renderExitCodes(w);
  if (path.length === 1 && (path[0] === 'subsystems' || path[0] === 'legacy')) return renderSection(root, path[0], w);
  const { node, used } = resolve(root, path);
  if (used < path.length) return undefined;
  return node === root ? renderRoot(root, w) : renderNode(node, w);
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const words = input.args.filter((a) => a !== '--');
  const text = renderHelp(words, ctx.stdout.columns);
  if (text === undefined) {
    throw new UsageError(`unknown command "secubox ${words.join(' ')}"`, 'run `secubox help` for the list of commands');
  }
  ctx.stdout.write(text);
  return 0;
}
