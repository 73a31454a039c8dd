/**
 * Drives the completion scripts in real shells: `secubox` on PATH is a wrapper around `node <repo>/bin/secubox`
 * (dist/ must be built), with a throwaway HOME / XDG dirs holding an inventory and a name cache.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/shared.js';
import { recordNames } from '../../src/core/nameCache.js';
import { COMMANDS } from '../../src/commands/table/index.js';
import type { CompleteKind } from '../../src/commands/spec.js';

export const COMPLETIONS = join(REPO_ROOT, 'completions');

export interface Sandbox {
  dir: string;
  env: Record<string, string>;
  cleanup(): void;
}

export const BOXES = [
  { name: 'r1.lab', host: '127.0.0.1', tags: ['lab', 'paris'] },
  { name: 'r2', host: '127.0.0.1', port: 2222, tags: ['lab'] },
  { name: 'edge-1', host: 'localhost', tags: ['prod'] },
];

/** Names cached as if last seen on r2, one distinctive set per kind. */
export const CACHED: Record<string, string[]> = {
  site: ['blogsite', 'wikisite'],
  exposable: ['gitea-svc', 'jellyfin-svc'],
  service: ['crowdsec-daemon', 'haproxy-daemon'],
  peer: ['peer-alpha', 'peer-beta'],
  vhost: ['blog.example.org', 'wiki.example.org'],
  'uci-path': ['network.lan.ipaddr', 'network.lan.proto'],
};

export function makeSandbox(): Sandbox {
  if (!existsSync(join(REPO_ROOT, 'dist', 'commands', 'complete', 'main.js'))) {
    throw new Error('dist/ is not built: run `npm run build` before the shell completion tests');
  }
  const dir = mkdtempSync(join(tmpdir(), 'secubox-shells-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'secubox'), `#!/bin/sh\nexec "${process.execPath}" "${join(REPO_ROOT, 'bin', 'secubox')}" "$@"\n`);
  chmodSync(join(bin, 'secubox'), 0o755);
  const env = {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_DATA_HOME: join(dir, 'data'),
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  };
  mkdirSync(join(env.XDG_CONFIG_HOME, 'secubox'), { recursive: true });
  writeFileSync(join(env.XDG_CONFIG_HOME, 'secubox', 'config.json'), JSON.stringify({ version: 1, boxes: BOXES, defaultBox: 'r2' }), { mode: 0o600 });
  for (const [kind, names] of Object.entries(CACHED)) {
    if (!recordNames('r2', kind, names, { env })) throw new Error('could not write the name cache');
  }
  return { dir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---- cases taken from the real command table, so the tests follow the verbs that exist ----------------------------

export const TOP_VERBS = [...new Set(COMMANDS.filter((c) => !c.hidden).map((c) => c.path[0]!))];

const targeted = COMMANDS.find((c) => c.targets && !c.hidden);
const withJson = COMMANDS.find((c) => c.json && !c.hidden);
if (!targeted || !withJson) throw new Error('the command table has no verb with --box / --json');
/** A verb that targets boxes (has --box). */
export const TARGETED: readonly string[] = targeted.path;
/** A verb with --json. */
export const JSON_VERB: readonly string[] = withJson.path;

/** A verb + words whose next word completes from the name cache, preferring sites. */
export function boxSideCase(): { words: string[]; kind: string; expected: string[]; prefix: string } {
  const kinds: CompleteKind[] = ['site', 'exposable', 'service', 'vhost', 'peer', 'uci-path'];
  for (const kind of kinds) {
    for (const c of COMMANDS) {
      if (c.hidden) continue;
      const opt = (c.options ?? []).find((o) => o.complete === kind);
      const expected = CACHED[kind]!;
      const prefix = expected[0]!.slice(0, 4);
      if (opt) {
        const flag = opt.flags.match(/--[\w-]+/)![0];
        return { words: [...c.path, flag], kind, expected: expected.filter((n) => n.startsWith(prefix)), prefix };
      }
      if ((c.args ?? [])[0]?.complete === kind && !c.passThrough) {
        return { words: [...c.path], kind, expected: expected.filter((n) => n.startsWith(prefix)), prefix };
      }
    }
  }
  throw new Error('no verb completes a box-side name (site, service, peer, vhost, uci-path)');
}

// ---- tmux ------------------------------------------------------------------------------------------------------------

export class Tmux {
  readonly socket = `secubox-shells-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  constructor(private readonly env: Record<string, string>) {}

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: { ...process.env, ...this.env } });
  }

  start(argv: readonly string[]): void {
    const envArgs = Object.entries(this.env).map(([k, v]) => `${k}=${v}`);
    // tall enough for zsh to list every top-level verb (one per line, ~90 with the subsystem verbs) without asking
    this.tmux('new-session', '-d', '-x', '200', '-y', '150', 'env', '-i', ...envArgs, ...argv);
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', '0', ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', '0', '-l', text);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', '0');
  }

  async waitFor(pred: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    let s = '';
    while (Date.now() < end) {
      s = this.screen();
      if (pred(s)) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}

/** Run a script in a shell with the sandbox environment, return stdout. */
export function runShell(shell: string, args: readonly string[], env: Record<string, string>, input?: string): string {
  const r = spawnSync(shell, args, { env, encoding: 'utf8', input, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${shell} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
