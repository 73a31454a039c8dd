/**
 * procd services: `/etc/init.d/<name> <action>` and a status read in ONE batch.
 *
 * status() runs four calls in one exec:
 *   0. `test -x /etc/init.d/<name>`                   → installed
 *   1. `/etc/init.d/<name> enabled`                   → enabled (exit 0)
 *   2. `grep -q USE_PROCD=1 /etc/init.d/<name>`       → is it a procd service?
 *   3. `ubus call service list {"name":"<name>"}`     → running
 *
 * Why `ubus call service list` and not `/etc/init.d/<name> running`: `running` only exists in procd init scripts;
 * in a plain rc.common script the unknown action falls back to `help`, whose exit code says nothing about the
 * daemon, so "running" could not be told apart from "cannot tell". procd's own list is what `running` reads
 * anyway (service_running → procd), and it answers in structured JSON: an instance with `running: true` is
 * running. When procd does not list the service: a procd script → stopped (false); a non-procd script (pidfile,
 * `lxc-start -d`, cron) → unknown (null), as it is when ubus itself fails.
 */
import { RemoteError, UsageError } from '../lib/errors.js';
import type { BatchCall, BoxApi, CallResult, ExecOptions, ServiceAction, ServiceStatus } from './types.js';
import { interpretUbusResult } from './ubus.js';

type Core = Pick<BoxApi, 'name' | 'exec' | 'batch'>;

export const SERVICE_NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const ACTIONS: readonly ServiceAction[] = ['start', 'stop', 'restart', 'reload', 'enable', 'disable'];

export function assertServiceName(name: string): void {
  if (!SERVICE_NAME_RE.test(name) || name.length > 64) {
    throw new UsageError(`not a valid service name: ${JSON.stringify(name)}`, 'service names are letters, digits, `_`, `.` and `-` (a file in /etc/init.d)');
  }
}

export function serviceStatusCalls(name: string): BatchCall[] {
  assertServiceName(name);
  const script = `/etc/init.d/${name}`;
  return [
    { argv: ['test', '-x', script], label: `test -x ${script}` },
    { argv: [script, 'enabled'], label: `${script} enabled` },
    { argv: ['grep', '-q', 'USE_PROCD=1', script], label: `grep USE_PROCD ${script}` },
    { argv: ['ubus', 'call', 'service', 'list', JSON.stringify({ name })], label: `ubus call service list ${name}` },
  ];
}

/** Pure: the four results of serviceStatusCalls → ServiceStatus (usable by status code on a larger batch). */
export function interpretServiceStatus(name: string, results: readonly CallResult[]): ServiceStatus {
  const [installedR, enabledR, procdR, listR] = results;
  if (!installedR || !enabledR || !procdR || !listR) throw new TypeError('interpretServiceStatus: needs the 4 results of serviceStatusCalls');
  const installed = installedR.code === 0;
  if (!installed) return { name, installed: false, enabled: false, running: false };
  const enabled = enabledR.code === 0;
  const isProcd = procdR.code === 0;
  let running: boolean | null = null;
  const list = interpretUbusResult<Record<string, { instances?: Record<string, { running?: boolean }> }>>('service', 'list', listR);
  if (list.ok && list.data && typeof list.data === 'object') {
    const entry = list.data[name];
    if (entry) {
      const instances = Object.values(entry.instances ?? {});
      running = instances.some((i) => i?.running === true);
    } else if (isProcd) {
      running = false;
    }
  }
  return { name, installed, enabled, running };
}

export function createService(core: Core, name: string): ReturnType<BoxApi['service']> {
  assertServiceName(name);
  const box = core.name;
  return {
    async run(action: ServiceAction, opts?: ExecOptions): Promise<CallResult> {
      if (!ACTIONS.includes(action)) throw new UsageError(`unknown service action: ${JSON.stringify(action)}`, `use one of ${ACTIONS.join(', ')}`);
      let r: CallResult;
      try {
        r = await core.exec([`/etc/init.d/${name}`, action], { ...opts, label: `service ${name} ${action}` });
      } catch (e) {
        // The local transport reports a missing file as "command not found".
        if (e instanceof RemoteError && /command not found/.test(e.message)) throw notInstalled(box, name, e);
        throw e;
      }
      if (r.code === 127 || (r.code === 126 && /not found|No such file/i.test(r.stderr))) throw notInstalled(box, name);
      return r;
    },
    async status(opts?: ExecOptions): Promise<ServiceStatus> {
      const results = await core.batch(serviceStatusCalls(name), opts);
      return interpretServiceStatus(name, results);
    },
  };
}

function notInstalled(box: string, name: string, cause?: unknown): RemoteError {
  return new RemoteError(`${box}: service ${name} is not installed (no /etc/init.d/${name})`, {
    box,
    hint: `install the package that provides it, or check the name with \`ls /etc/init.d\` on the box`,
    cause,
  });
}
