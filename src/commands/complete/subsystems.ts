/**
 * The registry's facts that completion needs (subsystem ids, ubus objects and methods, UCI configs, services),
 * imported lazily: only a TAB that needs one of them pays for loading the registry, and a JSON copy in the cache
 * folder spares even that while the registry build does not change.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nameCachePath } from '../../core/nameCache.js';
import type { MethodDecl } from '../../registry/index.js';
import type { Candidate, RegistryInfo } from './engine.js';

type Env = Readonly<Record<string, string | undefined>>;

/** `write: service, port` — what calling the method does, and its parameters. */
function methodText(m: MethodDecl): string {
  const kind = m.kind === 'write' ? (m.dangerous ? 'write, dangerous' : 'write') : m.kind === 'side-effect' ? `read with side effect${m.sideEffect ? ` (${m.sideEffect})` : ''}` : 'read';
  const params = Object.keys(m.params);
  return params.length ? `${kind}: ${params.join(', ')}` : kind;
}

/** Build what completion needs from the registry (imports it: ~140 kB of data). */
async function fromRegistry(): Promise<RegistryInfo> {
  const reg = await import('../../registry/index.js');
  const ubus = new Map<string, { subsystem: string; methods: Candidate[] }>();
  const uci = new Set<string>();
  const services = new Set<string>();
  for (const s of reg.SUBSYSTEMS) {
    for (const o of s.ubus) {
      const entry = ubus.get(o.object) ?? { subsystem: s.name, methods: [] };
      for (const m of o.methods) entry.methods.push({ value: m.name, description: methodText(m) });
      ubus.set(o.object, entry);
    }
    for (const c of [...s.uci, ...s.writesUci]) uci.add(c);
    for (const name of s.services) services.add(name);
  }
  return {
    subsystems: reg.SUBSYSTEMS.map((s) => ({ id: s.id, title: s.summary ? `${s.name}: ${s.summary}` : s.name, aliases: s.aliases, objects: s.objects })),
    ubus,
    uciConfigs: [...uci].sort(),
    services: [...services].sort(),
  };
}

const FORMAT = 2;

/** Identifies the registry build: the size and mtime of every file of the registry folder (generated/ included) and of this file. */
function stamp(): string {
  const dir = fileURLToPath(new URL('../../registry/', import.meta.url));
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.[jt]s$/.test(f)).sort().map((f) => join(dir, f));
  files.push(fileURLToPath(import.meta.url));
  return [FORMAT, ...files.map((f) => { const st = statSync(f); return `${f}:${st.size}:${st.mtimeMs}`; })].join('|');
}

interface CacheFile {
  stamp: string;
  info: Omit<RegistryInfo, 'ubus'> & { ubus: [string, { subsystem: string; methods: readonly Candidate[] }][] };
}

/**
 * The registry facts, from `$XDG_CACHE_HOME/secubox/registry-index.json` when it matches the installed registry
 * (a JSON read instead of importing the registry: ~15 ms less per TAB), else from the registry (and the cache is
 * refreshed, best effort).
 */
async function cachedInfo(env: Env): Promise<RegistryInfo> {
  const path = join(dirname(nameCachePath(env)), 'registry-index.json');
  let id: string | undefined;
  try {
    id = stamp();
    const file = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (file.stamp === id) return { ...file.info, ubus: new Map(file.info.ubus) };
  } catch {
    // no cache yet, or unreadable: rebuild
  }
  const info = await fromRegistry();
  if (id) {
    try {
      const body: CacheFile = { stamp: id, info: { ...info, ubus: [...info.ubus] } };
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(body), { mode: 0o600 });
      renameSync(tmp, path);
    } catch {
      // a read-only cache only costs time
    }
  }
  return info;
}

let cached: Promise<RegistryInfo | undefined> | undefined;

export function loadRegistryInfo(env: Env = process.env): Promise<RegistryInfo | undefined> {
  cached ??= cachedInfo(env).catch(() => undefined);
  return cached;
}

/** For tests: forget what this process loaded. */
export function resetRegistryInfo(): void {
  cached = undefined;
}
