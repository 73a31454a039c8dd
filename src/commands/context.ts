/**
 * What a command receives: its streams, environment and a lazily opened session.
 * Kept free of heavy imports: the session module is loaded only when a command needs a box.
 */
import type { Session } from '../core/session.js';
import type { Prompter } from '../core/prompt.js';

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface InStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface Context {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Readonly<Record<string, string | undefined>>;
  debug: boolean;
  demo: boolean;
  color: boolean;
  signal: AbortSignal;
  /** The session (inventory + connection pool), opened on first use and closed by main.ts. */
  /** `prompter`: who asks the questions (the TUI passes its dialogs; default: the terminal prompter). */
  session(opts?: { acceptNew?: boolean; timeoutMs?: number; prompter?: Prompter }): Promise<Session>;
}
