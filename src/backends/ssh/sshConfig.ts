/**
 * ~/.ssh/config resolution for the options secubox uses (HostName, Port, User, IdentityFile, IdentitiesOnly,
 * ProxyJump, UserKnownHostsFile, HostKeyAlias), following OpenSSH 9.x readconf.c and checked against `ssh -G`.
 *
 * Why not the npm `ssh-config` package (cyjake, 5.3.0: maintained, MIT, Node >= 14)? Its `compute()` does not
 * follow `Include`, does not expand `~`, `%h`/`%p`/`%r`/`%u`/`%d` or `${VAR}`, maps `?` to "zero or one
 * character" (OpenSSH: exactly one), and by default RUNS `Match exec` commands through a shell and `nslookup`
 * for CanonicalizeHostname. We would need to rewrite most of the resolution around it, so the resolver is ours;
 * the parsing rules below are OpenSSH's.
 *
 * Rules implemented:
 * - keywords case-insensitive; `Key Value` and `Key=Value`; arguments split like OpenSSH's argv_split
 *   (single/double quotes, `\` escapes, a `#` starting an argument ends the line);
 * - `Host` patterns (`*`, `?`, `!negation`) matched case-sensitively against the alias as typed (like ssh);
 * - `Match` with all / host / originalhost / user / localuser / canonical / final (and `!` negation);
 *   `Match exec` is NEVER run (treated as not matching) and `localnetwork`/unknown criteria never match,
 *   so such blocks are skipped safely; `canonical`/`final` trigger OpenSSH's final re-parse pass in which
 *   `Host` patterns match the resolved HostName;
 * - `Include` (relative to ~/.ssh, `~` expanded, glob `*` `?` `[..]`, sorted, depth <= 16, missing files ignored;
 *   an Include inside a non-matching block never matches anything);
 * - first obtained value wins; IdentityFile accumulates (duplicates dropped); UserKnownHostsFile takes all
 *   arguments of its first line (`none` → no file);
 * - `~`, `${VAR}` and `%%`/`%C`/`%d`/`%h`/`%i`/`%k`/`%L`/`%l`/`%n`/`%p`/`%r`/`%u` in IdentityFile and
 *   UserKnownHostsFile; `%h`/`%%` in HostName; HostName lower-cased;
 * - defaults: port 22; identity files ~/.ssh/id_rsa, id_ecdsa, id_ed25519 (OpenSSH's order, restricted to the key
 *   types ssh2 can use) when no IdentityFile is given; known hosts ~/.ssh/known_hosts, ~/.ssh/known_hosts2.
 * Not read: the system-wide /etc/ssh/ssh_config (same as `ssh -F ~/.ssh/config`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir, hostname as osHostname, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { SecuboxError } from '../../lib/errors.js';
import { matchPattern } from './knownHosts.js';
import { globPath, splitConfigLine, tilde } from './sshConfigSyntax.js';

export { globPath, splitArgs, splitConfigLine } from './sshConfigSyntax.js';

export interface ResolvedSshHost {
  alias: string;
  hostName: string;
  port: number;
  /** Only when the config sets User (the caller picks its own default, e.g. root for OpenWrt). */
  user?: string;
  identityFiles: string[];
  proxyJump?: string;
  userKnownHostsFiles: string[];
  identitiesOnly?: boolean;
  /** HostKeyAlias: the name to look up in known_hosts instead of the host (pass as checkHostKey's `alias`). */
  hostKeyAlias?: string;
}

export interface SshConfigHostEntry {
  alias: string;
  hostName?: string;
  port?: number;
  user?: string;
  identityFile?: string;
  proxyJump?: string;
}

/** A ~/.ssh/config that OpenSSH would also reject (exit code 1, hint to check it with `ssh -G`). */
export class SshConfigError extends SecuboxError {
  constructor(message: string) {
    super(message, { hint: 'fix the ssh config (check it with `ssh -G HOST`), or pass the options to secubox directly' });
  }
}

interface Line {
  file: string;
  line: number;
  keyword: string; // lower-cased
  args: string[];
}

const MAX_DEPTH = 16;
const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ed25519'];

/** `Host` line: any positive pattern matches and no negated one does (case-sensitive, like ssh). */
function matchHostLine(host: string, patterns: readonly string[]): boolean {
  let ok = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matchPattern(host, p.slice(1))) return false;
    } else if (matchPattern(host, p)) ok = true;
  }
  return ok;
}

/** Comma-separated pattern list with negation, case-insensitive (OpenSSH match_pattern_list / match_hostname). */
function matchList(s: string, list: string, lower: boolean): boolean {
  const str = lower ? s.toLowerCase() : s;
  let ok = false;
  for (const raw of list.split(',')) {
    const neg = raw.startsWith('!');
    const pat = lower ? (neg ? raw.slice(1) : raw).toLowerCase() : neg ? raw.slice(1) : raw;
    if (matchPattern(str, pat)) {
      if (neg) return false;
      ok = true;
    }
  }
  return ok;
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? '';
  }
}

interface Values {
  hostname?: string;
  port?: number;
  user?: string;
  identityFiles: string[];
  proxyJump?: string;
  userKnownHostsFiles?: string[];
  identitiesOnly?: boolean;
  hostKeyAlias?: string;
}

interface PassState {
  alias: string;
  home: string;
  final: boolean;
  wantFinal: boolean;
  values: Values;
}

function readLines(file: string): Line[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: Line[] = [];
  text.split('\n').forEach((raw, idx) => {
    let parsed: { keyword: string; args: string[] } | null;
    try {
      parsed = splitConfigLine(raw);
    } catch (e) {
      throw new SshConfigError(`${file} line ${idx + 1}: ${(e as Error).message}`);
    }
    if (parsed) out.push({ file, line: idx + 1, ...parsed });
  });
  return out;
}

/** Process one file (OpenSSH read_config_file_depth): `active` is the inherited block state. */
function processFile(file: string, st: PassState, inheritedActive: boolean, neverMatch: boolean, depth: number): void {
  if (depth > MAX_DEPTH) throw new SshConfigError(`${file}: Include nested too deeply (more than ${MAX_DEPTH} levels)`);
  let active = inheritedActive;
  for (const l of readLines(file)) {
    if (l.keyword === 'host') {
      active = !neverMatch && matchHostLine(st.final ? (st.values.hostname ?? st.alias) : st.alias, l.args);
    } else if (l.keyword === 'match') {
      active = !neverMatch && matchBlock(l, st);
    } else if (l.keyword === 'include') {
      for (const arg of l.args) {
        const p = isAbsolute(arg) || arg.startsWith('~') ? tilde(arg, st.home) : join(st.home, '.ssh', arg);
        for (const f of globPath(p)) processFile(f, st, active, neverMatch || !active, depth + 1);
      }
    } else if (active) {
      apply(l, st);
    }
  }
}

function matchBlock(l: Line, st: PassState): boolean {
  const a = l.args;
  let result = true;
  for (let i = 0; i < a.length; i++) {
    let attr = (a[i] as string).toLowerCase();
    const negate = attr.startsWith('!');
    if (negate) attr = attr.slice(1);
    let r: boolean;
    if (attr === 'all') r = true;
    else if (attr === 'canonical' || attr === 'final') {
      st.wantFinal = true;
      r = st.final;
    } else {
      const arg = a[++i];
      if (arg === undefined) throw new SshConfigError(`${l.file} line ${l.line}: Match ${attr} needs an argument`);
      const host = st.values.hostname !== undefined ? expandHostName(st.values.hostname, st.alias) : st.alias;
      if (attr === 'host') r = matchList(host, arg, true);
      else if (attr === 'originalhost') r = matchList(st.alias, arg, true);
      else if (attr === 'user') r = matchList(st.values.user ?? localUser(), arg, false);
      else if (attr === 'localuser') r = matchList(localUser(), arg, false);
      else r = false; // exec (never run by secubox), localnetwork, tagged, unknown: treated as not matching
    }
    if (negate) r = !r;
    if (!r) result = false;
  }
  return result;
}

function apply(l: Line, st: PassState): void {
  const v = st.values;
  const first = l.args[0];
  if (first === undefined) return;
  switch (l.keyword) {
    case 'hostname':
      v.hostname ??= first;
      break;
    case 'port': {
      if (v.port !== undefined) break;
      const n = /^\d+$/.test(first) ? Number(first) : NaN;
      if (!(n >= 1 && n <= 65535)) throw new SshConfigError(`${l.file} line ${l.line}: bad port ${JSON.stringify(first)}`);
      v.port = n;
      break;
    }
    case 'user':
      v.user ??= first;
      break;
    case 'identityfile':
      if (!v.identityFiles.includes(first)) v.identityFiles.push(first);
      break;
    case 'proxyjump':
      v.proxyJump ??= first;
      break;
    case 'userknownhostsfile':
      v.userKnownHostsFiles ??= first === 'none' ? [] : [...l.args];
      break;
    case 'identitiesonly':
      v.identitiesOnly ??= /^(yes|true)$/i.test(first);
      break;
    case 'hostkeyalias':
      v.hostKeyAlias ??= first;
      break;
    default:
      break; // other keywords are irrelevant to secubox
  }
}

function expandHostName(h: string, alias: string): string {
  return h.replace(/%([%h])/g, (_m, c: string) => (c === '%' ? '%' : alias)).toLowerCase();
}

/** OpenSSH default_client_percent_dollar_expand after tilde_expand_filename. */
function expandPath(p: string, tokens: Record<string, string>, home: string): string {
  const t = tilde(p, home);
  const withEnv = t.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const val = process.env[name];
    if (val === undefined) throw new SshConfigError(`ssh config: environment variable \${${name}} in ${JSON.stringify(p)} is not set`);
    return val;
  });
  return withEnv.replace(/%(.?)/g, (_m, c: string) => {
    const val = tokens[c];
    if (val === undefined) throw new SshConfigError(`ssh config: unknown token %${c} in ${JSON.stringify(p)}`);
    return val;
  });
}

function runPasses(alias: string, configPath: string, home: string): Values {
  const st: PassState = { alias, home, final: false, wantFinal: false, values: { identityFiles: [] } };
  processFile(configPath, st, true, false, 0);
  if (st.wantFinal) {
    st.values.hostname = expandHostName(st.values.hostname ?? alias, alias);
    st.final = true;
    processFile(configPath, st, true, false, 0);
  }
  return st.values;
}

export function resolveSshHost(alias: string, opts: { configPath?: string; home?: string } = {}): ResolvedSshHost {
  const home = opts.home ?? homedir();
  const configPath = opts.configPath ?? join(home, '.ssh', 'config');
  const v = runPasses(alias, configPath, home);
  const hostName = expandHostName(v.hostname ?? alias, alias);
  const port = v.port ?? 22;
  const ruser = v.user ?? localUser();
  const lhost = osHostname();
  const tokens: Record<string, string> = {
    '%': '%',
    C: createHash('sha1').update(`${lhost}${hostName}${port}${ruser}`).digest('hex'),
    d: home,
    h: hostName,
    i: String(process.getuid?.() ?? ''),
    k: v.hostKeyAlias ?? alias,
    L: lhost.split('.')[0] ?? lhost,
    l: lhost,
    n: alias,
    p: String(port),
    r: ruser,
    u: localUser(),
  };
  const ids = v.identityFiles.length > 0 ? v.identityFiles : DEFAULT_IDENTITIES.map((n) => `~/.ssh/${n}`);
  const res: ResolvedSshHost = {
    alias,
    hostName,
    port,
    identityFiles: ids.map((p) => expandPath(p, tokens, home)),
    userKnownHostsFiles: (v.userKnownHostsFiles ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']).map((p) =>
      expandPath(p, tokens, home),
    ),
  };
  if (v.user !== undefined) res.user = v.user;
  if (v.proxyJump !== undefined && v.proxyJump.toLowerCase() !== 'none') res.proxyJump = v.proxyJump;
  if (v.identitiesOnly !== undefined) res.identitiesOnly = v.identitiesOnly;
  if (v.hostKeyAlias !== undefined) res.hostKeyAlias = v.hostKeyAlias;
  return res;
}

/** Concrete Host names (no wildcard, no negation) from the config and its Includes, in file order, deduplicated. */
function collectAliases(file: string, home: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH) return;
  for (const l of readLines(file)) {
    if (l.keyword === 'host') {
      for (const p of l.args) if (!/[*?!]/.test(p) && p !== '' && !out.includes(p)) out.push(p);
    } else if (l.keyword === 'include') {
      for (const arg of l.args) {
        const p = isAbsolute(arg) || arg.startsWith('~') ? tilde(arg, home) : join(home, '.ssh', arg);
        for (const f of globPath(p)) collectAliases(f, home, depth + 1, out);
      }
    }
  }
}

/** Concrete Host entries (no wildcards/negations) for `secubox box import-ssh-config`, with the values the config sets. */
export function listSshConfigHosts(opts: { configPath?: string; home?: string } = {}): SshConfigHostEntry[] {
  const home = opts.home ?? homedir();
  const configPath = opts.configPath ?? join(home, '.ssh', 'config');
  const aliases: string[] = [];
  collectAliases(configPath, home, 0, aliases);
  return aliases.map((alias) => {
    const v = runPasses(alias, configPath, home);
    const r = resolveSshHost(alias, { configPath, home });
    const e: SshConfigHostEntry = { alias };
    if (v.hostname !== undefined) e.hostName = r.hostName;
    if (v.port !== undefined) e.port = v.port;
    if (v.user !== undefined) e.user = v.user;
    if (v.identityFiles.length > 0 && r.identityFiles[0] !== undefined) e.identityFile = r.identityFiles[0];
    if (r.proxyJump !== undefined) e.proxyJump = r.proxyJump;
    return e;
  });
}
