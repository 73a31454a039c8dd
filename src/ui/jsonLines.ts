/**
 * A method's JSON answer as readable lines: an array of flat objects becomes a table, anything
 * else an indented tree (`key: value`, `- item`). Pure; used by the generic subsystem screen.
 */
import { fit, textWidth } from './text.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function scalar(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v.includes('\n') ? JSON.stringify(v) : v;
  return String(v);
}

const isScalar = (v: unknown): boolean => v === null || typeof v !== 'object';

/** Column table for an array of objects whose values are all scalars; undefined when it does not fit that shape. */
export function tableLines(rows: readonly unknown[], maxColW = 28): string[] | undefined {
  if (rows.length === 0 || !rows.every((r) => r && typeof r === 'object' && !Array.isArray(r) && Object.values(r).every(isScalar))) return undefined;
  const keys: string[] = [];
  for (const r of rows as Record<string, Json>[]) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  const cells = (rows as Record<string, Json>[]).map((r) => keys.map((k) => (r[k] === undefined ? '' : scalar(r[k]!))));
  const widths = keys.map((k, i) => Math.min(maxColW, Math.max(textWidth(k), ...cells.map((c) => textWidth(c[i]!)))));
  const line = (cs: string[]) => cs.map((c, i) => fit(c, widths[i]!)).join('  ').trimEnd();
  return [line(keys.map((k) => k.toUpperCase())), ...cells.map(line)];
}

function tree(v: Json, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    if (v.length === 0) { out.push(`${indent}[]`); return; }
    const t = tableLines(v);
    if (t) { for (const l of t) out.push(indent + l); return; }
    for (const item of v) {
      if (isScalar(item)) out.push(`${indent}- ${scalar(item)}`);
      else {
        const sub: string[] = [];
        tree(item, `${indent}  `, sub);
        if (sub[0] !== undefined) sub[0] = `${indent}- ${sub[0].slice(indent.length + 2)}`;
        out.push(...sub);
      }
    }
    return;
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) { out.push(`${indent}{}`); return; }
    for (const [k, val] of entries) {
      if (isScalar(val)) out.push(`${indent}${k}: ${scalar(val)}`);
      else if (Array.isArray(val) && val.length === 0) out.push(`${indent}${k}: []`);
      else { out.push(`${indent}${k}:`); tree(val, `${indent}  `, out); }
    }
    return;
  }
  for (const l of scalar(v).split('\n')) out.push(indent + l);
}

export function jsonLines(value: unknown): string[] {
  const out: string[] = [];
  tree(value as Json, '', out);
  return out;
}
