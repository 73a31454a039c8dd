/**
 * Fleet fan-out: run one function per box with bounded concurrency and a per-box deadline, so that one slow or
 * dead box never delays the others' results; then an exit code for the whole run (DESIGN.md "Exit codes").
 */
import type { BoxApi } from '../backends/types.js';
import { CancelledError, ExitCode, SecuboxError, TimeoutError, UnreachableError } from '../lib/errors.js';
import type { BoxEntry } from './inventory.js';
import type { Session } from './session.js';

export type Reach = 'ok' | 'failed' | 'unreachable';

export interface BoxResult<T> {
  box: string;
  ok: boolean;
  value?: T;
  error?: Error;
  reach: Reach;
  /** Wall time for this box (open + fn), ms. */
  ms: number;
}

export interface FanOutOptions<T> {
  /** Boxes worked on at once (default 8). */
  concurrency?: number;
  /** Per-box deadline covering open + fn; undefined = none. */
  timeoutMs?: number;
  /** Aborts every box still running (their results become CancelledError). */
  signal?: AbortSignal;
  /** Called as each box finishes, in completion order (for progressive output). */
  onResult?: (r: BoxResult<T>) => void;
}

export type BoxTask<T> = (box: BoxApi, entry: BoxEntry, signal: AbortSignal) => Promise<T>;

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** UnreachableError → unreachable; anything else → failed. */
export function classify(err: unknown): Exclude<Reach, 'ok'> {
  return err instanceof UnreachableError ? 'unreachable' : 'failed';
}

async function runOne<T>(session: Session, entry: BoxEntry, fn: BoxTask<T>, opts: FanOutOptions<T>): Promise<BoxResult<T>> {
  const started = Date.now();
  const ctl = new AbortController();
  const onOuterAbort = () => ctl.abort(new CancelledError());
  if (opts.signal?.aborted) onOuterAbort();
  else opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let opened = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    if (opts.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const err = opened
          ? new TimeoutError(`${entry.name}`, opts.timeoutMs!)
          : new UnreachableError(entry.name, 'timeout', `${entry.name}: no answer within ${Math.round(opts.timeoutMs! / 100) / 10} s`,
            'check that the box is up and reachable, or raise --timeout');
        ctl.abort(err);
        reject(err);
      }, opts.timeoutMs);
    }
    ctl.signal.addEventListener('abort', () => reject(asError(ctl.signal.reason ?? new CancelledError())), { once: true });
  });
  deadline.catch(() => undefined);
  try {
    const work = (async () => {
      const box = await session.open(entry);
      opened = true;
      return fn(box, entry, ctl.signal);
    })();
    work.catch(() => undefined);
    const value = await Promise.race([work, deadline]);
    return { box: entry.name, ok: true, value, reach: 'ok', ms: Date.now() - started };
  } catch (e) {
    const error = opts.signal?.aborted && !(e instanceof CancelledError) ? new CancelledError() : asError(e);
    return { box: entry.name, ok: false, error, reach: classify(error), ms: Date.now() - started };
  } finally {
    if (timer) clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
    if (!ctl.signal.aborted) ctl.abort(new CancelledError('done'));
  }
}

/** Run `fn` on every entry; results in the order of `entries`. Never throws for a box's failure. */
export async function fanOut<T>(session: Session, entries: readonly BoxEntry[], fn: BoxTask<T>, opts: FanOutOptions<T> = {}): Promise<BoxResult<T>[]> {
  const results: BoxResult<T>[] = new Array(entries.length);
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 8));
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= entries.length) return;
      const r = await runOne(session, entries[i]!, fn, opts);
      results[i] = r;
      try {
        opts.onResult?.(r);
      } catch {
        /* a printing callback must not break the fan-out */
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  return results;
}

export interface FleetSummary {
  exitCode: number;
  ok: string[];
  failed: string[];
  unreachable: string[];
  /** e.g. `2 ok, 1 failed (r3), 1 unreachable (r4)` */
  text: string;
}

/**
 * 0 when every box is ok (or there are none); 3 when every box was unreachable; 4 when some boxes succeeded and
 * others did not; 1 when none succeeded and at least one failed. 130 when every non-ok box was cancelled.
 */
export function summarize(results: readonly BoxResult<unknown>[]): FleetSummary {
  const ok = results.filter((r) => r.reach === 'ok').map((r) => r.box);
  const failed = results.filter((r) => r.reach === 'failed').map((r) => r.box);
  const unreachable = results.filter((r) => r.reach === 'unreachable').map((r) => r.box);
  const bad = results.filter((r) => !r.ok);
  let exitCode: number;
  if (bad.length === 0) exitCode = ExitCode.OK;
  else if (bad.every((r) => r.error instanceof CancelledError)) exitCode = ExitCode.CANCELLED;
  else if (ok.length > 0) exitCode = ExitCode.PARTIAL;
  else if (failed.length === 0) exitCode = ExitCode.UNREACHABLE;
  else exitCode = ExitCode.ERROR;
  const parts = [`${ok.length} ok`];
  if (failed.length) parts.push(`${failed.length} failed (${failed.join(', ')})`);
  if (unreachable.length) parts.push(`${unreachable.length} unreachable (${unreachable.join(', ')})`);
  return { exitCode, ok, failed, unreachable, text: parts.join(', ') };
}

/** One line describing a failed box result (message only; hints are per error). */
export function describeFailure(r: BoxResult<unknown>): string {
  const msg = (r.error ? r.error.message.split('\n')[0] : undefined) ?? 'failed';
  return msg.startsWith(`${r.box}:`) || msg.includes(`"${r.box}"`) ? msg : `${r.box}: ${msg}`;
}

export function hintOf(err: unknown): string | undefined {
  return err instanceof SecuboxError ? err.hint : undefined;
}
