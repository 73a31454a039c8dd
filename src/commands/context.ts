/**
 * What a command receives: its streams, environment and a lazily opened session.
 * Kept free of heavy imports: the session module is loaded only when a command needs a box.
 */
import type { Session } from '../core/session.js';

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
  session(opts?: { acceptNew?: boolean; timeoutMs?: number }): Promise<Session>;
}
