/** Host key verification of the SSH transport against real servers: known, changed, revoked, unknown, trust. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshTransport, fetchHostKey } from '../../src/backends/ssh/index.js';
import { hashHostName } from '../../src/backends/ssh/knownHosts.js';
import { UnreachableError } from '../../src/lib/errors.js';
import { scriptedPrompter, startBox, type TestBox } from './harness/index.js';

/** A second, unrelated ed25519 public key (what a man in the middle would present / an old key). */
function otherKey(dir: string): { pub: string; fingerprint: string } {
  const f = join(dir, `other_${Math.random().toString(36).slice(2)}`);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f]);
  const pub = readFileSync(`${f}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const fp = execFileSync('ssh-keygen', ['-l', '-f', `${f}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';
  return { pub, fingerprint: fp };
}

describe.each(['dropbear', 'openssh'] as const)('host keys on %s', (server) => {
  let box: TestBox;
  beforeAll(async () => {
    box = await startBox({ server });
  });
  afterAll(async () => {
    await box?.stop();
  });

  const kh = (name: string, text: string): string => {
    const f = join(box.dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('connects when the key is known (plain [host]:port entry, and hashed entry)', async () => {
    const t = createSshTransport(box.target());
    expect((await t.exec(['true'])).code).toBe(0);
    await t.close();
    const hashed = kh('known_hashed', `${hashHostName(`[127.0.0.1]:${box.port}`)} ${box.hostKeyPub}\n`);
    const h = createSshTransport(box.target({ knownHostsFiles: [hashed] }));
    expect((await h.exec(['true'])).code).toBe(0);
    await h.close();
  });

  it('refuses a CHANGED key with both SHA256 fingerprints and the known_hosts file:line', async () => {
    const old = otherKey(box.dir);
    const file = kh('known_changed', `# comment\n[127.0.0.1]:${box.port} ${old.pub}\n`);
    const t = createSshTransport(box.target({ knownHostsFiles: [file], acceptNew: true }));
    box.clearCalls();
    const err = await t.exec(['ubus', 'list']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    const u = err as UnreachableError;
    expect(u.reason).toBe('host-key');
    expect(u.exitCode).toBe(3);
    expect(u.message).toContain(box.hostKeyFingerprint); // presented
    expect(u.message).toContain(old.fingerprint); // expected
    expect(u.message).toContain(`${file}:2`);
    expect(u.message.split("\n")).toHaveLength(1);
    expect(u.hint).toMatch(/ssh-keygen -R/);
    // never accepted, even with --accept-new, and nothing was run nor written
    expect(box.calls()).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(`# comment\n[127.0.0.1]:${box.port} ${old.pub}\n`);
    await t.close();
  });

  it('refuses a revoked key', async () => {
    const file = kh('known_revoked', `@revoked * ${box.hostKeyPub}\n[127.0.0.1]:${box.port} ${box.hostKeyPub}\n`);
    const t = createSshTransport(box.target({ knownHostsFiles: [file] }));
    const err = await t.exec(['true']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as UnreachableError).reason).toBe('host-key');
    expect((err as Error).message).toMatch(/REVOKED/);
    expect((err as Error).message).toContain(`${file}:1`);
    await t.close();
  });

  it('refuses an unknown host (no silent trust), then accepts it with acceptNew and records it', async () => {
    const file = join(box.dir, 'known_new');
    const t = createSshTransport(box.target({ knownHostsFiles: [file] }));
    const err = await t.exec(['true']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as UnreachableError).reason).toBe('unknown-host');
    expect((err as Error).message).toContain(box.hostKeyFingerprint);
    expect((err as UnreachableError).hint).toMatch(/secubox box trust test-.*--accept-new/);
    await t.close();

    const a = createSshTransport(box.target({ knownHostsFiles: [file], acceptNew: true }));
    expect((await a.exec(['true'])).code).toBe(0);
    await a.close();
    expect(readFileSync(file, 'utf8')).toBe(`${box.knownHostsLine()}\n`);

    const again = createSshTransport(box.target({ knownHostsFiles: [file] }));
    expect((await again.exec(['true'])).code).toBe(0);
    await again.close();
  });

  it('asks an interactive prompter (fingerprint shown) and records the key only on yes', async () => {
    const file = join(box.dir, 'known_prompt');
    const no = scriptedPrompter({ trust: false });
    const t1 = createSshTransport(box.target({ knownHostsFiles: [file], prompter: no }));
    const e1 = await t1.exec(['true']).catch((e: unknown) => e);
    expect((e1 as UnreachableError).reason).toBe('unknown-host');
    expect(no.asked).toEqual([`trust ssh-ed25519 ${box.hostKeyFingerprint}`]);
    await t1.close();

    const yes = scriptedPrompter({ trust: true });
    const t2 = createSshTransport(box.target({ knownHostsFiles: [file], prompter: yes, connectTimeoutMs: 2000 }));
    expect((await t2.exec(['true'])).code).toBe(0);
    expect(yes.asked).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toContain(box.hostKeyPub);
    await t2.close();
  });

  it('fetchHostKey shows the key without logging in (for `secubox box trust`)', async () => {
    box.clearCalls();
    const k = await fetchHostKey('127.0.0.1', box.port, 5000);
    expect(k.type).toBe('ssh-ed25519');
    expect(k.fingerprint).toBe(box.hostKeyFingerprint);
    expect(k.key.equals(box.hostKeyBlob)).toBe(true);
    expect(box.calls()).toEqual([]);
  });
});
