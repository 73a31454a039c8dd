/** secubox box list [--json]: the inventory (table on a TTY, TSV when piped). */
import type { BoxEntry } from '../../core/inventory.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { note, printJson, printTable } from '../output.js';

export function boxJson(b: BoxEntry, def: string | undefined) {
  return {
    name: b.name,
    host: b.host,
    port: b.port ?? null,
    user: b.user ?? null,
    identity: b.identity ?? null,
    jump: b.jump ?? null,
    tags: b.tags,
    sshAlias: b.sshAlias ?? null,
    default: b.name === def,
  };
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const session = await ctx.session();
  const inv = session.inventory;
  const boxes = inv.list();
  const def = inv.getDefault();
  if (input.opts.json === true) {
    printJson(ctx.stdout, { default: def ?? null, demo: session.demo, boxes: boxes.map((b) => boxJson(b, def)) });
    return 0;
  }
  if (boxes.length === 0) {
    note(ctx.stderr, `no box yet (${inv.path}): add one with \`secubox box add NAME --host HOST\`, or try \`secubox --demo\``);
    return 0;
  }
  const rows = boxes.map((b) => [
    b.name, b.host, b.port ?? '', b.user ?? '', b.tags.join(','), b.jump ?? '', b.sshAlias ?? '', b.name === def ? 'yes' : '',
  ]);
  if (ctx.stdout.isTTY && session.demo) note(ctx.stderr, 'DEMO fleet (nothing here is real)');
  printTable(ctx.stdout, ['NAME', 'HOST', 'PORT', 'USER', 'TAGS', 'JUMP', 'SSH ALIAS', 'DEFAULT'], rows);
  return 0;
}
