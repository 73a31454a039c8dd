/** secubox uci get CONFIG.SECTION[.OPTION] [--json]: one value (a section's type without OPTION). */
import { RemoteError } from '../../lib/errors.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { runOnTargets } from '../output.js';
import { parseUciPath } from './path.js';

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const path = parseUciPath(input.args[0], { needOption: false });
  const json = input.opts.json === true;
  return runOnTargets<string>(ctx, input.opts, async (box, entry, signal) => {
    const v = await box.uci.get(path.text, { signal });
    if (v === undefined) {
      throw new RemoteError(`${path.text} is not set on ${entry.name}`, { box: entry.name, hint: `see \`secubox uci show ${path.config} --box ${entry.name}\`` });
    }
    return v;
  }, {
    ...(json ? { json: (value: string) => ({ path: path.text, value }) } : {}),
    printOne: (v) => { ctx.stdout.write(`${v}\n`); },
    printMany: (v, entry) => { ctx.stdout.write(`${entry.name}: ${v}\n`); },
  });
}
