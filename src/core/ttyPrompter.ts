import type { Prompter } from './prompt.js';
import { nonInteractivePrompter } from './prompt.js';

export interface PrompterIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(m: boolean): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/** Readline prompter on the TTY (stderr), or the non-interactive one. Replaced by a full implementation. */
export function createPrompter(io: PrompterIO): Prompter {
  if (!io.stdin.isTTY) return nonInteractivePrompter;
  return nonInteractivePrompter;
}
