/**
 * One ssh2 Client per target, connected lazily, reused by every call, reconnected on the next call after a drop.
 *   - the TCP socket is ours: `setNoDelay(true)` right after connect (Nagle costs ~40 ms per round trip);
 *   - a permanent 'error' listener (ssh2 may emit 'error' twice, and after 'ready');
 *   - at most 4 handshakes in flight per box (limiter.ts);
 *   - ProxyJump: the jump target gets its own SshConnection; `forwardOut` gives the socket for the final host;
 *   - a drop fails every channel in flight with a clear UnreachableError (never a hang).
 */
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client, ClientChannel } from 'ssh2';
import { UnreachableError } from '../../lib/errors.js';
import { makeAuthPlan, type SecretCache } from './auth.js';
import { connectionLost, networkError } from './errors.js';
import { makeHostVerifier, serverHostKeyAlgorithms } from './hostkey.js';
import { handshakeSlot } from './limiter.js';
import type { ChannelRun } from './channel.js';
import { describeTarget, flavourFromIdent, type ServerFlavour, type SshTarget } from './types.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_KEEPALIVE_MS = 15_000;

interface Tracked {
  run: ChannelRun;
  what: string;
}

export class SshConnection {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private jumpConn: SshConnection | undefined;
  private readonly inFlight = new Set<Tracked>();
  private readonly secrets: SecretCache = { passphrases: new Map() };
  private closedByUser = false;
  /** Server software from its identification string, e.g. `dropbear_2022.83`. */
  serverSoftware: string | undefined;
  flavour: ServerFlavour | undefined;
  /** Handshakes completed so far (1 = the connection was never re-established). */
  connectCount = 0;
  readonly where: string;

  constructor(
    readonly target: SshTarget,
    private readonly onReady: (flavour: ServerFlavour) => void = () => {},
  ) {
    this.where = describeTarget(target);
  }

  /** The live client, connecting first if needed. Concurrent callers share one handshake. */
  connect(): Promise<Client> {
    if (this.closedByUser) return Promise.reject(new UnreachableError(this.target.box, 'network', `the connection to ${this.target.box} was closed`));
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      this.connecting = this.handshake().finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  isAlive(client: Client): boolean {
    return this.client === client;
  }

  track(run: ChannelRun, what: string): () => void {
    const t: Tracked = { run, what };
    this.inFlight.add(t);
    return () => this.inFlight.delete(t);
  }

  /** Tear the connection down now (wedged channel, exec threw): in-flight calls fail, the next call reconnects. */
  drop(): void {
    const c = this.client;
    if (!c) return;
    this.onLost(c);
    c.destroy();
  }

  async close(): Promise<void> {
    this.closedByUser = true;
    const c = this.client;
    if (c) {
      this.onLost(c);
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          c.destroy();
          resolve();
        }, 1000);
        c.once('close', () => {
          clearTimeout(t);
          resolve();
        });
        c.end();
      });
    }
    await this.jumpConn?.close();
  }

  private onLost(c: Client): void {
    if (this.client !== c) return;
    this.client = undefined;
    for (const t of [...this.inFlight]) {
      this.inFlight.delete(t);
      t.run.fail(connectionLost(this.target.box, this.where, t.what));
    }
  }

  private async openSocket(): Promise<Socket | ClientChannel> {
    const t = this.target;
    if (t.jump) {
      this.jumpConn ??= new SshConnection(t.jump);
      const jc = await this.jumpConn.connect();
      return new Promise((resolve, reject) => {
        try {
          jc.forwardOut('127.0.0.1', 0, t.host, t.port, (err, ch) => {
            if (err) {
              reject(new UnreachableError(t.box, 'network', `jump host ${t.jump?.box ?? ''} (${describeTarget(t.jump!)}) could not reach ${t.host}:${t.port}: ${err.message}`,
                'check the host and port as seen from the jump host', err));
            } else resolve(ch);
          });
        } catch (e) {
          this.jumpConn?.drop();
          reject(networkError(t.box, this.where, e as Error));
        }
      });
    }
    const sock = new Socket();
    sock.on('connect', () => sock.setNoDelay(true));
    sock.connect(t.port, t.host);
    return sock;
  }

  private async handshake(): Promise<Client> {
    const t = this.target;
    const release = await handshakeSlot(t.host, t.port);
    let sock: Socket | ClientChannel | undefined;
    try {
      sock = await this.openSocket();
      return await this.sshHandshake(sock);
    } catch (e) {
      sock?.destroy();
      throw e;
    } finally {
      release();
    }
  }

  private sshHandshake(sock: Socket | ClientChannel): Promise<Client> {
    const t = this.target;
    const budget = t.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const client = new ssh2.Client();
    let lastError: (Error & { level?: string; code?: string }) | undefined;
    // Permanent: ssh2 can emit 'error' more than once, also after 'ready'.
    client.on('error', (e: Error & { level?: string }) => {
      lastError ??= e;
      if (e.level === 'client-timeout') lastError = e;
    });

    return new Promise<Client>((resolve, reject) => {
      let done = false;
      let timedOut = false;
      let remaining = budget;
      let startedAt = Date.now();
      let timer: NodeJS.Timeout | undefined;
      let paused = 0;
      const arm = (): void => {
        startedAt = Date.now();
        timer = setTimeout(() => {
          timedOut = true;
          client.destroy();
          sock.destroy();
        }, Math.max(1, remaining));
      };
      const pause = async <T>(p: Promise<T>): Promise<T> => {
        if (paused++ === 0 && timer) {
          clearTimeout(timer);
          timer = undefined;
          remaining -= Date.now() - startedAt;
        }
        try {
          return await p;
        } finally {
          if (--paused === 0 && !done) arm();
        }
      };
      const verifier = makeHostVerifier(t, pause);
      const auth = makeAuthPlan(t, this.secrets, pause);

      const finish = (err?: Error): void => {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        if (err) reject(err);
        else resolve(client);
      };
      client.once('ready', () => {
        const software = (client as unknown as { _remoteVer?: string })._remoteVer;
        this.serverSoftware = software;
        this.flavour = flavourFromIdent(software);
        this.client = client;
        this.connectCount++;
        const lost = (): void => this.onLost(client);
        client.on('end', lost);
        client.on('close', lost);
        this.onReady(this.flavour);
        finish();
      });
      client.once('close', () => {
        if (done) return;
        if (verifier.error) return finish(verifier.error);
        if (timedOut) {
          return finish(
            new UnreachableError(t.box, 'timeout', `${t.box} (${this.where}) did not complete the SSH handshake within ${Math.round(budget / 100) / 10} s`,
              'check that the box is up; for a slow link raise --timeout (seconds)'),
          );
        }
        if (lastError?.level === 'client-authentication') return finish(auth.failure());
        if (auth.started) return finish(auth.failure('the server closed the connection during authentication'));
        if (lastError) return finish(networkError(t.box, this.where, lastError));
        finish(new UnreachableError(t.box, 'network', `${t.box} (${this.where}) closed the connection during the SSH handshake`,
          'the server may limit unauthenticated connections (dropbear allows 5 per address): retry in a moment'));
      });

      arm();
      try {
        client.connect({
          sock: sock as unknown as Readable,
          username: t.user,
          readyTimeout: 0,
          keepaliveInterval: t.keepaliveMs ?? DEFAULT_KEEPALIVE_MS,
          keepaliveCountMax: 3,
          hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => verifier.verify(key, verify),
          authHandler: auth.handler,
          algorithms: { serverHostKey: serverHostKeyAlgorithms(t) as never },
        });
      } catch (e) {
        finish(networkError(t.box, this.where, e as Error));
      }
    });
  }
}
