/**
 * Shared printing helpers for plain commands (no Ink): aligned tables on a TTY, TSV when piped, JSON documents,
 * byte pass-through, per-box line prefixes and the fleet summary. Results go to stdout, messages to stderr.
 */
import { fanOut, summarize, type BoxResult, type BoxTask } from '../core/fleet.js';
import type { BoxEntry } from '../core/inventory.js';
import type { Session } from '../core/session.js';
import { parseTargetOptions } from '../core/targets.js';
import type { Context, OutStream } from './context.js';

export type Cell = string | number | boolean | null | undefined;

/** Bytes or text to a stream (process.stdout accepts Buffers; test streams should too). */
export function writeBytes(out: OutStream, data: Buffer | string): void {
  if (typeof data === 'string') out.write(data);
  else if (data.length > 0) (out as unknown as { write(c: Uint8Array): unknown }).write(data);
}

export function isTty(out: OutStream): boolean {
  return out.isTTY === true;
}

function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  return String(c);
}

/** One TSV field: tabs and newlines would break the columns, so they are escaped (`\t`, `\n`, `\\`). */
export function tsvField(c: Cell): string {
  return cellText(c).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** Display width, counting East Asian wide characters as 2 and ignoring combining marks (good enough for tables). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f)) continue;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** Aligned columns with a header line (TTY form). Control characters in cells are made visible. */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const clean = (c: Cell) => cellText(c).replace(/[\u0000-\u001f\u007f]/g, (m) => (m === '\t' ? ' ' : m === '\n' ? '⏎' : '?'));
  const body = rows.map((r) => headers.map((_, i) => clean(r[i])));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...body.map(line)].map((l) => `${l}\n`).join('');
}

/** TSV: one line per row, no header (stable for `cut`/`awk`). */
export function formatTsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => `${r.map(tsvField).join('\t')}\n`).join('');
}

/** A table on a TTY, TSV when piped. */
export function printTable(out: OutStream, headers: readonly string[], rows: readonly (readonly Cell[])[]): void {
  out.write(isTty(out) ? formatTable(headers, rows) : formatTsv(rows));
}

/** One JSON document: pretty on a TTY unless `compact`, always newline-terminated. */
export function formatJson(value: unknown, opts: { pretty: boolean }): string {
  return `${JSON.stringify(value ?? null, null, opts.pretty ? 2 : undefined)}\n`;
}

export function printJson(out: OutStream, value: unknown, opts: { pretty?: boolean } = {}): void {
  out.write(formatJson(value, { pretty: opts.pretty ?? isTty(out) }));
}

/**
 * Prefix each line with `prefix` (e.g. `r1: `), keeping incomplete last lines until flush(). Bytes pass through
 * unchanged apart from the prefix; an unterminated last line gets a newline at flush().
 */
export function linePrefixer(out: OutStream, prefix: string): { write(data: Buffer | string): void; flush(): void } {
  let pending: Buffer = Buffer.alloc(0);
  const pre = Buffer.from(prefix);
  return {
    write(data) {
      let buf = Buffer.concat([pending, typeof data === 'string' ? Buffer.from(data) : data]);
      let nl: number;
      while ((nl = buf.indexOf(0x0a)) >= 0) {
        writeBytes(out, Buffer.concat([pre, buf.subarray(0, nl + 1)]));
        buf = buf.subarray(nl + 1);
      }
      pending = buf;
    },
    flush() {
      if (pending.length) writeBytes(out, Buffer.concat([pre, pending, Buffer.from('\n')]));
      pending = Buffer.alloc(0);
    },
  };
}

/** Print `text` with every line prefixed (a whole block at once). */
export function writePrefixed(out: OutStream, prefix: string, data: Buffer | string): void {
  const p = linePrefixer(out, prefix);
  p.write(data);
  p.flush();
}

export interface FleetLine {
  box: string;
  ok: boolean;
  reach: 'ok' | 'failed' | 'unreachable';
  error?: Error & { hint?: string };
}

/** Per-box failure lines then one summary line, on stderr (`r2: unreachable: …`). */
export function printFleetSummary(err: OutStream, results: readonly FleetLine[], summaryText: string): void {
  for (const r of results) {
    if (r.ok) continue;
    const msg = r.error?.message.split('\n')[0] ?? 'failed';
    err.write(`${r.box}: ${r.reach}: ${msg.startsWith(`${r.box}: `) ? msg.slice(r.box.length + 2) : msg}\n`);
  }
  err.write(`secubox: ${summaryText}\n`);
}

/** A plain message on stderr (progress, confirmations, what was done). */
export function note(err: OutStream, text: string): void {
  err.write(text.endsWith('\n') ? text : `${text}\n`);
}

// ---- running one task on the selected boxes ------------------------------------------------------------------

export interface TargetRun<T> {
  /** Print the value of a single-box run (its own exit code may be returned). */
  printOne?(value: T, entry: BoxEntry): void | number;
  /** Print one box's value in a multi-box text run, as it finishes. */
  printMany?(value: T, entry: BoxEntry): void;
  /** --json: the JSON of a value, printed compact (single box: as is; several: `{boxes: [{box, ok, reach, result|error}]}`). */
  json?: (value: T) => unknown;
  /** Several boxes: after printing a value, throw to count the box as failed (e.g. a non-zero exit code). */
  multiCheck?(value: T, entry: BoxEntry): void;
  /** Called with the resolved targets before anything runs (e.g. a confirmation for a multi-box write). */
  before?(entries: readonly BoxEntry[], multi: boolean, session: Session): Promise<void> | void;
  /** Session options (e.g. acceptNew). */
  acceptNew?: boolean;
}

/**
 * Resolve --box/--group/--all, run `task` on each box (bounded concurrency, per-box --timeout), print.
 * One box (selected by name or default): its error is thrown as is (main prints it, with its exit code).
 * Several boxes (or --group/--all): per-box output as boxes finish, failures + a summary on stderr, and the
 * summary exit code (0 / 1 / 3 / 4).
 */
export async function runOnTargets<T>(ctx: Context, opts: Record<string, unknown>, task: BoxTask<T>, how: TargetRun<T>): Promise<number> {
  const { selection, timeoutMs } = parseTargetOptions(opts);
  const sessionOpts: { acceptNew?: boolean; timeoutMs?: number } = {};
  if (how.acceptNew !== undefined) sessionOpts.acceptNew = how.acceptNew;
  if (timeoutMs !== undefined) sessionOpts.timeoutMs = timeoutMs;
  const session = await ctx.session(sessionOpts);
  const entries = session.resolveTargets(selection);
  const multi = entries.length > 1 || selection.group !== undefined || selection.all === true;
  await how.before?.(entries, multi, session);
  const fanOpts = { signal: ctx.signal, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };

  if (!multi) {
    const entry = entries[0]!;
    const [r] = await fanOut(session, [entry], task, fanOpts);
    if (!r || !r.ok) throw r?.error ?? new Error('no result');
    if (how.json) {
      printJson(ctx.stdout, how.json(r.value as T), { pretty: false });
      return 0;
    }
    const code = how.printOne?.(r.value as T, entry);
    return typeof code === 'number' ? code : 0;
  }

  // print each box's value as soon as it is there (inside the task, so that a box counted as failed by
  // multiCheck still shows its output)
  const results: BoxResult<T>[] = await fanOut(session, entries, async (box, entry, signal) => {
    const value = await task(box, entry, signal);
    if (!how.json) how.printMany?.(value, entry);
    how.multiCheck?.(value, entry);
    return value;
  }, fanOpts);
  if (how.json) {
    printJson(ctx.stdout, {
      boxes: results.map((r) => (r.ok
        ? { box: r.box, ok: true, reach: r.reach, result: how.json!(r.value as T) }
        : { box: r.box, ok: false, reach: r.reach, error: r.error?.message ?? 'failed' })),
    }, { pretty: false });
  }
  const sum = summarize(results);
  printFleetSummary(ctx.stderr, results, sum.text);
  return sum.exitCode;
}
