/**
 * The ONE shell-quoting function of the project (DESIGN.md "Transports and the Box API").
 *
 * Turns an argv array into one command string that a POSIX sh, dash or busybox ash parses back into exactly
 * the same words, byte for byte. Used by the SSH transport (the remote side runs `$SHELL -c STRING`) and by
 * anything that must build a shell script (batch framing).
 *
 * Rules:
 *   - a word made only of "safe" characters is left bare (the common case: `ubus`, `call`, `luci.x`, `/etc/config`);
 *   - the empty string becomes `''`;
 *   - anything else is wrapped in single quotes, and each `'` inside becomes `'\''` (close, escaped quote, reopen).
 *     Inside single quotes POSIX shells give every byte its literal meaning: `$`, backticks, `\`, `"`, newlines,
 *     tabs, globs, `~`, control bytes and UTF-8 all pass through unchanged.
 *   - NUL cannot be part of an argv element (C strings): it is refused, never silently truncated.
 *
 * The safe set excludes `=` (a bare `A=b` as the first word would be an assignment, not a command), `~` and `#`
 * (special at the start of a word), glob characters, `{}` / `!` / `^` (special to bash / old Bourne shells).
 */

const SAFE = /^[A-Za-z0-9_@%+:,./-]+$/;

export function quoteArg(s: string): string {
  if (typeof s !== 'string') throw new TypeError(`shell argument must be a string, got ${typeof s}`);
  if (s === '') return "''";
  if (SAFE.test(s)) return s;
  if (s.includes('\0')) throw new TypeError('shell argument contains a NUL byte, which no command can receive');
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Words a shell reads as syntax, not as a command name, when they come first (POSIX reserved words + common extensions). */
const RESERVED = new Set(['!', '{', '}', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', 'function', 'select', 'time', '[[', ']]']);

/**
 * Quote every element and join with single spaces. An empty argv is refused (there is no command to run).
 * The command word is always quoted when it is a reserved word (`if`, `done`…), so it runs as a command, not as syntax.
 */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError('empty argv: nothing to run');
  return argv.map((a, i) => (i === 0 && RESERVED.has(a) ? `'${a}'` : quoteArg(a))).join(' ');
}
