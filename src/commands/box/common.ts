/** Helpers shared by the box/exec/ubus/uci/subsystem verbs: zod option parsing and confirmations. */
import type { z } from 'zod';
import type { BoxEntry } from '../../core/inventory.js';
import { createPrompter } from '../../core/ttyPrompter.js';
import { CancelledError, UsageError } from '../../lib/errors.js';
import type { Context } from '../context.js';

/** Validate commander's options with a zod schema; the first problem becomes a UsageError (exit 2). */
export function parseOptions<S extends z.ZodType>(schema: S, opts: Record<string, unknown>): z.infer<S> {
  const r = schema.safeParse(opts);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const key = issue?.path[0];
  const flag = typeof key === 'string' ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ` : '';
  throw new UsageError(`${flag}${issue?.message ?? 'invalid options'}`);
}

/**
 * Ask before doing something (TTY), or require --yes (no TTY). Declining is a CancelledError (exit 130);
 * no TTY and no --yes is a UsageError (exit 2). Nothing is done in either case.
 */
export async function confirmAction(ctx: Context, question: string, opts: { yes: boolean; what: string }): Promise<void> {
  if (opts.yes) return;
  const prompter = createPrompter({ stdin: ctx.stdin, stderr: ctx.stderr, env: ctx.env });
  if (!prompter.interactive) {
    throw new UsageError(`${opts.what} needs a confirmation and this is not a terminal`, 'pass --yes to confirm it');
  }
  if (!(await prompter.confirm(question, false))) throw new CancelledError('cancelled: nothing was done');
}

/** `r1, r2, r3` (the first six, then `…`) for a question naming the boxes. */
export function boxList(entries: readonly Pick<BoxEntry, 'name'>[]): string {
  const names = entries.map((e) => e.name);
  return `${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`;
}

export function prompterFor(ctx: Context) {
  return createPrompter({ stdin: ctx.stdin, stderr: ctx.stderr, env: ctx.env });
}
