/**
 * SSH integration harness: `startBox({ server: 'dropbear' | 'openssh' })` starts a REAL SSH server on 127.0.0.1
 * (a free port, throwaway host key, throwaway client keys), logging in the test account whose shell is busybox
 * ash, with a box root of replaying `ubus` / `uci` / `*ctl` shims first on PATH (see boxroot.ts, shims/).
 *
 * If the server cannot start, startBox throws with the reason: the tests FAIL, they are never skipped
 * (SECUBOX_REQUIRE_INTEGRATION=1, as CI sets it, changes nothing here: failing is already the only outcome).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SshPrompter, SshTarget } from '../../../src/backends/ssh/types.js';
import { TRANSCRIPTS } from '../../helpers/shared.js';
import { applyFlowState, applyHealthyState, writeBoxRoot, type BoxRootLayout } from './boxroot.js';
import { makeClientKeys, makeHostKey, type ClientKeys, type HostKey } from './keys.js';
import { freePort, killTree, startServer, startWatchdog, waitExit, type RunningServer, type ServerKind } from './servers.js';
import {
  authorizeKeys,
  canAccountRead,
  ensureAccount,
  HARNESS_DIR,
  HarnessUnavailable,
  registerPort,
  tools,
  unauthorizeKeys,
  underLock,
  unregisterPort,
} from './system.js';

export { HarnessUnavailable } from './system.js';
export type { ServerKind } from './servers.js';

export interface StartBoxOptions {
  server: ServerKind;
  /** Password (and keyboard-interactive on OpenSSH) logins allowed. Default true. */
  password?: boolean;
  /** OpenSSH only: offer keyboard-interactive (PAM) but not plain password auth. */
  keyboardInteractiveOnly?: boolean;
  /**
   * Initial state of the box: 'baseline' = the recorded box (metablogizer has only site_demo);
   * 'blog' = after `metablogizerctl create blog` (flow 01: site_blog exists, not emancipated);
   * 'blog-emancipated' = after `metablogizerctl emancipate blog` (flow 02);
   * 'blog-healthy' = 'blog' on a box whose haproxy config is sound (see README): `luci.metablogizer emancipate`
   * really succeeds there (the job writes the full after-state) and `unpublish_site` really unpublishes.
   */
  preset?: 'baseline' | 'blog' | 'blog-emancipated' | 'blog-healthy';
  /** Fixed port (default: a free one). */
  port?: number;
}

export interface InjectedFailure {
  code: number;
  stderr?: string;
  stdout?: string;
  /** How many calls fail (default 1); 0 = every call. */
  times?: number;
}

export interface TestBox {
  readonly server: ServerKind;
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  /** ed25519, no passphrase. */
  readonly clientKey: string;
  readonly encryptedClientKey: string;
  readonly passphrase: string;
  readonly rsaClientKey: string;
  /** The client key in dropbear's own format (ssh2 cannot read it). */
  readonly dropbearClientKey: string;
  readonly password: string;
  /** `ssh-ed25519 AAAA...` */
  readonly hostKeyPub: string;
  readonly hostKeyBlob: Buffer;
  /** `SHA256:...` */
  readonly hostKeyFingerprint: string;
  /** A known_hosts line for this server (`[127.0.0.1]:port ssh-ed25519 AAAA...`). */
  knownHostsLine(host?: string, port?: number): string;
  /** A known_hosts file (in the box's temp dir) holding `knownHostsLine()`. */
  readonly knownHostsFile: string;
  /** The box's temp dir (keys, config, state). */
  readonly dir: string;
  readonly boxRoot: string;
  readonly stateDir: string;
  readonly serverPid: number;
  /** Server log (stderr of dropbear / sshd). */
  log(): string;
  /** Lines the shims logged: `ubus call obj method {...}`, `uci commit cfg`, ... */
  calls(): string[];
  /** The same for the calls the box's own scripts made (the blog-healthy box's emancipate job, unpublish, ...). */
  boxCalls(): string[];
  clearCalls(): void;
  /** Make calls whose line matches the shell glob `pattern` fail (also `uci batch` input lines, as `uci <line>`). */
  inject(pattern: string, f: InjectedFailure): void;
  clearInjections(): void;
  /** Staged changes (`uci changes` output) of one config, or of all. */
  uciChanges(config?: string): string;
  /** Committed changes of a config (same format). */
  uciCommitted(config: string): string;
  /** Replace a reply: key `ubus/OBJ/METHOD`, `uci/show/CFG`, `cli/TOOL/SUB`. */
  setReply(key: string, r: { stdout?: string; stderr?: string; code?: number }): void;
  /** Switch to a recorded flow's after-state ('01'..'05'). */
  applyFlow(nn: string): void;
  /** An SshTarget for this box (ed25519 client key, knownHostsFile, non-interactive), with overrides. */
  target(extra?: Partial<SshTarget>): SshTarget;
  /** SIGKILL the server and all its sessions (box unreachable; `restart()` brings it back). */
  kill(): Promise<void>;
  /** Start the server again on the same port with the same host key. */
  restart(): Promise<void>;
  /** Stop everything and delete the temp dir (idempotent). */
  stop(): Promise<void>;
}

export const refusingPrompter: SshPrompter = { interactive: false, secret: async () => undefined, trustHostKey: async () => false };

/** A prompter that answers from a script and records the questions. */
export function scriptedPrompter(answers: { secrets?: (string | undefined)[]; trust?: boolean }): SshPrompter & { asked: string[] } {
  const secrets = [...(answers.secrets ?? [])];
  const asked: string[] = [];
  return {
    interactive: true,
    asked,
    secret: async (q) => {
      asked.push(q);
      return secrets.shift();
    },
    trustHostKey: async (q) => {
      asked.push(`trust ${q.keyType} ${q.fingerprint}`);
      return answers.trust ?? false;
    },
  };
}

const live = new Set<() => void>();
let exitHook = false;
function onExitCleanup(fn: () => void): () => void {
  live.add(fn);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const f of live) {
        try {
          f();
        } catch {
          /* best effort */
        }
      }
    });
  }
  return () => live.delete(fn);
}

let fixturesForAccount: string | undefined;
/** Where the remote account reads the recordings: in place when it can, else a root-made readable copy. */
function remoteFixtures(): string {
  if (fixturesForAccount) return fixturesForAccount;
  if (canAccountRead(join(TRANSCRIPTS, 'ubus', 'ubus_list.out'))) {
    fixturesForAccount = TRANSCRIPTS;
  } else {
    const copy = join(HARNESS_DIR, 'transcripts');
    underLock(`[ -f "$DST/.complete" ] || { rm -rf "$DST"; cp -R "$SRC" "$DST"; chmod -R a+rX "$DST"; touch "$DST/.complete"; }`, { SRC: TRANSCRIPTS, DST: copy });
    fixturesForAccount = copy;
  }
  return fixturesForAccount;
}

function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
  if (statSync(p).isDirectory()) for (const e of readdirSync(p)) chownTree(join(p, e), uid, gid);
}

export async function startBox(opts: StartBoxOptions): Promise<TestBox> {
  const t = tools();
  const account = ensureAccount();
  const fixtures = remoteFixtures();
  const uid = Number(execFileSync('id', ['-u', account.user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', account.user], { encoding: 'utf8' }).trim());

  const dir = mkdtempSync(join(tmpdir(), 'secubox-box-'));
  chmodSync(dir, 0o755);
  startWatchdog(dir);
  let layout: BoxRootLayout;
  let keys: ClientKeys;
  let hostKey: HostKey;
  try {
    hostKey = makeHostKey(t, dir);
    keys = makeClientKeys(t, dir);
    layout = writeBoxRoot(dir, t.busybox, fixtures);
    if (opts.preset === 'blog') applyFlowState(layout, '01');
    if (opts.preset === 'blog-emancipated') applyFlowState(layout, '02');
    if (opts.preset === 'blog-healthy') {
      applyFlowState(layout, '01');
      applyHealthyState(layout);
    }
    chownTree(layout.stateDir, uid, gid);
    authorizeKeys(dir, keys.publicLines);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e instanceof HarnessUnavailable ? e : new HarnessUnavailable(`could not prepare the test box: ${(e as Error).message}`);
  }
  const envText = `PATH='${layout.boxRoot}:/usr/bin:/bin'; export PATH\nSECUBOX_TEST_STATE='${layout.stateDir}'; export SECUBOX_TEST_STATE\n`;
  const password = opts.password ?? true;

  let server: RunningServer | undefined;
  let port = opts.port ?? 0;
  const launch = async (): Promise<void> => {
    let lastErr: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!opts.port && attempt > 0) port = 0;
      if (!port) port = await freePort();
      registerPort(port, envText);
      try {
        server = await startServer(t, { kind: opts.server, port, dir, hostKey, password, keyboardInteractiveOnly: opts.keyboardInteractiveOnly });
        return;
      } catch (e) {
        lastErr = e;
        unregisterPort(port, envText);
        if (opts.port) break;
      }
    }
    throw lastErr;
  };

  let stopped = false;
  const cleanupSync = (): void => {
    if (server) killTree(server.pid, 'SIGKILL');
    try {
      unregisterPort(port, envText);
      unauthorizeKeys(dir);
    } catch {
      /* best effort */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const unhook = onExitCleanup(cleanupSync);
  try {
    await launch();
  } catch (e) {
    unhook();
    cleanupSync();
    throw e;
  }

  const knownHostsLine = (host = '127.0.0.1', p = port): string => `${p === 22 ? host : `[${host}]:${p}`} ${hostKey.pub}`;
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, `${knownHostsLine()}\n`);
  const st = layout.stateDir;
  let injectN = 0;
  const asUser = (p: string): void => chownTree(p, uid, gid);

  const box: TestBox = {
    server: opts.server,
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user: account.user,
    clientKey: keys.clientKey,
    encryptedClientKey: keys.encryptedClientKey,
    passphrase: keys.passphrase,
    rsaClientKey: keys.rsaClientKey,
    dropbearClientKey: keys.dropbearClientKey,
    password: account.password,
    hostKeyPub: hostKey.pub,
    hostKeyBlob: hostKey.blob,
    hostKeyFingerprint: hostKey.fingerprint,
    knownHostsLine,
    knownHostsFile,
    dir,
    boxRoot: layout.boxRoot,
    stateDir: st,
    get serverPid() {
      return server?.pid ?? 0;
    },
    log: () => server?.log() ?? '',
    calls: () => readFileSync(join(st, 'calls.log'), 'utf8').split('\n').filter((l) => l !== ''),
    clearCalls: () => writeFileSync(join(st, 'calls.log'), ''),
    boxCalls: () => readFileSync(join(st, 'box.log'), 'utf8').split('\n').filter((l) => l !== ''),
    inject(pattern, f) {
      const d = join(st, 'fail', String(++injectN).padStart(4, '0'));
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'code'), String(f.code));
      writeFileSync(join(d, 'times'), String(f.times ?? 1));
      if (f.stderr !== undefined) writeFileSync(join(d, 'stderr'), f.stderr);
      if (f.stdout !== undefined) writeFileSync(join(d, 'stdout'), f.stdout);
      writeFileSync(join(d, 'pattern'), pattern); // last: the shim ignores dirs without a pattern
      asUser(d);
    },
    clearInjections() {
      for (const e of readdirSync(join(st, 'fail'))) rmSync(join(st, 'fail', e), { recursive: true, force: true });
    },
    uciChanges(config) {
      const d = join(st, 'uci', 'delta');
      const files = config ? [config] : readdirSync(d).filter((f) => !f.startsWith('.')).sort();
      return files.map((f) => (existsSync(join(d, f)) ? readFileSync(join(d, f), 'utf8') : '')).join('');
    },
    uciCommitted(config) {
      const f = join(st, 'uci', 'committed', config);
      return existsSync(f) ? readFileSync(f, 'utf8') : '';
    },
    setReply(key, r) {
      const base = join(st, 'overlay', key);
      mkdirSync(join(base, '..'), { recursive: true });
      writeFileSync(`${base}.out`, r.stdout ?? '');
      writeFileSync(`${base}.code`, String(r.code ?? 0));
      if (r.stderr !== undefined) writeFileSync(`${base}.err`, r.stderr);
      else rmSync(`${base}.err`, { force: true });
      asUser(join(st, 'overlay'));
    },
    applyFlow(nn) {
      applyFlowState(layout, nn);
      asUser(st);
    },
    target(extra = {}) {
      return {
        box: `test-${opts.server}`,
        host: '127.0.0.1',
        port,
        user: account.user,
        identityFiles: [keys.clientKey],
        knownHostsFiles: [knownHostsFile],
        acceptNew: false,
        agentSocket: '',
        prompter: refusingPrompter,
        connectTimeoutMs: 10_000,
        ...extra,
      };
    },
    async kill() {
      if (!server) return;
      killTree(server.pid, 'SIGKILL');
      await waitExit(server.proc, 5000);
    },
    async restart() {
      if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
        killTree(server.pid, 'SIGTERM');
        await waitExit(server.proc, 5000);
      }
      const fixed = port;
      server = await startServer(t, { kind: opts.server, port: fixed, dir, hostKey, password, keyboardInteractiveOnly: opts.keyboardInteractiveOnly });
      registerPort(fixed, envText);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (server) {
        killTree(server.pid, 'SIGTERM');
        if (!(await waitExit(server.proc, 3000))) killTree(server.pid, 'SIGKILL');
      }
      server = undefined;
      unhook();
      cleanupSync();
    },
  };
  return box;
}
