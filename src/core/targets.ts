/**
 * Which boxes a command acts on: `--box a,b` (repeatable), `--group tag` (repeatable, or `a,b`: any of the tags), the
 * two combined, or `--all`; else the default box, else `local` when secubox runs on the router itself, else a usage
 * error that says how to add or pick a box. Also the shared zod parsing of the target options
 * (`--box/--group/--all/--timeout`).
 */
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../lib/errors.js';
import { LOCAL_BOX, type BoxEntry, type Inventory } from './inventory.js';
import type { TargetSelection } from './session.js';

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Known names close to `name` (typo distance ≤ 2, or one contains the other), best first, at most 3. */
export function suggest(name: string, known: readonly string[]): string[] {
  const lower = name.toLowerCase();
  return known
    .map((k) => ({ k, d: distance(lower, k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(1, Math.min(2, Math.floor(name.length / 3))) || (lower.length >= 2 && k.toLowerCase().includes(lower)))
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .slice(0, 3)
    .map(({ k }) => k);
}

export function unknownBoxError(name: string, inv: Inventory): UsageError {
  const names = inv.list().map((b) => b.name);
  const close = suggest(name, names);
  const hint = close.length
    ? `did you mean ${close.map((c) => `"${c}"`).join(' or ')}? (see \`secubox box list\`)`
    : names.length
      ? 'see `secubox box list` for the boxes of the inventory'
      : 'the inventory is empty: add a box with `secubox box add NAME --host HOST`, or try `--demo`';
  return new UsageError(`unknown box "${name}"`, hint);
}

/** The entry for a name: `local` is always known, the rest comes from the inventory. */
export function lookupBox(name: string, inv: Inventory): BoxEntry {
  if (name === 'local') return LOCAL_BOX;
  const e = inv.get(name);
  if (!e) throw unknownBoxError(name, inv);
  return e;
}

/** True when secubox runs on an OpenWrt box: /etc/openwrt_release exists or `ubus` is on PATH. */
export function detectRouter(env: Readonly<Record<string, string | undefined>>): boolean {
  if (existsSync('/etc/openwrt_release')) return true;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      const p = join(dir, 'ubus');
      if (statSync(p).isFile()) return true;
    } catch {
      /* not here */
    }
  }
  return false;
}

/** `a,b` → ['a', 'b'] (blanks dropped). */
function splitNames(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter(Boolean);
}

export function resolveTargets(sel: TargetSelection, inv: Inventory, opts: { onRouter: () => boolean }): BoxEntry[] {
  const out: BoxEntry[] = [];
  const seen = new Set<string>();
  const push = (e: BoxEntry) => {
    if (!seen.has(e.name)) {
      seen.add(e.name);
      out.push(e);
    }
  };
  const explicit = sel.box !== undefined || sel.group !== undefined || sel.all === true;
  if (sel.box !== undefined) {
    const names = splitNames(sel.box);
    if (names.length === 0) throw new UsageError('--box needs at least one box name', 'e.g. `--box r1` or `--box r1,r2`');
    for (const n of names) push(lookupBox(n, inv));
  }
  if (sel.group !== undefined) {
    const tags = splitNames(sel.group);
    if (tags.length === 0) throw new UsageError('--group needs a tag', 'e.g. `--group lab` (see the tags with `secubox box list`)');
    for (const tag of tags) {
      const members = inv.list().filter((b) => b.tags.includes(tag));
      if (members.length === 0) {
        const groups = inv.groups();
        const close = suggest(tag, groups);
        throw new UsageError(`no box has the tag "${tag}"`, close.length
          ? `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?`
          : groups.length ? `known tags: ${groups.join(', ')}` : 'tag boxes with `secubox box add NAME --host H --tag TAG`');
      }
      for (const b of members) push(b);
    }
  }
  if (sel.all) {
    const all = inv.list();
    if (all.length === 0) throw new UsageError('--all: the inventory is empty', 'add a box with `secubox box add NAME --host HOST`, or try `--demo`');
    for (const b of all) push(b);
  }
  if (explicit) return out;

  const def = inv.getDefault();
  if (def !== undefined) {
    const e = inv.get(def);
    if (!e) throw new UsageError(`the default box "${def}" is not in the inventory`, 'pick another with `secubox box default NAME`');
    return [e];
  }
  if (opts.onRouter()) return [LOCAL_BOX];
  const names = inv.list().map((b) => b.name);
  throw new UsageError('no box selected', names.length
    ? `pass --box NAME (boxes: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}), or set one with \`secubox box default NAME\``
    : 'add one with `secubox box add NAME --host HOST` (then `secubox box default NAME`), or try the demo fleet with `--demo`');
}

/** Target options as commander gives them (`--timeout` in seconds, 0 = no timeout). */
const repeatable = z.union([z.string(), z.array(z.string())]).optional();
const TargetOptionsSchema = z.object({
  // repeatable options: commander gives an array (`--box a --box b`); a string when called directly
  box: repeatable,
  group: repeatable,
  all: z.boolean().optional(),
  timeout: z.union([z.string(), z.number()]).optional(),
});

export interface ParsedTargetOptions {
  selection: TargetSelection;
  /** undefined = no timeout */
  timeoutMs: number | undefined;
}

export function parseTargetOptions(opts: Record<string, unknown>, defaultTimeoutS = 20): ParsedTargetOptions {
  const parsed = TargetOptionsSchema.safeParse(opts);
  if (!parsed.success) throw new UsageError(`invalid target options: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  const o = parsed.data;
  const raw = o.timeout ?? defaultTimeoutS;
  const secs = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(secs) || secs < 0 || (typeof raw === 'string' && !/^\d+(\.\d+)?$/.test(raw.trim()))) {
    throw new UsageError(`--timeout must be a number of seconds, got "${String(raw)}"`, 'e.g. `--timeout 30` (0 = no timeout)');
  }
  if (o.all && (o.box !== undefined || o.group !== undefined)) {
    throw new UsageError(`--all and ${o.box !== undefined ? '--box' : '--group'} both given: use either --all or --box/--group`,
      '--all is every box of the inventory; --box and --group can be combined, and repeated');
  }
  const selection: TargetSelection = {};
  const joined = (v: string | string[]) => (Array.isArray(v) ? v.join(',') : v);
  if (o.box !== undefined) selection.box = joined(o.box);
  if (o.group !== undefined) selection.group = joined(o.group);
  if (o.all) selection.all = true;
  return { selection, timeoutMs: secs === 0 ? undefined : Math.round(secs * 1000) };
}
