/**
 * Calling a subsystem's rpcd methods: which object a method word names, how CLI words become its parameters
 * (declared order, `key=value`, coercion by declared type), whether it changes the box, the call itself with
 * clear errors ("crowdsec is not installed on r2"), the subsystem's status read and its UCI configs (one batch).
 * `secubox SUBSYSTEM [METHOD] [ARGS...]` and the TUI's subsystem screen both use these.
 * Core never imports the registry: the caller passes the subsystem's entry (the registry's `Subsystem` fits).
 */
import type { BoxApi, CallResult, UbusSignature } from '../backends/types.js';
import { UbusError } from '../backends/ubus.js';
import { assertUciConfig } from '../backends/uciBatch.js';
import { RemoteError, UsageError } from '../lib/errors.js';

export type MethodKind = 'read' | 'side-effect' | 'write';

/** What core needs of a method declaration (the registry's MethodDecl). */
export interface MethodInfo {
  name: string;
  /** Param name → declared type (`str`, `int`, `bool`, `String`, `Integer`, `Table`…), in declared order. */
  params: Readonly<Record<string, string>>;
  kind: MethodKind;
  sideEffect?: string;
  dangerous?: boolean;
}

/** What core needs of a subsystem (the registry's Subsystem). */
export interface CallableSubsystem {
  id: string;
  name: string;
  objects: readonly string[];
  ubus: readonly { object: string; methods: readonly MethodInfo[] }[];
  status?: { object: string; method: string; params?: Record<string, unknown> };
  uci: readonly string[];
  cli?: readonly { name: string; path: string; json: string; commands: readonly { name: string }[] }[];
}

export interface ResolvedMethod {
  object: string;
  method: string;
  /** The registry's declaration; undefined when the registry does not know the method (the box may). */
  decl?: MethodInfo;
}

const NAME_RE = /^[A-Za-z0-9_.-]+$/;

/** `ban` → the object that declares it; `luci.crowdsec-abuseipdb.check_ip` names the object too. */
export function resolveMethod(sub: CallableSubsystem, word: string): ResolvedMethod {
  if (!NAME_RE.test(word) || word.startsWith('-')) throw new UsageError(`"${word}" is not a method name`, `see \`secubox ${sub.id} --help\``);
  if (sub.objects.length === 0) {
    throw new UsageError(`${sub.name} has no rpcd object, so it has no methods to call`, `use its CLI through \`secubox exec -- ${sub.cli?.[0]?.name ?? 'CLI'} ...\``);
  }
  for (const o of sub.ubus) {
    const decl = o.methods.find((m) => m.name === word);
    if (decl) return { object: o.object, method: word, decl };
  }
  for (const o of sub.objects) {
    if (word.startsWith(`${o}.`) && word.length > o.length + 1) {
      const method = word.slice(o.length + 1);
      const decl = sub.ubus.find((u) => u.object === o)?.methods.find((m) => m.name === method);
      return decl ? { object: o, method, decl } : { object: o, method };
    }
  }
  return { object: sub.objects[0]!, method: word };
}

/** Changes the box (a write, a read with a side effect, or a method the registry does not know): ask first. */
export function isWrite(decl: Pick<MethodInfo, 'kind'> | undefined): boolean {
  return decl === undefined || decl.kind !== 'read';
}

/** Destroys data or cuts access (registry `dangerous`). */
export function isDangerous(decl: Pick<MethodInfo, 'dangerous'> | undefined): boolean {
  return decl?.dangerous === true;
}

export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'any';

/**
 * rpcd / registry type names → one of ours (`str`/`String`, `int`/`Integer`, `bool`/`Boolean`, `Table`, `Array`); a
 * note in parentheses is not part of the type (`int(default 50)` is an integer).
 */
export function paramType(declared: string | undefined): ParamType {
  switch ((declared ?? '').replace(/\s*\(.*\)\s*$/, '').trim().toLowerCase()) {
    case 'str': case 'string': return 'string';
    case 'int': case 'integer': case 'int32': case 'int64': return 'integer';
    case 'number': case 'double': case 'float': return 'number';
    case 'bool': case 'boolean': return 'boolean';
    case 'table': case 'object': return 'object';
    case 'array': return 'array';
    default: return 'any';
  }
}

/** One CLI word → the JSON value for a parameter of that type (UsageError when it does not fit). */
export function coerce(name: string, type: ParamType, word: string): unknown {
  const bad = (what: string, eg: string) => new UsageError(`${name}: "${word}" is not ${what}`, `e.g. ${name}=${eg}`);
  switch (type) {
    case 'string':
      return word;
    case 'integer':
      if (!/^-?\d+$/.test(word.trim())) throw bad('an integer', '10');
      return Number(word.trim());
    case 'number':
      // the registry says `number` for what rpcd takes as an Integer (limits, counts): suggest an integer
      if (word.trim() === '' || !Number.isFinite(Number(word))) throw bad('a number', '10');
      return Number(word);
    case 'boolean': {
      const w = word.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(w)) return true;
      if (['0', 'false', 'no', 'off'].includes(w)) return false;
      throw bad('a boolean (true/false, 1/0, yes/no, on/off)', 'true');
    }
    case 'object':
    case 'array': {
      let v: unknown;
      try {
        v = JSON.parse(word);
      } catch {
        throw bad(`${type === 'object' ? 'a JSON object' : 'a JSON array'}`, type === 'object' ? "'{\"k\":\"v\"}'" : "'[\"a\",\"b\"]'");
      }
      if (type === 'array' ? !Array.isArray(v) : (typeof v !== 'object' || v === null || Array.isArray(v))) {
        throw bad(type === 'object' ? 'a JSON object' : 'a JSON array', type === 'object' ? "'{\"k\":\"v\"}'" : "'[\"a\",\"b\"]'");
      }
      return v;
    }
    case 'any': {
      // undeclared type: JSON literals stay JSON (numbers, true/false, objects), anything else is a string
      try {
        const v: unknown = JSON.parse(word);
        if (v !== null && typeof v !== 'string') return v;
      } catch { /* a string */ }
      return word;
    }
  }
}

const KV_RE = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

/**
 * CLI words → the method's parameters. `params` are the declared parameters in order (undefined: unknown).
 *   - one word that is a JSON object (`'{"ip":"1.2.3.4"}'`) is the whole parameter object, as for `ubus call`;
 *   - `key=value` sets a declared parameter by name (any key when the parameters are unknown);
 *   - other words fill the declared parameters not given by name, in declared order;
 *   - values are coerced by declared type (Integer/Boolean/String; Table/Array as JSON).
 * UsageError for too many words, a repeated parameter, an unknown name or a value of the wrong type.
 */
export function mapParams(method: string, params: Readonly<Record<string, string>> | undefined, words: readonly string[]): Record<string, unknown> {
  const declared = params ? Object.keys(params) : undefined;
  const takes = declared?.length ? `${method} takes ${declared.join(', ')}` : `${method} takes no parameter`;
  if (words.length === 1 && /^\s*\{/.test(words[0]!)) {
    let v: unknown;
    try {
      v = JSON.parse(words[0]!);
    } catch (e) {
      throw new UsageError(`the JSON parameters are not valid JSON: ${e instanceof Error ? e.message : String(e)}`, `quote them for your shell, e.g. '{"ip":"203.0.113.7"}'`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError('the JSON parameters must be an object', takes);
    return v as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  const positional: string[] = [];
  for (const w of words) {
    const kv = KV_RE.exec(w);
    const key = kv?.[1];
    if (kv && key !== undefined && (declared === undefined || declared.includes(key))) {
      if (key in out) throw new UsageError(`${key} is given twice`, takes);
      out[key] = coerce(key, paramType(params?.[key]), kv[2]!);
    } else {
      positional.push(w);
    }
  }
  if (positional.length && declared === undefined) {
    throw new UsageError(`the parameters of ${method} are not known, so "${positional[0]}" cannot be placed`, 'give them by name: key=value (or one JSON object)');
  }
  const free = (declared ?? []).filter((k) => !(k in out));
  if (positional.length > free.length) {
    throw new UsageError(`too many arguments for ${method}: "${positional[free.length]}" (${takes})`, 'give the parameters by position, in this order, or as key=value');
  }
  positional.forEach((w, i) => {
    const key = free[i]!;
    out[key] = coerce(key, paramType(params?.[key]), w);
  });
  // in declared order, whatever order the words came in (what is sent and shown is predictable)
  const ordered: Record<string, unknown> = {};
  for (const k of declared ?? []) if (k in out) ordered[k] = out[k];
  return Object.assign(ordered, out);
}

/** A declared parameter the registry marks optional (`int(default 50)`, `… optional`). */
function isOptionalParam(type: string): boolean {
  return /\b(default|optional)\b/i.test(type);
}

/** `IP [DURATION] [REASON]`: a method's parameters as a usage line (the first one needed unless marked optional). */
export function paramsUsage(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([k, t], i) => (i === 0 && !isOptionalParam(t) ? k.toUpperCase() : `[${k.toUpperCase()}]`))
    .join(' ');
}

/**
 * The parameter a write cannot go without, when it is missing: the registry does not say which parameters are
 * required, but a write whose FIRST declared parameter (the thing it acts on: `ban` IP, `delete_site` ID) is not
 * given at all is a mistake, not a call to send. Reads and side-effect reads are left to the box.
 */
export function missingFirstParam(decl: Pick<MethodInfo, 'kind' | 'params'>, params: Readonly<Record<string, unknown>>): string | undefined {
  if (decl.kind !== 'write') return undefined;
  const first = Object.entries(decl.params)[0];
  if (!first || isOptionalParam(first[1])) return undefined;
  return first[0] in params ? undefined : first[0];
}

/** A subsystem that is not on the box (its rpcd object is missing, or its CLI): exit 1 with a clear message. */
export class NotInstalledError extends RemoteError {
  readonly subsystem: string;
  constructor(sub: Pick<CallableSubsystem, 'id' | 'name'>, box: string, what: string, cause?: unknown) {
    super(`${sub.name} is not installed on ${box} (${what})`, {
      box, cause,
      hint: `see what the box has with \`secubox status --box ${box}\`; its AppStore: \`secubox app list --box ${box}\``,
    });
    this.subsystem = sub.id;
  }
}

function friendly(err: unknown, sub: Pick<CallableSubsystem, 'id' | 'name'>, box: BoxApi, object: string, method: string): unknown {
  if (!(err instanceof UbusError)) return err;
  if (err.kind === 'not-found') return new NotInstalledError(sub, box.name, `no rpcd object ${object}`, err);
  if (err.kind === 'method-not-found') {
    return new RemoteError(`${box.name}: ${object} has no method ${method} (another version of ${sub.name}?)`, {
      box: box.name, cause: err, detail: err.detail,
      hint: `\`secubox ubus list ${object} --box ${box.name}\` shows the methods it has`,
    });
  }
  return err;
}

/**
 * The parameters for a call from CLI words: from the registry's declaration, else (method unknown to the
 * registry, words given) from the box's `ubus -v list OBJECT`. Throws NotInstalledError / RemoteError when the
 * box has no such object / method, UsageError when the words do not fit.
 */
export async function methodParams(box: BoxApi, sub: CallableSubsystem, target: ResolvedMethod, words: readonly string[], opts: { signal?: AbortSignal } = {}): Promise<Record<string, unknown>> {
  if (target.decl) return mapParams(target.method, target.decl.params, words);
  if (words.length === 0) return {};
  let sig: UbusSignature;
  try {
    sig = await box.ubus.list(target.object, opts.signal ? { signal: opts.signal } : {});
  } catch (err) {
    throw friendly(err, sub, box, target.object, target.method);
  }
  const params = sig[target.object]?.[target.method];
  if (!params) throw friendly(new UbusError('', { object: target.object, method: target.method, kind: 'method-not-found', code: 0, stderr: '' }), sub, box, target.object, target.method);
  return mapParams(target.method, params, words);
}

/** `ubus call OBJECT METHOD PARAMS` for a subsystem, with "not installed" / "no such method" errors. */
export async function callMethod<T = unknown>(box: BoxApi, sub: CallableSubsystem, object: string, method: string, params: Record<string, unknown> = {}, opts: { signal?: AbortSignal } = {}): Promise<T> {
  if (!sub.objects.includes(object)) throw new UsageError(`${object} is not an rpcd object of ${sub.name}`, `its objects: ${sub.objects.join(', ') || 'none'}`);
  try {
    return await box.ubus.call<T>(object, method, params, opts.signal ? { signal: opts.signal } : {});
  } catch (err) {
    throw friendly(err, sub, box, object, method);
  }
}

/** The methods the box has for a subsystem's objects (`ubus -v list OBJECT`), and the objects it lacks. */
export interface BoxMethods {
  /** object → method → parameters, as the box lists them (objects it has only). */
  objects: UbusSignature;
  /** The subsystem's objects the box does not have (not installed there). */
  missing: string[];
}

/**
 * Read what the box really offers for the subsystem: one `ubus -v list OBJECT` per object (most have one),
 * one after the other. An object the box lacks is `missing`; any other failure throws (the caller falls back).
 */
export async function listBoxMethods(box: BoxApi, sub: Pick<CallableSubsystem, 'objects'>, opts: { signal?: AbortSignal } = {}): Promise<BoxMethods> {
  const out: BoxMethods = { objects: {}, missing: [] };
  for (const object of sub.objects) {
    try {
      const sig = await box.ubus.list(object, opts.signal ? { signal: opts.signal } : {});
      out.objects[object] = sig[object] ?? {};
    } catch (err) {
      if (err instanceof UbusError && err.kind === 'not-found') out.missing.push(object);
      else throw err;
    }
  }
  return out;
}

export type SubsystemStatusResult =
  | { kind: 'ubus'; object: string; method: string; answer: unknown }
  /** No status method: the methods the box lists for the main object (which also proves it is installed). */
  | { kind: 'methods'; object: string; methods: Record<string, Record<string, string>> }
  /** CLI-only subsystem: its `status` command's output (exit code not trusted: `failed` holds an [ERROR] line). */
  | { kind: 'cli'; argv: string[]; code: number | null; stdout: string; stderr: string; failed?: string }
  | { kind: 'none' };

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * The subsystem's status: its status-like read; else its object's method list; else its CLI's `status` (unless
 * `cli: false`: a CLI's status is not declared a pure read, so background refreshes leave it out).
 */
export async function subsystemStatus(box: BoxApi, sub: CallableSubsystem, opts: { signal?: AbortSignal; cli?: boolean } = {}): Promise<SubsystemStatusResult> {
  const eo = opts.signal ? { signal: opts.signal } : {};
  if (sub.status) {
    const { object, method } = sub.status;
    const answer = await callMethod(box, { ...sub, objects: [...sub.objects, object] }, object, method, sub.status.params ?? {}, eo);
    return { kind: 'ubus', object, method, answer };
  }
  const object = sub.objects[0];
  if (object) {
    try {
      const sig = await box.ubus.list(object, eo);
      return { kind: 'methods', object, methods: sig[object] ?? {} };
    } catch (err) {
      throw friendly(err, sub, box, object, '');
    }
  }
  const cli = opts.cli === false ? undefined : sub.cli?.find((c) => c.commands.some((k) => k.name === 'status'));
  if (cli) {
    const argv = [cli.path, 'status'];
    const r: CallResult = await box.exec(argv, { ...eo, label: `${cli.name} status` });
    if (r.code === 127 || (r.code === 126 && /not found|No such file/i.test(r.stderr))) throw new NotInstalledError(sub, box.name, `no ${cli.path}`);
    const text = `${r.stdout}\n${r.stderr}`.replace(ANSI, '');
    // exit codes are not trusted: an [ERROR] line fails it, and so does a non-zero exit with nothing on stdout
    const failed = text.split('\n').find((l) => /^\s*(\[ERROR\]|ERROR:|Error:)/.test(l))?.trim()
      ?? (r.code !== 0 && r.stdout.trim() === '' ? (r.stderr.replace(ANSI, '').split('\n').map((l) => l.trim()).find(Boolean) ?? `exited with code ${r.code}`) : undefined);
    return { kind: 'cli', argv, code: r.code, stdout: r.stdout, stderr: r.stderr, ...(failed ? { failed } : {}) };
  }
  return { kind: 'none' };
}

export interface UciConfigText {
  config: string;
  /** `uci export` text when it could be read. */
  text?: string;
  /** Why it could not be read (one line). */
  error?: string;
}

/** `uci export` of several configs in ONE batch; a missing config is reported in its entry, not thrown. */
export async function readUciConfigs(box: BoxApi, configs: readonly string[], opts: { signal?: AbortSignal } = {}): Promise<UciConfigText[]> {
  if (configs.length === 0) return [];
  for (const c of configs) assertUciConfig(c);
  const results = await box.batch(configs.map((c) => ({ argv: ['uci', 'export', c], label: `uci export ${c}` })), opts.signal ? { signal: opts.signal } : {});
  return configs.map((config, i) => {
    const r = results[i]!;
    if (r.code === 0) return { config, text: r.stdout };
    const line = r.stderr.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
    if (/Entry not found|not found/i.test(line) || (r.code === 1 && line === '')) return { config, error: `/etc/config/${config} does not exist` };
    return { config, error: r.code === 127 ? 'no `uci` command on the box' : `uci export failed: ${line || `exit code ${r.code}`}` };
  });
}
