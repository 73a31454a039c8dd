/**
 * Logs: `logread -e <tag>` polled (not `logread -f`: a follow channel would hold the box's only exec
 * slot on dropbear and never end), and the subsystem's own `logs` method as a fallback.
 */
import type { BoxApi } from '../backends/types.js';
import { isAbortError } from '../lib/errors.js';

export interface LogLine {
  /** Raw line as logread prints it. */
  text: string;
  /** ISO time when the line starts with a syslog date (`Sun Dec  7 21:42:10 2025`), else null. */
  at: string | null;
}

export interface StreamLogsOptions {
  signal: AbortSignal;
  onLine: (line: LogLine) => void;
  /** Lines shown first (default 100; 0 = only lines that come after the start). */
  initialLines?: number;
  /** Only lines for which this is true are shown (and counted in initialLines), e.g. `secubox logs --grep`. */
  match?: (text: string) => boolean;
  /** Poll interval (default 2000 ms). */
  intervalMs?: number;
  /** A failed read (the stream goes on; throwing from here ends it with that error). */
  onError?: (err: unknown) => void;
  /** Called after each successful read of the log, before its lines are delivered. */
  onPoll?: () => void;
}

const SYSLOG_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) /;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseLogLine(text: string): LogLine {
  const m = SYSLOG_DATE.exec(text);
  if (!m) return { text, at: null };
  const d = new Date(Date.UTC(Number(m[6]), MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
  return { text, at: Number.isNaN(d.getTime()) ? null : d.toISOString() };
}

/** A tag for `logread -e` is a regex on the box: keep it to a plain word. */
function safeTag(tag: string): string {
  if (!/^[A-Za-z0-9_.@-]+$/.test(tag)) throw new TypeError(`not a log tag: ${JSON.stringify(tag)}`);
  return tag;
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l !== '');
}

async function logread(box: BoxApi, tag: string, signal?: AbortSignal): Promise<string[]> {
  const r = await box.exec(['logread', '-e', safeTag(tag)], { signal, label: `logread -e ${tag}` });
  if (r.code !== 0 && !r.stdout) throw new Error(`logread failed on ${box.name}: ${r.stderr.trim().split('\n')[0] ?? `exit ${r.code}`}`);
  return lines(r.stdout);
}

/** Last N lines for a tag. */
export async function readLogs(box: BoxApi, tag: string, opts: { lines?: number; signal?: AbortSignal } = {}): Promise<LogLine[]> {
  const all = await logread(box, tag, opts.signal);
  return all.slice(-(opts.lines ?? 100)).map(parseLogLine);
}

/** The lines of `next` that come after what `prev` ended with (logread prints the whole ring buffer each time). */
export function newLines(prev: readonly string[], next: readonly string[]): string[] {
  if (prev.length === 0) return [...next];
  const last = prev[prev.length - 1]!;
  // the last line we showed, matched together with the ones before it (lines repeat)
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] !== last) continue;
    let k = 1;
    while (k < 4 && i - k >= 0 && prev.length - 1 - k >= 0 && next[i - k] === prev[prev.length - 1 - k]) k++;
    if (k === Math.min(4, prev.length, i + 1)) return next.slice(i + 1);
  }
  return [...next];
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  if (signal.aborted) { resolve(); return; }
  const t = setTimeout(() => { signal.removeEventListener('abort', done); resolve(); }, ms);
  const done = () => { clearTimeout(t); resolve(); };
  signal.addEventListener('abort', done, { once: true });
});

/** Polls logread and calls onLine for each new line until the signal aborts; resolves on abort. One exec per poll. */
export async function streamLogs(box: BoxApi, tag: string, opts: StreamLogsOptions): Promise<void> {
  let prev: string[] = [];
  let first = true;
  while (!opts.signal.aborted) {
    try {
      const all = await logread(box, tag, opts.signal);
      const initial = opts.initialLines ?? 100;
      let fresh = first ? all : newLines(prev, all);
      if (opts.match) fresh = fresh.filter(opts.match);
      if (first) fresh = initial > 0 ? fresh.slice(-initial) : [];
      first = false;
      prev = all;
      opts.onPoll?.();
      for (const l of fresh) opts.onLine(parseLogLine(l));
    } catch (err) {
      if (opts.signal.aborted || isAbortError(err)) return;
      opts.onError?.(err);
    }
    await sleep(opts.intervalMs ?? 2000, opts.signal);
  }
}

/** The subsystem's `logs`/`get_logs` ubus method (e.g. luci.haproxy get_logs {lines}), as lines. */
export async function subsystemLogs(box: BoxApi, object: string, method: string, opts: { lines?: number; linesParam?: string; signal?: AbortSignal } = {}): Promise<LogLine[]> {
  const args = opts.linesParam ? { [opts.linesParam]: opts.lines ?? 100 } : {};
  const a = await box.ubus.call<Record<string, unknown>>(object, method, args, { signal: opts.signal });
  const v = a.logs ?? a.entries ?? a.lines ?? a.log ?? a.output;
  const out = typeof v === 'string' ? lines(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : [];
  return out.slice(-(opts.lines ?? 100)).map(parseLogLine);
}
