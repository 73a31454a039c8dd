/**
 * The built CLI (`node bin/secubox`) against a REAL dropbear serving the replaying box root: the issue's
 * "Done when" path (box add → ubus call → uci export), host-key trust, and the refusals (unknown host, changed key).
 * HOME and XDG_CONFIG_HOME point at temp dirs; nothing of the user's own ~/.ssh or config is read.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TRANSCRIPTS } from '../helpers/shared.js';
import { startBox, type TestBox } from './harness/index.js';

function newestMtime(dir: string): number {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return max;
}

/** Build dist/ when it is older than src/ (tsc emits even when another file has a type error). */
function ensureBuilt(): void {
  const main = join(REPO_ROOT, 'dist', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(REPO_ROOT, 'src'))) return;
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch {
    /* type errors elsewhere still emit; checked below */
  }
  if (!existsSync(main)) throw new Error('build failed: dist/main.js missing');
}

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'secubox'), ...args], {
      cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function homeEnv(dir: string): Record<string, string> {
  mkdirSync(join(dir, 'home'), { recursive: true });
  return {
    HOME: join(dir, 'home'),
    XDG_CONFIG_HOME: join(dir, 'xdg'),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
  };
}

/** A known_hosts in env's HOME with a fresh, different key for `[host]:port`; returns that key's fingerprint. */
function knownHostsWithOtherKey(env: Record<string, string>, host: string, port: number): string {
  const other = join(env.HOME!, 'other_host_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
  const pub = readFileSync(`${other}.pub`, 'utf8').trim().split(/\s+/);
  mkdirSync(join(env.HOME!, '.ssh'), { recursive: true });
  writeFileSync(join(env.HOME!, '.ssh', 'known_hosts'), `[${host}]:${port} ${pub[0]} ${pub[1]}\n`);
  return execFileSync('ssh-keygen', ['-l', '-f', `${other}.pub`]).toString().split(/\s+/)[1]!;
}

describe('secubox CLI against a real dropbear', () => {
  let box: TestBox;
  let tmp: string;

  beforeAll(async () => {
    ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'secubox-cli-'));
    box = await startBox({ server: 'dropbear' });
  }, 180_000);
  afterAll(async () => {
    await box?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const addArgs = (name: string) => ['box', 'add', name, '--host', '127.0.0.1', '--port', String(box.port), '--user', box.user, '--identity', box.clientKey];

  it('box add --accept-new, then ubus call and uci export print the box\'s data', async () => {
    const env = homeEnv(join(tmp, 'a'));
    const add = await cli([...addArgs('lab'), '--accept-new'], env);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain('lab: reachable');
    const kh = readFileSync(join(env.HOME!, '.ssh', 'known_hosts'), 'utf8');
    expect(kh).toContain(`[127.0.0.1]:${box.port} ssh-ed25519 `);
    const cfgPath = join(env.XDG_CONFIG_HOME!, 'secubox', 'config.json');
    expect(statSync(cfgPath).mode & 0o777).toBe(0o600);

    const call = await cli(['ubus', 'call', 'luci.metablogizer', 'status', '--box', 'lab'], env);
    expect(call.code, call.stderr).toBe(0);
    const expected = JSON.parse(readFileSync(join(TRANSCRIPTS, 'ubus', 'call', 'luci.metablogizer', 'status.out'), 'utf8'));
    expect(JSON.parse(call.stdout)).toEqual(expected);
    expect(call.stdout.trim().split('\n')).toHaveLength(1); // piped: compact

    const exp = await cli(['uci', 'export', 'metablogizer', '--box', 'lab'], env);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toBe(readFileSync(join(TRANSCRIPTS, 'uci', 'export', 'metablogizer.out'), 'utf8'));

    const ex = await cli(['exec', '--box', 'lab', '--', 'sh', '-c', 'printf "%s|" "$@"; echo >&2 err; exit 5', 'sh', 'a b', '$HOME', "it's"], env);
    expect(ex.code).toBe(5);
    expect(ex.stdout).toBe("a b|$HOME|it's|");
    expect(ex.stderr).toBe('err\n');
  });

  it('unknown host without --accept-new: saved, exit 3 with a hint; box trust --yes then works', async () => {
    const env = homeEnv(join(tmp, 'b'));
    const add = await cli(addArgs('lab'), env);
    expect(add.code).toBe(3);
    expect(add.stderr).toContain('box "lab" is saved, but');
    expect(add.stderr).toContain(box.hostKeyFingerprint);
    expect(add.stderr).toMatch(/hint: .*secubox box trust lab/);
    expect(existsSync(join(env.HOME!, '.ssh', 'known_hosts'))).toBe(false);

    const again = await cli(['ubus', 'call', 'luci.metablogizer', 'status', '--box', 'lab'], env);
    expect(again.code).toBe(3);

    const noYes = await cli(['box', 'trust', 'lab'], env);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain(box.hostKeyFingerprint);

    const trust = await cli(['box', 'trust', 'lab', '--yes'], env);
    expect(trust.code, trust.stderr).toBe(0);
    expect(trust.stderr).toContain(box.hostKeyFingerprint);
    const call = await cli(['ubus', 'call', 'luci.metablogizer', 'status', '--box', 'lab'], env);
    expect(call.code, call.stderr).toBe(0);
    const known = await cli(['box', 'trust', 'lab'], env);
    expect(known.code).toBe(0);
    expect(known.stderr).toContain('already trusted');
  });

  it('a changed host key: refused with exit 3 and both fingerprints; box trust refuses to replace it', async () => {
    const env = homeEnv(join(tmp, 'c'));
    const otherFp = knownHostsWithOtherKey(env, '127.0.0.1', box.port);

    const add = await cli([...addArgs('lab'), '--accept-new'], env);
    expect(add.code).toBe(3);
    const call = await cli(['ubus', 'call', 'luci.metablogizer', 'status', '--box', 'lab'], env);
    expect(call.code).toBe(3);
    expect(call.stdout).toBe('');
    expect(call.stderr).toContain(box.hostKeyFingerprint);
    expect(call.stderr).toContain(otherFp);

    const trust = await cli(['box', 'trust', 'lab', '--yes'], env);
    expect(trust.code).toBe(3);
    expect(trust.stderr).toContain('CHANGED');
    expect(trust.stderr).toContain('ssh-keygen -R');
    expect(readFileSync(join(env.HOME!, '.ssh', 'known_hosts'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('a changed key on a JUMP host: refused, and the hint says how to trust a jump (box trust takes boxes)', async () => {
    const env = homeEnv(join(tmp, 'j'));
    // the box itself (127.0.0.1) is trusted; its jump host, the same server named `localhost`, has another key on file
    knownHostsWithOtherKey(env, 'localhost', box.port);
    expect((await cli([...addArgs('lab'), '--accept-new'], env)).code).toBe(0);
    const add = await cli([...addArgs('via'), '--jump', `${box.user}@localhost:${box.port}`, '--no-verify'], env);
    expect(add.code, add.stderr).toBe(0);
    const r = await cli(['exec', '--box', 'via', '--', 'true'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('HOST KEY CHANGED for via (jump localhost)');
    expect(r.stderr).toMatch(/^hint: .*ssh-keygen -R '\[localhost\]:\d+'.*secubox exec --box via -- true/m);
    expect(r.stderr).not.toMatch(/box trust via \(jump/);
  });

  it('an unreachable box is exit 3; with a reachable one in the same call, exit 4', async () => {
    const env = homeEnv(join(tmp, 'd'));
    expect((await cli([...addArgs('lab'), '--accept-new'], env)).code).toBe(0);
    const dead = await cli(['box', 'add', 'dead', '--host', '127.0.0.1', '--port', '1', '--no-verify'], env);
    expect(dead.code).toBe(0);
    const one = await cli(['uci', 'get', 'metablogizer.main.port_base', '--box', 'dead'], env);
    expect(one.code).toBe(3);
    const both = await cli(['uci', 'get', 'metablogizer.main.port_base', '--box', 'lab,dead'], env);
    expect(both.code).toBe(4);
    expect(both.stdout).toBe('lab: 8900\n');
    expect(both.stderr).toContain('dead: unreachable');
  });
});
