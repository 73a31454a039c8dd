/**
 * Data of the generic subsystem screen: pure helpers, and the calls through core/subsystemCalls (the same
 * functions as `secubox SUBSYSTEM [METHOD]`), on the Box API the session opened.
 */
import type { BoxApi } from '../backends/types.js';
import { callMethod as callSubsystemMethod, readUciConfigs, subsystemStatus, type BoxMethods } from '../core/subsystemCalls.js';
import type { MethodDecl, Subsystem } from '../registry/index.js';
import { jsonLines } from '../ui/jsonLines.js';

export interface MethodRow extends MethodDecl {
  object: string;
  /**
   * Against the box's own list: `box` it has it, `absent` secubox knows it but the box does not (not
   * callable), `unknown` the box has it but secubox does not know it (a write until proven otherwise).
   * Undefined: the box's list was not read.
   */
  onBox?: 'box' | 'absent' | 'unknown';
}

export function methodRows(sub: Subsystem): MethodRow[] {
  return sub.ubus.flatMap((o) => o.methods.map((m) => ({ ...m, object: o.object })));
}

/** Stable row key (Table and selection). */
export const methodKey = (m: MethodRow): string => `${m.object}.${m.name}`;

/**
 * The registry's methods checked against the box's `ubus -v list`: the ones the box has first, then the
 * ones only the box has (kind unknown → treated as a write: confirmed), then the registry's the box lacks.
 */
export function mergeBoxMethods(sub: Subsystem, registry: readonly MethodRow[], box: BoxMethods): MethodRow[] {
  const has = (m: MethodRow) => box.objects[m.object]?.[m.name] !== undefined;
  const present = registry.filter(has).map((m): MethodRow => ({ ...m, onBox: 'box' }));
  const absent = registry.filter((m) => !has(m)).map((m): MethodRow => ({ ...m, onBox: 'absent' }));
  const known = new Set(registry.map(methodKey));
  const unknown = sub.objects.flatMap((object) => Object.entries(box.objects[object] ?? {})
    .filter(([name]) => !known.has(`${object}.${name}`))
    .map(([name, params]): MethodRow => ({ name, object, params, kind: 'write', onBox: 'unknown' })));
  return [...present, ...unknown, ...absent];
}

/** The line above the methods: how the list compares with the box. */
export function methodsSummary(rows: readonly MethodRow[], box: string, checked: 'yes' | 'reading' | { error: string }): string {
  if (checked === 'reading') return `${rows.length} methods known to secubox · reading ${box}'s own list…`;
  if (checked !== 'yes') return `${rows.length} methods known to secubox · cannot read ${box}'s own list (${checked.error}): some may not be there`;
  const n = (p: MethodRow['onBox']) => rows.filter((m) => m.onBox === p).length;
  return [`${n('box')} methods on ${box}`, n('unknown') ? `${n('unknown')} unknown to secubox (calls confirmed)` : '', n('absent') ? `${n('absent')} not on this box (dimmed)` : '']
    .filter(Boolean).join(' · ');
}

export function methodParams(m: MethodDecl): string {
  const ps = Object.entries(m.params);
  return ps.length ? ps.map(([k, t]) => `${k}:${t}`).join(', ') : '';
}

export function kindLabel(m: MethodRow): string {
  if (m.onBox === 'absent') return 'absent';
  if (m.onBox === 'unknown') return 'unknown';
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
