/**
 * The command tree is data: one CommandSpec per verb, declared in src/commands/table/*.ts.
 * main.ts builds commander from it (actions load the command file lazily), `secubox __complete`
 * answers from it, and `secubox help` / docs/commands.md are rendered from it. Loading the table must
 * stay cheap: no zod, no ssh2, no ink here.
 */
import type { Context } from './context.js';

/** What a word completes to, resolved by the completion engine (no network on TAB). */
export type CompleteKind =
  | 'box' | 'group' | 'box-or-group' | 'subsystem' | 'ubus-object' | 'ubus-method' | 'uci-config' | 'uci-path'
  | 'site' | 'service' | 'exposable' | 'peer' | 'vhost' | 'json-field' | 'file' | 'shell' | 'command' | 'none'
  /** The rpcd methods of the verb's subsystem (`CommandSpec.subsystem`). */
  | 'subsystem-method';

export interface OptionSpec {
  /** commander flags, e.g. `--port <port>`, `-y, --yes`, `--tag <tag...>` */
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string | boolean | number;
  complete?: CompleteKind;
  hidden?: boolean;
  /** May be given several times (`--tag a --tag b`); the values collect into an array. Not variadic, so that
   * `--tag lab r1` leaves `r1` to the command's argument. */
  repeatable?: boolean;
}

export interface ArgSpec {
  /** `name`, `[name]`, `<name...>`: commander syntax */
  syntax: string;
  description: string;
  choices?: readonly string[];
  complete?: CompleteKind;
}

export interface CommandInput {
  args: string[];
  /** Options as parsed by commander (camelCase keys); validate with zod in the command file. */
  opts: Record<string, unknown>;
}

export interface CommandModule {
  /** Return the exit code (default 0) or throw a SecuboxError. */
  run(input: CommandInput, ctx: Context): Promise<number | void>;
}

export interface CommandSpec {
  /** Words after `secubox`, e.g. ['box', 'add']. */
  path: readonly string[];
  summary: string;
  description?: string;
  args?: readonly ArgSpec[];
  options?: readonly OptionSpec[];
  /** Adds --box/--group/--all. */
  targets?: boolean;
  /** Adds --json; `jsonFields` documents (and completes) its stable top-level fields. */
  json?: boolean;
  jsonFields?: readonly string[];
  examples?: readonly string[];
  /** Exit codes this command may return beyond 0/1/2. */
  exitCodes?: readonly number[];
  /** Pass unknown options and everything after `--` through as args (exec). */
  passThrough?: boolean;
  /** Unknown options are kept as args (verbs that delegate to a box CLI: `secubox diag logs -n 50 --box r1`). */
  unknownOptionsAsArgs?: boolean;
  hidden?: boolean;
  aliases?: readonly string[];
  /** Registry id of the subsystem this verb works on (`secubox crowdsec ...`): completion offers its methods. */
  subsystem?: string;
  /** Where `secubox help` lists the verb: with the commands (default), or by name only in a section of its own. */
  helpSection?: 'subsystems' | 'legacy';
  load: () => Promise<CommandModule>;
}

/** Options every command accepts (handled in main.ts). */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flags: '--debug', description: 'print stack traces and every call made to a box' },
  { flags: '--demo', description: 'use the built-in demo fleet (no box needed)' },
  { flags: '--no-color', description: 'disable colours (NO_COLOR is honoured too)' },
];

export const TARGET_OPTIONS: readonly OptionSpec[] = [
  { flags: '-b, --box <names>', description: 'target box(es): comma-separated, or repeat --box', complete: 'box', repeatable: true },
  { flags: '-g, --group <tag>', description: 'every box with this tag (repeat for several tags)', complete: 'group', repeatable: true },
  { flags: '-a, --all', description: 'every box of the inventory (not with --box/--group)' },
  { flags: '--timeout <seconds>', description: 'per-box timeout in seconds', default: '20' },
];

export const JSON_OPTION: OptionSpec = { flags: '--json', description: 'print one stable JSON document on stdout' };
