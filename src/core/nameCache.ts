/**
 * A local cache of names that live on boxes (sites, services, peers, vhosts, ubus objects, UCI configs...),
 * filled by commands and screens from the data they have just read, and read by `secubox __complete` so that
 * TAB never touches the network.
 *
 * File: `$XDG_CACHE_HOME/secubox/names.json` (else `~/.cache/secubox/names.json`), mode 0600, written
 * atomically (temp file + rename). Plain fs + JSON only: this module is loaded on every TAB.
 * The cache is best effort: recording never throws, a missing or corrupt file reads as empty.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Well-known kinds; any other string works too (e.g. `ubus-method:luci.metablogizer`). */
export type NameKind = 'site' | 'service' | 'exposable' | 'peer' | 'vhost' | 'ubus-object' | 'uci-config' | 'uci-path' | (string & {});

export interface NameCacheEntry {
  box: string;
  kind: string;
  names: string[];
  /** ISO time of the last record. */
  at: string;
}

interface CacheFile {
  version: 1;
  entries: NameCacheEntry[];
}

type Env = Readonly<Record<string, string | undefined>>;

export interface NameCacheOptions {
  env?: Env;
  now?: Date;
}

/** At most this many names are kept per (box, kind). */
export const MAX_NAMES = 5000;

export function nameCachePath(env: Env = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'secubox', 'names.json');
}

/** A name is usable on a completion line only if it has no control characters (tab/newline would break the protocol). */
function usable(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && name.length <= 512 && !/[\x00-\x1f\x7f]/.test(name);
}

function load(path: string): CacheFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { version: 1, entries: [] };
  }
  const entries: NameCacheEntry[] = [];
  const list = raw && typeof raw === 'object' ? (raw as { entries?: unknown }).entries : undefined;
  if (Array.isArray(list)) {
    for (const e of list) {
      if (!e || typeof e !== 'object') continue;
      const { box, kind, names, at } = e as Record<string, unknown>;
      if (typeof box !== 'string' || typeof kind !== 'string' || !Array.isArray(names)) continue;
      entries.push({ box, kind, names: names.filter(usable), at: typeof at === 'string' ? at : '' });
    }
  }
  return { version: 1, entries };
}

/** Atomic write: a private temp file in the same folder, then rename over the cache. */
function save(path: string, file: CacheFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(file)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Remember the names of `kind` last seen on `box` (replacing what was cached for that pair).
 * Returns false if the cache could not be written; never throws. Cheap when nothing changed (no write).
 */
export function recordNames(box: string, kind: NameKind, names: Iterable<string>, opts: NameCacheOptions = {}): boolean {
  return recordBoxNames(box, { [kind]: names }, opts);
}

/** Several kinds for one box in one read + (at most) one write, e.g. after a status refresh. */
export function recordBoxNames(box: string, byKind: Readonly<Record<string, Iterable<string> | undefined>>, opts: NameCacheOptions = {}): boolean {
  const path = nameCachePath(opts.env);
  try {
    const file = load(path);
    const at = (opts.now ?? new Date()).toISOString();
    let changed = false;
    for (const [kind, names] of Object.entries(byKind)) {
      if (!names) continue;
      const clean = [...new Set([...names].filter(usable))].slice(0, MAX_NAMES);
      const i = file.entries.findIndex((e) => e.box === box && e.kind === kind);
      const old = i >= 0 ? file.entries[i] : undefined;
      if (old && old.names.length === clean.length && old.names.every((n, k) => n === clean[k])) continue;
      const entry: NameCacheEntry = { box, kind, names: clean, at };
      if (i >= 0) file.entries[i] = entry;
      else file.entries.push(entry);
      changed = true;
    }
    if (changed) save(path, file);
    return true;
  } catch {
    return false;
  }
}

/** Names of `kind`, for one box, a list of boxes, or every box (deduplicated, in first-seen order). */
export function readNames(kind: NameKind, box?: string | readonly string[], opts: NameCacheOptions = {}): string[] {
  const wanted = box === undefined ? undefined : new Set(typeof box === 'string' ? [box] : box);
  const out = new Set<string>();
  for (const e of load(nameCachePath(opts.env)).entries) {
    if (e.kind !== kind || (wanted && !wanted.has(e.box))) continue;
    for (const n of e.names) out.add(n);
  }
  return [...out];
}

/** Every entry (for diagnostics and tests). */
export function readNameCache(opts: NameCacheOptions = {}): NameCacheEntry[] {
  return load(nameCachePath(opts.env)).entries;
}

/** Forget what is cached for a box (after `box rm`). Never throws. */
export function forgetBox(box: string, opts: NameCacheOptions = {}): boolean {
  const path = nameCachePath(opts.env);
  try {
    const file = load(path);
    const kept = file.entries.filter((e) => e.box !== box);
    if (kept.length === file.entries.length) return true;
    save(path, { version: 1, entries: kept });
    return true;
  } catch {
    return false;
  }
}
