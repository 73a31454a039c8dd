/**
 * The completion engine behind `secubox __complete -- <words...>`: the words after `secubox`, the last one being
 * the word under the cursor (possibly empty). Answers from the command tree (verbs, aliases, options, choices),
 * the inventory (boxes, groups), the subsystem ids and the local name cache. Never touches the network, never
 * throws on odd input: an unknown word simply yields nothing.
 */
import type { ArgSpec, CompleteKind, OptionSpec } from '../spec.js';
import { readNames } from '../../core/nameCache.js';
import { inventoryGroups, readInventory, type InventorySnapshot } from './sources.js';
import { childOf, findOption, optionsAt, parseFlags, resolve, type ParsedFlags, type TreeNode } from './tree.js';

export interface Candidate {
  value: string;
  description?: string;
}

export interface CompletionResult {
  candidates: Candidate[];
  /** The shell should also offer file names. */
  files: boolean;
  /** Do not add a space after the single match (e.g. `network.` waiting for a section). */
  nospace: boolean;
}

export interface SubsystemInfo {
  id: string;
  title?: string;
  aliases?: readonly string[];
  /** Its rpcd objects (their methods complete `secubox <subsystem> <TAB>`). */
  objects?: readonly string[];
}

/** What the registry tells completion (loaded only when a word needs it). */
export interface RegistryInfo {
  subsystems: readonly SubsystemInfo[];
  /** ubus object → the subsystem it belongs to, and its methods (name + what kind of call it is). */
  ubus: ReadonlyMap<string, { subsystem: string; methods: readonly Candidate[] }>;
  uciConfigs: readonly string[];
  services: readonly string[];
}

export interface CompleteOptions {
  env: Readonly<Record<string, string | undefined>>;
  root: TreeNode;
  registry?: () => Promise<RegistryInfo | undefined>;
  /** Extra help topics offered by `secubox help <TAB>` (e.g. `exit-codes`). */
  helpTopics?: readonly Candidate[];
}

/** Kinds whose values may be given as a comma-separated list (`--box a,b`). */
const LIST_KINDS: ReadonlySet<CompleteKind> = new Set(['box', 'group', 'box-or-group', 'json-field']);

interface ParseState {
  node: TreeNode;
  positional: string[];
  afterDashDash: boolean;
  used: Set<OptionSpec>;
  values: Map<string, string[]>;
  pending?: { opt: OptionSpec; flags: ParsedFlags };
  variadic?: { opt: OptionSpec; flags: ParsedFlags };
  dead: boolean;
}

const EMPTY: CompletionResult = { candidates: [], files: false, nospace: false };

function oneLine(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = s.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  return t || undefined;
}

function passThroughStarted(st: ParseState): boolean {
  return st.afterDashDash || Boolean(st.node.spec?.passThrough && st.positional.length > 0);
}

function recordValue(st: ParseState, flags: ParsedFlags, value: string): void {
  const key = flags.long ?? flags.short ?? '';
  st.values.set(key, [...(st.values.get(key) ?? []), value]);
}

function parse(root: TreeNode, words: readonly string[]): ParseState {
  const st: ParseState = { node: root, positional: [], afterDashDash: false, used: new Set(), values: new Map(), dead: false };
  for (const w of words) {
    if (st.pending) {
      recordValue(st, st.pending.flags, w);
      if (st.pending.flags.variadic) st.variadic = st.pending;
      st.pending = undefined;
      continue;
    }
    if (passThroughStarted(st)) { st.positional.push(w); continue; }
    if (w === '--') { st.afterDashDash = true; st.variadic = undefined; continue; }
    if (w.startsWith('-') && w.length > 1) {
      st.variadic = undefined;
      const found = findOption(optionsAt(st.node), w);
      if (!found) continue; // unknown or combined short flags: treat as a switch
      st.used.add(found.opt);
      if (found.flags.value === 'none') continue;
      if (w.includes('=')) {
        recordValue(st, found.flags, w.slice(w.indexOf('=') + 1));
        if (found.flags.variadic) st.variadic = found;
      } else {
        st.pending = found;
      }
      continue;
    }
    if (st.variadic) { recordValue(st, st.variadic.flags, w); continue; }
    if (st.positional.length === 0 && st.node.children.size > 0) {
      const child = childOf(st.node, w);
      if (child) { st.node = child; continue; }
      if (!st.node.spec) { st.dead = true; return st; }
    }
    st.positional.push(w);
  }
  return st;
}

function byPrefix(cands: Candidate[], cur: string): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const c of cands) {
    if (!c.value.startsWith(cur) || c.value.startsWith(':') || seen.has(c.value) || /[\x00-\x1f]/.test(c.value)) continue;
    seen.add(c.value);
    const description = oneLine(c.description);
    out.push(description ? { value: c.value, description } : { value: c.value });
  }
  return out;
}

/** Options that exclude each other (main refuses `--all` with `--box`/`--group`): once one is given, not the others. */
const EXCLUSIVE: Readonly<Record<string, readonly string[]>> = { '--all': ['--box', '--group'], '--box': ['--all'], '--group': ['--all'] };

function optionNames(st: ParseState, cur: string): Candidate[] {
  const out: Candidate[] = [];
  const usedLong = new Set([...st.used].map((o) => parseFlags(o.flags).long));
  for (const opt of optionsAt(st.node)) {
    if (opt.hidden) continue;
    const flags = parseFlags(opt.flags);
    if (st.used.has(opt) && !flags.variadic && !opt.repeatable) continue;
    if (flags.long && EXCLUSIVE[flags.long]?.some((o) => usedLong.has(o))) continue;
    if (flags.long) out.push({ value: flags.long, description: opt.description });
    if (flags.short && !cur.startsWith('--')) out.push({ value: flags.short, description: opt.description });
  }
  return byPrefix(out, cur);
}

function subCommands(node: TreeNode, cur: string): Candidate[] {
  const out: Candidate[] = [];
  for (const c of node.children.values()) {
    if (c.hidden) continue;
    out.push({ value: c.name, description: c.summary });
    if (cur !== '') for (const a of c.aliases) out.push({ value: a, description: `alias of ${c.name}: ${c.summary}` });
  }
  return byPrefix(out, cur);
}

class Values {
  private inv: InventorySnapshot | undefined;
  constructor(private readonly opts: CompleteOptions, private readonly st: ParseState) {}

  private inventory(): InventorySnapshot {
    this.inv ??= readInventory(this.opts.env);
    return this.inv;
  }

  /**
   * The boxes the line targets, to narrow box-side names: --box / --group as given, every box with --all, else the
   * default box (as the command would). undefined means every box (--demo, or no inventory).
   */
  private targetBoxes(): { boxes: string[] | undefined; implicit: boolean } {
    const used = (flag: string) => [...this.st.used].some((o) => parseFlags(o.flags).long === flag);
    const boxes = (this.st.values.get('--box') ?? []).flatMap((v) => v.split(',')).filter(Boolean);
    const groups = (this.st.values.get('--group') ?? []).flatMap((v) => v.split(',')).filter(Boolean);
    if (groups.length) for (const b of this.inventory().boxes) if (b.tags.some((t) => groups.includes(t))) boxes.push(b.name);
    if (boxes.length) return { boxes, implicit: false };
    if (used('--all') || used('--demo')) return { boxes: undefined, implicit: false };
    const def = this.inventory().defaultBox;
    return { boxes: def ? [def] : undefined, implicit: true };
  }

  private cached(kind: string): Candidate[] {
    const env = { env: this.opts.env };
    const { boxes, implicit } = this.targetBoxes();
    let names = readNames(kind, boxes, env);
    // nothing seen yet on the default box: offer what was seen anywhere rather than nothing
    if (names.length === 0 && implicit && boxes) names = readNames(kind, undefined, env);
    return names.map((value) => ({ value }));
  }

  private async registry(): Promise<RegistryInfo | undefined> {
    try {
      return await this.opts.registry?.();
    } catch {
      return undefined;
    }
  }

  private async ofKind(kind: CompleteKind): Promise<{ cands: Candidate[]; files?: boolean }> {
    switch (kind) {
      case 'box':
        return { cands: this.inventory().boxes.map((b) => ({ value: b.name, description: [b.host, ...b.tags.map((t) => `#${t}`)].filter(Boolean).join(' ') })) };
      case 'group':
        return { cands: [...inventoryGroups(this.inventory())].map(([value, n]) => ({ value, description: `group of ${n} box${n === 1 ? '' : 'es'}` })) };
      case 'box-or-group':
        return { cands: [...(await this.ofKind('box')).cands, ...(await this.ofKind('group')).cands] };
      case 'subsystem':
        return { cands: ((await this.registry())?.subsystems ?? []).flatMap((s) => [{ value: s.id, description: s.title }, ...(s.aliases ?? []).map((a) => ({ value: a, description: `alias of ${s.id}` }))]) };
      case 'ubus-object':
        return { cands: [...this.cached('ubus-object'), ...[...((await this.registry())?.ubus ?? [])].map(([value, o]) => ({ value, description: o.subsystem }))] };
      case 'uci-config':
        return { cands: [...this.cached('uci-config'), ...((await this.registry())?.uciConfigs ?? []).map((value) => ({ value }))] };
      case 'service':
        return { cands: [...this.cached('service'), ...((await this.registry())?.services ?? []).map((value) => ({ value }))] };
      case 'json-field':
        return { cands: (this.st.node.spec?.jsonFields ?? []).map((value) => ({ value, description: 'JSON field' })) };
      case 'shell':
        return { cands: ['bash', 'zsh', 'fish'].map((value) => ({ value })) };
      case 'file':
        return { cands: [], files: true };
      case 'subsystem-method': {
        const reg = await this.registry();
        const id = this.st.node.spec?.subsystem;
        const objects = reg?.subsystems.find((s) => s.id === id)?.objects ?? [];
        return { cands: objects.flatMap((o) => reg?.ubus.get(o)?.methods ?? []) };
      }
      case 'ubus-method': {
        const object = this.st.positional[this.st.positional.length - 1];
        if (!object) return { cands: [] };
        const known = (await this.registry())?.ubus.get(object)?.methods ?? [];
        return { cands: [...known, ...this.cached(`ubus-method:${object}`)] };
      }
      case 'uci-path': {
        const configs = (await this.ofKind('uci-config')).cands;
        return { cands: [...this.cached('uci-path'), ...configs.map((c) => ({ value: `${c.value}.`, description: 'UCI config' }))] };
      }
      case 'command':
        return { cands: [] };
      case 'none':
        return { cands: [] };
      default:
        // site, exposable, peer, vhost: names last seen on the boxes.
        return { cands: this.cached(kind) };
    }
  }

  /** Values for an option or argument, for the word `cur` (which may be a comma list). */
  async complete(src: { choices?: readonly string[]; complete?: CompleteKind }, cur: string): Promise<CompletionResult> {
    if (src.choices?.length) return { ...EMPTY, candidates: byPrefix(src.choices.map((value) => ({ value })), cur) };
    const kind = src.complete;
    if (!kind) return EMPTY;
    if (kind === 'command') return this.commandPath(cur);
    const { cands: all, files } = await this.ofKind(kind);
    // a repeated list option (`--box r1 --box <TAB>`): the names given before are not offered again
    const flags = 'flags' in src && typeof src.flags === 'string' ? parseFlags(src.flags) : undefined;
    const given = LIST_KINDS.has(kind) && flags ? (this.st.values.get(flags.long ?? flags.short ?? '') ?? []).flatMap((v) => v.split(',')) : [];
    const cands = given.length ? all.filter((c) => !given.includes(c.value)) : all;
    if (LIST_KINDS.has(kind) && cur.includes(',')) {
      const head = cur.slice(0, cur.lastIndexOf(',') + 1);
      const taken = new Set(head.split(',').filter(Boolean));
      const rest = cands.filter((c) => !taken.has(c.value)).map((c) => ({ ...c, value: head + c.value }));
      return { candidates: byPrefix(rest, cur), files: false, nospace: false };
    }
    const candidates = byPrefix(cands, cur);
    const nospace = candidates.length > 0 && candidates.every((c) => c.value.endsWith('.'));
    return { candidates, files: Boolean(files), nospace };
  }

  /** `secubox help box <TAB>`: the words already given form a command path. */
  private commandPath(cur: string): CompletionResult {
    const { node, used } = resolve(this.opts.root, this.st.positional);
    if (used < this.st.positional.length) return EMPTY;
    const topics = node === this.opts.root ? (this.opts.helpTopics ?? []) : [];
    return { ...EMPTY, candidates: [...subCommands(node, cur), ...byPrefix([...topics], cur)] };
  }
}

function argAt(args: readonly ArgSpec[], index: number): ArgSpec | undefined {
  const direct = args[index];
  if (direct) return direct;
  const last = args[args.length - 1];
  return last && last.syntax.includes('...') ? last : undefined;
}

export async function complete(words: readonly string[], opts: CompleteOptions): Promise<CompletionResult> {
  const done = words.slice(0, -1);
  const cur = words.length ? words[words.length - 1]! : '';
  const st = parse(opts.root, done);
  if (st.dead) return EMPTY;
  const values = new Values(opts, st);

  if (st.pending) {
    if (st.pending.flags.value === 'optional' && cur.startsWith('-')) return { ...EMPTY, candidates: optionNames(st, cur) };
    return values.complete(st.pending.opt, cur);
  }
  const passing = passThroughStarted(st);
  if (!passing && cur.startsWith('--') && cur.includes('=')) {
    const found = findOption(optionsAt(st.node), cur);
    if (!found || found.flags.value === 'none') return EMPTY;
    const head = cur.slice(0, cur.indexOf('=') + 1);
    const r = await values.complete(found.opt, cur.slice(head.length));
    return { ...r, candidates: r.candidates.map((c) => ({ ...c, value: head + c.value })) };
  }
  if (!passing && cur.startsWith('-')) return { ...EMPTY, candidates: optionNames(st, cur) };
  if (st.variadic) return values.complete(st.variadic.opt, cur);

  const out: Candidate[] = [];
  let files = false;
  let nospace = false;
  if (!passing && st.positional.length === 0 && st.node.children.size > 0) out.push(...subCommands(st.node, cur));
  const spec = st.node.spec;
  if (spec) {
    const arg = argAt(spec.args ?? [], st.positional.length);
    if (arg) {
      const r = await values.complete(arg, cur);
      out.push(...r.candidates);
      files = r.files;
      nospace = r.nospace;
    } else if (!passing && cur === '' && out.length === 0) {
      out.push(...optionNames(st, cur));
    }
  }
  return { candidates: out, files, nospace };
}

/** The wire format read by the shell scripts: `value<TAB>description` lines, then `:files` / `:nospace` if set. */
export function formatCompletion(r: CompletionResult): string {
  let s = r.candidates
    .filter((c) => c.value !== '' && !/[\x00-\x1f]/.test(c.value))
    .map((c) => {
      const d = oneLine(c.description);
      return d ? `${c.value}\t${d}` : c.value;
    })
    .join('\n');
  if (s) s += '\n';
  if (r.files) s += ':files\n';
  if (r.nospace) s += ':nospace\n';
  return s;
}
