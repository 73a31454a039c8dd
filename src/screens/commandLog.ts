/**
 * The command log behind the panel: a ring buffer of the calls the session made (session.onCall),
 * and the copy of one call as a shell line (to a file, and to the terminal clipboard with OSC 52).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '../backends/types.js';
import { quoteArgv } from '../lib/shellQuote.js';

type Listener = () => void;

export class CallLog {
  private buf: CallEvent[] = [];
  private total = 0;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly size = 500) {}

  push(ev: CallEvent): void {
    this.buf.push(ev);
    this.total++;
    if (this.buf.length > this.size) this.buf = this.buf.slice(-this.size);
    for (const l of this.listeners) l();
  }

  events(): readonly CallEvent[] {
    return this.buf;
  }

  count(): number {
    return this.total;
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => { this.listeners.delete(l); };
  }
}

/** The call as a line a user can paste in a shell on the box (or after `ssh box`). */
export function shellLine(ev: CallEvent): string {
  return quoteArgv(ev.argv);
}

export function copyFilePath(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'secubox', 'copied-call.sh');
}

/** Write the line to the copy file and return the OSC 52 sequence that puts it in the terminal's clipboard. */
export function copyCall(ev: CallEvent, env: Readonly<Record<string, string | undefined>>): { line: string; file: string; osc52: string } {
  const line = shellLine(ev);
  const file = copyFilePath(env);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, `# ${ev.box}: ${ev.label}\n${line}\n`, { mode: 0o600 });
  const osc52 = `\x1b]52;c;${Buffer.from(line, 'utf8').toString('base64')}\x07`;
  return { line, file, osc52 };
}
