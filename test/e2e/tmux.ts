/**
 * Drive the REAL TUI in tmux: a private server (`tmux -L secubox-e2e-<random>`), the app started
 * with CI=false (Ink renders nothing until exit under CI=true), one key per send-keys, the screen
 * read with capture-pane, polling instead of sleeping. remain-on-exit keeps the pane after the app
 * ends, so that the terminal state it left (alternate screen, cursor) can be checked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/shared.js';

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Build dist/ when a source file is newer than it (the e2e tier runs `node bin/secubox`). */
export function ensureBuilt(): void {
  let built = 0;
  try { built = statSync(join(REPO_ROOT, 'dist', 'main.js')).mtimeMs; } catch { /* not built */ }
  if (built > newest(join(REPO_ROOT, 'src'))) return;
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}

export interface TmuxOptions {
  columns: number;
  rows: number;
  env: Record<string, string>;
  /** argv after `node bin/secubox` */
  args: string[];
}

export class TmuxTui {
  readonly socket = `secubox-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly conf: string;
  /** The app's exit status is written here by the wrapper shell (tmux 3.3 does not always report it). */
  private readonly statusFile: string;
  /** Every byte the app wrote to the terminal (pipe-pane). */
  private readonly outputFile: string;

  constructor(private readonly o: TmuxOptions) {
    const dir = mkdtempSync(join(tmpdir(), 'secubox-tmux-'));
    this.conf = join(dir, 'tmux.conf');
    this.statusFile = join(dir, 'status');
    this.outputFile = join(dir, 'output');
    writeFileSync(this.conf, 'set -g remain-on-exit on\nset -g status off\nset -g default-terminal "screen"\n');
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', this.conf, ...args], { encoding: 'utf8' });
  }

  start(): void {
    const env = Object.entries({ CI: 'false', TERM: 'screen', ...this.o.env, STATUS_FILE: this.statusFile }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux('new-session', '-d', '-s', 'tui', '-x', String(this.o.columns), '-y', String(this.o.rows), ...env,
      'sh', '-c', 'sleep 0.2; "$@"; echo $? > "$STATUS_FILE"', 'sh', process.execPath, join(REPO_ROOT, 'bin', 'secubox'), ...this.o.args);
    this.tmux('pipe-pane', '-t', 'tui', `cat >> '${this.outputFile}'`);
  }

  /** One key per send-keys: a tmux key name (`Enter`, `Escape`, `Down`, `Tab`) or literal text of ONE character. */
  key(k: string): void {
    if (/^(Enter|Escape|Tab|BTab|Up|Down|Left|Right|PPage|NPage|Home|End|BSpace|C-[a-z])$/.test(k)) this.tmux('send-keys', '-t', 'tui', k);
    else this.tmux('send-keys', '-t', 'tui', '-l', k);
  }

  /** Type text one key at a time. */
  type(text: string): void {
    for (const ch of text) this.key(ch);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'tui');
  }

  info(format: string): string {
    return this.tmux('display-message', '-p', '-t', 'tui', format).trim();
  }

  /** The app's pid (the child of the wrapper shell in the pane). */
  pid(): number {
    const sh = Number(this.info('#{pane_pid}'));
    const r = spawnSync('pgrep', ['-P', String(sh)], { encoding: 'utf8' });
    const pid = Number(r.stdout.trim().split('\n')[0]);
    // Never signal 0 / 1 (process group, init) by mistake.
    if (!Number.isInteger(pid) || pid <= 1) throw new Error(`tmux: no app pid under ${sh}`);
    return pid;
  }

  async waitFor(pred: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    const start = Date.now();
    let s = '';
    for (;;) {
      s = this.screen();
      if (pred(s)) return s;
      if (Date.now() - start > timeoutMs) throw new Error(`tmux: timed out waiting for ${what}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  waitText(text: string | RegExp, timeoutMs?: number): Promise<string> {
    return this.waitFor((s) => (typeof text === 'string' ? s.includes(text) : text.test(s)), String(text), timeoutMs);
  }

  /** Every byte written to the terminal so far (latin1, escape sequences included). */
  output(): string {
    try { return readFileSync(this.outputFile, 'latin1'); } catch { return ''; }
  }

  /** What the app wrote last: did it show the cursor and leave the alternate screen after any hide / enter? */
  private lastModes(): { leftAlternate: boolean; cursorShown: boolean; enteredAlternate: boolean } {
    let out = '';
    try { out = readFileSync(this.outputFile, 'latin1'); } catch { /* nothing captured */ }
    return {
      enteredAlternate: out.includes('\x1b[?1049h'),
      leftAlternate: out.lastIndexOf('\x1b[?1049l') > out.lastIndexOf('\x1b[?1049h'),
      cursorShown: out.lastIndexOf('\x1b[?25h') > out.lastIndexOf('\x1b[?25l'),
    };
  }

  async waitExit(timeoutMs = 10_000): Promise<{ status: number; alternate: boolean; enteredAlternate: boolean; leftAlternate: boolean; cursorShown: boolean }> {
    const start = Date.now();
    while (this.info('#{pane_dead}') !== '1') {
      if (Date.now() - start > timeoutMs) throw new Error(`tmux: the TUI did not exit; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      status: Number(readFileSync(this.statusFile, 'utf8').trim()),
      alternate: this.info('#{alternate_on}') === '1',
      ...this.lastModes(),
    };
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', 'tui', '-x', String(columns), '-y', String(rows));
  }

  kill(): void {
    try { this.tmux('kill-server'); } catch { /* already gone */ }
  }
}
