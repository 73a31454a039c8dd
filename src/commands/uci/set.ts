/**
 * secubox uci set CONFIG.SECTION.OPTION VALUE (or CONFIG.SECTION.OPTION=VALUE) [--yes]: one `uci batch` + `uci commit` through the Box API; on any
 * failure the box's staged changes for CONFIG are reverted. Several boxes (--group/--all/a,b) need a confirmation.
 */
import { z } from 'zod';
import { UsageError } from '../../lib/errors.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { boxList, confirmAction, parseOptions } from '../box/common.js';
import { note, runOnTargets } from '../output.js';
import { parseUciPath, type UciPath } from './path.js';

const Options = z.object({ yes: z.boolean().default(false) }).loose();

/**
 * `PATH VALUE`, or uci's own `CONFIG.SECTION.OPTION=VALUE` as one word when no VALUE word follows (split at the
 * first `=`: a path has none, the value may have more).
 */
export function pathAndValue(args: readonly string[]): { path: UciPath; value: string } {
  const [first, second] = args;
  const eq = first?.indexOf('=') ?? -1;
  if (second === undefined && first !== undefined && eq > 0) {
    return { path: parseUciPath(first.slice(0, eq), { needOption: true }), value: first.slice(eq + 1) };
  }
  const path = parseUciPath(first, { needOption: true });
  if (second === undefined) throw new UsageError('uci set needs a VALUE', `e.g. \`secubox uci set ${path.text} 1\` or \`secubox uci set ${path.text}=1\``);
  return { path, value: second };
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const { path, value } = pathAndValue(input.args);
  const o = parseOptions(Options, input.opts);
  const shown = `${path.text}=${JSON.stringify(value)}`;
  const done = (box: string) => note(ctx.stderr, `${box}: ${shown} (committed)`);
  return runOnTargets<void>(ctx, input.opts, async (box, _e, signal) => {
    await box.uci.apply(path.config, [{ op: 'set', config: path.config, section: path.section, option: path.option!, value }], { signal });
  }, {
    async before(entries, multi) {
      if (!multi) return;
      await confirmAction(ctx, `Set ${shown} on ${entries.length} boxes (${boxList(entries)})?`, { yes: o.yes, what: `changing ${entries.length} boxes` });
    },
    printOne: (_v, entry) => done(entry.name),
    printMany: (_v, entry) => done(entry.name),
  });
}
