/**
 * `secubox tui [--read-only]` (and `secubox` alone on a terminal): the full-screen UI.
 * Ink and React are loaded here only, through a dynamic import: plain commands never pay for them.
 */
import type { CommandInput } from './spec.js';
import type { Context } from './context.js';
import { UsageError } from '../lib/errors.js';

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const readOnly = input.opts.readOnly === true;
  if (!ctx.stdout.isTTY || !ctx.stdin.isTTY) {
    throw new UsageError('the TUI needs a terminal (stdin and stdout are not both a TTY)', 'use `secubox status` for a summary, or `secubox help` for the commands');
  }
  // React's production build (its development build costs several times more CPU per frame). Must be set
  // before React is first loaded, which is the import below (plain commands never load it).
  if (ctx.env.NODE_ENV === undefined) process.env.NODE_ENV = 'production';
  // Chalk's colour level is set by runTui itself (tuiChalkLevel), not through FORCE_COLOR: the env is left as
  // the user set it (Node warns when NO_COLOR and FORCE_COLOR are both set; local commands would inherit it).
  const [{ runTui }, { deferredPrompter }] = await Promise.all([import('../screens/runTui.js'), import('../screens/tuiPrompter.js')]);
  const prompter = deferredPrompter();
  const session = await ctx.session({ prompter });
  return runTui({
    session, readOnly, color: ctx.color, env: ctx.env,
    stdout: ctx.stdout as NodeJS.WriteStream, stdin: ctx.stdin as NodeJS.ReadStream,
    bindPrompter: (p) => prompter.bind(p),
  });
}
