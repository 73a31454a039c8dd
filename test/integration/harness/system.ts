/**
 * Machine-level setup of the SSH integration tier (idempotent, safe for parallel test files):
 *   - a dedicated account `secubox-test` whose login shell is busybox ash (through a tiny wrapper, listed in
 *     /etc/shells as dropbear requires), home /var/lib/secubox-test, a random password kept root-only;
 *   - its ~/.ssh/authorized_keys (root-owned, 0644), to which each test box adds its throwaway client keys
 *     (tagged with the box's temp dir) and from which it removes them on stop; stale tags are pruned;
 *   - /var/lib/secubox-test-harness/ports/<port>: the env (PATH with the box root first) of the server on that port.
 * Everything that changes shared files runs under `flock` on one lock file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_USER = 'secubox-test';
export const TEST_HOME = '/var/lib/secubox-test';
export const HARNESS_DIR = '/var/lib/secubox-test-harness';
export const PORTS_DIR = `${HARNESS_DIR}/ports`;
export const LOGIN_SHELL = '/usr/local/libexec/secubox-test/ash';
const LOCK = '/run/lock/secubox-test-harness.lock';
const SHIMS = join(dirname(fileURLToPath(import.meta.url)), 'shims');

export class HarnessUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HarnessUnavailable';
  }
}

function which(bin: string, dirs = ['/usr/sbin', '/usr/bin', '/sbin', '/bin']): string | undefined {
  for (const d of dirs) if (existsSync(`${d}/${bin}`)) return `${d}/${bin}`;
  return undefined;
}

export interface Tools {
  busybox: string;
  dropbear: string;
  dropbearconvert: string;
  sshd: string;
  sshKeygen: string;
  sshAgent: string;
  sshAdd: string;
  ssh: string;
  flock: string;
}

/** Locate the binaries; throws HarnessUnavailable naming what is missing and how to get it. */
export function tools(): Tools {
  const need: Record<keyof Tools, [string, string]> = {
    busybox: ['busybox', 'busybox'],
    dropbear: ['dropbear', 'dropbear-bin'],
    dropbearconvert: ['dropbearconvert', 'dropbear-bin'],
    sshd: ['sshd', 'openssh-server'],
    sshKeygen: ['ssh-keygen', 'openssh-client'],
    sshAgent: ['ssh-agent', 'openssh-client'],
    sshAdd: ['ssh-add', 'openssh-client'],
    ssh: ['ssh', 'openssh-client'],
    flock: ['flock', 'util-linux'],
  };
  const out: Partial<Tools> = {};
  const missing: string[] = [];
  for (const [k, [bin, pkg]] of Object.entries(need) as [keyof Tools, [string, string]][]) {
    const p = which(bin);
    if (p) out[k] = p;
    else missing.push(`${bin} (apt-get install ${pkg})`);
  }
  if (missing.length) throw new HarnessUnavailable(`missing for the SSH integration tier: ${missing.join(', ')}`);
  return out as Tools;
}

/** Run a POSIX sh script as root under the harness lock. */
export function underLock(script: string, env: Record<string, string> = {}): string {
  const t = tools();
  return execFileSync(t.flock, ['-x', LOCK, '/bin/sh', '-ec', script], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Account {
  user: string;
  home: string;
  password: string;
  shell: string;
}

let account: Account | undefined;

/** Create / repair the test account (idempotent). Requires root. */
export function ensureAccount(): Account {
  if (account) return account;
  if (process.getuid?.() !== 0) {
    throw new HarnessUnavailable(
      `the SSH integration tier must run as root: it creates the test account ${TEST_USER} and starts dropbear/sshd for it (CI runs .ci/run as root)`,
    );
  }
  const t = tools();
  const shell = readFileSync(join(SHIMS, 'login-shell.sh'), 'utf8').replaceAll('@BUSYBOX@', t.busybox).replaceAll('@PORTS_DIR@', PORTS_DIR);
  try {
    underLock(
      `
      mkdir -p "$(dirname "$SHELL_PATH")" "$PORTS_DIR" /run/sshd
      chmod 0711 "$HARNESS_DIR"; chmod 0755 "$PORTS_DIR"
      printf '%s' "$SHELL_TEXT" > "$SHELL_PATH.tmp"; chmod 0755 "$SHELL_PATH.tmp"; mv -f "$SHELL_PATH.tmp" "$SHELL_PATH"
      grep -qxF "$SHELL_PATH" /etc/shells || echo "$SHELL_PATH" >> /etc/shells
      if ! id -u "$U" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir "$H" --shell "$SHELL_PATH" "$U"
      fi
      [ "$(getent passwd "$U" | cut -d: -f7)" = "$SHELL_PATH" ] || usermod -s "$SHELL_PATH" "$U"
      mkdir -p "$H/.ssh"
      chown "$U": "$H"; chmod 0755 "$H"
      chown root:root "$H/.ssh"; chmod 0755 "$H/.ssh"
      touch "$H/.ssh/authorized_keys"; chown root:root "$H/.ssh/authorized_keys"; chmod 0644 "$H/.ssh/authorized_keys"
      if [ ! -s "$HARNESS_DIR/password" ]; then
        umask 077
        head -c 18 /dev/urandom | base64 | tr -d '/+=\\n' > "$HARNESS_DIR/password"
        echo "$U:$(cat "$HARNESS_DIR/password")" | chpasswd
      fi
      chmod 0600 "$HARNESS_DIR/password"
      # the account exists only for these tests: unlock it if usermod/useradd left it locked
      passwd -S "$U" | grep -q ' P ' || echo "$U:$(cat "$HARNESS_DIR/password")" | chpasswd
      `,
      { SHELL_PATH: LOGIN_SHELL, SHELL_TEXT: shell, PORTS_DIR, HARNESS_DIR, U: TEST_USER, H: TEST_HOME },
    );
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new HarnessUnavailable(`could not set up the test account ${TEST_USER}: ${(err.stderr || err.message).trim()}`);
  }
  const password = readFileSync(`${HARNESS_DIR}/password`, 'utf8').trim();
  account = { user: TEST_USER, home: TEST_HOME, password, shell: LOGIN_SHELL };
  return account;
}

/** Add public key lines tagged `inst=<tag>/` to the account's authorized_keys; prune tags whose dir is gone. */
export function authorizeKeys(tag: string, pubLines: readonly string[]): void {
  const text = pubLines.map((l) => `${l.trim().split(/\s+/).slice(0, 2).join(' ')} secubox-test-inst=${tag}/`).join('\n') + '\n';
  underLock(
    `
    f="$H/.ssh/authorized_keys"; tmp="$f.tmp.$$"
    : > "$tmp"
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        *secubox-test-inst=*) d=\${line##*secubox-test-inst=}; d=\${d%/}; [ -d "$d" ] && printf '%s\\n' "$line" >> "$tmp" ;;
        '') ;;
        *) printf '%s\\n' "$line" >> "$tmp" ;;
      esac
    done < "$f"
    printf '%s' "$KEYS" >> "$tmp"
    chmod 0644 "$tmp"; mv -f "$tmp" "$f"
    `,
    { H: TEST_HOME, KEYS: text },
  );
}

export function unauthorizeKeys(tag: string): void {
  underLock(
    `
    f="$H/.ssh/authorized_keys"; tmp="$f.tmp.$$"
    grep -vF "secubox-test-inst=$TAG/" "$f" > "$tmp" || true
    chmod 0644 "$tmp"; mv -f "$tmp" "$f"
    `,
    { H: TEST_HOME, TAG: tag },
  );
}

/** Make `port` serve the box root: its env file is sourced by the login shell. */
export function registerPort(port: number, envText: string): void {
  underLock(`printf '%s' "$TEXT" > "$PORTS_DIR/$P.tmp" && chmod 0644 "$PORTS_DIR/$P.tmp" && mv -f "$PORTS_DIR/$P.tmp" "$PORTS_DIR/$P"`, {
    PORTS_DIR,
    P: String(port),
    TEXT: envText,
  });
}

export function unregisterPort(port: number, envText: string): void {
  // only if still ours (a later box may have reused the port)
  underLock(`f="$PORTS_DIR/$P"; [ -f "$f" ] && [ "$(cat "$f"; echo x)" = "$TEXT"x ] && rm -f "$f" || true`, { PORTS_DIR, P: String(port), TEXT: envText });
}

/** Run a command as the test account (to check what the remote side can read). */
export function canAccountRead(path: string): boolean {
  try {
    execFileSync('/usr/sbin/runuser', ['-u', TEST_USER, '--', '/bin/sh', '-c', 'test -r "$1" && test -x "$(dirname "$1")"', 'sh', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
