/** secubox uci show CONFIG: the config as `config.section.option='value'` lines, as `uci show` prints it. */
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { runOnTargets, writePrefixed } from '../output.js';
import { checkConfig } from './path.js';

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const config = checkConfig(input.args[0]);
  return runOnTargets<string>(ctx, input.opts, (box, _e, signal) => box.uci.show(config, { signal }), {
    printOne: (text) => { ctx.stdout.write(text); },
    printMany: (text, entry) => writePrefixed(ctx.stdout, `${entry.name}: `, text),
  });
}
