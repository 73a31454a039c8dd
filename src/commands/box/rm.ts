/** secubox box rm NAME [--yes]: remove a box from the inventory (confirmation on a TTY, --yes otherwise). */
import { z } from 'zod';
import { unknownBoxError } from '../../core/targets.js';
import { UsageError } from '../../lib/errors.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { note } from '../output.js';
import { confirmAction, parseOptions } from './common.js';

const Options = z.object({ yes: z.boolean().default(false) });

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const name = input.args[0] ?? '';
  const o = parseOptions(Options, input.opts);
  if (name === 'local') throw new UsageError('"local" is this machine, not an inventory entry');
  const session = await ctx.session();
  const entry = session.inventory.get(name);
  if (!entry) throw unknownBoxError(name, session.inventory);
  await confirmAction(ctx, `Remove box "${name}" (${entry.host}) from the inventory?`, { yes: o.yes, what: `removing box "${name}"` });
  session.inventory.remove(name);
  note(ctx.stderr, `removed box "${name}" from ${session.inventory.path} (its known_hosts lines are kept)`);
  return 0;
}
