/** secubox ubus list [OBJECT] [--json]: the rpcd objects of a box, their methods and parameter types. */
import type { UbusSignature } from '../../backends/types.js';
import { RemoteError } from '../../lib/errors.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { displayWidth, writePrefixed } from '../output.js';
import { runOnTargets } from '../output.js';
import { checkObjectName } from './names.js';

/** Objects sorted, methods aligned: `  get_site   id: String` */
export function formatSignature(sig: UbusSignature): string {
  let out = '';
  for (const obj of Object.keys(sig).sort()) {
    out += `${obj}\n`;
    const methods = sig[obj] ?? {};
    const names = Object.keys(methods).sort();
    const width = Math.max(0, ...names.map(displayWidth));
    for (const m of names) {
      const params = Object.entries(methods[m] ?? {}).map(([p, t]) => `${p}: ${t}`).join(', ');
      out += params ? `  ${m.padEnd(width)}  ${params}\n` : `  ${m}\n`;
    }
  }
  return out;
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const object = input.args[0] === undefined ? undefined : checkObjectName(input.args[0], true);
  const json = input.opts.json === true;
  return runOnTargets<UbusSignature>(ctx, input.opts, async (box, entry, signal) => {
    const sig = await box.ubus.list(object, { signal });
    if (object !== undefined && Object.keys(sig).length === 0) {
      throw new RemoteError(`no ubus object "${object}" on ${entry.name}`, { box: entry.name, hint: `see \`secubox ubus list --box ${entry.name}\`` });
    }
    return sig;
  }, {
    ...(json ? { json: (sig: UbusSignature) => sig } : {}),
    printOne: (sig) => { ctx.stdout.write(formatSignature(sig)); },
    printMany: (sig, entry) => writePrefixed(ctx.stdout, `${entry.name}: `, formatSignature(sig)),
  });
}
