/** Authentication of the SSH transport against real servers: agent, keys, passphrases, passwords, ProxyJump. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshTransport } from '../../src/backends/ssh/index.js';
import { UnreachableError } from '../../src/lib/errors.js';
import { refusingPrompter, scriptedPrompter, startBox, type TestBox } from './harness/index.js';

async function startAgent(dir: string, keys: string[]): Promise<{ sock: string; stop: () => void }> {
  const sock = join(dir, `agent-${process.pid}-${Math.random().toString(36).slice(2)}.sock`);
  const proc: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  const end = Date.now() + 5000;
  while (!existsSync(sock)) {
    if (Date.now() > end) throw new Error('ssh-agent did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const k of keys) execFileSync('ssh-add', ['-q', k], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
  return { sock, stop: () => proc.kill('SIGTERM') };
}

async function authError(p: Promise<unknown>): Promise<UnreachableError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UnreachableError);
  return e as UnreachableError;
}

describe.each(['dropbear', 'openssh'] as const)('auth on %s', (server) => {
  let box: TestBox;
  beforeAll(async () => {
    box = await startBox({ server });
  });
  afterAll(async () => {
    await box?.stop();
  });

  it('uses ssh-agent (a real ssh-agent holding the key)', async () => {
    const agent = await startAgent(box.dir, [box.clientKey]);
    try {
      const t = createSshTransport(box.target({ identityFiles: [], agentSocket: agent.sock }));
      expect((await t.exec(['id', '-un'])).stdout.toString()).toBe(`${box.user}\n`);
      await t.close();
    } finally {
      agent.stop();
    }
  });

  it('asks the passphrase of an encrypted key once (kept for reconnects), and retries a wrong one', async () => {
    const p = scriptedPrompter({ secrets: ['wrong', box.passphrase] });
    const t = createSshTransport(box.target({ identityFiles: [box.encryptedClientKey], prompter: p }));
    expect((await t.exec(['true'])).code).toBe(0);
    expect(p.asked).toHaveLength(2);
    expect(p.asked[0]).toMatch(/^Passphrase for key .*id_ed25519_enc:$/);
    expect(p.asked[1]).toMatch(/^Wrong passphrase/);
    await box.restart();
    expect((await t.exec(['true'])).code).toBe(0);
    expect(t.connectCount).toBe(2);
    expect(p.asked).toHaveLength(2); // not asked again
    await t.close();
  }, 30_000);

  it('says clearly that an encrypted key needs a passphrase when nobody can type it', async () => {
    const t = createSshTransport(box.target({ identityFiles: [box.encryptedClientKey], prompter: refusingPrompter }));
    const e = await authError(t.exec(['true']));
    expect(e.reason).toBe('auth');
    expect(e.message).toMatch(/id_ed25519_enc \(encrypted; no passphrase can be asked without a terminal\)/);
    expect(e.hint).toMatch(/ssh-add/);
    await t.close();
  });

  it('uses an RSA key', async () => {
    const t = createSshTransport(box.target({ identityFiles: [box.rsaClientKey] }));
    expect((await t.exec(['true'])).code).toBe(0);
    await t.close();
  });

  it('detects a dropbear-format key and says to convert it with dropbearconvert', async () => {
    const t = createSshTransport(box.target({ identityFiles: [box.dropbearClientKey] }));
    const e = await authError(t.exec(['true']));
    expect(e.reason).toBe('auth');
    expect(e.message).toMatch(/dropbear format/);
    expect(e.hint).toMatch(/dropbearconvert dropbear openssh/);
    await t.close();
  });

  it('falls through a missing key to the next one', async () => {
    const t = createSshTransport(box.target({ identityFiles: [join(box.dir, 'nope'), box.clientKey] }));
    expect((await t.exec(['true'])).code).toBe(0);
    await t.close();
  });

  it('logs in with a password asked through the prompter (OpenWrt root login)', async () => {
    const p = scriptedPrompter({ secrets: [box.password] });
    const t = createSshTransport(box.target({ identityFiles: [], prompter: p }));
    expect((await t.exec(['id', '-un'])).stdout.toString()).toBe(`${box.user}\n`);
    expect(p.asked).toEqual([`Password for ${box.user}@127.0.0.1:${box.port}:`]);
    await t.close();
  });

  it('lists what was tried when authentication fails', async () => {
    const p = scriptedPrompter({ secrets: ['not-the-password', undefined] });
    const t = createSshTransport(box.target({ identityFiles: [box.rsaClientKey.replace('id_rsa', 'id_absent')], prompter: p }));
    const e = await authError(t.exec(['true']));
    expect(e.reason).toBe('auth');
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/failed; tried: .*id_absent \(not found\).*password/);
    await t.close();
    const n = createSshTransport(box.target({ identityFiles: [] }));
    const e2 = await authError(n.exec(['true']));
    expect(e2.message).toMatch(/password \(not asked: no terminal\)/);
    await n.close();
  });

  it('reaches a box through a ProxyJump host (a second real server)', async () => {
    const hop = await startBox({ server: server === 'dropbear' ? 'openssh' : 'dropbear' });
    try {
      const t = createSshTransport(box.target({ jump: hop.target({ box: 'jumphost' }) }));
      const r = await t.exec(['sh', '-c', 'echo "$SSH_CONNECTION"']);
      // seen by the final server, the connection comes from the jump host's forward (127.0.0.1 → our port)
      expect(r.stdout.toString().trim().split(' ').pop()).toBe(String(box.port));
      expect(t.target).toContain('via');
      hop.clearCalls();
      expect((await t.exec(['ubus', 'list'])).code).toBe(0);
      expect(hop.calls()).toEqual([]); // ran on the final box, not on the hop
      await t.close();
      // an unknown jump host is refused like any other
      const bad = createSshTransport(box.target({ jump: hop.target({ knownHostsFiles: [join(hop.dir, 'empty')] }) }));
      expect((await authError(bad.exec(['true']))).reason).toBe('unknown-host');
      await bad.close();
    } finally {
      await hop.stop();
    }
  }, 30_000);
});

describe('keyboard-interactive (OpenSSH + PAM, password auth off)', () => {
  let box: TestBox;
  beforeAll(async () => {
    box = await startBox({ server: 'openssh', keyboardInteractiveOnly: true });
  });
  afterAll(async () => {
    await box?.stop();
  });

  it('answers the PAM prompt through the prompter', async () => {
    const p = scriptedPrompter({ secrets: [box.password] });
    const t = createSshTransport(box.target({ identityFiles: [], prompter: p }));
    expect((await t.exec(['id', '-un'])).stdout.toString()).toBe(`${box.user}\n`);
    expect(p.asked).toHaveLength(1);
    expect(p.asked[0]).toMatch(/password/i);
    await t.close();
  });
});
