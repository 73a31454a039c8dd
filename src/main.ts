/**
 * argv → command or TUI; error → exit code. The only place that sets process.exitCode.
 * commander is built from the declarative table (src/commands/table); a command's file is imported
 * only when it runs, so a plain command never loads Ink/React and `secubox box list` stays cheap.
 */
import { Command, CommanderError, Option } from 'commander';
import { COMMANDS, GROUPS } from './commands/table/index.js';
import { GLOBAL_OPTIONS, JSON_OPTION, TARGET_OPTIONS, type CommandSpec, type OptionSpec } from './commands/spec.js';
import type { Context } from './commands/context.js';
import type { Session } from './core/session.js';
import { ExitCode, UsageError, formatError } from './lib/errors.js';
import { helpPathOf, renderHelp } from './commands/help.js';

export interface MainIO {
  stdout?: Context['stdout'];
  stderr?: Context['stderr'];
  stdin?: Context['stdin'];
  env?: Record<string, string | undefined>;
  /** When false (tests), do not touch process.exitCode. */
  setExitCode?: boolean;
}

function addOption(cmd: Command, o: OptionSpec): void {
  const opt = new Option(o.flags, o.description);
  if (o.choices) opt.choices(o.choices as string[]);
  if (o.default !== undefined) opt.default(o.default);
  if (o.hidden) opt.hideHelp();
  if (o.repeatable) opt.argParser((v: string, prev: unknown) => [...(Array.isArray(prev) ? prev as string[] : []), v]);
  cmd.addOption(opt);
}

export function optionsOf(spec: CommandSpec): OptionSpec[] {
  return [...(spec.options ?? []), ...(spec.targets ? TARGET_OPTIONS : []), ...(spec.json ? [JSON_OPTION] : [])];
}

/** Pre-scan for global flags so that they work anywhere on the line. */
function globalFlags(argv: readonly string[]): { debug: boolean; demo: boolean; noColor: boolean; rest: string[] } {
  const rest: string[] = [];
  let debug = false, demo = false, noColor = false, afterDashDash = false;
  for (const a of argv) {
    if (afterDashDash) { rest.push(a); continue; }
    if (a === '--') { afterDashDash = true; rest.push(a); continue; }
    if (a === '--debug') debug = true;
    else if (a === '--demo') demo = true;
    else if (a === '--no-color') noColor = true;
    else rest.push(a);
  }
  return { debug, demo, noColor, rest };
}

export function buildProgram(run: (spec: CommandSpec, args: string[], opts: Record<string, unknown>) => Promise<void>): Command {
  const program = new Command('secubox')
    .description('Terminal administration for SecuBox appliances: one box or a whole fleet, locally or over SSH.')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .enablePositionalOptions() // required by passThroughOptions (exec, __complete)
    .configureHelp({ formatHelp: (cmd, helper) => renderHelp(helpPathOf(cmd), helper.helpWidth) ?? '' }); // help from the table (commands/help.ts)
  for (const g of GLOBAL_OPTIONS) addOption(program, g);
  const groups = new Map<string, Command>();
  for (const spec of COMMANDS) {
    let parent = program;
    const words = [...spec.path];
    const leaf = words.pop()!;
    for (const w of words) {
      let g = groups.get(w);
      if (!g) {
        g = program.command(w).description(GROUPS[w] ?? '');
        groups.set(w, g);
      }
      parent = g;
    }
    const cmd = parent.command(leaf, { hidden: spec.hidden }).description(spec.summary);
    for (const a of spec.aliases ?? []) cmd.alias(a);
    for (const a of spec.args ?? []) cmd.argument(a.syntax, a.description);
    for (const o of optionsOf(spec)) addOption(cmd, o);
    if (spec.unknownOptionsAsArgs) cmd.allowUnknownOption(true).allowExcessArguments(true);
    if (spec.passThrough) cmd.passThroughOptions(true).allowUnknownOption(true).allowExcessArguments(true);
    cmd.action(async (...actionArgs: unknown[]) => {
      const command = actionArgs[actionArgs.length - 1] as Command;
      const args = (command.args ?? []).map(String);
      await run(spec, args, command.opts());
    });
  }
  return program;
}

/**
 * No verb (`secubox`, or only the TUI's own options: `secubox --read-only`): the TUI on a terminal; elsewhere a usage
 * error that points to the commands (the same for both).
 */
export function withDefaultVerb(words: readonly string[], terminal: boolean): string[] {
  const tui = COMMANDS.find((c) => c.path.length === 1 && c.path[0] === 'tui');
  const tuiFlags = new Set((tui?.options ?? []).flatMap((o) => o.flags.split(/[ ,]+/).filter((f) => f.startsWith('-'))));
  if (!words.every((w) => tuiFlags.has(w))) return [...words];
  if (!terminal) {
    throw new UsageError('no command given and this is not a terminal, so the TUI cannot start', 'run `secubox help` for the commands, or `secubox status` for a summary');
  }
  return ['tui', ...words];
}

export async function main(argv: readonly string[], io: MainIO = {}): Promise<number> {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const stdin = io.stdin ?? process.stdin;
  const { debug, demo, noColor, rest } = globalFlags(argv);
  const color = !noColor && !env.NO_COLOR && Boolean(stdout.isTTY);
  const abort = new AbortController();
  let session: Session | undefined;
  let sessionPromise: Promise<Session> | undefined;
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);

  const ctx: Context = {
    stdout, stderr, stdin, env, debug, demo, color, signal: abort.signal,
    session: (over = {}) => {
      sessionPromise ??= Promise.all([import('./core/sessionImpl.js'), import('./core/ttyPrompter.js')]).then(async ([m, p]) => {
        session = await m.openSession({
          env, demo, acceptNew: over.acceptNew, timeoutMs: over.timeoutMs,
          prompter: over.prompter ?? p.createPrompter({ stdin, stderr, env }),
        });
        // --debug: every call made to a box, on stderr (the TUI shows the same events in its command-log panel).
        if (debug) {
          session.onCall((ev) => {
            const where = ev.batch ? ` [${ev.batch.index + 1}/${ev.batch.size}]` : '';
            stderr.write(`debug: ${ev.box}${where} ${ev.label} → ${ev.code ?? ev.error ?? 'error'} (${Math.round(ev.ms)} ms)\n`);
          });
        }
        return session;
      });
      return sessionPromise;
    },
  };

  let exitCode: number = ExitCode.OK;
  try {
    const words = withDefaultVerb(rest, Boolean(stdout.isTTY && stdin.isTTY));
    const program = buildProgram(async (spec, args, opts) => {
      const mod = await spec.load();
      const code = await mod.run({ args, opts }, ctx);
      exitCode = typeof code === 'number' ? code : ExitCode.OK;
    });
    // subcommands copied the settings when created: apply to every command (else `box x --bogus` exits 1 via process.exit)
    const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)];
    for (const c of everyCommand(program)) {
      c.exitOverride().configureOutput({
        writeOut: (s) => { stdout.write(s); },
        writeErr: (s) => { stderr.write(s); },
        outputError: () => { /* turned into one line by the catch below */ },
      });
    }
    await program.parseAsync([...words], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') {
        exitCode = ExitCode.OK;
      } else {
        const msg = err.message.replace(/^error: /, '');
        const f = formatError(new UsageError(msg), debug);
        stderr.write(f.text);
        exitCode = ExitCode.USAGE;
      }
    } else if (abort.signal.aborted && !(err instanceof Error && 'exitCode' in err)) {
      stderr.write('secubox: cancelled\n');
      exitCode = ExitCode.CANCELLED;
    } else {
      const f = formatError(err, debug);
      stderr.write(f.text);
      exitCode = f.exitCode;
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    if (session) await session.close().catch(() => undefined);
  }
  if (io.setExitCode !== false) process.exitCode = exitCode;
  return exitCode;
}
