/**
 * The one confirmation of an rpcd method call, shared by `secubox SUBSYSTEM METHOD` and `secubox ubus call` (kept out
 * of box/common.ts so that the box verbs do not load core/subsystemCalls).
 */
import type { BoxEntry } from '../core/inventory.js';
import { isDangerous, isWrite, type MethodInfo } from '../core/subsystemCalls.js';
import { boxList, confirmAction } from './box/common.js';
import type { Context } from './context.js';

/**
 * The confirmation of an rpcd method call (`secubox SUBSYSTEM METHOD`, `secubox ubus call`): a pure read runs at
 * once; a write, a read with a side effect or a method nobody declared (`decl` undefined) is asked on a TTY, or
 * needs --yes. `shown` is the call as it will be sent (`OBJECT METHOD {json}`), `label` names it in the no-TTY error.
 */
export async function confirmMethodCall(ctx: Context, decl: Pick<MethodInfo, 'kind' | 'sideEffect' | 'dangerous'> | undefined,
  opts: { shown: string; label: string; entries: readonly Pick<BoxEntry, 'name'>[]; yes: boolean }): Promise<void> {
  if (!isWrite(decl)) return;
  const names = boxList(opts.entries);
  const why = !decl ? ' (not in secubox\'s registry: it may change the box)'
    : decl.kind === 'side-effect' ? ` (a read that changes the box: ${decl.sideEffect ?? 'state'})`
      : isDangerous(decl) ? ' (DANGEROUS: it destroys data or cuts access)' : '';
  await confirmAction(ctx, `Call ${opts.shown} on ${names}${why}?`, { yes: opts.yes, what: `${opts.label} on ${names}` });
}
