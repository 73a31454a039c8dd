/** The `__complete` verb when reached through main.ts (bin/secubox normally takes the fast path before that). */
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { formatCompletion } from './engine.js';
import { completeWords } from './main.js';

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  try {
    ctx.stdout.write(formatCompletion(await completeWords(input.args, ctx.env)));
  } catch {
    // completion never fails loudly
  }
  return 0;
}
