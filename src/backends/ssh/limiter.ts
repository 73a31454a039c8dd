/**
 * Concurrency limits of the SSH transport:
 *   - `Semaphore`: exec channels in flight on one connection (1 on dropbear, 4 on OpenSSH) — FIFO, abortable,
 *     with a limit that can change once the server is identified;
 *   - `handshakeSlot(host, port)`: at most 4 SSH handshakes in flight per box (process-wide), because dropbear
 *     refuses more than 5 unauthenticated connections per source IP and OpenSSH throttles them (MaxStartups).
 */

export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  fail: (err: unknown) => void;
}

export class Semaphore {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(private limitValue: number) {}

  get limit(): number {
    return this.limitValue;
  }

  set limit(n: number) {
    this.limitValue = Math.max(1, n);
    this.pump();
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  /** Wait for a slot. Rejects with `abortReason()` when `signal` fires first (the waiter leaves the queue). */
  acquire(signal?: AbortSignal, abortReason?: () => unknown): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortReason ? abortReason() : signal.reason);
    if (this.active < this.limitValue && this.waiters.length === 0) {
      this.active++;
      return Promise.resolve(this.makeRelease());
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        fail: reject,
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortReason ? abortReason() : signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private makeRelease(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
      this.pump();
    };
  }

  private pump(): void {
    while (this.active < this.limitValue && this.waiters.length > 0) {
      const w = this.waiters.shift();
      if (!w) break;
      this.active++;
      w.grant(this.makeRelease());
    }
  }
}

export const MAX_HANDSHAKES_PER_BOX = 4;
const handshakes = new Map<string, Semaphore>();

/** A handshake slot for host:port, shared by every transport of this process. */
export async function handshakeSlot(host: string, port: number, signal?: AbortSignal, abortReason?: () => unknown): Promise<Release> {
  const key = `${host.toLowerCase()}:${port}`;
  let sem = handshakes.get(key);
  if (!sem) {
    sem = new Semaphore(MAX_HANDSHAKES_PER_BOX);
    handshakes.set(key, sem);
  }
  const s = sem;
  const release = await s.acquire(signal, abortReason);
  return () => {
    release();
    if (s.inFlight === 0 && s.queued === 0 && handshakes.get(key) === s) handshakes.delete(key);
  };
}

/** For tests: handshakes currently in flight towards host:port. */
export function handshakesInFlight(host: string, port: number): number {
  return handshakes.get(`${host.toLowerCase()}:${port}`)?.inFlight ?? 0;
}
