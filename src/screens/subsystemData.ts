/**
 * Data of the generic subsystem screen: pure helpers, and the calls through core/subsystemCalls (the same
 * functions as `secubox SUBSYSTEM [METHOD]`), on the Box API the session opened.
 */
import type { BoxApi } from '../backends/types.js';
import { callMethod as callSubsystemMethod, readUciConfigs, subsystemStatus } from '../core/subsystemCalls.js';
import type { MethodDecl, Subsystem } from '../registry/index.js';
import { jsonLines } from '../ui/jsonLines.js';

export interface MethodRow extends MethodDecl {
  object: string;
}

export function methodRows(sub: Subsystem): MethodRow[] {
  return sub.ubus.flatMap((o) => o.methods.map((m) => ({ ...m, object: o.object })));
}

export function methodParams(m: MethodDecl): string {
  const ps = Object.entries(m.params);
  return ps.length ? ps.map(([k, t]) => `${k}:${t}`).join(', ') : '';
}

export function kindLabel(m: MethodDecl): string {
  if (m.kind === 'read') return 'read';
  if (m.kind === 'side-effect') return 'read*';
  return m.dangerous ? 'WRITE!' : 'write';
}

/** Status tab: the status-like method's answer as lines (else the methods the box lists for its object). */
export async function readStatus(api: BoxApi, sub: Subsystem, signal: AbortSignal): Promise<string[]> {
  // a CLI's `status` is not declared a pure read: this tab refreshes in the background, so it is left out
  const st = await subsystemStatus(api, sub, { signal, cli: false });
  switch (st.kind) {
    case 'ubus':
      return [`ubus call ${st.object} ${st.method}`, '', ...jsonLines(st.answer)];
    case 'methods':
      return [`${sub.name} has no status-like read method; ${st.object} on the box has:`, '',
        ...Object.entries(st.methods).map(([m, ps]) => `  ${m}(${Object.entries(ps).map(([k, t]) => `${k}: ${t}`).join(', ')})`)];
    default:
      return [`${sub.name} has no status-like read method; see the Methods tab.`];
  }
}

export async function callMethod(api: BoxApi, sub: Subsystem, m: MethodRow, args: Record<string, unknown>, signal?: AbortSignal): Promise<string[]> {
  const v = await callSubsystemMethod(api, sub, m.object, m.name, args, signal ? { signal } : {});
  return jsonLines(v);
}

/** Config tab: `uci export` of each config the subsystem owns (read-only), in one batch. */
export async function readConfigs(api: BoxApi, sub: Subsystem, signal: AbortSignal): Promise<string[]> {
  if (sub.uci.length === 0) return [`${sub.name} has no UCI config.`];
  const out: string[] = [];
  for (const c of await readUciConfigs(api, sub.uci, { signal })) {
    out.push(`# uci export ${c.config}`);
    if (c.text !== undefined) out.push(...c.text.replace(/\n$/, '').split('\n'));
    else out.push(`  (cannot read: ${c.error ?? 'unknown error'})`);
    out.push('');
  }
  return out;
}
