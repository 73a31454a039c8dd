/**
 * One exec channel on an ssh2 Client: send the command, feed stdin then EOF, collect stdout/stderr as Buffers,
 * report exit code / signal. A stop (timeout or abort) kills the remote command and closes the channel; the promise
 * settles only when the channel is really closed (so the per-connection channel limit holds on dropbear) or, if the
 * server does not confirm within a grace period, after `onWedged` tore the connection down.
 */
import type { Client, ClientChannel } from 'ssh2';
import { RemoteError } from '../../lib/errors.js';
import type { ExecResult } from '../types.js';

/** `client.exec()` threw synchronously (ssh2 does so after a disconnect): the command never started. */
export class ChannelStartError extends Error {
  constructor(cause: unknown) {
    super(`could not start the command: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'ChannelStartError';
  }
}

export interface ChannelRun {
  promise: Promise<ExecResult>;
  /** Fail the run from outside (connection lost). */
  fail(err: Error): void;
}

export interface ChannelOptions {
  stdin?: Buffer;
  /** Fires on timeout or abort; `stopReason()` gives the error to reject with. */
  stop: AbortSignal;
  stopReason: () => Error;
  /** How long to wait for the server to confirm the close after a stop. */
  closeGraceMs: number;
  /** The server did not close the channel in time: tear the connection down (next call reconnects). */
  onWedged: () => void;
  box: string;
  what: string;
}

type ChannelInternals = { outgoing?: { state?: string; id?: number }; _client?: { _protocol?: { signal(id: number, name: string): void } } };

function sendSignal(stream: ClientChannel, name: string): void {
  const s = stream as unknown as ChannelInternals;
  try {
    if (s.outgoing?.state === 'open') stream.signal(name);
    else if (s.outgoing?.state === 'eof' && s.outgoing.id !== undefined) s._client?._protocol?.signal(s.outgoing.id, name);
  } catch {
    /* the channel is going away anyway */
  }
}

export function runChannel(client: Client, cmd: string, o: ChannelOptions): ChannelRun {
  let settled = false;
  let resolveP!: (r: ExecResult) => void;
  let rejectP!: (e: Error) => void;
  const promise = new Promise<ExecResult>((res, rej) => {
    resolveP = res;
    rejectP = rej;
  });
  let stream: ClientChannel | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let stopError: Error | undefined;

  const cleanup = (): void => {
    if (graceTimer) clearTimeout(graceTimer);
    o.stop.removeEventListener('abort', onStop);
  };
  const fail = (err: Error): void => {
    if (settled) return;
    settled = true;
    cleanup();
    rejectP(err);
  };
  const succeed = (r: ExecResult): void => {
    if (settled) return;
    settled = true;
    cleanup();
    resolveP(r);
  };

  function killStream(ch: ClientChannel): void {
    sendSignal(ch, 'KILL');
    try {
      ch.close();
    } catch {
      /* ignore */
    }
  }
  function onStop(): void {
    if (settled || stopError) return;
    stopError = o.stopReason();
    if (stream) killStream(stream); // else: killed as soon as the channel opens
    graceTimer = setTimeout(() => {
      o.onWedged();
      fail(stopError ?? o.stopReason());
    }, o.closeGraceMs);
  }
  o.stop.addEventListener('abort', onStop, { once: true });

  try {
    client.exec(cmd, (err, ch) => {
      if (err) {
        fail(stopError ?? new RemoteError(`${o.box}: could not open a channel for ${o.what}: ${err.message}`, { box: o.box, cause: err }));
        return;
      }
      stream = ch;
      const out: Buffer[] = [];
      const errs: Buffer[] = [];
      let code: number | null = null;
      let signal: string | null = null;
      let exited = false;
      ch.on('data', (d: Buffer) => out.push(d));
      ch.stderr.on('data', (d: Buffer) => errs.push(d));
      ch.on('exit', (c: number | null, sig?: string) => {
        exited = true;
        code = typeof c === 'number' ? c : null;
        signal = sig ?? null;
      });
      ch.on('error', () => {
        /* surfaced through close / the connection */
      });
      ch.on('close', () => {
        if (stopError) return fail(stopError);
        if (!exited) {
          // Either the connection went away (the connection handler fails us first) or the server closed
          // the channel without an exit status. Give the connection handler a tick to report the drop.
          setImmediate(() =>
            fail(new RemoteError(`${o.box}: ${o.what} ended without an exit status (channel closed by the server)`, { box: o.box })),
          );
          return;
        }
        succeed({ stdout: Buffer.concat(out), stderr: Buffer.concat(errs), code, signal });
      });
      if (stopError) {
        // stopped while the channel was opening
        killStream(ch);
        return;
      }
      if (o.stdin && o.stdin.length > 0) ch.end(o.stdin);
      else ch.end();
    });
  } catch (e) {
    fail(new ChannelStartError(e));
  }
  return { promise, fail };
}
