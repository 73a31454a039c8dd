/**
 * ubus: argv builders, the result interpreter (pure: usable on batch results without throwing) and the
 * `ubus -v list` parser.
 *
 * How `ubus call` fails (recorded on a real box, ../shared/fixtures/transcripts/ubus/call/):
 *   - the ubus CLI prints `Command failed: ubus call OBJ METHOD ARGS (<status text>)` on stderr and exits with
 *     256 - status: 254 Invalid argument (rpcd got no JSON object from the plugin, or bad params), 251 No response
 *     (the plugin printed nothing), 252 Not found (no such object), 253 Method not found, 249 Request timed out, ...
 *     Older ubus builds exit with the status itself (2, 4, 5, 7...): both are understood.
 *   - exit 0 with a JSON object that is an error: `{"error": "..."}`, `{"error": {"message": "..."}}`,
 *     `{"error": true, "message": "..."}`, `{"success": false, "error"|"message": "..."}`. Some of these carry
 *     data as well (`{"installed": false, "error": "..."}`): the whole answer is kept in `error.detail.answer`.
 */
import { RemoteError } from '../lib/errors.js';
import type { CallResult, UbusSignature } from './types.js';

/** ubus status codes (libubus `enum ubus_msg_status`) and the text `ubus_strerror` gives them. */
export const UBUS_STATUS: Readonly<Record<number, string>> = {
  1: 'Invalid command',
  2: 'Invalid argument',
  3: 'Method not found',
  4: 'Not found',
  5: 'No response',
  6: 'Permission denied',
  7: 'Request timed out',
  8: 'Operation not supported',
  9: 'Unknown error',
  10: 'Connection failed',
  11: 'Out of memory',
  12: 'Parsing message data failed',
  13: 'System error',
};

export type UbusErrorKind =
  | 'not-found'
  | 'method-not-found'
  | 'invalid-argument'
  | 'no-response'
  | 'permission-denied'
  | 'timeout'
  | 'connection-failed'
  | 'ubus-missing'
  | 'failed'
  | 'empty'
  | 'not-json'
  | 'error-answer';

export interface UbusErrorDetail {
  object: string;
  method: string;
  kind: UbusErrorKind;
  /** ubus status (1..13) when the ubus CLI failed. */
  status?: number;
  code: number | null;
  stderr: string;
  /** The parsed answer for `error-answer` (it may hold data besides the error). */
  answer?: unknown;
}

/** A failed `ubus call`: RemoteError (exit code 1) with a machine-readable `kind`. */
export class UbusError extends RemoteError {
  readonly kind: UbusErrorKind;
  readonly object: string;
  readonly method: string;
  readonly status: number | undefined;
  declare readonly detail: UbusErrorDetail;
  constructor(message: string, detail: UbusErrorDetail, opts: { box?: string; hint?: string } = {}) {
    super(message, { box: opts.box, hint: opts.hint, detail });
    this.kind = detail.kind;
    this.object = detail.object;
    this.method = detail.method;
    this.status = detail.status;
  }
}

export type UbusOutcome<T = unknown> = { ok: true; data: T } | { ok: false; error: UbusError };

export function ubusCallArgv(object: string, method: string, args?: Record<string, unknown>): string[] {
  return ['ubus', 'call', object, method, JSON.stringify(args ?? {})];
}

/** `luci.crowdsec-dashboard` → `crowdsec-dashboard`: the name a user knows the subsystem by. */
export function subsystemOf(object: string): string {
  return object.replace(/^luci\./, '');
}

function firstLine(s: string): string {
  return (s.split('\n').find((l) => l.trim() !== '') ?? '').trim();
}

function clip(s: string, n = 120): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** The ubus status of a failed `ubus` CLI run: from the `(<text>)` of its `Command failed` line, else the exit code. */
export function ubusStatusOf(code: number | null, stderr: string): number | undefined {
  const m = /Command failed:.*\(([^()]*)\)\s*$/m.exec(stderr);
  if (m) {
    const text = m[1]!.trim().toLowerCase();
    for (const [k, v] of Object.entries(UBUS_STATUS)) if (v.toLowerCase() === text) return Number(k);
  }
  if (code === null || code === 0) return undefined;
  if (code >= 243 && code <= 255) return 256 - code;
  // Old ubus builds exit with the status itself; 1 is too ambiguous (any failure) to be read as "Invalid command".
  if (code >= 2 && code <= 13 && /Command failed/.test(stderr)) return code;
  return undefined;
}

function errorText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of ['message', 'error', 'msg', 'reason']) {
      if (typeof o[k] === 'string' && (o[k] as string).trim() !== '') return (o[k] as string).trim();
    }
  }
  return undefined;
}

/**
 * The error an rpcd answer carries, if any: `{error}`, `{error: {message}}`, `{error: true, message}`,
 * `{success: false, ...}`, and the same wrapped as the only key of `{result: {...}}` (luci.streamlit does that).
 * `{error: false, ...}` is not an error.
 */
export function rpcdErrorOf(answer: unknown): string | undefined {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return undefined;
  const o = answer as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === 'result' && o.result && typeof o.result === 'object' && !Array.isArray(o.result)) {
    return rpcdErrorOf(o.result);
  }
  const e = o.error;
  if (e !== undefined && e !== null && e !== false && e !== '' && e !== 0) {
    return errorText(e) ?? errorText(o) ?? (typeof e === 'object' ? clip(JSON.stringify(e)) : String(e));
  }
  if (o.success === false || o.success === 'false' || o.success === 0) {
    return errorText(o) ?? 'the method reported success: false without a message';
  }
  return undefined;
}

const UNINSTALLED_HINT = (object: string): string =>
  `is ${subsystemOf(object)} installed on the box? \`secubox ubus list\` shows the objects it has`;

/**
 * Interpret one `ubus call OBJECT METHOD` result (from exec or from a batch) without throwing.
 * `box` only feeds the messages.
 */
export function interpretUbusResult<T = unknown>(object: string, method: string, r: CallResult, box?: string): UbusOutcome<T> {
  const where = `${box ? `${box}: ` : ''}ubus call ${object} ${method}`;
  const base = { object, method, code: r.code, stderr: r.stderr };
  const fail = (kind: UbusErrorKind, what: string, hint: string, extra: Partial<UbusErrorDetail> = {}): UbusOutcome<T> => ({
    ok: false,
    error: new UbusError(`${where}: ${what}`, { ...base, kind, ...extra }, { box, hint }),
  });

  if (r.code !== 0) {
    if (r.code === 127 || (/ubus: (applet )?not found/.test(r.stderr) && r.code !== null)) {
      return fail('ubus-missing', 'the `ubus` command is not available', 'is this an OpenWrt box? ubus ships with every OpenWrt');
    }
    if (r.code === null) {
      return fail('failed', 'ubus was killed by a signal', 'the call may have hung; retry, or check `logread -e rpcd` on the box');
    }
    if (r.code === 124) {
      return fail('timeout', 'timed out', 'the method took too long; retry later or check the daemon behind it', { status: 7 });
    }
    const status = ubusStatusOf(r.code, r.stderr);
    switch (status) {
      case 4:
        return fail('not-found', `object ${object} not found: is ${subsystemOf(object)} installed?`, UNINSTALLED_HINT(object), { status });
      case 3:
        return fail('method-not-found', `method ${method} not found on ${object}`,
          `this version of ${subsystemOf(object)} may not have it: \`secubox ubus list ${object}\` shows its methods`, { status });
      case 2:
        return fail('invalid-argument', 'Invalid argument (rpcd rejected the call or its answer)',
          'check the parameters (`secubox ubus list OBJECT` shows them); if they are right, the rpcd plugin printed something that is not a JSON object', { status });
      case 5:
        return fail('no-response', 'No response (the rpcd plugin printed nothing)',
          `the ${subsystemOf(object)} plugin failed on the box; see \`logread -e rpcd\` there`, { status });
      case 6:
        return fail('permission-denied', 'Permission denied', 'log in as root, or grant the rpcd ACL for this object', { status });
      case 7:
        return fail('timeout', 'Request timed out (ubus waited for the plugin too long)',
          'the method is slow or hung on the box; retry later, or check the daemon behind it', { status });
      case 10:
        return fail('connection-failed', 'cannot connect to ubusd', 'is ubusd running on the box? (`/etc/init.d/ubus` / `ps | grep ubusd`)', { status });
      default: {
        const txt = status !== undefined ? UBUS_STATUS[status] : firstLine(r.stderr) || `exit code ${r.code}`;
        return fail('failed', `failed: ${clip(txt ?? `status ${status}`)}`, 'run the same `ubus call` on the box to see the whole error', status !== undefined ? { status } : {});
      }
    }
  }

  const text = r.stdout.trim();
  if (text === '') {
    return fail('empty', 'returned no data', `the ${subsystemOf(object)} plugin answered nothing; see \`logread -e rpcd\` on the box`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('not-json', `answered with something that is not JSON: "${clip(text, 60)}"`, 'run the same `ubus call` on the box to see the whole answer');
  }
  const err = rpcdErrorOf(data);
  if (err !== undefined) {
    return fail('error-answer', clip(err, 200), `the ${subsystemOf(object)} subsystem reported the error; check its state and the parameters`, { answer: data });
  }
  return { ok: true, data: data as T };
}

/**
 * Parse `ubus -v list [object]` output:
 *
 *     'luci.metablogizer' @806992c2
 *     	"emancipate":{"id":"String"}
 *
 * into object → method → param → type. Throws on a line it does not understand (never silently drops methods).
 */
export function parseUbusList(text: string): UbusSignature {
  const out: UbusSignature = {};
  let current: Record<string, Record<string, string>> | undefined;
  const lines = text.split('\n');
  lines.forEach((line, n) => {
    if (line.trim() === '') return;
    const obj = /^'(.*)' @[0-9a-f]+\s*$/.exec(line);
    if (obj) {
      current = out[obj[1]!] = out[obj[1]!] ?? {};
      return;
    }
    const meth = /^\t"(.*)":(\{.*\})\s*$/.exec(line);
    if (meth && current) {
      let params: unknown;
      try {
        params = JSON.parse(meth[2]!);
      } catch {
        throw new Error(`ubus -v list: line ${n + 1}: bad parameter signature: ${clip(line, 80)}`);
      }
      const sig: Record<string, string> = {};
      for (const [k, v] of Object.entries(params as Record<string, unknown>)) sig[k] = String(v);
      current[meth[1]!] = sig;
      return;
    }
    throw new Error(`ubus -v list: line ${n + 1} not understood: ${clip(line, 80)}`);
  });
  return out;
}

/** Interpret `ubus -v list [object]` without throwing. */
export function interpretUbusList(r: CallResult, object?: string, box?: string): { ok: true; data: UbusSignature } | { ok: false; error: RemoteError } {
  const where = `${box ? `${box}: ` : ''}ubus -v list${object ? ` ${object}` : ''}`;
  if (r.code !== 0) {
    const status = ubusStatusOf(r.code, r.stderr);
    if (r.code === 127) return { ok: false, error: new RemoteError(`${where}: the \`ubus\` command is not available`, { box, hint: 'is this an OpenWrt box?', detail: r }) };
    if (status === 4 && object) {
      return { ok: false, error: new UbusError(`${where}: object ${object} not found: is ${subsystemOf(object)} installed?`,
        { object, method: '', kind: 'not-found', status, code: r.code, stderr: r.stderr }, { box, hint: UNINSTALLED_HINT(object) }) };
    }
    const txt = status !== undefined ? UBUS_STATUS[status] : firstLine(r.stderr) || `exit code ${r.code}`;
    return { ok: false, error: new RemoteError(`${where}: failed: ${clip(txt ?? '')}`, { box, hint: 'is ubusd running on the box?', detail: r }) };
  }
  try {
    return { ok: true, data: parseUbusList(r.stdout) };
  } catch (e) {
    return { ok: false, error: new RemoteError(`${where}: ${(e as Error).message}`, { box, hint: 'report this output: the ubus version may print another format', detail: r }) };
  }
}
