/** secubox box add NAME --host H [...]: save a box, then (unless --no-verify) connect once to check it. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { BoxEntry } from '../../core/inventory.js';
import { boxNameProblem, tagProblem } from '../../core/inventoryStore.js';
import { parseJumpSpec } from '../../core/sessionSsh.js';
import { parseTargetOptions } from '../../core/targets.js';
import { SecuboxError, UnreachableError, UsageError } from '../../lib/errors.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { note } from '../output.js';
import { parseOptions } from './common.js';

const hostRe = /^[A-Za-z0-9._:%[\]-]+$/;

const Options = z.object({
  host: z.string({ error: 'is required (e.g. --host 192.168.1.1)' })
    .refine((h) => hostRe.test(h) && !h.startsWith('-'), { message: 'must be a host name or an IP address' }),
  port: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be 1-65535').max(65535, 'must be 1-65535').optional(),
  user: z.string().regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*$/, 'must be a user name such as root').optional(),
  identity: z.string().min(1).optional(),
  jump: z.string().min(1).regex(/^[^\s]+$/, 'must be [user@]host[:port]').optional(),
  tag: z.array(z.string()).default([]),
  acceptNew: z.boolean().default(false),
  verify: z.boolean().default(true),
});

function absIdentity(p: string): string {
  return p.startsWith('~') || isAbsolute(p) ? p : resolve(process.cwd(), p);
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const name = input.args[0] ?? '';
  const problem = boxNameProblem(name);
  if (problem) throw new UsageError(problem, 'pick a name such as `r1` or `r1.lab` (letters, digits, ".", "_", "-")');
  const o = parseOptions(Options, input.opts);
  for (const t of o.tag) {
    const p = tagProblem(t);
    if (p) throw new UsageError(p);
  }
  const entry: BoxEntry = { name, host: o.host, tags: [...new Set(o.tag)] };
  if (o.port !== undefined) entry.port = o.port;
  if (o.user !== undefined) entry.user = o.user;
  if (o.identity !== undefined) entry.identity = absIdentity(o.identity);
  if (o.jump !== undefined) {
    for (const part of o.jump.split(',')) parseJumpSpec(part); // UsageError on a malformed hop
    entry.jump = o.jump;
  }

  const { timeoutMs } = parseTargetOptions({ timeout: input.opts.timeout });
  const session = await ctx.session({ acceptNew: o.acceptNew, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  if (session.inventory.get(name)) {
    throw new UsageError(`box "${name}" is already in the inventory`, `remove it first with \`secubox box rm ${name}\`, or pick another name`);
  }
  if (entry.identity && !entry.identity.startsWith('~') && !existsSync(entry.identity)) {
    note(ctx.stderr, `warning: identity file ${entry.identity} does not exist (yet)`);
  }
  session.inventory.add(entry);
  const where = entry.host === 'local' ? 'this machine' : session.where(entry);
  note(ctx.stderr, `added box "${name}" (${where}) to ${session.inventory.path}${session.demo ? ' (demo: not saved)' : ''}`);
  if (!o.verify) return 0;

  try {
    const box = await session.open(entry);
    await box.exec(['true'], { ...(timeoutMs !== undefined ? { timeoutMs } : {}), signal: ctx.signal, label: 'check connection' });
  } catch (err) {
    if (err instanceof UnreachableError) {
      const hint = err.reason === 'unknown-host'
        ? `check the key's fingerprint, then trust it with \`secubox box trust ${name}\``
        : err.hint;
      throw new UnreachableError(name, err.reason, `box "${name}" is saved, but ${err.message}`, hint, err);
    }
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new SecuboxError(`box "${name}" is saved, but the connection check failed: ${msg}`, {
      exitCode: err instanceof SecuboxError ? err.exitCode : 1,
      hint: err instanceof SecuboxError ? err.hint : `try \`secubox exec --debug --box ${name} -- true\``,
      cause: err,
    });
  }
  note(ctx.stderr, `${name}: reachable, host key trusted`);
  return 0;
}
