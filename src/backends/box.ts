/**
 * The Box API on top of any Transport (DESIGN.md "Transports and the Box API").
 *
 *   const box = createBox('lab', transport, { defaultTimeoutMs: 20_000 });
 *   box.onCall((ev) => log.push(ev));          // the TUI's command-log panel
 *   const st = await box.ubus.call('luci.metablogizer', 'status');
 *   const [a, b] = await box.batch([{ argv: [...] }, { argv: [...] }]);   // ONE exec
 *
 * Every call emits one CallEvent; a batch emits one per inner call with `batch: {index, size}` (their `ms` is the
 * whole batch's: the calls share one round trip). A call that throws (timeout, abort, unreachable) emits events
 * with `ok: false`, `code: null` and `error`, then the error is rethrown.
 */
import { RemoteError } from '../lib/errors.js';
import { quoteArgv } from '../lib/shellQuote.js';
import { buildBatchScript, FramingError, newBoundary, parseBatchOutput } from './batch.js';
import { createFilesApi } from './files.js';
import { createService } from './services.js';
import type { BatchCall, BoxApi, CallEvent, CallListener, CallResult, ExecOptions, ExecResult, Transport } from './types.js';
import { interpretUbusList, interpretUbusResult, ubusCallArgv } from './ubus.js';
import { createUciApi } from './uciApi.js';

export interface BoxOptions {
  /** Timeout applied to every call that does not set its own `timeoutMs`. */
  defaultTimeoutMs?: number;
}

const LABEL_MAX = 120;
/**
 * Longest framed script sent as an argv element (quoted, as the SSH transport sends it). Dropbear refuses exec
 * commands longer than MAX_CMD_LEN (9000 bytes); above this the same script is piped into `sh -s` instead
 * (every call inside has its own stdin redirection, so none can eat the script).
 */
export const FRAMED_ARGV_MAX = 8000;

export function labelOf(argv: readonly string[]): string {
  // Bare unless the element has blanks, quotes or backslashes (or is empty): then JSON-quoted, so the words stay visible.
  const s = argv.map((a) => (/^[^\s'"\\]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  return s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s;
}

function text(b: Buffer | string | undefined): string {
  if (b === undefined) return '';
  return typeof b === 'string' ? b : b.toString('utf8');
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createBox(name: string, transport: Transport, opts: BoxOptions = {}): BoxApi {
  const listeners = new Set<CallListener>();

  function emit(ev: CallEvent): void {
    for (const l of [...listeners]) {
      try {
        l(ev);
      } catch {
        // A broken log panel must never break a call.
      }
    }
  }

  function withDefaults(o: ExecOptions | undefined): ExecOptions {
    const out: ExecOptions = {};
    if (o?.stdin !== undefined) out.stdin = o.stdin;
    if (o?.signal !== undefined) out.signal = o.signal;
    const t = o?.timeoutMs ?? opts.defaultTimeoutMs;
    if (t !== undefined) out.timeoutMs = t;
    return out;
  }

  async function exec(argv: readonly string[], o: ExecOptions & { label?: string } = {}): Promise<CallResult> {
    if (argv.length === 0) throw new TypeError('exec: empty argv');
    const label = o.label ?? labelOf(argv);
    const startedAt = Date.now();
    const t0 = performance.now();
    let r: ExecResult;
    try {
      r = await transport.exec(argv, withDefaults(o));
    } catch (e) {
      emit({ box: name, label, argv, startedAt, ms: performance.now() - t0, code: null, ok: false, error: errorMessage(e) });
      throw e;
    }
    const ms = performance.now() - t0;
    emit({ box: name, label, argv, startedAt, ms, code: r.code, ok: r.code === 0 });
    return { argv, label, code: r.code, stdout: text(r.stdout), stderr: text(r.stderr) };
  }

  /** Frame the calls into one `sh -c` exec (transport without native batch); a long script goes on stdin to `sh -s`. */
  async function framedBatch(calls: readonly BatchCall[], o: ExecOptions): Promise<ExecResult[]> {
    const boundary = newBoundary();
    const script = buildBatchScript(calls, boundary);
    const r =
      quoteArgv(['sh', '-c', script]).length <= FRAMED_ARGV_MAX
        ? await transport.exec(['sh', '-c', script], o)
        : await transport.exec(['sh', '-s'], { ...o, stdin: script });
    try {
      return parseBatchOutput(r.stdout, r.stderr, boundary, calls.length).map((f) => ({ ...f, signal: null }));
    } catch (e) {
      if (!(e instanceof FramingError)) throw e;
      const errLine = text(r.stderr).split('\n').find((l) => l.trim() !== '' && !l.includes(boundary));
      throw new RemoteError(`${name}: the batch of ${calls.length} calls came back truncated or garbled (${e.message})`, {
        box: name,
        hint: r.code === 127 || r.code === 126
          ? 'the box has no usable `sh`'
          : `the connection may have dropped, or the shell was killed${errLine ? ` (stderr: ${errLine.trim().slice(0, 100)})` : ''}; retry`,
        detail: { code: r.code, signal: r.signal },
        cause: e,
      });
    }
  }

  async function batch(calls: readonly BatchCall[], o: ExecOptions = {}): Promise<CallResult[]> {
    if (calls.length === 0) return [];
    for (const [i, c] of calls.entries()) if (c.argv.length === 0) throw new TypeError(`batch call #${i}: empty argv`);
    const size = calls.length;
    const labels = calls.map((c) => c.label ?? labelOf(c.argv));
    const startedAt = Date.now();
    const t0 = performance.now();
    const eo = withDefaults(o);
    let results: ExecResult[];
    try {
      results = transport.batch ? await transport.batch(calls, eo) : await framedBatch(calls, eo);
      if (results.length !== size) {
        throw new RemoteError(`${name}: batch of ${size} calls returned ${results.length} results`, { box: name, hint: 'this is a transport bug; report it' });
      }
    } catch (e) {
      const ms = performance.now() - t0;
      calls.forEach((c, index) =>
        emit({ box: name, label: labels[index]!, argv: c.argv, startedAt, ms, code: null, ok: false, batch: { index, size }, error: errorMessage(e) }),
      );
      throw e;
    }
    const ms = performance.now() - t0;
    return results.map((r, index) => {
      const c = calls[index]!;
      emit({ box: name, label: labels[index]!, argv: c.argv, startedAt, ms, code: r.code, ok: r.code === 0, batch: { index, size } });
      return { argv: c.argv, label: labels[index]!, code: r.code, stdout: text(r.stdout), stderr: text(r.stderr) };
    });
  }

  const core = { name, exec, batch };

  const api: BoxApi = {
    name,
    transport,
    exec,
    batch,
    ubus: {
      async call<T = unknown>(object: string, method: string, args?: Record<string, unknown>, o?: ExecOptions): Promise<T> {
        const r = await exec(ubusCallArgv(object, method, args), { ...o, label: `ubus call ${object} ${method}` });
        const out = interpretUbusResult<T>(object, method, r, name);
        if (!out.ok) throw out.error;
        return out.data;
      },
      async list(object?: string, o?: ExecOptions) {
        const argv = object === undefined ? ['ubus', '-v', 'list'] : ['ubus', '-v', 'list', object];
        const r = await exec(argv, { ...o, label: `ubus -v list${object ? ` ${object}` : ''}` });
        const out = interpretUbusList(r, object, name);
        if (!out.ok) throw out.error;
        return out.data;
      },
    },
    uci: createUciApi(core),
    service: (svc: string) => createService(core, svc),
    files: createFilesApi(core),
    onCall(listener: CallListener): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close: () => transport.close(),
  };
  return api;
}
