/**
 * The fleet inventory on disk: `$XDG_CONFIG_HOME/secubox/config.json` (or `~/.config/secubox/config.json`),
 * written by conf 15.1 with mode 0600. Box names may contain dots (`r1.lab`), so conf's dot-notation is off and
 * boxes are stored as an array (a name is never used as an object key).
 *
 * The file never holds a secret: the schema has no password / passphrase field and rejects unknown fields.
 * A corrupt or invalid file is a one-line SecuboxError naming the file, never a stack.
 */
import Conf from 'conf';
import { chmodSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SecuboxError, UsageError } from '../lib/errors.js';
import type { BoxEntry, Inventory } from './inventory.js';

const NAME_RE = /^[A-Za-z0-9._-]+$/;
const MAX_NAME = 64;

/** Why `name` is not a valid box name, or undefined when it is. */
export function boxNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a box name cannot be empty';
  if (name.length > MAX_NAME) return `a box name has at most ${MAX_NAME} characters`;
  if (!NAME_RE.test(name)) return `box name "${name}" may contain only letters, digits, ".", "_" and "-"`;
  if (name.startsWith('-')) return `box name "${name}" cannot start with "-"`;
  if (name === 'local') return '"local" is reserved for the machine secubox runs on';
  if (name === '.' || name === '..') return `box name "${name}" is reserved`;
  return undefined;
}

export function validateBoxName(name: string): string {
  const problem = boxNameProblem(name);
  if (problem) throw new UsageError(problem, 'pick a name such as `r1` or `r1.lab`');
  return name;
}

export function tagProblem(tag: string): string | undefined {
  if (!NAME_RE.test(tag) || tag.startsWith('-') || tag.length > MAX_NAME) {
    return `tag "${tag}" may contain only letters, digits, ".", "_" and "-" (and cannot start with "-")`;
  }
  return undefined;
}

const nameSchema = z.string().refine((s) => boxNameProblem(s) === undefined, { message: 'invalid box name' });
const tagSchema = z.string().refine((s) => tagProblem(s) === undefined, { message: 'invalid tag' });

/** One box. Strict: an unknown field (e.g. a hand-added `password`) is refused, never kept. */
export const BoxEntrySchema = z.strictObject({
  name: nameSchema,
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).optional(),
  identity: z.string().min(1).optional(),
  jump: z.string().min(1).optional(),
  tags: z.array(tagSchema).default([]),
  sshAlias: z.string().min(1).optional(),
});

export const ConfigFileSchema = z.object({
  version: z.literal(1).optional(),
  boxes: z.array(BoxEntrySchema).default([]),
  defaultBox: nameSchema.optional(),
}).superRefine((cfg, ctx) => {
  const seen = new Set<string>();
  for (const b of cfg.boxes) {
    if (seen.has(b.name)) ctx.addIssue({ code: 'custom', message: `box "${b.name}" appears twice`, path: ['boxes'] });
    seen.add(b.name);
  }
});

type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** `$XDG_CONFIG_HOME/secubox`, else `$HOME/.config/secubox`. */
export function configDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && xdg.startsWith('/')) return join(xdg, 'secubox');
  return join(env.HOME || homedir(), '.config', 'secubox');
}

function describeZodError(err: z.ZodError): string {
  const issue = err.issues[0];
  if (!issue) return 'invalid content';
  const where = issue.path.length ? issue.path.map(String).join('.') + ': ' : '';
  let msg = issue.message;
  if (issue.code === 'unrecognized_keys') msg = `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${where}${msg}`;
}

function corrupt(path: string, what: string, cause?: unknown): SecuboxError {
  return new SecuboxError(`config file ${path} is invalid: ${what.split('\n')[0]}`, {
    hint: `fix it by hand or move it away (secubox then starts with an empty inventory)`,
    cause,
  });
}

/** Remove undefined fields and normalise an entry before it is written. */
function cleanEntry(e: BoxEntry): BoxEntry {
  const out: BoxEntry = { name: e.name, host: e.host, tags: [...new Set(e.tags)] };
  if (e.port !== undefined) out.port = e.port;
  if (e.user !== undefined) out.user = e.user;
  if (e.identity !== undefined) out.identity = e.identity;
  if (e.jump !== undefined) out.jump = e.jump;
  if (e.sshAlias !== undefined) out.sshAlias = e.sshAlias;
  return out;
}

function validateEntry(entry: BoxEntry): BoxEntry {
  validateBoxName(entry.name);
  for (const t of entry.tags) {
    const p = tagProblem(t);
    if (p) throw new UsageError(p);
  }
  const parsed = BoxEntrySchema.safeParse(cleanEntry(entry));
  if (!parsed.success) throw new UsageError(`box "${entry.name}": ${describeZodError(parsed.error)}`);
  return parsed.data as BoxEntry;
}

abstract class BaseInventory implements Inventory {
  abstract readonly path: string;
  protected abstract read(): ConfigFile;
  protected abstract write(cfg: ConfigFile): void;

  list(): BoxEntry[] {
    return this.read().boxes.map((b) => ({ ...b, tags: [...b.tags] }));
  }
  get(name: string): BoxEntry | undefined {
    return this.list().find((b) => b.name === name);
  }
  add(entry: BoxEntry): void {
    const clean = validateEntry(entry);
    const cfg = this.read();
    const i = cfg.boxes.findIndex((b) => b.name === clean.name);
    if (i >= 0) cfg.boxes[i] = clean;
    else cfg.boxes.push(clean);
    this.write(cfg);
  }
  remove(name: string): boolean {
    const cfg = this.read();
    const before = cfg.boxes.length;
    cfg.boxes = cfg.boxes.filter((b) => b.name !== name);
    if (cfg.boxes.length === before) return false;
    if (cfg.defaultBox === name) delete cfg.defaultBox;
    this.write(cfg);
    return true;
  }
  getDefault(): string | undefined {
    return this.read().defaultBox;
  }
  setDefault(name: string | undefined): void {
    const cfg = this.read();
    if (name === undefined) delete cfg.defaultBox;
    else {
      if (!cfg.boxes.some((b) => b.name === name)) throw new UsageError(`unknown box "${name}"`, 'see `secubox box list`');
      cfg.defaultBox = name;
    }
    this.write(cfg);
  }
  groups(): string[] {
    return [...new Set(this.read().boxes.flatMap((b) => b.tags))].sort();
  }
}

/** The inventory is private to its user: a file others can read (copied in, edited with another umask) is made 0600. */
function tightenMode(path: string): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  } catch {
    /* no file yet (created 0600 on first write), or not ours to change: reading still works */
  }
}

class ConfInventory extends BaseInventory {
  readonly path: string;
  readonly #conf: Conf<Record<string, unknown>>;

  constructor(cwd: string) {
    super();
    const path = join(cwd, 'config.json');
    this.path = path;
    try {
      this.#conf = new Conf<Record<string, unknown>>({
        projectName: 'secubox',
        projectSuffix: '',
        configName: 'config',
        cwd,
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
        deserialize: (text: string) => {
          const v: unknown = JSON.parse(text);
          if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('the top level is not a JSON object');
          return v as Record<string, unknown>;
        },
      });
    } catch (err) {
      throw corrupt(path, err instanceof Error ? err.message : String(err), err);
    }
    tightenMode(path);
  }

  protected read(): ConfigFile {
    let raw: unknown;
    try {
      raw = this.#conf.store;
    } catch (err) {
      throw corrupt(this.path, err instanceof Error ? err.message : String(err), err);
    }
    const parsed = ConfigFileSchema.safeParse(raw);
    if (!parsed.success) throw corrupt(this.path, describeZodError(parsed.error), parsed.error);
    return parsed.data;
  }

  protected write(cfg: ConfigFile): void {
    const doc: Record<string, unknown> = { version: 1, boxes: cfg.boxes.map(cleanEntry) };
    if (cfg.defaultBox !== undefined) doc.defaultBox = cfg.defaultBox;
    try {
      this.#conf.store = doc;
    } catch (err) {
      throw new SecuboxError(`cannot write config file ${this.path}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, {
        hint: 'check the permissions of the directory', cause: err,
      });
    }
  }
}

/** In-memory inventory (the demo fleet, tests): nothing is written anywhere. */
export class MemoryInventory extends BaseInventory {
  readonly path: string;
  #cfg: ConfigFile;
  constructor(entries: readonly BoxEntry[], opts: { path?: string; defaultBox?: string } = {}) {
    super();
    this.path = opts.path ?? '(in memory)';
    this.#cfg = { version: 1, boxes: entries.map((e) => validateEntry(e)), defaultBox: opts.defaultBox };
  }
  protected read(): ConfigFile {
    return structuredClone(this.#cfg);
  }
  protected write(cfg: ConfigFile): void {
    this.#cfg = structuredClone(cfg);
  }
}

export function openInventory(opts: { env: Readonly<Record<string, string | undefined>> }): Inventory {
  return new ConfInventory(configDir(opts.env));
}
