/** ssh2 / socket errors → the one-line UnreachableError messages of DESIGN.md (exit code 3). */
import { UnreachableError } from '../../lib/errors.js';

type NodeErr = Error & { code?: string; level?: string };

const NET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary DNS failure)',
  EADDRNOTAVAIL: 'address not available',
  EPIPE: 'connection closed by the server',
};

/** Map a connect/handshake error. `where` is `user@host:port` (never a secret). */
export function networkError(box: string, where: string, err: NodeErr): UnreachableError {
  const code = err.code ?? '';
  if (code === 'ETIMEDOUT') {
    return new UnreachableError(box, 'timeout', `${box} (${where}) did not answer: connection timed out`, 'check that the box is up and reachable', err);
  }
  const what = NET_CODES[code];
  if (what) {
    const hint =
      code === 'ECONNREFUSED'
        ? 'check that the box is up and that its SSH server (dropbear/sshd) listens on that port'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'check the host name (secubox box list) or your DNS'
          : 'check that the box is up and reachable from here';
    return new UnreachableError(box, 'network', `cannot reach ${box} (${where}): ${what}`, hint, err);
  }
  if (err.level === 'client-timeout') {
    return new UnreachableError(box, 'timeout', `${box} (${where}) stopped answering (keepalive timeout)`, 'check the network path to the box', err);
  }
  const msg = (err.message || String(err)).split('\n')[0];
  if (/before handshake|handshake failed|no matching/i.test(msg ?? '')) {
    return new UnreachableError(
      box,
      'network',
      `SSH handshake with ${box} (${where}) failed: ${msg}`,
      'the server may refuse new connections for a while (too many unauthenticated connections) or use algorithms ssh2 does not support',
      err,
    );
  }
  return new UnreachableError(box, 'network', `cannot reach ${box} (${where}): ${msg}`, 'check that the box is up and reachable', err);
}

export function connectionLost(box: string, where: string, what: string): UnreachableError {
  return new UnreachableError(
    box,
    'network',
    `connection to ${box} (${where}) was lost while running ${what}`,
    'the command may or may not have completed on the box; check its state, then retry',
  );
}
