/**
 * Batch framing: many calls in ONE `sh -c <script>` exec (DESIGN.md "One round trip per refresh").
 *
 * Used by the Box API when the transport has no native `batch`. The script runs the calls one after the other,
 * each in its own subshell (so `exit`, `cd`, `exec`, `set` in one call cannot touch the others), with stdin from
 * /dev/null unless the call has its own stdin (then `printf '%s' <quoted> | ( call )`).
 *
 * Framing, on BOTH stdout and stderr, with a boundary B of 24 random hex characters (crypto):
 *
 *     B:<i>:start\n <the call's bytes> \nB:<i>:end[:<exit code>]\n      (stdout carries the exit code)
 *     ...
 *     B:done:<n>\n
 *
 * The end marker always starts with a newline of its own, so a call whose output lacks a trailing newline is
 * framed the same way (the parser strips exactly that one byte). The parser looks for `\nB:<i>:end` only: the
 * call's bytes cannot contain it unless they contain B, which is drawn fresh for every batch (96 bits) and never
 * appears in the script text preceded by a newline. Binary output, NULs, markers of an earlier run (another B),
 * and partial markers are content. Anything missing (no end marker, no `done`, a wrong index, trailing bytes,
 * a non-numeric code) is rejected with a FramingError, never returned as partial data.
 *
 * Size: each call's stdin is embedded in the script. The script normally travels as the argv of `sh -c`; dropbear
 * refuses exec command lines over 9000 bytes, so box.ts pipes a longer script into `sh -s` instead (same script,
 * same framing). Large data still belongs in a plain `exec` with `opts.stdin` (files.write, uci.apply do that).
 */
import { randomBytes } from 'node:crypto';
import { quoteArg } from '../lib/shellQuote.js';
import type { BatchCall } from './types.js';

export interface FramedResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number;
}

/** The framed output could not be parsed: truncated, garbled, or the shell did not run the script. */
export class FramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FramingError';
  }
}

/** 24 lowercase hex characters from the crypto RNG. */
export function newBoundary(): string {
  return randomBytes(12).toString('hex');
}

const BOUNDARY_RE = /^[0-9a-f]{16,64}$/;

/**
 * The command word: always quoted, so that a bare `if`, `done`, `{` ... is a command name, never a shell keyword
 * or an alias (quoteArg leaves "safe" words bare).
 */
function quoteCommandWord(s: string): string {
  const q = quoteArg(s);
  return q.startsWith("'") ? q : `'${q}'`;
}

/** The POSIX sh / busybox ash script that runs `calls` framed with `boundary`. */
export function buildBatchScript(calls: readonly BatchCall[], boundary: string): string {
  if (!BOUNDARY_RE.test(boundary)) throw new TypeError('batch boundary must be 16-64 lowercase hex characters');
  // Helper names carry the boundary, so that no call's argv[0] can collide with them.
  const s = `_sbs${boundary}`;
  const e = `_sbe${boundary}`;
  const lines = [
    `_sbb=${boundary}`,
    `${s}() { printf '%s:%s:start\\n' "$_sbb" "$1"; printf '%s:%s:start\\n' "$_sbb" "$1" >&2; }`,
    `${e}() { printf '\\n%s:%s:end:%s\\n' "$_sbb" "$1" "$2"; printf '\\n%s:%s:end\\n' "$_sbb" "$1" >&2; }`,
  ];
  calls.forEach((call, i) => {
    if (call.argv.length === 0) throw new TypeError(`batch call #${i}: empty argv`);
    const [first, ...rest] = call.argv as [string, ...string[]];
    const cmd = [quoteCommandWord(first), ...rest.map(quoteArg)].join(' ');
    const run =
      call.stdin === undefined ? `( ${cmd} ) </dev/null` : `printf '%s' ${quoteArg(call.stdin)} | ( ${cmd} )`;
    // `$?` is expanded when `e` is called: the status of the line's pipeline.
    lines.push(`${s} ${i}; ${run}; ${e} ${i} $?`);
  });
  lines.push(`printf '%s:done:%s\\n' "$_sbb" ${calls.length}`, `printf '%s:done:%s\\n' "$_sbb" ${calls.length} >&2`, 'exit 0');
  return lines.join('\n') + '\n';
}

function describe(buf: Buffer, at: number): string {
  const snippet = buf.subarray(at, at + 40).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return `at byte ${at} of ${buf.length}${snippet ? ` ("${snippet}")` : ' (end of output)'}`;
}

/** Parse one stream (stdout or stderr) into `n` chunks; with `withCode`, each end marker carries `:<code>`. */
function parseStream(buf: Buffer, boundary: string, n: number, stream: string, withCode: boolean): { chunks: Buffer[]; codes: number[] } {
  const chunks: Buffer[] = [];
  const codes: number[] = [];
  const first = Buffer.from(`${boundary}:0:start\n`);
  const firstDone = Buffer.from(`${boundary}:done:${n}\n`);
  // Anything the shell printed before the first marker (a profile's noise) is ignored; the marker must start a line.
  const head = n === 0 ? firstDone : first;
  let pos = buf.indexOf(head);
  while (pos > 0 && buf[pos - 1] !== 0x0a) pos = buf.indexOf(head, pos + 1);
  if (pos < 0) {
    throw new FramingError(`${stream}: no batch frame found (the shell did not run the batch script, or its output was lost)`);
  }
  for (let i = 0; i < n; i++) {
    const start = Buffer.from(`${boundary}:${i}:start\n`);
    if (!buf.subarray(pos, pos + start.length).equals(start)) {
      throw new FramingError(`${stream}: expected the start of call #${i} ${describe(buf, pos)}`);
    }
    const bodyStart = pos + start.length;
    const endMark = Buffer.from(`\n${boundary}:${i}:end`);
    const endAt = buf.indexOf(endMark, bodyStart);
    if (endAt < 0) throw new FramingError(`${stream}: call #${i} has no end marker (output truncated)`);
    chunks.push(buf.subarray(bodyStart, endAt));
    let p = endAt + endMark.length;
    if (withCode) {
      if (buf[p] !== 0x3a /* : */) throw new FramingError(`${stream}: call #${i}: malformed end marker ${describe(buf, p)}`);
      p++;
      const nl = buf.indexOf(0x0a, p);
      if (nl < 0) throw new FramingError(`${stream}: call #${i}: end marker truncated`);
      const txt = buf.subarray(p, nl).toString('latin1');
      if (!/^\d{1,3}$/.test(txt)) throw new FramingError(`${stream}: call #${i}: bad exit code ${JSON.stringify(txt)}`);
      codes.push(Number(txt));
      p = nl + 1;
    } else {
      if (buf[p] !== 0x0a) throw new FramingError(`${stream}: call #${i}: malformed end marker ${describe(buf, p)}`);
      p++;
    }
    pos = p;
  }
  const done = Buffer.from(`${boundary}:done:${n}\n`);
  if (!buf.subarray(pos, pos + done.length).equals(done)) {
    throw new FramingError(`${stream}: batch end marker missing ${describe(buf, pos)} (output truncated)`);
  }
  if (pos + done.length !== buf.length) {
    throw new FramingError(`${stream}: unexpected bytes after the batch end ${describe(buf, pos + done.length)}`);
  }
  return { chunks, codes };
}

/** Split the framed stdout/stderr of one batch exec into `n` results. Throws FramingError on anything but a complete frame. */
export function parseBatchOutput(stdout: Buffer, stderr: Buffer, boundary: string, n: number): FramedResult[] {
  const out = parseStream(stdout, boundary, n, 'stdout', true);
  const err = parseStream(stderr, boundary, n, 'stderr', false);
  return out.chunks.map((chunk, i) => ({ stdout: chunk, stderr: err.chunks[i]!, code: out.codes[i]! }));
}

/**
 * What a correct run of the script prints, for tests and for simulated transports (`sim`) that want to answer a
 * framed batch without a shell.
 */
export function frameBatchOutput(results: readonly FramedResult[], boundary: string): { stdout: Buffer; stderr: Buffer } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  results.forEach((r, i) => {
    out.push(Buffer.from(`${boundary}:${i}:start\n`), r.stdout, Buffer.from(`\n${boundary}:${i}:end:${r.code}\n`));
    err.push(Buffer.from(`${boundary}:${i}:start\n`), r.stderr, Buffer.from(`\n${boundary}:${i}:end\n`));
  });
  out.push(Buffer.from(`${boundary}:done:${results.length}\n`));
  err.push(Buffer.from(`${boundary}:done:${results.length}\n`));
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}

/** Pull the boundary back out of a script built by buildBatchScript (for simulated transports). */
export function boundaryOfScript(script: string): string | undefined {
  return /^_sbb=([0-9a-f]{16,64})\n/.exec(script)?.[1];
}
