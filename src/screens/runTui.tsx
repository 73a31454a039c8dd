/**
 * Start the full-screen TUI: alternate screen entered before the first frame, Ink rendered with
 * patchConsole off, and the terminal restored on every way out (q, Ctrl-C, SIGTERM, SIGHUP, SIGINT,
 * a crash). Loaded by src/commands/tui.ts with a dynamic import only.
 */
import chalk from 'chalk';
import { render } from 'ink';
import type { Session } from '../core/session.js';
import type { Prompter } from '../core/prompt.js';
import { App } from './App.js';

export const ENTER_ALT = '\x1b[?1049h\x1b[H\x1b[2J';
export const LEAVE_ALT = '\x1b[?25h\x1b[?1049l';

export interface RunTuiOptions {
  session: Session;
  readOnly: boolean;
  color: boolean;
  env: Readonly<Record<string, string | undefined>>;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  bindPrompter?: (p: Prompter | null) => void;
}

/**
 * Chalk's level for the TUI. Ink styles through chalk, which drops EVERY style (inverse, bold too) when `CI` is
 * set at all (even CI=false, which Ink itself needs) or the terminal is unknown. The TUI marks the selection with
 * inverse video and picks its colours itself (16 ANSI colours, none under NO_COLOR / --no-color): the basic level
 * is enough. A FORCE_COLOR the user set, and TERM=dumb, are obeyed. Set on chalk, never through the env.
 */
export function tuiChalkLevel(detected: number, env: Readonly<Record<string, string | undefined>>): number {
  return detected > 0 || env.FORCE_COLOR !== undefined || env.TERM === 'dumb' ? detected : 1;
}

const SIGNALS = { SIGTERM: 143, SIGHUP: 129, SIGINT: 130 } as const;

/** Resolves with the exit code when the TUI ends. */
export async function runTui(o: RunTuiOptions): Promise<number> {
  const stdout = o.stdout ?? process.stdout;
  const stdin = o.stdin ?? process.stdin;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try { stdout.write(LEAVE_ALT); } catch { /* terminal gone */ }
  };
  chalk.level = tuiChalkLevel(chalk.level, o.env) as typeof chalk.level;
  stdout.write(ENTER_ALT);
  process.once('exit', restore);

  let code = 0;
  const instance = render(
    <App session={o.session} readOnly={o.readOnly} color={o.color} env={o.env} bindPrompter={o.bindPrompter}
      writeRaw={(s) => { stdout.write(s); }} />,
    { stdout, stdin, stderr: process.stderr, patchConsole: false, exitOnCtrlC: false, maxFps: 20 },
  );
  const onSignal = (sig: keyof typeof SIGNALS) => {
    code = SIGNALS[sig];
    instance.unmount();
    restore();
    // Whatever still holds the event loop (an SSH socket closing), do not hang after a signal.
    setTimeout(() => process.exit(code), 1500).unref();
  };
  const handlers = (Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]).map((sig) => {
    const h = () => onSignal(sig);
    process.on(sig, h);
    return () => process.off(sig, h);
  });
  try {
    const r = await instance.waitUntilExit();
    if (typeof r === 'number' && code === 0) code = r;
  } finally {
    for (const off of handlers) off();
    instance.cleanup();
    restore();
    process.off('exit', restore);
  }
  return code;
}
