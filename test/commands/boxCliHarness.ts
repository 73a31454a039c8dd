/**
 * Command-test harness for the box/exec/ubus/uci verbs: runs `main(argv)` with captured streams, a temp
 * XDG_CONFIG_HOME/HOME, and scripted fake boxes injected through sessionImpl's test-only hooks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/main.js';
import { setSessionTestHooks } from '../../src/core/sessionImpl.js';
import type { TransportRequest } from '../../src/core/sessionImpl.js';
import type { Transport } from '../../src/backends/types.js';

export interface Captured {
  isTTY: boolean;
  columns: number;
  chunks: Buffer[];
  write(c: string | Uint8Array): boolean;
  text(): string;
  bytes(): Buffer;
}

export function capture(isTTY = false, onWrite?: (s: string) => void): Captured {
  const chunks: Buffer[] = [];
  return {
    isTTY,
    columns: 100,
    chunks,
    write(c) {
      const b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c);
      chunks.push(b);
      onWrite?.(b.toString('utf8'));
      return true;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
    bytes: () => Buffer.concat(chunks),
  };
}

/** A fake terminal on stdin: answers are typed when a question shows up on stderr. */
export type FakeStdin = PassThrough & { isTTY?: boolean; isRaw?: boolean; setRawMode?(m: boolean): unknown; rawCalls: boolean[] };

export function fakeStdin(isTTY: boolean): FakeStdin {
  const s = new PassThrough() as FakeStdin;
  s.rawCalls = [];
  if (isTTY) {
    s.isTTY = true;
    s.isRaw = false;
    s.setRawMode = (m: boolean) => {
      s.rawCalls.push(m);
      s.isRaw = m;
      return s;
    };
  }
  return s;
}

export interface Sandbox {
  dir: string;
  home: string;
  xdg: string;
  env: Record<string, string | undefined>;
  configPath: string;
  cleanup(): void;
}

export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'secubox-cmd-'));
  const home = join(dir, 'home');
  const xdg = join(dir, 'xdg');
  return {
    dir, home, xdg,
    env: { HOME: home, XDG_CONFIG_HOME: xdg, PATH: '/usr/bin:/bin', NO_COLOR: '1' },
    configPath: join(xdg, 'secubox', 'config.json'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface RunOptions {
  env: Record<string, string | undefined>;
  /** Fake boxes by name; a box without one makes open() fail loudly. */
  boxes?: Record<string, Transport>;
  /** Or a factory for every box. */
  transport?: (req: TransportRequest) => Transport | Promise<Transport>;
  onRouter?: boolean;
  ttyOut?: boolean;
  /** stdin is a terminal; `answers` are typed one per question (a question = a stderr write ending with '] ' or '? '). */
  ttyIn?: boolean;
  answers?: string[];
  /** Bytes piped on stdin (non-TTY). */
  stdinData?: string | Buffer;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
  requests: TransportRequest[];
  stdin: FakeStdin;
}

export async function runCli(argv: string[], o: RunOptions): Promise<RunResult> {
  const requests: TransportRequest[] = [];
  setSessionTestHooks({
    // --demo runs keep the demo fleet's own sim transports
    ...(argv.includes('--demo') ? {} : {
      transport: async (req: TransportRequest) => {
        requests.push(req);
        if (o.transport) return o.transport(req);
        const t = o.boxes?.[req.entry.name];
        if (!t) throw new Error(`test: no fake transport for box "${req.entry.name}"`);
        return t;
      },
    }),
    onRouter: () => o.onRouter === true,
  });
  const stdin = fakeStdin(o.ttyIn === true);
  const answers = [...(o.answers ?? [])];
  const stderr = capture(false, (s) => {
    if (answers.length && /(\] |\? |\) )$/.test(s)) {
      const a = answers.shift()!;
      setImmediate(() => stdin.write(a));
    }
  });
  const stdout = capture(o.ttyOut === true);
  if (o.stdinData !== undefined) stdin.end(o.stdinData);
  else if (!o.ttyIn) stdin.end();
  try {
    const code = await main(argv, { stdout, stderr, stdin, env: o.env, setExitCode: false });
    return { code, stdout: stdout.text(), stderr: stderr.text(), stdoutBytes: stdout.bytes(), requests, stdin };
  } finally {
    setSessionTestHooks({});
  }
}
