/**
 * known_hosts verification, following OpenSSH's hostfile.c / sshconnect.c rules.
 *
 * Supported line forms (one per line; blank lines and `#` comments skipped):
 *   host,host2 type base64 [comment]         plain names, comma lists, wildcards `*` `?`, negation `!pat`
 *   [host]:port type base64                  non-standard ports (a plain `host` only matches port 22)
 *   |1|salt|hash type base64                 hashed (HMAC-SHA1 of `host` or `[host]:port`, keyed by the salt)
 *   @revoked pattern type base64             the key is revoked for the hosts matching `pattern`
 *   @cert-authority pattern type base64      IGNORED: we never accept host certificates, so CA lines neither
 *                                            make a host known nor cause a mismatch (ssh2 presents plain keys)
 * Lines with any other `@marker`, SSH1-style `bits e n` keys or undecodable base64 are skipped, as OpenSSH does.
 *
 * Verdict (same precedence as OpenSSH's check_hostkeys_by_key_or_type):
 *   1. the presented key appears on an `@revoked` line whose pattern matches the host → 'revoked'
 *      (even if another line lists it as a good key);
 *   2. a matching line holds exactly the presented key → 'known';
 *   3. any other matching line exists → 'mismatch', WHATEVER its key type. This is what OpenSSH 9.2 does (checked
 *      against a real sshd in test/unit/knownHosts.test.ts): a host known only with an RSA key that presents an
 *      ED25519 key gets "REMOTE HOST IDENTIFICATION HAS CHANGED ... Offending RSA key". OpenSSH avoids the false
 *      alarm by offering the already-known key types first in the key exchange; callers should do the same with
 *      `hostKeyAlgorithmsFor()` (ssh2's `algorithms.serverHostKey`). `expected` lists every key known for the host.
 *   4. otherwise → 'unknown', except that, like ssh, a host not found as `[host]:port` is accepted when a plain
 *      `host` line (the port-22 form) holds exactly the presented key, and refused as 'revoked' when the key is
 *      revoked for the plain `host` (not done when `alias` is given).
 * Files are read in order; a missing or unreadable file counts as empty.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HostKeyInfo {
  type: string;
  /** 'SHA256:…' exactly as `ssh-keygen -l` prints it: base64 without `=` padding. */
  fingerprint: string;
}

export type HostKeyVerdict =
  | { status: 'known'; file: string; line: number }
  | { status: 'unknown' }
  | { status: 'mismatch'; file: string; line: number; expected: HostKeyInfo[]; presented: HostKeyInfo }
  | { status: 'revoked'; file: string; line: number; presented: HostKeyInfo };

interface KnownHostLine {
  file: string;
  line: number;
  marker: '' | 'revoked';
  hosts: string;
  key: Buffer;
  type: string;
}

/** Type name from an SSH wire-format public key blob (first length-prefixed string). */
export function keyType(key: Buffer): string {
  if (key.length < 4) throw new Error('host key blob too short');
  const len = key.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > key.length) throw new Error('malformed host key blob');
  return key.subarray(4, 4 + len).toString('latin1');
}

/**
 * A structurally valid public key blob: a sequence of length-prefixed strings that fills the buffer exactly,
 * with the fixed sizes of ed25519 (32-byte key). OpenSSH skips known_hosts lines whose key does not parse.
 */
export function isWellFormedKeyBlob(key: Buffer): boolean {
  const parts: Buffer[] = [];
  let off = 0;
  while (off < key.length) {
    if (off + 4 > key.length) return false;
    const len = key.readUInt32BE(off);
    if (off + 4 + len > key.length) return false;
    parts.push(key.subarray(off + 4, off + 4 + len));
    off += 4 + len;
  }
  const type = parts[0]?.toString('latin1');
  if (type === undefined || type === '') return false;
  if (type === 'ssh-ed25519') return parts.length === 2 && parts[1]?.length === 32;
  if (type === 'ssh-rsa') return parts.length === 3;
  if (type.startsWith('ecdsa-sha2-')) return parts.length === 3 && parts[1]?.toString('latin1') === type.slice(11);
  return parts.length >= 2;
}

export function fingerprintSha256(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

export function hostKeyInfo(key: Buffer): HostKeyInfo {
  return { type: keyType(key), fingerprint: fingerprintSha256(key) };
}

/** The name OpenSSH looks up for host:port (put_host_port): `host` on 22, `[host]:port` otherwise. Lower-cased. */
export function hostPortName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** OpenSSH match_pattern: `*` any run of characters, `?` exactly one; everything else literal. */
export function matchPattern(s: string, pattern: string): boolean {
  // Iterative glob with backtracking on the last `*` (linear-ish, no regex injection).
  let si = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const pc = pattern[pi];
    if (pc === '?' || (pc !== undefined && pc !== '*' && pc === s[si])) {
      si++;
      pi++;
    } else if (pc === '*') {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/**
 * OpenSSH match_hostname / match_pattern_list: comma-separated patterns, case-insensitive.
 * Returns 1 on a positive match, -1 when a negated pattern matches (the whole entry is then excluded), 0 otherwise.
 */
export function matchHostList(name: string, list: string): 1 | 0 | -1 {
  const s = name.toLowerCase();
  let got: 1 | 0 = 0;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const pat = (negated ? raw.slice(1) : raw).toLowerCase();
    if (pat === '') continue;
    if (matchPattern(s, pat)) {
      if (negated) return -1;
      got = 1;
    }
  }
  return got;
}

/** Match a known_hosts host field (plain pattern list or one `|1|salt|hash` entry) against a lookup name. */
export function matchHostField(name: string, field: string): boolean {
  if (field.startsWith('|1|')) {
    const parts = field.split('|');
    // ['', '1', salt, hash]
    if (parts.length !== 4) return false;
    const salt = Buffer.from(parts[2] ?? '', 'base64');
    const want = parts[3] ?? '';
    if (salt.length !== 20) return false; // OpenSSH requires a SHA1-sized salt
    const got = createHmac('sha1', salt).update(name.toLowerCase()).digest('base64');
    return got === want;
  }
  return matchHostList(name, field) === 1;
}

/** Hashed host field for `name`, as `ssh-keygen -H` writes it (salt random unless given). */
export function hashHostName(name: string, salt?: Buffer): string {
  const s = salt ?? randomBytes(20);
  const h = createHmac('sha1', s).update(name.toLowerCase()).digest('base64');
  return `|1|${s.toString('base64')}|${h}`;
}

function splitFields(line: string): string[] {
  return line.split(/[ \t]+/).filter((f) => f !== '');
}

/** Parse one known_hosts file; missing/unreadable files give no lines. */
export function parseKnownHostsFile(file: string): KnownHostLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return parseKnownHostsText(text, file);
}

export function parseKnownHostsText(text: string, file: string): KnownHostLine[] {
  const out: KnownHostLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').replace(/\r$/, '');
    const trimmed = raw.replace(/^[ \t]+/, '');
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const fields = splitFields(trimmed);
    let marker: '' | 'revoked' = '';
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else continue; // @cert-authority (unsupported, see header) or an unknown marker: skipped
    }
    const [hosts, type, b64] = fields;
    if (hosts === undefined || type === undefined || b64 === undefined) continue;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue; // SSH1 `bits e n` or garbage
    const key = Buffer.from(b64, 'base64');
    let blobType: string;
    try {
      blobType = keyType(key);
    } catch {
      continue;
    }
    // OpenSSH skips a line whose key does not parse or whose blob type differs from its type field
    if (blobType !== type || !isWellFormedKeyBlob(key)) continue;
    out.push({ file, line: i + 1, marker, hosts, key, type: blobType });
  }
  return out;
}

export interface HostKeyQuery {
  host: string;
  port: number;
  files: readonly string[];
  alias?: string;
}

/**
 * The non-CA lines of `files` that apply to the host. Lookup names: `host` (as `[host]:port` unless port 22) and,
 * when given, `alias` verbatim (OpenSSH's HostKeyAlias is looked up without a port). A line matching either counts.
 */
export function findHostLines(q: HostKeyQuery): KnownHostLine[] {
  const names = [hostPortName(q.host, q.port)];
  if (q.alias !== undefined && q.alias !== '') names.push(q.alias.toLowerCase());
  const matching: KnownHostLine[] = [];
  for (const file of q.files) {
    for (const l of parseKnownHostsFile(file)) {
      if (names.some((n) => matchHostField(n, l.hosts))) matching.push(l);
    }
  }
  return matching;
}

export function checkHostKey(opts: HostKeyQuery & { key: Buffer }): HostKeyVerdict {
  const v = verdictFor(opts, opts.key);
  // OpenSSH (sshconnect.c check_host_key): a host new under `[host]:port` is looked up once more "without port
  // identifier" (unless HostKeyAlias is set) and accepted if the plain `host` entry holds this key; a key revoked
  // there is refused as revoked; a different key under the plain name leaves the host unknown (checked against ssh).
  if (v.status === 'unknown' && opts.port !== 22 && (opts.alias === undefined || opts.alias === '')) {
    const plain = verdictFor({ host: opts.host, port: 22, files: opts.files }, opts.key);
    if (plain.status === 'known' || plain.status === 'revoked') return plain;
  }
  return v;
}

function verdictFor(q: HostKeyQuery, key: Buffer): HostKeyVerdict {
  const presented = hostKeyInfo(key);
  const matching = findHostLines(q);
  const revoked = matching.find((l) => l.marker === 'revoked' && l.key.equals(key));
  if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line, presented };
  const plain = matching.filter((l) => l.marker === '');
  const ok = plain.find((l) => l.key.equals(key));
  if (ok) return { status: 'known', file: ok.file, line: ok.line };
  const first = plain[0];
  if (first) {
    return { status: 'mismatch', file: first.file, line: first.line, expected: uniqueInfos(plain.map((l) => l.key)), presented };
  }
  return { status: 'unknown' };
}

/** Key types (blob type names) known for the host, in file order, without revoked keys. */
export function knownHostKeyTypes(q: HostKeyQuery): string[] {
  const lines = findHostLines(q);
  const revoked = lines.filter((l) => l.marker === 'revoked');
  const out: string[] = [];
  for (const l of lines) {
    if (l.marker !== '' || revoked.some((r) => r.key.equals(l.key))) continue;
    if (!out.includes(l.type)) out.push(l.type);
  }
  return out;
}

/** ssh2 server host key algorithms per key type (an `ssh-rsa` key is negotiated as rsa-sha2-512/256 first). */
const ALGS_BY_TYPE: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};
const DEFAULT_HOST_KEY_ALGS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Host key algorithm preference for the key exchange, like OpenSSH's order_hostkeyalgs: algorithms of the key
 * types already known for this host first, then the rest. Pass to ssh2 as `algorithms: { serverHostKey }`.
 */
export function hostKeyAlgorithmsFor(knownTypes: readonly string[], all: readonly string[] = DEFAULT_HOST_KEY_ALGS): string[] {
  const first: string[] = [];
  for (const t of knownTypes) for (const a of ALGS_BY_TYPE[t] ?? [t]) if (all.includes(a) && !first.includes(a)) first.push(a);
  return [...first, ...all.filter((a) => !first.includes(a))];
}

function uniqueInfos(keys: Buffer[]): HostKeyInfo[] {
  const seen = new Set<string>();
  const out: HostKeyInfo[] = [];
  for (const k of keys) {
    const info = hostKeyInfo(k);
    if (seen.has(info.fingerprint)) continue;
    seen.add(info.fingerprint);
    out.push(info);
  }
  return out;
}

/** Append a plain entry (`host` for port 22, `[host]:port` otherwise); creates the file 0600 and its dir 0700 if missing. */
export function appendKnownHost(file: string, host: string, port: number, key: Buffer): void {
  const type = keyType(key);
  if (/[\s,#]/.test(host) || host === '' || host.startsWith('@') || host.startsWith('|') || host.startsWith('!')) {
    throw new Error(`refusing to write a known_hosts entry for an invalid host name: ${JSON.stringify(host)}`);
  }
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = hostPortName(host, port);
  let prefix = '';
  if (existsSync(file) && statSync(file).size > 0 && !endsWithNewline(file)) prefix = '\n';
  appendFileSync(file, `${prefix}${name} ${type} ${key.toString('base64')}\n`, { mode: 0o600 });
}

function endsWithNewline(file: string): boolean {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** OpenSSH's default UserKnownHostsFile: ~/.ssh/known_hosts, ~/.ssh/known_hosts2. */
export function defaultKnownHostsFiles(home: string): string[] {
  return [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')];
}
