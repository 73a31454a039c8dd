/**
 * Authentication for the SSH transport, in OpenSSH's order: ssh-agent, identity files (passphrase asked through
 * the prompter), then password and keyboard-interactive (OpenWrt's default root login), asked through the prompter.
 * Secrets live only in memory (for reconnects of this process); nothing is logged or written anywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, ParsedKey, Prompt } from 'ssh2';
import { UnreachableError } from '../../lib/errors.js';
import type { SshTarget } from './types.js';

/** Secrets remembered between reconnects of one transport (memory only). */
export interface SecretCache {
  passphrases: Map<string, string>;
  password?: string;
}

export function tildify(p: string): string {
  const home = homedir();
  return home && p.startsWith(home + '/') ? `~${p.slice(home.length)}` : p;
}

type Loaded =
  | { kind: 'key'; key: ParsedKey }
  | { kind: 'skip'; note: string; hint?: string };

/** Dropbear's own private key format: uint32 length + key type name, binary (no PEM armour). */
export function isDropbearKey(data: Buffer): boolean {
  if (data.length < 16) return false;
  const len = data.readUInt32BE(0);
  if (len < 7 || len > 40 || 4 + len > data.length) return false;
  return /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+)$/.test(data.subarray(4, 4 + len).toString('latin1'));
}

const isEncryptedError = (e: Error): boolean => /no passphrase given|encrypted/i.test(e.message);
const isBadPassphrase = (e: Error): boolean => /bad decrypt|integrity|passphrase|decrypt/i.test(e.message);

async function loadIdentity(
  file: string,
  t: SshTarget,
  cache: SecretCache,
  pause: <T>(p: Promise<T>) => Promise<T>,
): Promise<Loaded> {
  const name = tildify(file);
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { kind: 'skip', note: code === 'ENOENT' ? `key ${name} (not found)` : `key ${name} (unreadable: ${code ?? 'error'})` };
  }
  if (isDropbearKey(data)) {
    return {
      kind: 'skip',
      note: `key ${name} (dropbear format, which ssh2 cannot read)`,
      hint: `convert it with dropbearconvert: dropbearconvert dropbear openssh ${name} ${name}.openssh, then use --identity ${name}.openssh`,
    };
  }
  const plain = ssh2.utils.parseKey(data);
  if (!(plain instanceof Error)) {
    const key = Array.isArray(plain) ? (plain[0] as ParsedKey) : plain;
    if (!key.isPrivateKey()) return { kind: 'skip', note: `key ${name} (a public key, not a private key)` };
    return { kind: 'key', key };
  }
  if (!isEncryptedError(plain)) return { kind: 'skip', note: `key ${name} (unreadable: ${plain.message})` };

  const cached = cache.passphrases.get(file);
  if (cached !== undefined) {
    const k = ssh2.utils.parseKey(data, cached);
    if (!(k instanceof Error)) return { kind: 'key', key: Array.isArray(k) ? (k[0] as ParsedKey) : k };
    cache.passphrases.delete(file);
  }
  if (!t.prompter.interactive) {
    return {
      kind: 'skip',
      note: `key ${name} (encrypted; no passphrase can be asked without a terminal)`,
      hint: `load the key into ssh-agent (ssh-add ${name}) or run secubox on a terminal to type its passphrase`,
    };
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const pass = await pause(t.prompter.secret(attempt === 0 ? `Passphrase for key ${name}:` : `Wrong passphrase. Passphrase for key ${name}:`));
    if (pass === undefined) return { kind: 'skip', note: `key ${name} (encrypted; no passphrase given)` };
    const k = ssh2.utils.parseKey(data, pass);
    if (!(k instanceof Error)) {
      cache.passphrases.set(file, pass);
      return { kind: 'key', key: Array.isArray(k) ? (k[0] as ParsedKey) : k };
    }
    if (!isBadPassphrase(k)) return { kind: 'skip', note: `key ${name} (unreadable: ${k.message})` };
  }
  return { kind: 'skip', note: `key ${name} (wrong passphrase, 3 times)` };
}

export interface AuthPlan {
  handler: AuthHandlerMiddleware;
  /** True once the server asked us to authenticate (the handshake itself succeeded). */
  readonly started: boolean;
  /** The UnreachableError to throw when every method failed (`why` overrides the first words). */
  failure(why?: string): UnreachableError;
}

export function makeAuthPlan(t: SshTarget, cache: SecretCache, pause: <T>(p: Promise<T>) => Promise<T>): AuthPlan {
  const tried: string[] = [];
  const hints: string[] = [];
  const username = t.user;
  const where = `${t.user}@${t.host}:${t.port}`;
  let serverMethods: AuthenticationType[] | null = null;
  let passwordTried: string | undefined;

  async function* candidates(): AsyncGenerator<AnyAuthMethod> {
    const agent = t.agentSocket ?? process.env.SSH_AUTH_SOCK ?? '';
    if (agent !== '') {
      if (existsSync(agent)) {
        tried.push('ssh-agent');
        yield { type: 'agent', username, agent };
      } else {
        tried.push(`ssh-agent (socket ${agent} not found)`);
      }
    }
    for (const file of t.identityFiles) {
      const loaded = await loadIdentity(file, t, cache, pause);
      if (loaded.kind === 'skip') {
        tried.push(loaded.note);
        if (loaded.hint) hints.push(loaded.hint);
        continue;
      }
      tried.push(`key ${tildify(file)}`);
      yield { type: 'publickey', username, key: loaded.key };
    }
    // Learn which methods the server takes before asking a human anything.
    if (serverMethods === null) yield { type: 'none', username };
    const methods = serverMethods ?? [];
    const canAsk = t.prompter.interactive;
    if (methods.includes('password')) {
      let pw = cache.password;
      if (pw === undefined && canAsk) pw = await pause(t.prompter.secret(`Password for ${where}:`));
      if (pw === undefined) {
        tried.push(canAsk ? 'password (none given)' : 'password (not asked: no terminal)');
      } else {
        tried.push('password');
        passwordTried = pw;
        cache.password = pw;
        yield { type: 'password', username, password: pw };
        if (cache.password === pw) cache.password = undefined; // it failed (we are still here): forget it
      }
    }
    if ((serverMethods ?? []).includes('keyboard-interactive')) {
      if (!canAsk && cache.password === undefined) {
        tried.push('keyboard-interactive (not asked: no terminal)');
      } else {
        tried.push('keyboard-interactive');
        yield {
          type: 'keyboard-interactive',
          username,
          prompt: (_name: string, _instr: string, _lang: string, prompts: Prompt[], finish: (answers: string[]) => void) => {
            void (async () => {
              const answers: string[] = [];
              for (const p of prompts) {
                const reuse = prompts.length === 1 && !p.echo && /password/i.test(p.prompt) ? cache.password : undefined;
                const a = reuse ?? (canAsk ? await pause(t.prompter.secret(p.prompt.trim() || `Response for ${where}:`)) : undefined);
                // Declined: still answer every prompt (OpenSSH drops the connection on a short answer list).
                if (a === undefined) {
                  finish(prompts.map(() => ''));
                  return;
                }
                if (/password/i.test(p.prompt) && a !== passwordTried) cache.password = a;
                answers.push(a);
              }
              finish(answers);
            })().catch(() => finish([]));
          },
        };
      }
    }
  }

  const gen = candidates();
  let started = false;
  const handler: AuthHandlerMiddleware = (authsLeft, _partial, next) => {
    started = true;
    if (authsLeft && authsLeft.length > 0) serverMethods = authsLeft;
    gen.next().then(
      (r) => (r.done ? (next as (a: unknown) => void)(false) : next(r.value)),
      () => (next as (a: unknown) => void)(false),
    );
  };

  return {
    handler,
    get started() {
      return started;
    },
    failure(why?: string): UnreachableError {
      const list = tried.length > 0 ? tried.join(', ') : 'nothing: no agent, no key, no password prompt';
      const hint =
        hints[0] ??
        `add your public key to the box (OpenWrt: /etc/dropbear/authorized_keys), load it into ssh-agent, or check the user name (${t.user})`;
      return new UnreachableError(t.box, 'auth', `authentication to ${t.box} (${where}) failed${why ? ` (${why})` : ''}; tried: ${list}`, hint);
    },
  };
}
