/**
 * Service actions with a verified result: `/etc/init.d/<name> <action>`, then the state is READ BACK.
 * Init scripts' exit codes are not trusted (box-contract "Conventions seen" → Exit codes: many exit 0 after a
 * failure, an rc.common script exits with its last `echo`): success means the expected state is there afterwards
 * (start/restart → running, stop → not running, enable/disable → the enabled flag), whatever the script said.
 * `secubox service` and the TUI's service actions both call serviceAction / serviceStatus.
 */
import { assertServiceName, interpretServiceStatus, serviceStatusCalls } from '../backends/services.js';
import type { BatchCall, BoxApi, CallResult, ServiceAction, ServiceStatus } from '../backends/types.js';
import { AbortError, RemoteError, UsageError } from '../lib/errors.js';

export type { ServiceAction, ServiceStatus } from '../backends/types.js';

export const SERVICE_ACTIONS: readonly ServiceAction[] = ['start', 'stop', 'restart', 'reload', 'enable', 'disable'];

/** The state an action must leave behind (undefined: nothing that can be checked). */
export interface ServiceExpectation {
  running?: boolean;
  enabled?: boolean;
}

export interface ServiceActionResult {
  box: string;
  name: string;
  action: ServiceAction;
  /** The expected state is there afterwards (or, when it cannot be read, the script exited 0: see `verified`). */
  ok: boolean;
  /** The state was read back and matches what the action must leave behind. */
  verified: boolean;
  expected: ServiceExpectation;
  before: ServiceStatus;
  after: ServiceStatus;
  /** The init script's exit code (informative only) and its output (stdout then stderr). */
  code: number | null;
  output: string;
  /** Why the result is not ok, or why it could not be verified; absent when ok and verified. */
  problem?: string;
}

export interface ServiceActionOptions {
  signal?: AbortSignal;
  /**
   * Waits (ms) before each extra read-back while the expected state is not there yet (procd starts and stops
   * instances asynchronously; an LXC-backed service takes a moment). Default [250, 500, 1000, 1250] (≤ 3 s).
   */
  settleMs?: readonly number[];
}

const DEFAULT_SETTLE_MS = [250, 500, 1000, 1250] as const;

/** Which state an action must leave (reload: still running if it was running). */
export function expectationOf(action: ServiceAction, before: ServiceStatus): ServiceExpectation {
  switch (action) {
    case 'start':
    case 'restart':
      return { running: true };
    case 'stop':
      return { running: false };
    case 'enable':
      return { enabled: true };
    case 'disable':
      return { enabled: false };
    case 'reload':
      return before.running === true ? { running: true } : {};
  }
}

/** Does `st` show the expected state? null when it cannot be told (procd does not know the service). */
export function meets(st: ServiceStatus, exp: ServiceExpectation): boolean | null {
  if (exp.enabled !== undefined && st.enabled !== exp.enabled) return false;
  if (exp.running !== undefined) {
    if (st.running === null) return null;
    if (st.running !== exp.running) return false;
  }
  return true;
}

function stateWord(st: ServiceStatus): string {
  if (!st.installed) return 'not installed';
  const run = st.running === null ? 'state unknown' : st.running ? 'running' : 'stopped';
  return `${run}, ${st.enabled ? 'enabled' : 'disabled'}`;
}

/** The status of several init services in ONE batch (3 calls per service + one `ubus call service list`). */
export async function serviceStatus(box: BoxApi, names: readonly string[], opts: { signal?: AbortSignal } = {}): Promise<ServiceStatus[]> {
  if (names.length === 0) return [];
  const calls: BatchCall[] = [];
  for (const name of names) calls.push(...serviceStatusCalls(name).slice(0, 3)); // UsageError on a bad name: nothing sent
  calls.push({ argv: ['ubus', 'call', 'service', 'list', '{}'], label: 'ubus call service list' });
  const results = await box.batch(calls, opts.signal ? { signal: opts.signal } : {});
  const list = results[results.length - 1]!;
  return names.map((name, i) => interpretServiceStatus(name, [...results.slice(i * 3, i * 3 + 3), list]));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(new AbortError()); return; }
    const done = () => { clearTimeout(t); reject(new AbortError()); };
    const t = setTimeout(() => { signal?.removeEventListener('abort', done); resolve(); }, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function outputOf(r: CallResult): string {
  return [r.stdout.trimEnd(), r.stderr.trimEnd()].filter(Boolean).join('\n');
}

/**
 * Run `/etc/init.d/<name> <action>` (via box.service(name).run) and verify the state afterwards.
 * Throws: UsageError for a bad name/action (nothing sent), RemoteError when the service is not installed (nothing
 * run), transport errors. A run whose state does not match is NOT thrown: the result has ok=false and a problem.
 */
export async function serviceAction(box: BoxApi, name: string, action: ServiceAction, opts: ServiceActionOptions = {}): Promise<ServiceActionResult> {
  assertServiceName(name);
  if (!SERVICE_ACTIONS.includes(action)) throw new UsageError(`unknown service action: ${JSON.stringify(action)}`, `use one of ${SERVICE_ACTIONS.join(', ')}`);
  const signal = opts.signal;
  const [before] = await serviceStatus(box, [name], { signal });
  if (!before!.installed) {
    throw new RemoteError(`${box.name}: service ${name} is not installed (no /etc/init.d/${name})`, {
      box: box.name,
      hint: 'check the name with `secubox exec -- ls /etc/init.d`, or install the package that provides it',
    });
  }
  const r = await box.service(name).run(action, signal ? { signal } : {});
  const expected = expectationOf(action, before!);
  let after = before!;
  let seen: boolean | null = null;
  const waits = [0, ...(opts.settleMs ?? DEFAULT_SETTLE_MS)];
  for (const ms of waits) {
    if (ms > 0) await sleep(ms, signal);
    [after] = (await serviceStatus(box, [name], { signal })) as [ServiceStatus];
    seen = meets(after, expected);
    if (seen !== false) break;
  }
  const checkable = Object.keys(expected).length > 0;
  const exitNote = `the init script exited ${r.code === null ? 'on a signal' : r.code}`;
  const base = { box: box.name, name, action, expected, before: before!, after, code: r.code, output: outputOf(r) };
  if (!after.installed) return { ...base, ok: false, verified: false, problem: `${name} is no longer installed after ${action}` };
  if (seen === false) {
    return { ...base, ok: false, verified: false, problem: `${name} is ${stateWord(after)} after ${action} (${exitNote})` };
  }
  if (seen === null || !checkable) {
    const why = seen === null ? `cannot tell whether ${name} is running (procd does not list it)` : `nothing to check after ${action} of a stopped service`;
    return { ...base, ok: r.code === 0, verified: false, problem: `${why}; ${exitNote}` };
  }
  return { ...base, ok: true, verified: true };
}

/** One line for a result: `crowdsec restart on r1: ok, running, enabled (verified)` / `... FAILED: ...`. */
export function describeServiceResult(res: ServiceActionResult): string {
  const head = `${res.name} ${res.action} on ${res.box}`;
  if (res.ok && res.verified) return `${head}: ok, ${stateWord(res.after)} (verified)`;
  if (res.ok) return `${head}: done, not verified: ${res.problem ?? ''}`;
  return `${head}: FAILED: ${res.problem ?? 'unknown'}`;
}
