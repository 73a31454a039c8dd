/**
 * Host key verification for ssh2's `hostVerifier` (DESIGN.md: never accept silently), and `fetchHostKey` for
 * `secubox box trust` (shows the fingerprint before anything is recorded).
 */
import { Socket } from 'node:net';
import ssh2 from 'ssh2';
import { UnreachableError } from '../../lib/errors.js';
import { appendKnownHost, checkHostKey, hostKeyAlgorithmsFor, hostKeyInfo, hostPortName, knownHostKeyTypes } from './knownHosts.js';
import type { SshTarget } from './types.js';
import { networkError } from './errors.js';

export interface HostVerifier {
  /** For ssh2's `hostVerifier` (raw key blob, async answer through `verify`). */
  verify(key: Buffer, verify: (ok: boolean) => void): void;
  /** Why the key was refused, when it was. */
  readonly error: UnreachableError | undefined;
  /** The key the server presented (after the handshake got that far). */
  readonly presented: Buffer | undefined;
}

/** ssh2 `algorithms.serverHostKey` so that a known key type is negotiated first (no false "changed" alarm). */
export function serverHostKeyAlgorithms(t: SshTarget): string[] {
  return hostKeyAlgorithmsFor(knownHostKeyTypes({ host: t.host, port: t.port, files: t.knownHostsFiles, alias: t.hostKeyAlias }));
}

/**
 * `pause` is called around user prompts so that the handshake timer does not run while a human reads a fingerprint.
 */
export function makeHostVerifier(t: SshTarget, pause: <T>(p: Promise<T>) => Promise<T>): HostVerifier {
  let error: UnreachableError | undefined;
  let presented: Buffer | undefined;
  const where = `${t.host}:${t.port}`;
  const refuse = (e: UnreachableError, verify: (ok: boolean) => void): void => {
    error = e;
    verify(false);
  };

  async function decide(key: Buffer, verify: (ok: boolean) => void): Promise<void> {
    presented = key;
    const info = hostKeyInfo(key);
    const verdict = checkHostKey({ host: t.host, port: t.port, key, files: t.knownHostsFiles, alias: t.hostKeyAlias });
    switch (verdict.status) {
      case 'known':
        verify(true);
        return;
      case 'mismatch': {
        const expected = verdict.expected.map((k) => `${k.type} ${k.fingerprint}`).join(', ');
        refuse(
          new UnreachableError(
            t.box,
            'host-key',
            `HOST KEY CHANGED for ${t.box} (${where}): it presented ${info.type} ${info.fingerprint}, but ${verdict.file}:${verdict.line} expects ${expected}`,
            `if the box was reinstalled, remove the old key (ssh-keygen -R '${hostPortName(t.host, t.port)}' -f ${verdict.file}), then ${trustHint(t)}; otherwise someone may be intercepting the connection`,
          ),
          verify,
        );
        return;
      }
      case 'revoked':
        refuse(
          new UnreachableError(
            t.box,
            'host-key',
            `the host key of ${t.box} (${where}), ${info.type} ${info.fingerprint}, is REVOKED in ${verdict.file}:${verdict.line}`,
            'a revoked key is never accepted: check the box with its administrator',
          ),
          verify,
        );
        return;
      case 'unknown': {
        const hint = `check the fingerprint, then ${trustHint(t)}, or pass --accept-new`;
        const file = t.knownHostsFiles[0];
        if (!t.acceptNew) {
          let yes = false;
          if (t.prompter.interactive) {
            yes = await pause(
              t.prompter.trustHostKey({ box: t.box, host: t.host, port: t.port, keyType: info.type, fingerprint: info.fingerprint, ...(file ? { file } : {}) }),
            );
          }
          if (!yes) {
            refuse(
              new UnreachableError(t.box, 'unknown-host', `${t.box} (${where}) is not a known host: its ${info.type} key is ${info.fingerprint}`, hint),
              verify,
            );
            return;
          }
        }
        if (file === undefined) {
          refuse(new UnreachableError(t.box, 'unknown-host', `no known_hosts file to record the key of ${t.box} (${where}) in`, hint), verify);
          return;
        }
        try {
          appendKnownHost(file, t.host, t.port, key);
        } catch (e) {
          refuse(
            new UnreachableError(t.box, 'unknown-host', `could not record the host key of ${t.box} in ${file}: ${(e as Error).message}`, hint, e),
            verify,
          );
          return;
        }
        verify(true);
        return;
      }
    }
  }

  return {
    verify(key, verify) {
      decide(key, verify).catch((e: unknown) => {
        refuse(new UnreachableError(t.box, 'host-key', `could not check the host key of ${t.box}: ${(e as Error).message}`, undefined, e), verify);
      });
    },
    get error() {
      return error;
    },
    get presented() {
      return presented;
    },
  };
}

function trustHint(t: SshTarget): string {
  return t.trustHint ?? `run \`secubox box trust ${t.box}\``;
}

/** The host key a server presents, WITHOUT authenticating or trusting it (for `secubox box trust`). */
export function fetchHostKey(host: string, port: number, timeoutMs = 10_000, box = `${host}:${port}`): Promise<{ key: Buffer; type: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    const sock = new Socket();
    let key: Buffer | undefined;
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.removeAllListeners('close');
      sock.destroy();
      if (key) {
        const info = hostKeyInfo(key);
        resolve({ key, type: info.type, fingerprint: info.fingerprint });
      } else {
        reject(err ?? new UnreachableError(`${host}:${port}`, 'network', `${host}:${port} closed the connection before showing its host key`));
      }
    };
    const timer = setTimeout(
      () => finish(new UnreachableError(box, 'timeout', `${box === `${host}:${port}` ? box : `${box} (${host}:${port})`} did not show a host key within ${Math.round(timeoutMs / 1000)} s`,
        'check that the box is up and that this is its SSH port; for a slow link raise --timeout')),
      timeoutMs,
    );
    client.on('error', (e: Error & { code?: string }) => finish(key ? undefined : networkError(box, `${host}:${port}`, e)));
    client.on('close', () => finish());
    sock.on('connect', () => sock.setNoDelay(true));
    sock.on('error', () => {
      /* reported through the client */
    });
    sock.connect(port, host);
    client.connect({
      sock,
      username: 'secubox-host-key-probe',
      readyTimeout: 0,
      hostVerifier: (k: Buffer) => {
        key = Buffer.from(k);
        setImmediate(() => finish());
        return false;
      },
    });
  });
}
