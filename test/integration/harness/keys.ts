/** Throwaway keys for one test box: server host key, client keys (plain ed25519, encrypted ed25519, RSA, dropbear-format). */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tools } from './system.js';

export interface ClientKeys {
  /** ed25519, no passphrase (OpenSSH format). */
  clientKey: string;
  /** ed25519 encrypted with `passphrase`. */
  encryptedClientKey: string;
  passphrase: string;
  /** RSA 2048, no passphrase. */
  rsaClientKey: string;
  /** The plain ed25519 key converted to dropbear's own format (ssh2 cannot read it). */
  dropbearClientKey: string;
  /** Public key lines of the three OpenSSH keys (to authorize). */
  publicLines: string[];
}

export interface HostKey {
  /** OpenSSH-format private key (sshd). */
  openssh: string;
  /** Dropbear-format private key (dropbear -r). */
  dropbear: string;
  /** `ssh-ed25519 AAAA...` */
  pub: string;
  /** Wire-format blob. */
  blob: Buffer;
  /** `SHA256:...` */
  fingerprint: string;
}

function keygen(t: Tools, file: string, type: 'ed25519' | 'rsa', passphrase = '', comment = 'secubox-test'): void {
  const args = ['-q', '-t', type, '-N', passphrase, '-C', comment, '-f', file];
  if (type === 'rsa') args.push('-b', '2048');
  execFileSync(t.sshKeygen, args, { stdio: 'ignore' });
}

export function fingerprintOf(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export function makeHostKey(t: Tools, dir: string, name = 'host_ed25519'): HostKey {
  const openssh = join(dir, name);
  keygen(t, openssh, 'ed25519', '', 'secubox-test-host');
  const dropbear = `${openssh}.dropbear`;
  execFileSync(t.dropbearconvert, ['openssh', 'dropbear', openssh, dropbear], { stdio: 'ignore' });
  const pub = readFileSync(`${openssh}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const blob = Buffer.from(pub.split(' ')[1] ?? '', 'base64');
  return { openssh, dropbear, pub, blob, fingerprint: fingerprintOf(blob) };
}

export function makeClientKeys(t: Tools, dir: string): ClientKeys {
  const clientKey = join(dir, 'id_ed25519');
  const encryptedClientKey = join(dir, 'id_ed25519_enc');
  const rsaClientKey = join(dir, 'id_rsa');
  const dropbearClientKey = join(dir, 'id_dropbear');
  const passphrase = `pp-${randomBytes(6).toString('hex')}`;
  keygen(t, clientKey, 'ed25519');
  keygen(t, encryptedClientKey, 'ed25519', passphrase);
  keygen(t, rsaClientKey, 'rsa');
  execFileSync(t.dropbearconvert, ['openssh', 'dropbear', clientKey, dropbearClientKey], { stdio: 'ignore' });
  const publicLines = [clientKey, encryptedClientKey, rsaClientKey].map((k) => readFileSync(`${k}.pub`, 'utf8').trim());
  return { clientKey, encryptedClientKey, passphrase, rsaClientKey, dropbearClientKey, publicLines };
}
