/**
 * Types of the SSH transport. The prompt interfaces are the parts of core's `Prompter` (src/core/prompt.ts)
 * that the transport needs: backends sit BELOW core and may not import it; core reuses HostKeyPrompt as its
 * HostKeyQuestion, and core's Prompter satisfies `SshPrompter` as it is.
 */

/** The question asked before trusting an unknown host key (core's HostKeyQuestion). */
export interface HostKeyPrompt {
  box: string;
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:...` as OpenSSH prints it. */
  fingerprint: string;
  /** The known_hosts file the key will be added to on yes. */
  file?: string;
}

export interface SecretPrompt {
  /** True when a human can answer (TTY or TUI). */
  readonly interactive: boolean;
  /** Ask for a secret (no echo). `undefined` = cannot ask / declined. */
  secret(question: string): Promise<string | undefined>;
}

export interface SshPrompter extends SecretPrompt {
  trustHostKey(q: HostKeyPrompt): Promise<boolean>;
}

export interface SshTarget {
  /** Inventory name, used in messages and trust prompts. */
  box: string;
  /** Host to connect to (ssh_config HostName). */
  host: string;
  port: number;
  user: string;
  /** Private key files to try in order (after the agent). */
  identityFiles: string[];
  /** Never stored: passwords are asked through the prompter when the server wants one. */
  password?: undefined;
  /** ProxyJump: reach `host:port` through this (possibly itself jumping) target. */
  jump?: SshTarget;
  /** known_hosts files; new keys are appended to the first one. */
  knownHostsFiles: string[];
  /** --accept-new: record an UNKNOWN host key (never a changed one). */
  acceptNew: boolean;
  /** ssh-agent socket; defaults to $SSH_AUTH_SOCK. `''` disables the agent. */
  agentSocket?: string;
  prompter: SshPrompter;
  /** TCP connect + SSH handshake + auth budget (prompts excluded). Default 10 s. */
  connectTimeoutMs?: number;
  /** Keepalive interval; 3 unanswered pings drop the connection. Default 15 s, 0 disables. */
  keepaliveMs?: number;
  /** ssh_config HostKeyAlias: name looked up in known_hosts instead of / besides `[host]:port`. */
  hostKeyAlias?: string;
  /** How the user records this host's key, for messages (default: `secubox box trust BOX`; jump hosts differ). */
  trustHint?: string;
}

export type ServerFlavour = 'dropbear' | 'openssh' | 'other';

/** Exec channels allowed in flight per connection (DESIGN.md "Known traps"). */
export function channelLimitFor(flavour: ServerFlavour): number {
  // Dropbear < 2024.86 drops the whole connection when short exec channels overlap: strictly one at a time.
  // OpenSSH allows 10 sessions per connection (MaxSessions); stay well below. Unknown servers: be safe.
  return flavour === 'openssh' ? 4 : 1;
}

/** Server flavour from the identification string's software part (`dropbear_2022.83`, `OpenSSH_9.2p1 ...`). */
export function flavourFromIdent(software: string | undefined): ServerFlavour {
  const s = (software ?? '').toLowerCase();
  if (s.startsWith('dropbear')) return 'dropbear';
  if (s.startsWith('openssh')) return 'openssh';
  return 'other';
}

/** `user@host:port` (with ` via jump` chains) for messages. */
export function describeTarget(t: SshTarget): string {
  const base = `${t.user}@${t.host}:${t.port}`;
  return t.jump ? `${base} via ${describeTarget(t.jump)}` : base;
}
