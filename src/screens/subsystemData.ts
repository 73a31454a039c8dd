/** Data of the generic subsystem screen (pure helpers + the calls, through the Box API the session opened). */
import type { BoxApi } from '../backends/types.js';
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

/** Status tab: the status-like method's answer as lines. */
export async function readStatus(api: BoxApi, sub: Subsystem, signal: AbortSignal): Promise<string[]> {
  if (!sub.status) return [`${sub.name} has no status-like read method; see the Methods tab.`];
  const v = await api.ubus.call(sub.status.object, sub.status.method, sub.status.params ?? {}, { signal });
  return [`ubus call ${sub.status.object} ${sub.status.method}`, '', ...jsonLines(v)];
}

export async function callMethod(api: BoxApi, m: MethodRow, args: Record<string, unknown>, signal?: AbortSignal): Promise<string[]> {
  const v = await api.ubus.call(m.object, m.name, args, signal ? { signal } : {});
  return jsonLines(v);
}

/** Config tab: `uci export` of each config the subsystem owns (read-only). */
export async function readConfigs(api: BoxApi, sub: Subsystem, signal: AbortSignal): Promise<string[]> {
  if (sub.uci.length === 0) return [`${sub.name} has no UCI config.`];
  const out: string[] = [];
  for (const c of sub.uci) {
    out.push(`# uci export ${c}`);
    try {
      out.push(...(await api.uci.export(c, { signal })).replace(/\n$/, '').split('\n'));
    } catch (err) {
      if (signal.aborted) throw err;
      out.push(`  (cannot read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    }
    out.push('');
  }
  return out;
}
