/**
 * secubox box import-ssh-config [--all] [NAME...]: add Host entries of ~/.ssh/config to the inventory.
 * The entry keeps only the alias (sshAlias): HostName, Port, User, IdentityFile and ProxyJump keep coming from
 * ~/.ssh/config at connection time. On a TTY with no NAME and no --all, a numbered list to pick from.
 */
import { z } from 'zod';
import { listSshConfigHosts, type SshConfigHostEntry } from '../../backends/ssh/sshConfig.js';
import { boxNameProblem, tagProblem } from '../../core/inventoryStore.js';
import { homeOf } from '../../core/sessionSsh.js';
import { suggest } from '../../core/targets.js';
import { isInteractive, readLine } from '../../core/ttyPrompter.js';
import { CancelledError, UsageError } from '../../lib/errors.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { note } from '../output.js';
import { parseOptions } from './common.js';

const Options = z.object({ all: z.boolean().default(false), tag: z.array(z.string()).default([]) });

function target(h: SshConfigHostEntry): string {
  return `${h.user ? `${h.user}@` : ''}${h.hostName ?? h.alias}${h.port ? `:${h.port}` : ''}${h.proxyJump ? ` via ${h.proxyJump}` : ''}`;
}

function describe(h: SshConfigHostEntry, known: ReadonlySet<string>): string {
  return `${h.alias}  (${target(h)})${known.has(h.alias) ? '  [already in the inventory]' : ''}`;
}

/** `1,3-5 7` → [0,2,3,4,6]; undefined if malformed or out of range. */
export function parsePicks(text: string, count: number): number[] | undefined {
  const out: number[] = [];
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b > count || a > b) return undefined;
    for (let i = a; i <= b; i++) if (!out.includes(i - 1)) out.push(i - 1);
  }
  return out;
}

async function pickInteractively(ctx: Context, hosts: SshConfigHostEntry[], known: ReadonlySet<string>): Promise<SshConfigHostEntry[]> {
  ctx.stderr.write('Host entries in ~/.ssh/config:\n');
  hosts.forEach((h, i) => ctx.stderr.write(`  ${String(i + 1).padStart(3)}. ${describe(h, known)}\n`));
  const io = { stdin: ctx.stdin, stderr: ctx.stderr, env: ctx.env };
  for (let tries = 0; tries < 3; tries++) {
    const answer = await readLine(io, 'Add which? (numbers like 1,3-5; "a" for all; empty to cancel) ', { echo: true });
    const t = (answer ?? '').trim().toLowerCase();
    if (t === '') throw new CancelledError('cancelled: nothing was added');
    if (t === 'a' || t === 'all') return hosts.filter((h) => !known.has(h.alias));
    const picks = parsePicks(t, hosts.length);
    if (picks && picks.length) return picks.map((i) => hosts[i]!);
    ctx.stderr.write(`please give numbers between 1 and ${hosts.length}\n`);
  }
  throw new CancelledError('cancelled: nothing was added');
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const o = parseOptions(Options, input.opts);
  for (const t of o.tag) {
    const p = tagProblem(t);
    if (p) throw new UsageError(p);
  }
  const names = input.args;
  if (o.all && names.length) throw new UsageError('give either NAMEs or --all, not both');
  const hosts = listSshConfigHosts({ home: homeOf(ctx.env) });
  if (hosts.length === 0) {
    throw new UsageError('~/.ssh/config has no Host entry to import (wildcard patterns are skipped)',
      'add boxes directly with `secubox box add NAME --host HOST`');
  }
  const session = await ctx.session();
  const inv = session.inventory;
  const known = new Set(hosts.filter((h) => inv.get(h.alias)).map((h) => h.alias));
  let picked: SshConfigHostEntry[];
  if (o.all) picked = hosts;
  else if (names.length) {
    picked = names.map((n) => {
      const h = hosts.find((x) => x.alias === n);
      if (!h) {
        const close = suggest(n, hosts.map((x) => x.alias));
        throw new UsageError(`no "Host ${n}" in ~/.ssh/config`, close.length ? `did you mean ${close.join(' or ')}?` : `its Host entries: ${hosts.map((x) => x.alias).join(', ')}`);
      }
      return h;
    });
  } else if (isInteractive({ stdin: ctx.stdin })) {
    picked = await pickInteractively(ctx, hosts, known);
  } else {
    throw new UsageError('say which Host entries to import: their names, or --all',
      `Host entries: ${hosts.slice(0, 10).map((x) => x.alias).join(', ')}${hosts.length > 10 ? ', …' : ''}`);
  }

  let added = 0;
  for (const h of picked) {
    const problem = boxNameProblem(h.alias);
    if (problem) {
      note(ctx.stderr, `skipped ${h.alias}: ${problem}`);
      continue;
    }
    if (inv.get(h.alias)) {
      note(ctx.stderr, `skipped ${h.alias}: already in the inventory`);
      continue;
    }
    inv.add({ name: h.alias, host: h.alias, sshAlias: h.alias, tags: [...new Set(o.tag)] });
    note(ctx.stderr, `added box "${h.alias}" (${target(h)})`);
    added++;
  }
  note(ctx.stderr, `${added} box${added === 1 ? '' : 'es'} added to ${inv.path}${added ? '; check their host keys with `secubox box trust NAME`' : ''}`);
  return 0;
}
