/**
 * The SSH transport: `exec(argv)` over one pooled ssh2 connection per box (see connection.ts), exec channels
 * limited per server flavour (1 on dropbear, 4 on OpenSSH), per-call timeout and abort that close the channel.
 * The argv is sent as ONE string built by src/lib/shellQuote (the remote login shell runs it with `-c`).
 */
import { AbortError, RemoteError, TimeoutError, UnreachableError } from '../../lib/errors.js';
import { quoteArgv } from '../../lib/shellQuote.js';
import type { ExecOptions, ExecResult, Transport } from '../types.js';
import { ChannelStartError, runChannel } from './channel.js';
import { SshConnection } from './connection.js';
import { Semaphore } from './limiter.js';
import { channelLimitFor, type ServerFlavour, type SshTarget } from './types.js';

/** After a stop, how long the server gets to confirm the channel close before the connection is torn down. */
const CLOSE_GRACE_MS = 2000;
/**
 * Longest command string one exec request may carry (measured against the real servers in the integration tests):
 * dropbear refuses commands over MAX_CMD_LEN = 9000 bytes and DROPS THE WHOLE CONNECTION; OpenSSH hands the
 * string to `sh -c` as one argument, which Linux caps at 128 KiB (MAX_ARG_STRLEN, including the NUL).
 * Bigger payloads must go through stdin (e.g. `sh -s` with the script on stdin).
 */
export const MAX_COMMAND_BYTES: Record<ServerFlavour, number> = { dropbear: 9000, openssh: 131_071, other: 9000 };

export interface SshTransport extends Transport {
  readonly kind: 'ssh';
  /** Known after the first connect. */
  readonly flavour: ServerFlavour | undefined;
  readonly serverSoftware: string | undefined;
  /** Handshakes done so far (reuse: stays 1 across many calls; +1 per reconnect). */
  readonly connectCount: number;
  /** Highest number of exec channels seen in flight at once (tests: 1 on dropbear). */
  readonly maxInFlight: number;
}

function describe(argv: readonly string[]): string {
  const head = argv.slice(0, 2).join(' ');
  return `\`${head.length > 60 ? head.slice(0, 57) + '...' : head}\``;
}

export function createSshTransport(target: SshTarget): SshTransport {
  const channels = new Semaphore(1);
  const conn = new SshConnection(target, (flavour) => {
    channels.limit = channelLimitFor(flavour);
  });
  let closed = false;
  let maxInFlight = 0;

  function raceStop<T>(p: Promise<T>, stop: AbortSignal, reason: () => Error): Promise<T> {
    if (stop.aborted) return Promise.reject(reason());
    return new Promise<T>((resolve, reject) => {
      const onStop = (): void => reject(reason());
      stop.addEventListener('abort', onStop, { once: true });
      p.then(
        (v) => {
          stop.removeEventListener('abort', onStop);
          resolve(v);
        },
        (e: unknown) => {
          stop.removeEventListener('abort', onStop);
          reject(e);
        },
      );
    });
  }

  async function exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const what = describe(argv);
    const cmd = quoteArgv(argv);
    if (closed) throw new RemoteError(`the transport to ${target.box} is closed`, { box: target.box });
    if (opts.signal?.aborted) throw new AbortError(`${what} on ${target.box} aborted`);

    // One stop signal per call, fed by the timeout and the caller's AbortSignal.
    const ctl = new AbortController();
    let stopError: Error | undefined;
    const stopWith = (e: Error): void => {
      if (stopError) return;
      stopError = e;
      ctl.abort(e);
    };
    const reason = (): Error => stopError ?? new AbortError(`${what} on ${target.box} aborted`);
    const timer =
      opts.timeoutMs !== undefined && opts.timeoutMs > 0
        ? setTimeout(() => stopWith(new TimeoutError(`${what} on ${target.box}`, opts.timeoutMs ?? 0)), opts.timeoutMs)
        : undefined;
    const onAbort = (): void => stopWith(new AbortError(`${what} on ${target.box} aborted`));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const stdin = opts.stdin === undefined ? undefined : typeof opts.stdin === 'string' ? Buffer.from(opts.stdin, 'utf8') : opts.stdin;

    try {
      for (let attempt = 0; ; attempt++) {
        const client = await raceStop(conn.connect(), ctl.signal, reason);
        const limit = MAX_COMMAND_BYTES[conn.flavour ?? 'other'];
        const bytes = Buffer.byteLength(cmd, 'utf8');
        if (bytes > limit) {
          throw new RemoteError(`${what}: the command line is ${bytes} bytes, more than the ${limit} this SSH server accepts in one request`, {
            box: target.box,
            hint: 'pass large data on stdin instead of in argv (for scripts: `sh -s` with the script on stdin)',
          });
        }
        const release = await channels.acquire(ctl.signal, reason);
        let untrack = (): void => {};
        try {
          if (!conn.isAlive(client)) {
            if (attempt < 2) continue; // dropped while we waited for a slot: the command never started
            throw new UnreachableError(target.box, 'network', `the connection to ${target.box} (${conn.where}) keeps dropping`);
          }
          maxInFlight = Math.max(maxInFlight, channels.inFlight);
          const run = runChannel(client, cmd, {
            stdin,
            stop: ctl.signal,
            stopReason: reason,
            closeGraceMs: CLOSE_GRACE_MS,
            onWedged: () => conn.drop(),
            box: target.box,
            what,
          });
          untrack = conn.track(run, what);
          return await run.promise;
        } catch (e) {
          if (e instanceof ChannelStartError) {
            // ssh2 threw synchronously: the connection is gone although no 'close' arrived yet. Not started: retry once.
            conn.drop();
            if (attempt < 1) continue;
            throw new UnreachableError(target.box, 'network', `lost the connection to ${target.box} (${conn.where}) before ${what} could start`,
              'check that the box is up, then retry', e);
          }
          throw e;
        } finally {
          untrack();
          release();
        }
      }
    } finally {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    kind: 'ssh',
    get target() {
      return conn.where;
    },
    exec,
    async close() {
      if (closed) return;
      closed = true;
      await conn.close();
    },
    get flavour() {
      return conn.flavour;
    },
    get serverSoftware() {
      return conn.serverSoftware;
    },
    get connectCount() {
      return conn.connectCount;
    },
    get maxInFlight() {
      return maxInFlight;
    },
  };
}
