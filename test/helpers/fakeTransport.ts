/**
 * A SCRIPTED fake box for unit and command tests: every call must match an expectation, in order by default.
 *
 *   const t = fakeTransport([
 *     ubusFixture('luci.metablogizer', 'status'),
 *     { argv: ['uci', '-q', 'get', 'metablogizer.main.enabled'], result: { stdout: '1\n' } },
 *     { argv: ['ubus', 'call', /^luci\./, /.+/, '{}'], times: 3 },
 *   ]);
 *   const box = createBox('lab', t);
 *   ...
 *   t.assertDone();   // every expectation used as many times as declared, and no unexpected call
 *
 * It implements exec AND batch natively (Box.batch uses transport.batch, so tests see the inner calls one by
 * one). An unexpected call rejects with an Error naming the argv, AND is remembered so that assertDone() fails
 * even when the code under test swallowed the rejection.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortError, TimeoutError } from '../../src/lib/errors.js';
import type { BatchCall, ExecOptions, ExecResult, Transport, TransportKind } from '../../src/backends/types.js';
import { TRANSCRIPTS } from './shared.js';

export interface Expect {
  /** Exact argv (each element a string to equal or a RegExp to match), or a predicate. */
  argv: readonly (string | RegExp)[] | ((argv: readonly string[]) => boolean);
  /** When given, the call's stdin must equal / match it. */
  stdin?: string | RegExp;
  result?: { stdout?: string | Buffer; stderr?: string; code?: number };
  /** How many calls this expectation answers (default 1; Infinity = any number, at least one). */
  times?: number;
  /** Answer after this delay (honours the call's timeoutMs and signal). */
  delayMs?: number;
}

export interface FakeCall {
  argv: string[];
  stdin?: string;
}

export interface FakeTransport extends Transport {
  /** Every call received, in order (inner calls of a batch included). */
  calls: FakeCall[];
  /** One entry per round trip: an exec, or a batch with its size. */
  rounds: { kind: 'exec' | 'batch'; size: number }[];
  /** Calls that matched no expectation (they were rejected). */
  unexpected: FakeCall[];
  /** Throws unless every expectation was used exactly as declared and nothing unexpected happened. */
  assertDone(): void;
  closed: boolean;
}

function showArgv(argv: readonly (string | RegExp)[] | ((a: readonly string[]) => boolean)): string {
  if (typeof argv === 'function') return '<predicate>';
  return JSON.stringify(argv.map((a) => (a instanceof RegExp ? a.toString() : a)));
}

function matchArgv(exp: Expect['argv'], argv: readonly string[]): boolean {
  if (typeof exp === 'function') return exp(argv);
  if (exp.length !== argv.length) return false;
  return exp.every((e, i) => (e instanceof RegExp ? e.test(argv[i]!) : e === argv[i]));
}

function matchStdin(exp: Expect['stdin'], stdin: string | undefined): boolean {
  if (exp === undefined) return true;
  if (stdin === undefined) return false;
  return exp instanceof RegExp ? exp.test(stdin) : exp === stdin;
}

function stdinText(s: string | Buffer | undefined): string | undefined {
  if (s === undefined) return undefined;
  return typeof s === 'string' ? s : s.toString('utf8');
}

export function fakeTransport(
  expectations: Expect[],
  opts: { ordered?: boolean; kind?: TransportKind; target?: string } = {},
): FakeTransport {
  const ordered = opts.ordered ?? true;
  const used = expectations.map(() => 0);
  const limit = (i: number): number => expectations[i]!.times ?? 1;

  function find(argv: readonly string[], stdin: string | undefined): number {
    if (ordered) {
      for (let i = 0; i < expectations.length; i++) {
        if (used[i]! >= limit(i)) continue;
        const e = expectations[i]!;
        if (matchArgv(e.argv, argv) && matchStdin(e.stdin, stdin)) return i;
        // An "any number of times" expectation already satisfied may be skipped; anything else must come first.
        if (limit(i) === Infinity && used[i]! > 0) continue;
        return -1;
      }
      return -1;
    }
    return expectations.findIndex((e, i) => used[i]! < limit(i) && matchArgv(e.argv, argv) && matchStdin(e.stdin, stdin));
  }

  async function answer(argv: readonly string[], o: ExecOptions, stdinOverride?: string): Promise<ExecResult> {
    const stdin = stdinOverride ?? stdinText(o.stdin);
    const call: FakeCall = stdin === undefined ? { argv: [...argv] } : { argv: [...argv], stdin };
    t.calls.push(call);
    if (o.signal?.aborted) throw new AbortError('aborted');
    const i = find(argv, stdin);
    if (i < 0) {
      t.unexpected.push(call);
      const next = expectations.findIndex((_, k) => used[k]! < limit(k));
      const wanted = next < 0 ? 'no more calls' : showArgv(expectations[next]!.argv);
      throw new Error(
        `fakeTransport: unexpected call ${JSON.stringify(argv)}${stdin !== undefined ? ` with stdin ${JSON.stringify(stdin.slice(0, 200))}` : ''}; expected ${wanted}`,
      );
    }
    used[i]!++;
    const e = expectations[i]!;
    if (e.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, e.delayMs);
        let tt: ReturnType<typeof setTimeout> | undefined;
        if (o.timeoutMs !== undefined && o.timeoutMs < e.delayMs!) {
          tt = setTimeout(() => {
            clearTimeout(timer);
            reject(new TimeoutError(`\`${argv.slice(0, 2).join(' ')}\``, o.timeoutMs!));
          }, o.timeoutMs);
        }
        o.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            if (tt) clearTimeout(tt);
            reject(new AbortError('aborted'));
          },
          { once: true },
        );
      });
    }
    const res = e.result ?? {};
    const stdout = res.stdout === undefined ? Buffer.alloc(0) : Buffer.isBuffer(res.stdout) ? res.stdout : Buffer.from(res.stdout);
    return { stdout, stderr: Buffer.from(res.stderr ?? ''), code: res.code ?? 0, signal: null };
  }

  const t: FakeTransport = {
    kind: opts.kind ?? 'sim',
    target: opts.target ?? 'fake',
    calls: [],
    rounds: [],
    unexpected: [],
    closed: false,
    async exec(argv: readonly string[], o: ExecOptions = {}): Promise<ExecResult> {
      t.rounds.push({ kind: 'exec', size: 1 });
      return answer(argv, o);
    },
    async batch(calls: readonly BatchCall[], o: ExecOptions = {}): Promise<ExecResult[]> {
      t.rounds.push({ kind: 'batch', size: calls.length });
      const out: ExecResult[] = [];
      for (const c of calls) out.push(await answer(c.argv, { ...o, stdin: undefined }, c.stdin));
      return out;
    },
    async close(): Promise<void> {
      t.closed = true;
    },
    assertDone(): void {
      const problems: string[] = [];
      for (const c of t.unexpected) problems.push(`unexpected call ${JSON.stringify(c.argv)}`);
      expectations.forEach((e, i) => {
        const n = used[i]!;
        const want = limit(i);
        if (want === Infinity ? n === 0 : n !== want) {
          problems.push(`expectation #${i} ${showArgv(e.argv)} used ${n} time(s), expected ${want === Infinity ? 'at least 1' : want}`);
        }
      });
      if (problems.length) throw new Error(`fakeTransport:\n  ${problems.join('\n  ')}`);
    },
  };
  return t;
}

/** Read a recorded output: `ubus/call/luci.metablogizer/status` → its `.out` bytes + `.meta.json` exit code and stderr. */
export function fixtureResult(relPathUnderTranscripts: string): { stdout: string; code: number; stderr: string } {
  const base = join(TRANSCRIPTS, relPathUnderTranscripts.replace(/\.(out|meta\.json)$/, ''));
  const stdout = readFileSync(`${base}.out`, 'utf8');
  const meta = JSON.parse(readFileSync(`${base}.meta.json`, 'utf8')) as { exit_code: number; stderr?: string };
  return { stdout, code: meta.exit_code, stderr: meta.stderr ?? '' };
}

/**
 * An Expect for `ubus call OBJECT METHOD <params>` answered with the recorded output of that call.
 * With params, the recording whose meta.json has the same params is used.
 */
export function ubusFixture(object: string, method: string, params: Record<string, unknown> = {}, extra: Partial<Expect> = {}): Expect {
  const json = JSON.stringify(params);
  let rel = `ubus/call/${object}/${method}`;
  if (json !== '{}') {
    const dir = join(TRANSCRIPTS, 'ubus', 'call', object);
    const hit = readdirSync(dir)
      .filter((f) => f.startsWith(`${method}__`) && f.endsWith('.meta.json'))
      .find((f) => JSON.stringify((JSON.parse(readFileSync(join(dir, f), 'utf8')) as { params?: unknown }).params) === json);
    if (!hit) throw new Error(`ubusFixture: no recording of ${object} ${method} with params ${json}`);
    rel = `ubus/call/${object}/${hit.replace(/\.meta\.json$/, '')}`;
  }
  return { argv: ['ubus', 'call', object, method, json], result: fixtureResult(rel), ...extra };
}

let appletDir: string | undefined;

/** A temp dir of symlinks, one per busybox applet (`sh`, `cat`, `stat`, `mv` ...), like a router's /bin. */
export function busyboxAppletDir(): string {
  if (appletDir) return appletDir;
  const dir = mkdtempSync(join(tmpdir(), 'secubox-busybox-'));
  const bb = execFileSync('sh', ['-c', 'command -v busybox']).toString().trim();
  for (const applet of execFileSync(bb, ['--list']).toString().split('\n').filter(Boolean)) {
    try {
      symlinkSync(bb, join(dir, applet));
    } catch {
      // ignore odd applet names
    }
  }
  appletDir = dir;
  return dir;
}

/**
 * A minimal REAL transport for tests: argv runs under busybox, with PATH = [opts.path..., busybox applets] so
 * that `sh`, `cat`, `stat`, `mv` ... are busybox's (as on a router) and scripts meant for a box's ash are run by
 * a real ash. No native batch: Box.batch frames its calls into one `sh -c`. An unknown command exits 127.
 */
export function busyboxTransport(opts: { path?: string[]; env?: Record<string, string>; cwd?: string } = {}): Transport & { execs: string[][] } {
  const execs: string[][] = [];
  const dir = busyboxAppletDir();
  const env = { HOME: '/nonexistent', LC_ALL: 'C', ...opts.env, PATH: [...(opts.path ?? []), dir].join(':') };
  return {
    kind: 'local',
    target: 'busybox',
    execs,
    exec(argv: readonly string[], o: ExecOptions = {}): Promise<ExecResult> {
      execs.push([...argv]);
      return new Promise((resolve, reject) => {
        const child = spawn(join(dir, 'sh'), ['-c', 'exec "$@"', 'sh', ...argv], {
          env,
          cwd: opts.cwd,
          stdio: ['pipe', 'pipe', 'pipe'],
          signal: o.signal,
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let timedOut = false;
        const timer = o.timeoutMs ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, o.timeoutMs) : undefined;
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.stdin.on('error', () => undefined);
        child.on('error', (e) => {
          if (timer) clearTimeout(timer);
          reject(e.name === 'AbortError' ? new AbortError('aborted') : e);
        });
        child.on('close', (code, signal) => {
          if (timer) clearTimeout(timer);
          if (timedOut) return reject(new TimeoutError(`\`${argv.slice(0, 2).join(' ')}\``, o.timeoutMs!));
          resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code, signal });
        });
        child.stdin.end(o.stdin ?? '');
      });
    },
    async close(): Promise<void> {},
  };
}
