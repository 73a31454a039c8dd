/**
 * Local transport (execa 9.6): runs argv directly on this machine — used when secubox runs on the router itself.
 * No shell is involved (argv goes straight to execve), so there is nothing to quote.
 */
import { execa } from 'execa';
import { AbortError, RemoteError, TimeoutError } from '../lib/errors.js';
import type { ExecOptions, ExecResult, Transport } from './types.js';

/** Grace between SIGTERM and SIGKILL when a call times out or is aborted. */
const KILL_GRACE_MS = 2000;
/** Output above this is refused rather than kept in memory (execa's maxBuffer, per stream). */
const MAX_OUTPUT = 512 * 1024 * 1024;

function toBuffer(v: unknown): Buffer {
  if (v === undefined || v === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(String(v));
}

function label(argv: readonly string[]): string {
  return argv.slice(0, 2).join(' ');
}

export function createLocalTransport(): Transport {
  let closed = false;
  const running = new Set<AbortController>();

  async function exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (argv.length === 0) throw new TypeError('exec: empty argv');
    if (closed) throw new RemoteError('local transport is closed', { box: 'local' });
    const [file, ...args] = argv as [string, ...string[]];
    if (opts.signal?.aborted) throw new AbortError(`\`${label(argv)}\` aborted`);

    // One controller per call: fed by the caller's signal and by close().
    const ctl = new AbortController();
    const onAbort = (): void => ctl.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    running.add(ctl);
    try {
      const r = await execa(file, args, {
        input: opts.stdin === undefined ? undefined : typeof opts.stdin === 'string' ? opts.stdin : new Uint8Array(opts.stdin),
        stdin: opts.stdin === undefined ? 'ignore' : undefined,
        encoding: 'buffer',
        reject: false,
        stripFinalNewline: false,
        shell: false,
        timeout: opts.timeoutMs !== undefined && opts.timeoutMs > 0 ? opts.timeoutMs : undefined,
        cancelSignal: ctl.signal,
        forceKillAfterDelay: KILL_GRACE_MS,
        maxBuffer: MAX_OUTPUT,
        windowsHide: true,
      });
      if (r.timedOut) throw new TimeoutError(`\`${label(argv)}\``, opts.timeoutMs ?? 0);
      if (r.isCanceled) throw new AbortError(`\`${label(argv)}\` aborted`);
      const code = (r as { code?: string }).code;
      if (r.failed && r.exitCode === undefined && r.signal === undefined) {
        if (code === 'ENOENT') {
          throw new RemoteError(`command not found: ${file}`, {
            box: 'local',
            hint: `is the package that provides \`${file}\` installed on this machine, and is it on PATH?`,
          });
        }
        if (code === 'EACCES') {
          throw new RemoteError(`permission denied running ${file}`, { box: 'local', hint: 'check the file is executable' });
        }
        if ((r as { isMaxBuffer?: boolean }).isMaxBuffer) {
          throw new RemoteError(`\`${label(argv)}\` printed more than ${MAX_OUTPUT} bytes`, { box: 'local' });
        }
        throw new RemoteError(`could not run ${file}: ${(r as { shortMessage?: string }).shortMessage ?? code ?? 'unknown error'}`, { box: 'local' });
      }
      return {
        stdout: toBuffer(r.stdout),
        stderr: toBuffer(r.stderr),
        code: r.exitCode ?? null,
        signal: r.signal ?? null,
      };
    } finally {
      running.delete(ctl);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    kind: 'local',
    target: 'local',
    exec,
    async close(): Promise<void> {
      closed = true;
      for (const c of running) c.abort();
    },
  };
}
