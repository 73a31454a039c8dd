/**
 * The command tree as a navigable structure, built from the declarative table (src/commands/table).
 * Shared by `secubox __complete`, `secubox help` and docs/commands.md, so that every verb added to the
 * table is completed and documented with no extra work. Pure data: no commander, zod, ink or ssh2 here.
 */
import { GLOBAL_OPTIONS, JSON_OPTION, TARGET_OPTIONS, type CommandSpec, type OptionSpec } from '../spec.js';

export interface TreeNode {
  name: string;
  /** Words after `secubox` (canonical names, no aliases). */
  path: readonly string[];
  summary: string;
  /** Set when the node is runnable (a leaf, or a group word that is also a verb). */
  spec?: CommandSpec;
  children: Map<string, TreeNode>;
  aliases: readonly string[];
  hidden: boolean;
}

export interface ParsedFlags {
  short?: string;
  long?: string;
  /** 'none' for a boolean switch, 'required' for `<x>`, 'optional' for `[x]`. */
  value: 'none' | 'required' | 'optional';
  variadic: boolean;
  valueName?: string;
}

export const HELP_OPTION: OptionSpec = { flags: '-h, --help', description: 'show help for this command' };

/** Parse commander flags such as `-b, --box <names>`, `--tag <tag...>`, `--no-color`. */
export function parseFlags(flags: string): ParsedFlags {
  const out: ParsedFlags = { value: 'none', variadic: false };
  const m = /([<[])([^>\]]*)[>\]]/.exec(flags);
  if (m) {
    out.value = m[1] === '<' ? 'required' : 'optional';
    out.variadic = (m[2] ?? '').endsWith('...');
    out.valueName = (m[2] ?? '').replace(/\.\.\.$/, '');
  }
  for (const part of flags.replace(/[<[][^>\]]*[>\]]/g, ' ').split(/[ ,|]+/)) {
    if (part.startsWith('--')) out.long ??= part;
    else if (/^-[^-]$/.test(part)) out.short ??= part;
  }
  return out;
}

/** The options a command accepts besides the globals: its own, then targets, then --json (main.ts uses the same order). */
export function commandOptions(spec: CommandSpec): OptionSpec[] {
  return [...(spec.options ?? []), ...(spec.targets ? TARGET_OPTIONS : []), ...(spec.json ? [JSON_OPTION] : [])];
}

/** Every option valid at a node: the command's, the globals and -h/--help. */
export function optionsAt(node: TreeNode): OptionSpec[] {
  return [...(node.spec ? commandOptions(node.spec) : []), ...GLOBAL_OPTIONS, HELP_OPTION];
}

export function buildTree(commands: readonly CommandSpec[], groups: Readonly<Record<string, string>>): TreeNode {
  const root: TreeNode = { name: 'secubox', path: [], summary: '', children: new Map(), aliases: [], hidden: false };
  for (const spec of commands) {
    let node = root;
    spec.path.forEach((word, i) => {
      let child = node.children.get(word);
      if (!child) {
        const path = spec.path.slice(0, i + 1);
        child = { name: word, path, summary: groups[path.join(' ')] ?? groups[word] ?? '', children: new Map(), aliases: [], hidden: false };
        node.children.set(word, child);
      }
      node = child;
    });
    node.spec = spec;
    node.summary = spec.summary;
    node.aliases = spec.aliases ?? [];
    node.hidden = Boolean(spec.hidden);
  }
  // A group whose every child is hidden is hidden too.
  const settle = (n: TreeNode): void => {
    for (const c of n.children.values()) settle(c);
    if (!n.spec && n.children.size > 0 && [...n.children.values()].every((c) => c.hidden)) n.hidden = true;
  };
  settle(root);
  return root;
}

/** The child of `node` named `word` (or having it as an alias). */
export function childOf(node: TreeNode, word: string): TreeNode | undefined {
  const direct = node.children.get(word);
  if (direct) return direct;
  for (const c of node.children.values()) if (c.aliases.includes(word)) return c;
  return undefined;
}

/** Follow `words` down the tree as far as they name commands; returns the node and how many words it took. */
export function resolve(root: TreeNode, words: readonly string[]): { node: TreeNode; used: number } {
  let node = root;
  let used = 0;
  for (const w of words) {
    const next = childOf(node, w);
    if (!next) break;
    node = next;
    used++;
  }
  return { node, used };
}

/** Every runnable node under `node`, depth first, in table order. */
export function leaves(node: TreeNode, includeHidden = false): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (n: TreeNode): void => {
    if (n.hidden && !includeHidden) return;
    if (n.spec && n !== node) out.push(n);
    for (const c of n.children.values()) walk(c);
  };
  if (node.spec) out.push(node);
  for (const c of node.children.values()) walk(c);
  return out;
}

/** Find the option of `opts` that `word` names (`--box`, `-b`, `--box=x`, `--no-color`). */
export function findOption(opts: readonly OptionSpec[], word: string): { opt: OptionSpec; flags: ParsedFlags } | undefined {
  const name = word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
  for (const opt of opts) {
    const flags = parseFlags(opt.flags);
    if (flags.long === name || flags.short === name) return { opt, flags };
  }
  return undefined;
}
