/**
 * The DEMO fleet (`secubox --demo`): three simulated boxes, in process, clearly labelled DEMO.
 *   demo-alpha   healthy; sites blog (emancipated) and docs; gitea exposed over Tor + DNS.
 *   demo-bravo   CrowdSec alerts, haproxy stopped, and (like the real box in the transcripts) a haproxy
 *                config that fails strict parsing: its emancipate prints COMPLETE but changes nothing.
 *   demo-charlie unreachable (every exec fails with UnreachableError 'network' after a short delay).
 * Each Transport interprets argv (see shell.ts) and keeps state, so every screen and the emancipate
 * flow work end to end. Our own data, modelled on the recorded outputs (sim/data.ts).
 */
import { AbortError, TimeoutError, UnreachableError } from '../../lib/errors.js';
import type { BatchCall, ExecOptions, ExecResult, Transport } from '../types.js';
import { demoSpecs, type SimBoxSpec } from './data.js';
import { runArgv } from './shell.js';
import { SimBoxState, type SimOptions } from './state.js';
import type { SimResult } from './uci.js';

export const DEMO_LABEL = 'DEMO';

/** Same shape as core's BoxEntry (backends may not import core). */
export interface DemoEntry {
  name: string;
  host: string;
  port?: number;
  user?: string;
  tags: string[];
}

export interface DemoFleet {
  entries: DemoEntry[];
  /** One transport per box name (state kept per fleet instance). Throws for an unknown name. */
  transport(name: string): Transport;
  /** The simulated state (tests, and the TUI's DEMO banner). */
  state(name: string): SimBoxState | undefined;
}

export interface DemoOptions {
  clock?: () => number;
  /** >1 speeds up delays and jobs (tests). Default 1. */
  speed?: number;
  /** Round-trip latency at speed 1 (ms), default 25. */
  latencyMs?: number;
}

function delay(ms: number, o: ExecOptions, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) { reject(new AbortError()); return; }
    const timeout = o.timeoutMs !== undefined && o.timeoutMs < ms ? o.timeoutMs : undefined;
    const t = setTimeout(() => {
      o.signal?.removeEventListener('abort', onAbort);
      if (timeout !== undefined) reject(new TimeoutError(what, timeout)); else resolve();
    }, timeout ?? ms);
    const onAbort = () => { clearTimeout(t); reject(new AbortError()); };
    o.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function toExec(r: SimResult): ExecResult {
  return { stdout: Buffer.from(r.stdout), stderr: Buffer.from(r.stderr), code: r.code, signal: null };
}

function stdinText(s: string | Buffer | undefined): string {
  return s === undefined ? '' : typeof s === 'string' ? s : s.toString('utf8');
}

/** Calls that take a while on a real box (the synchronous exposure flow waits for tor). */
function extraMs(argv: readonly string[]): number {
  const i = argv.indexOf('call');
  if (i >= 0 && argv[i + 1] === 'luci.exposure' && (argv[i + 2] === 'emancipate' || argv[i + 2] === 'revoke')) return 1200;
  return 0;
}

class SimTransport implements Transport {
  readonly kind = 'sim' as const;
  readonly target: string;
  private closed = false;

  constructor(private readonly spec: SimBoxSpec, private readonly state: SimBoxState | undefined, private readonly opts: Required<Pick<DemoOptions, 'speed' | 'latencyMs'>>) {
    this.target = `demo:${spec.name}`;
  }

  private async reach(o: ExecOptions, extra: number, what: string): Promise<SimBoxState> {
    if (this.spec.unreachable || !this.state) {
      await delay(300 / this.opts.speed, o, what);
      throw new UnreachableError(this.spec.name, 'network', `${this.spec.name}: no route to host ${this.spec.host} (DEMO box, unreachable on purpose)`,
        'this demo box shows how the tool handles a dead box: its last data stays on screen, marked stale');
    }
    await delay((this.opts.latencyMs + extra) / this.opts.speed, o, what);
    return this.state;
  }

  async exec(argv: readonly string[], o: ExecOptions = {}): Promise<ExecResult> {
    const st = await this.reach(o, extraMs(argv), `\`${argv.slice(0, 3).join(' ')}\``);
    return toExec(runArgv(st, argv, stdinText(o.stdin)));
  }

  async batch(calls: readonly BatchCall[], o: ExecOptions = {}): Promise<ExecResult[]> {
    const extra = calls.reduce((n, c) => n + extraMs(c.argv), 0);
    const st = await this.reach(o, extra, `batch of ${calls.length}`);
    return calls.map((c) => toExec(runArgv(st, c.argv, c.stdin ?? '')));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export function demoFleet(opts: DemoOptions = {}): DemoFleet {
  const simOpts: SimOptions = { clock: opts.clock ?? Date.now, speed: opts.speed ?? 1 };
  const specs = demoSpecs();
  const states = new Map<string, SimBoxState>();
  for (const s of specs) if (!s.unreachable) states.set(s.name, new SimBoxState(s, simOpts));
  const transports = new Map<string, SimTransport>();
  return {
    entries: specs.map((s) => ({ name: s.name, host: s.host, user: 'root', tags: ['demo', s.unreachable ? 'lab' : 'prod'] })),
    transport(name) {
      const spec = specs.find((s) => s.name === name);
      if (!spec) throw new Error(`no demo box named ${name} (demo boxes: ${specs.map((s) => s.name).join(', ')})`);
      let t = transports.get(name);
      if (!t) {
        t = new SimTransport(spec, states.get(name), { speed: simOpts.speed, latencyMs: opts.latencyMs ?? 25 });
        transports.set(name, t);
      }
      return t;
    },
    state: (name) => states.get(name),
  };
}

export type { SimBoxSpec } from './data.js';
export type { SimBoxState } from './state.js';
