/**
 * From an inventory entry to an SSH endpoint: the entry merged with `~/.ssh/config` (looked up by
 * `entry.sshAlias ?? entry.host`). Fields set on the entry win; the host given as an ssh_config alias resolves to
 * its HostName. Known-hosts files: UserKnownHostsFile from the config, else OpenSSH's defaults.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { defaultKnownHostsFiles } from '../backends/ssh/knownHosts.js';
import { resolveSshHost, type ResolvedSshHost } from '../backends/ssh/sshConfig.js';
import { UsageError } from '../lib/errors.js';
import type { BoxEntry } from './inventory.js';

export interface SshEndpoint {
  box: string;
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
  knownHostsFiles: string[];
  /** HostKeyAlias from ssh_config, if any (the name looked up in known_hosts). */
  hostKeyAlias?: string;
  /** ProxyJump chain, outermost first (`a,b` → connect to a, through it to b, through b to the box). */
  jumps: SshEndpoint[];
}

/** OpenWrt's default login. */
export const DEFAULT_USER = 'root';

export function homeOf(env: Readonly<Record<string, string | undefined>>): string {
  return env.HOME || homedir();
}

export function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return isAbsolute(p) ? p : join(process.cwd(), p);
}

function resolveConfig(alias: string, home: string): ResolvedSshHost | undefined {
  try {
    return resolveSshHost(alias, { home });
  } catch {
    return undefined;
  }
}

/** `[user@]host[:port]` (also `[v6]:port`). */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  let rest = spec.trim();
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  let host = rest;
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (v6) {
    host = v6[1]!;
    if (v6[2]) port = Number(v6[2]);
  } else {
    const m = /^([^:]+):(\d+)$/.exec(rest);
    if (m) {
      host = m[1]!;
      port = Number(m[2]);
    }
  }
  if (!host || (port !== undefined && (port < 1 || port > 65535)) || (user !== undefined && user === '')) {
    throw new UsageError(`invalid jump host "${spec}"`, 'use `[user@]host[:port]`, several separated by commas');
  }
  const out: { user?: string; host: string; port?: number } = { host };
  if (user !== undefined) out.user = user;
  if (port !== undefined) out.port = port;
  return out;
}

function endpointFor(box: string, lookup: string, over: { host?: string; port?: number; user?: string; identity?: string; jump?: string },
  home: string, depth: number): SshEndpoint {
  if (depth > 8) throw new UsageError(`box "${box}": ProxyJump chain too long (a loop in ~/.ssh/config?)`);
  const cfg = resolveConfig(lookup, home);
  const host = over.host === undefined || over.host === lookup ? (cfg?.hostName ?? lookup) : over.host;
  const ep: SshEndpoint = {
    box,
    host,
    port: over.port ?? cfg?.port ?? 22,
    user: over.user ?? cfg?.user ?? DEFAULT_USER,
    identityFiles: over.identity ? [expandHome(over.identity, home)] : (cfg?.identityFiles ?? []),
    knownHostsFiles: cfg?.userKnownHostsFiles.length ? cfg.userKnownHostsFiles : defaultKnownHostsFiles(home),
    jumps: [],
  };
  if (cfg?.hostKeyAlias) ep.hostKeyAlias = cfg.hostKeyAlias;
  const jump = over.jump ?? cfg?.proxyJump;
  if (jump && jump.toLowerCase() !== 'none') {
    for (const part of jump.split(',').map((s) => s.trim()).filter(Boolean)) {
      const j = parseJumpSpec(part);
      const jo: { host?: string; port?: number; user?: string } = {};
      if (j.port !== undefined) jo.port = j.port;
      if (j.user !== undefined) jo.user = j.user;
      // a jump host is itself looked up in ~/.ssh/config (its own HostName/Port/User/IdentityFile); no nested jumps
      const jep = endpointFor(`${box} (jump ${j.host})`, j.host, jo, home, depth + 1);
      ep.jumps.push(...jep.jumps, { ...jep, jumps: [] });
    }
  }
  return ep;
}

export function sshEndpoint(entry: BoxEntry, env: Readonly<Record<string, string | undefined>>): SshEndpoint {
  const lookup = entry.sshAlias ?? entry.host;
  const over: { host?: string; port?: number; user?: string; identity?: string; jump?: string } = { host: entry.host };
  if (entry.port !== undefined) over.port = entry.port;
  if (entry.user !== undefined) over.user = entry.user;
  if (entry.identity !== undefined) over.identity = entry.identity;
  if (entry.jump !== undefined) over.jump = entry.jump;
  return endpointFor(entry.name, lookup, over, homeOf(env), 0);
}
