/** secubox box default [NAME] [--unset]: set (or show, or clear) the box used when no --box/--group/--all is given. */
import { z } from 'zod';
import { unknownBoxError } from '../../core/targets.js';
import { UsageError } from '../../lib/errors.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { note } from '../output.js';
import { parseOptions } from './common.js';

const Options = z.object({ unset: z.boolean().default(false) });

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const name = input.args[0];
  const o = parseOptions(Options, input.opts);
  const session = await ctx.session();
  const inv = session.inventory;
  if (o.unset) {
    if (name !== undefined) throw new UsageError('give either a NAME or --unset, not both');
    inv.setDefault(undefined);
    note(ctx.stderr, 'no default box any more');
    return 0;
  }
  if (name === undefined) {
    const def = inv.getDefault();
    if (def === undefined) {
      note(ctx.stderr, 'no default box: set one with `secubox box default NAME`');
      return 0;
    }
    ctx.stdout.write(`${def}\n`);
    return 0;
  }
  if (!inv.get(name)) throw unknownBoxError(name, inv);
  inv.setDefault(name);
  note(ctx.stderr, `default box: ${name}`);
  return 0;
}
