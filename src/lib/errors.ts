/**
 * Exit codes (DESIGN.md) and the typed errors that map onto them.
 * src/main.ts is the only place that turns an error into process.exitCode.
 */
export const ExitCode = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  UNREACHABLE: 3,
  PARTIAL: 4,
  CANCELLED: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_DOCS: ReadonlyArray<readonly [number, string, string]> = [
  [0, 'ok', 'everything asked for was done (and verified)'],
  [1, 'error', 'the command failed (remote error, verification failed, bad state)'],
  [2, 'usage', 'bad arguments or options; nothing was done'],
  [3, 'unreachable', 'a box could not be reached: network, authentication or host key'],
  [4, 'partial', 'some boxes succeeded and some failed (fleet commands)'],
  [130, 'cancelled', 'interrupted (Ctrl-C) or declined at a confirmation'],
];

/** Base class: one line of what went wrong (`message`) and one line of what to try (`hint`). */
export class SecuboxError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, opts: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.exitCode = opts.exitCode ?? ExitCode.ERROR;
    this.hint = opts.hint;
  }
}

export class UsageError extends SecuboxError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.USAGE, hint: hint ?? 'see `secubox help` or `secubox <command> --help`' });
  }
}

export type UnreachableReason = 'network' | 'auth' | 'host-key' | 'timeout' | 'unknown-host';

export class UnreachableError extends SecuboxError {
  readonly reason: UnreachableReason;
  readonly box: string;
  constructor(box: string, reason: UnreachableReason, message: string, hint?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.UNREACHABLE, hint, cause });
    this.reason = reason;
    this.box = box;
  }
}

/** The box answered, but with an error (rpcd `{error}` / `success:false`, a CLI `[ERROR]` line, a failed verification). */
export class RemoteError extends SecuboxError {
  readonly box: string | undefined;
  readonly detail: unknown;
  constructor(message: string, opts: { box?: string; hint?: string; detail?: unknown; cause?: unknown } = {}) {
    super(message, { exitCode: ExitCode.ERROR, hint: opts.hint, cause: opts.cause });
    this.box = opts.box;
    this.detail = opts.detail;
  }
}

export class TimeoutError extends SecuboxError {
  constructor(what: string, ms: number, hint?: string) {
    super(`${what} timed out after ${Math.round(ms / 100) / 10} s`, { exitCode: ExitCode.ERROR, hint: hint ?? 'raise --timeout, or check that the box is not overloaded' });
  }
}

export class CancelledError extends SecuboxError {
  constructor(message = 'cancelled') {
    super(message, { exitCode: ExitCode.CANCELLED });
  }
}

/** An exec/call stopped through its AbortSignal (screen change, Ctrl-C). `name === 'AbortError'`, exit code 130. */
export class AbortError extends CancelledError {
  constructor(message = 'aborted') {
    super(message);
  }
}

export class PartialFailureError extends SecuboxError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.PARTIAL, hint });
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err instanceof CancelledError);
}

/** Render an error as the two lines DESIGN.md asks for (stack only with --debug). */
export function formatError(err: unknown, debug = false): { text: string; exitCode: number } {
  if (err instanceof SecuboxError) {
    let text = `secubox: ${err.message}\n`;
    if (err.hint) text += `hint: ${err.hint}\n`;
    if (debug && err.stack) text += `${err.stack}\n`;
    return { text, exitCode: err.exitCode };
  }
  const message = err instanceof Error ? err.message : String(err);
  let text = `secubox: unexpected error: ${message.split('\n')[0]}\n`;
  text += debug && err instanceof Error && err.stack ? `${err.stack}\n` : 'hint: run again with --debug for details, and report it if it persists\n';
  return { text, exitCode: ExitCode.ERROR };
}
