/**
 * Start the full-screen TUI: alternate screen entered before the first frame, Ink rendered with
 * patchConsole off, and the terminal restored on every way out (q, Ctrl-C, SIGTERM, SIGHUP, SIGINT,
 * a crash). Loaded by src/commands/tui.ts with a dynamic import only.
 */
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
