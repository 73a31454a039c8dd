/**
 * secubox ubus call OBJECT METHOD [JSON] [--json] [--yes]: call an rpcd method. The JSON argument is checked here
 * (bad JSON → exit 2, nothing sent); the answer is pretty JSON on a TTY, compact when piped or with --json.
 * An rpcd error (`{error}`, `success:false`, "Method not found"...) exits 1 with its message.
 * Like the subsystem verbs, only pure reads run at once (the registry's, and OpenWrt's own in registry/openwrt.ts);
 * anything else is confirmed on a TTY or needs --yes.
 */
import { z } from 'zod';
import { UsageError } from '../../lib/errors.js';
import { describeMethod } from '../../registry/index.js';
import type { CommandInput } from '../spec.js';
import type { Context } from '../context.js';
import { parseOptions } from '../box/common.js';
import { confirmMethodCall } from '../methodConfirm.js';
import { formatJson, isTty, runOnTargets } from '../output.js';
import { checkMethodName, checkObjectName } from './names.js';

const Options = z.object({ yes: z.boolean().default(false), json: z.boolean().default(false) }).loose();

export function parseArgsJson(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`the JSON argument is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      `quote it for your shell, e.g. '{"id": "site_demo"}'`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new UsageError('the JSON argument must be an object (ubus takes named parameters)', `e.g. '{"id": "site_demo"}'`);
  }
  return v as Record<string, unknown>;
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const [objectArg, methodArg, jsonArg] = input.args;
  const object = checkObjectName(objectArg ?? '');
  const method = checkMethodName(object, methodArg ?? '');
  const params = parseArgsJson(jsonArg);
  const o = parseOptions(Options, input.opts);
  const decl = describeMethod(object, method);
  const shown = `${object} ${method} ${JSON.stringify(params)}`;
  return runOnTargets<unknown>(ctx, input.opts, (box, _entry, signal) => box.ubus.call(object, method, params, { signal }), {
    before: (entries) => confirmMethodCall(ctx, decl, { shown, label: `ubus call ${object} ${method}`, entries, yes: o.yes }),
    ...(o.json ? { json: (v: unknown) => v ?? null } : {}),
    printOne: (v) => { ctx.stdout.write(formatJson(v, { pretty: isTty(ctx.stdout) })); },
    printMany: (v, entry) => { ctx.stdout.write(`${entry.name}: ${formatJson(v, { pretty: false })}`); },
  });
}
