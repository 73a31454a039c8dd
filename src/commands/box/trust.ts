/**
 * secubox box trust NAME [--yes]: fetch the box's host key, show its SHA256 fingerprint, and after a confirmation
 * append it to known_hosts. A CHANGED key is never replaced here: the old line must be removed by hand, after
 * checking why it changed.
 */
import { z } from 'zod';
import { appendKnownHost, checkHostKey, hostPortName } from '../../backends/ssh/knownHosts.js';
import { endpointOf } from '../../core/sessionImpl.js';
import { hostKeyText } from '../../core/ttyPrompter.js';
import { SecuboxError, UnreachableError, UsageError } from '../../lib/errors.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { note } from '../output.js';
import { lookupBox, parseTargetOptions } from '../../core/targets.js';
import { confirmAction, parseOptions } from './common.js';

const Options = z.object({ yes: z.boolean().default(false) });

interface FetchedKey { key: Buffer; type: string; fingerprint: string }

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const name = input.args[0] ?? '';
  const o = parseOptions(Options, input.opts);
  parseTargetOptions({ timeout: input.opts.timeout }); // a bad --timeout is a usage error before anything else
  const session = await ctx.session();
  const entry = lookupBox(name, session.inventory);
  if (session.demo) {
    note(ctx.stderr, `"${name}" is a DEMO box: it has no host key to trust`);
    return 0;
  }
  const ep = endpointOf(entry, ctx.env);
  if (!ep) throw new UsageError(`"${name}" runs on this machine: there is no host key to trust`);
  if (ep.jumps.length > 0) {
    throw new UsageError(`box "${name}" is reached through a jump host: \`box trust\` cannot fetch its key directly`,
      `connect once from a terminal (\`secubox exec --box ${name} -- true\`): it shows the fingerprint and asks`);
  }
  const { fetchHostKey } = await import('../../backends/ssh/hostkey.js');
  let fetched: FetchedKey;
  try {
    fetched = await fetchHostKey(ep.host, ep.port, parseTargetOptions({ timeout: input.opts.timeout }).timeoutMs ?? 3_600_000, name);
  } catch (err) {
    if (err instanceof SecuboxError) throw err;
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UnreachableError(name, 'network', `cannot fetch the host key of "${name}" (${ep.host}:${ep.port}): ${msg}`,
      'check that the box is up and that its SSH port is right (`secubox box list`)', err);
  }
  const verdict = checkHostKey({ host: ep.host, port: ep.port, key: fetched.key, files: ep.knownHostsFiles, ...(ep.hostKeyAlias ? { alias: ep.hostKeyAlias } : {}) });
  const lookupName = ep.hostKeyAlias ?? hostPortName(ep.host, ep.port);
  switch (verdict.status) {
    case 'known':
      note(ctx.stderr, `${name}: host key already trusted (${fetched.type} ${fetched.fingerprint}, ${verdict.file}:${verdict.line})`);
      return 0;
    case 'revoked':
      throw new UnreachableError(name, 'host-key',
        `the host key of "${name}" (${ep.host}:${ep.port}) is REVOKED (${verdict.file}:${verdict.line}): ${fetched.fingerprint}`,
        'do not trust this box until you know why; a revoked key means it must not be used');
    case 'mismatch':
      throw new UnreachableError(name, 'host-key',
        `the host key of "${name}" (${ep.host}:${ep.port}) has CHANGED: known ${verdict.expected.map((k) => `${k.type} ${k.fingerprint}`).join(', ')} `
        + `(${verdict.file}:${verdict.line}), the box now presents ${verdict.presented.type} ${verdict.presented.fingerprint}`,
        `if the box was reinstalled, compare the new fingerprint with the box's console, then remove the old line with `
        + `\`ssh-keygen -R '${lookupName}' -f ${verdict.file}\` and run \`secubox box trust ${name}\` again`);
    case 'unknown':
      break;
  }
  const file = ep.knownHostsFiles[0];
  if (!file) throw new UsageError('no known_hosts file to write to (UserKnownHostsFile none?)', 'check ~/.ssh/config');
  ctx.stderr.write(hostKeyText({ box: name, host: ep.host, port: ep.port, keyType: fetched.type, fingerprint: fetched.fingerprint, file }));
  await confirmAction(ctx, `Trust this host key and add it to ${file}?`, { yes: o.yes, what: `trusting the host key of "${name}"` });
  if (ep.hostKeyAlias) appendKnownHost(file, ep.hostKeyAlias, 22, fetched.key);
  else appendKnownHost(file, ep.host, ep.port, fetched.key);
  note(ctx.stderr, `trusted: ${lookupName} ${fetched.type} ${fetched.fingerprint} added to ${file}`);
  return 0;
}
