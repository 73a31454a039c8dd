/**
 * Screen-test harness: Ink rendered into a fake terminal of a given size (ink-testing-library's
 * stdout is fixed at 100 columns), keys written to a fake stdin, frames polled with waitFor.
 */
import { EventEmitter } from 'node:events';
import type { ReactNode } from 'react';
import { render, type Instance } from 'ink';

export class FakeStdout extends EventEmitter {
  frames: string[] = [];
  isTTY = true;
  constructor(public columns = 100, public rows = 30) { super(); }
  write = (frame: string) => { this.frames.push(frame); return true; };
  lastFrame = () => this.frames[this.frames.length - 1] ?? '';
  resize(columns: number, rows: number) { this.columns = columns; this.rows = rows; this.emit('resize'); }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string) => { this.data = data; this.emit('readable'); this.emit('data', data); };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => { const d = this.data; this.data = null; return d; };
}

export const KEY = {
  up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', enter: '\r', esc: '\x1b', tab: '\t', backtab: '\x1b[Z',
  pgdn: '\x1b[6~', pgup: '\x1b[5~', backspace: '\x7f', ctrlC: '\x03',
} as const;

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\x1b\][^\x07]*\x07/g, '');

export interface Rendered {
  instance: Instance;
  stdout: FakeStdout;
  stdin: FakeStdin;
  /** The last frame, without ANSI styles. */
  frame(): string;
  /** Raw last frame (with styles). */
  raw(): string;
  press(...keys: string[]): Promise<void>;
  waitFor(pred: (frame: string) => boolean, what?: string, timeoutMs?: number): Promise<string>;
  waitText(text: string | RegExp, timeoutMs?: number): Promise<string>;
  unmount(): void;
}

export function renderTui(node: ReactNode, size: { columns: number; rows: number } = { columns: 100, rows: 30 }): Rendered {
  const stdout = new FakeStdout(size.columns, size.rows);
  const stdin = new FakeStdin();
  const instance = render(node, {
    stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, stderr: stdout as unknown as NodeJS.WriteStream,
    debug: true, exitOnCtrlC: false, patchConsole: false,
  });
  const frame = () => strip(stdout.lastFrame());
  const waitFor = async (pred: (f: string) => boolean, what = 'condition', timeoutMs = 8000) => {
    const start = Date.now();
    for (;;) {
      const f = frame();
      if (pred(f)) return f;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last frame:\n${f}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    instance, stdout, stdin, frame, raw: () => stdout.lastFrame(),
    // One key per write, with a turn of the event loop between (as a terminal delivers them).
    press: async (...keys: string[]) => {
      for (const k of keys) {
        stdin.write(k);
        await new Promise((r) => setTimeout(r, 15));
      }
    },
    waitFor,
    waitText: (text, timeoutMs) => waitFor((f) => (typeof text === 'string' ? f.includes(text) : text.test(f)), String(text), timeoutMs),
    unmount: () => { instance.unmount(); instance.cleanup(); },
  };
}

/** Every line of the frame fits in `columns` cells (wide chars counted as 2). */
export function overlong(frame: string, columns: number): string[] {
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\u{1f300}-\u{1faff}]/u.test(ch) ? 2 : 1), 0);
  return frame.split('\n').filter((l) => width(l) > columns);
}
