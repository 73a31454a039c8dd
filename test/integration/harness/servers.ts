/** Start / stop the real SSH servers of a test box (Debian's dropbear and OpenSSH sshd) on 127.0.0.1. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import type { HostKey } from './keys.js';
import { HarnessUnavailable, PORTS_DIR, TEST_USER, type Tools } from './system.js';

export type ServerKind = 'dropbear' | 'openssh';

export interface ServerOptions {
  kind: ServerKind;
  port: number;
  dir: string;
  hostKey: HostKey;
  /** Allow password (and, on OpenSSH, keyboard-interactive through PAM) logins. */
  password: boolean;
  /** OpenSSH only: keyboard-interactive allowed, plain password auth not. */
  keyboardInteractiveOnly?: boolean;
}

export interface RunningServer {
  proc: ChildProcess;
  pid: number;
  log: () => string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves when the port answers with an SSH identification line. */
export async function waitForSsh(port: number, timeoutMs: number, alive: () => boolean): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('the server exited');
    try {
      return await new Promise<string>((resolve, reject) => {
        const s = new Socket();
        let buf = '';
        const t = setTimeout(() => {
          s.destroy();
          reject(new Error('no banner'));
        }, 1000);
        s.on('data', (d) => {
          buf += d.toString('latin1');
          const nl = buf.indexOf('\n');
          if (nl >= 0) {
            clearTimeout(t);
            s.destroy();
            if (buf.startsWith('SSH-')) resolve(buf.slice(0, nl).trim());
            else reject(new Error(`unexpected banner ${JSON.stringify(buf.slice(0, 40))}`));
          }
        });
        s.on('error', (e) => {
          clearTimeout(t);
          reject(e);
        });
        s.connect(port, '127.0.0.1');
      });
    } catch (e) {
      last = (e as Error).message;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`no SSH banner on 127.0.0.1:${port} after ${timeoutMs} ms (${last})`);
}

function sshdConfig(o: ServerOptions): string {
  return [
    `Port ${o.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${o.hostKey.openssh}`,
    `PidFile ${join(o.dir, 'sshd.pid')}`,
    `AllowUsers ${TEST_USER}`,
    'PermitRootLogin no',
    'PubkeyAuthentication yes',
    'AuthorizedKeysFile .ssh/authorized_keys',
    `PasswordAuthentication ${o.password && !o.keyboardInteractiveOnly ? 'yes' : 'no'}`,
    `KbdInteractiveAuthentication ${o.password || o.keyboardInteractiveOnly ? 'yes' : 'no'}`,
    'UsePAM yes',
    'PermitEmptyPasswords no',
    'AllowTcpForwarding yes',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PrintMotd no',
    'PrintLastLog no',
    'MaxSessions 10',
    'MaxStartups 100',
    'LoginGraceTime 30',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

export async function startServer(t: Tools, o: ServerOptions): Promise<RunningServer> {
  let args: string[];
  let bin: string;
  if (o.kind === 'dropbear') {
    bin = t.dropbear;
    // -F foreground, -E log to stderr, -m no motd, -R never (host key given), -s no password logins when disabled.
    args = ['-F', '-E', '-m', '-p', `127.0.0.1:${o.port}`, '-r', o.hostKey.dropbear, '-P', join(o.dir, 'dropbear.pid')];
    if (!o.password) args.push('-s');
  } else {
    bin = t.sshd;
    const cfg = join(o.dir, 'sshd_config');
    writeFileSync(cfg, sshdConfig(o));
    args = ['-D', '-e', '-f', cfg];
  }
  const logFile: string[] = [];
  const proc = spawn(bin, args, {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const onData = (d: Buffer): void => {
    logFile.push(d.toString());
    if (logFile.length > 2000) logFile.splice(0, 1000);
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  let exited = false;
  proc.on('exit', () => {
    exited = true;
  });
  proc.on('error', (e) => {
    exited = true;
    logFile.push(String(e));
  });
  writeFileSync(join(o.dir, 'server.pid'), String(proc.pid ?? 0));
  try {
    await waitForSsh(o.port, 10_000, () => !exited);
  } catch (e) {
    killTree(proc.pid ?? 0, 'SIGKILL');
    throw new HarnessUnavailable(`${o.kind} did not start on 127.0.0.1:${o.port}: ${(e as Error).message}\n${logFile.join('').slice(-2000)}`);
  }
  return { proc, pid: proc.pid ?? 0, log: () => logFile.join('') };
}

/**
 * If the test process dies without cleaning up (a SIGKILLed vitest worker: no exit handler runs), a detached watchdog
 * kills the box's server (pid in DIR/server.pid, only if its command line names DIR) and its connection handlers,
 * and removes the box's port registration and temp dir. It exits quietly once DIR is gone (normal stop).
 */
export function startWatchdog(dir: string): void {
  const script = `
    while kill -0 "$PARENT" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$PARENT/status" 2>/dev/null; do
      [ -d "$DIR" ] || exit 0
      sleep 1
    done
    [ -d "$DIR" ] || exit 0
    S=$(cat "$DIR/server.pid" 2>/dev/null)
    if [ -n "$S" ] && tr '\\0' ' ' < "/proc/$S/cmdline" 2>/dev/null | grep -qF "$DIR/"; then
      kill -9 "$S" $(ps -o pid= --ppid "$S" 2>/dev/null) 2>/dev/null
    fi
    for f in "$PORTS"/*; do grep -qF "$DIR/" "$f" 2>/dev/null && rm -f "$f"; done
    rm -rf "$DIR"
  `;
  const w = spawn('/bin/sh', ['-c', script], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', PARENT: String(process.pid), DIR: dir, PORTS: PORTS_DIR },
  });
  w.unref();
}

/** Descendants of pid (from /proc), deepest last. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Signal a server and everything it started (connection handlers, sessions, their commands). */
export function killTree(pid: number, signal: NodeJS.Signals): void {
  if (!pid) return;
  const all = [pid, ...descendants(pid)];
  for (const p of all) {
    try {
      process.kill(p, signal);
    } catch {
      /* already gone */
    }
  }
}

export async function waitExit(proc: ChildProcess, ms: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return true;
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}
