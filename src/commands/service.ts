/**
 * secubox service NAME [start|stop|restart|reload|enable|disable|status]: the init service action with a VERIFIED
 * result (core/services: the state is read back; the script's exit code is not trusted), or its state.
 * Same core functions as the TUI's service keys.
 */
import { z } from 'zod';
import { assertServiceName } from '../backends/services.js';
import { describeServiceResult, SERVICE_ACTIONS, serviceAction, serviceStatus, type ServiceAction, type ServiceActionResult, type ServiceStatus } from '../core/services.js';
import { RemoteError, UsageError } from '../lib/errors.js';
import { confirmAction, parseOptions } from './box/common.js';
import type { Context } from './context.js';
import { note, printTable, runOnTargets, writePrefixed } from './output.js';
import type { CommandInput } from './spec.js';

const Options = z.object({ yes: z.boolean().default(false), json: z.boolean().default(false) }).loose();

function stateText(st: ServiceStatus): string {
  if (!st.installed) return 'not installed';
  return `${st.running === null ? 'state unknown' : st.running ? 'running' : 'stopped'}, ${st.enabled ? 'enabled' : 'disabled'}`;
}

function notInstalled(box: string, name: string): RemoteError {
  return new RemoteError(`${box}: service ${name} is not installed (no /etc/init.d/${name})`, {
    box, hint: 'check the name with `secubox exec -- ls /etc/init.d`',
  });
}

async function showStatus(name: string, input: CommandInput, ctx: Context, json: boolean): Promise<number> {
  let missing = false;
  const code = await runOnTargets<ServiceStatus>(ctx, input.opts, async (box, _e, signal) => (await serviceStatus(box, [name], { signal }))[0]!, {
    ...(json ? { json: (st: ServiceStatus) => { if (!st.installed) missing = true; return st; } } : {}),
    printOne(st, entry) {
      if (!st.installed) throw notInstalled(entry.name, name);
      printTable(ctx.stdout, ['SERVICE', 'RUNNING', 'ENABLED'], [[name, st.running === null ? '?' : st.running ? 'yes' : 'no', st.enabled ? 'yes' : 'no']]);
    },
    printMany(st, entry) { ctx.stdout.write(`${entry.name}: ${name}: ${stateText(st)}\n`); },
    multiCheck(st, entry) { if (!st.installed) throw notInstalled(entry.name, name); },
  });
  return code === 0 && missing ? 1 : code;
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const o = parseOptions(Options, input.opts);
  const [name, actionWord = 'status'] = input.args;
  if (name === undefined) throw new UsageError('which service?', 'e.g. `secubox service crowdsec restart --box r1`');
  assertServiceName(name);
  if (actionWord === 'status') return showStatus(name, input, ctx, o.json);
  if (!SERVICE_ACTIONS.includes(actionWord as ServiceAction)) {
    throw new UsageError(`unknown service action "${actionWord}"`, `use one of ${[...SERVICE_ACTIONS, 'status'].join(', ')}`);
  }
  const action = actionWord as ServiceAction;
  let failedJson = false;
  const fail = (r: ServiceActionResult) => new RemoteError(describeServiceResult(r), {
    box: r.box, detail: r, hint: `see what it said with \`secubox logs ${name} --box ${r.box}\``,
  });
  const code = await runOnTargets<ServiceActionResult>(ctx, input.opts, (box, _e, signal) => serviceAction(box, name, action, { signal }), {
    async before(entries) {
      const names = entries.map((e) => e.name).join(', ');
      await confirmAction(ctx, `${action[0]!.toUpperCase()}${action.slice(1)} service ${name} on ${names}?`, { yes: o.yes, what: `service ${name} ${action} on ${names}` });
    },
    ...(o.json ? {
      json: (r: ServiceActionResult) => {
        if (!r.ok) { failedJson = true; note(ctx.stderr, `secubox: ${describeServiceResult(r)}`); }
        return r;
      },
    } : {}),
    printOne(r) {
      if (r.output) note(ctx.stderr, r.output);
      if (!r.ok) throw fail(r);
      ctx.stdout.write(`${describeServiceResult(r)}\n`);
    },
    printMany(r, entry) {
      if (r.output) writePrefixed(ctx.stderr, `${entry.name}: `, `${r.output}\n`);
      if (r.ok) ctx.stdout.write(`${describeServiceResult(r)}\n`);
    },
    multiCheck(r) { if (!r.ok) throw fail(r); },
  });
  return code === 0 && failedJson ? 1 : code;
}
