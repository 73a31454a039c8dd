/**
 * What help and docs say about a node of the command tree, independent of the output format:
 * text help (src/commands/help.ts) and docs/commands.md (./markdown.ts) both render from this.
 */
import { EXIT_CODE_DOCS } from '../../lib/errors.js';
import { GLOBAL_OPTIONS, JSON_OPTION, TARGET_OPTIONS, type OptionSpec } from '../spec.js';
import { HELP_OPTION, leaves, type TreeNode } from './tree.js';

export interface Row {
  term: string;
  text: string;
}

export interface OptionSection {
  title: string;
  rows: Row[];
}

export function commandLine(node: TreeNode): string {
  return ['secubox', ...node.path].join(' ');
}

/** `secubox box add <name> [options]`, `secubox box <command>`. */
export function usage(node: TreeNode): string[] {
  const lines: string[] = [];
  const visibleChildren = [...node.children.values()].some((c) => !c.hidden);
  if (node.path.length === 0) lines.push('secubox [command] [options]');
  if (node.spec) {
    const args = (node.spec.args ?? []).map((a) => a.syntax);
    // pass-through verbs (exec) take their argv after `--`
    if (node.spec.passThrough && args.length && args[args.length - 1]!.includes('...')) args.splice(args.length - 1, 0, '--');
    lines.push([commandLine(node), '[options]', ...args].join(' '));
  }
  if (visibleChildren && node.path.length > 0) lines.push(`${commandLine(node)} <command> [options]`);
  return lines;
}

/** An option's description with its choices and default. */
export function optionText(o: OptionSpec): string {
  let text = o.description;
  if (o.choices?.length) text += ` (one of: ${o.choices.join(', ')})`;
  if (o.default !== undefined && o.default !== false) text += ` (default: ${String(o.default)})`;
  return text;
}

function rows(opts: readonly OptionSpec[]): Row[] {
  return opts.filter((o) => !o.hidden).map((o) => ({ term: o.flags, text: optionText(o) }));
}

export function argumentRows(node: TreeNode): Row[] {
  return (node.spec?.args ?? []).map((a) => ({
    term: a.syntax,
    text: a.choices?.length ? `${a.description} (one of: ${a.choices.join(', ')})` : a.description,
  }));
}

/** Options in three sections: the command's own, targeting (--box/--group/--all) with --json, and globals. */
export function optionSections(node: TreeNode, withGlobals = true): OptionSection[] {
  const out: OptionSection[] = [];
  const spec = node.spec;
  if (spec) {
    const own = rows([...(spec.options ?? []), ...(spec.json ? [JSON_OPTION] : [])]);
    if (own.length) out.push({ title: 'Options', rows: own });
    if (spec.targets) out.push({ title: 'Target options', rows: rows(TARGET_OPTIONS) });
  }
  if (withGlobals) out.push({ title: 'Global options', rows: rows([...GLOBAL_OPTIONS, HELP_OPTION]) });
  return out;
}

/** Visible sub-commands of a group (or every command for the root), as `path` → summary. */
export function commandRows(node: TreeNode, keep: (n: TreeNode) => boolean = () => true): Row[] {
  return leaves(node)
    .filter((n) => n !== node && keep(n))
    .map((n) => ({ term: n.path.slice(node.path.length).join(' ') + (n.aliases.length ? ` (${n.aliases.join(', ')})` : ''), text: n.summary }));
}

/** Exit codes a command may return: 0, 1, 2 always, 3 and 4 when it targets boxes, plus what the spec declares. */
export function exitCodeRows(node?: TreeNode): Row[] {
  const codes = new Set<number>([0, 1, 2, ...(node?.spec?.targets ? [3, 4] : []), ...(node?.spec?.exitCodes ?? [])]);
  return EXIT_CODE_DOCS.filter(([code]) => node === undefined || codes.has(code)).map(([code, name, meaning]) => ({ term: String(code), text: `${name}: ${meaning}` }));
}
