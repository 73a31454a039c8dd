/**
 * Where completion values come from, read with plain fs + JSON.parse (no conf, no zod: this runs on every TAB).
 * - the inventory file written by core/inventoryStore.ts (`$XDG_CONFIG_HOME/secubox/config.json`);
 * - the name cache (core/nameCache.ts) for names that live on boxes;
 * Anything missing or unreadable simply yields no values.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

export interface InventoryBox {
  name: string;
  host?: string;
  tags: string[];
}

export interface InventorySnapshot {
  boxes: InventoryBox[];
  defaultBox?: string;
}

export function inventoryPath(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'secubox', 'config.json');
}

function toBox(name: unknown, v: unknown): InventoryBox | undefined {
  if (typeof name !== 'string' || name === '' || /[\s\x00-\x1f]/.test(name)) return undefined;
  const o = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  const tags = Array.isArray(o.tags) ? o.tags.filter((t): t is string => typeof t === 'string' && t !== '' && !/[\s\x00-\x1f]/.test(t)) : [];
  return { name, host: typeof o.host === 'string' ? o.host : undefined, tags };
}

/**
 * Read the inventory. Accepts both shapes: `{ boxes: [{name, host, tags}], defaultBox }` (what inventoryStore
 * writes) and `{ boxes: { name: {...} }, default }`.
 */
export function readInventory(env: Env): InventorySnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(inventoryPath(env), 'utf8'));
  } catch {
    return { boxes: [] };
  }
  if (!raw || typeof raw !== 'object') return { boxes: [] };
  const r = raw as Record<string, unknown>;
  const boxes: InventoryBox[] = [];
  if (Array.isArray(r.boxes)) {
    for (const b of r.boxes) {
      const box = toBox(b && typeof b === 'object' ? (b as Record<string, unknown>).name : undefined, b);
      if (box) boxes.push(box);
    }
  } else if (r.boxes && typeof r.boxes === 'object') {
    for (const [name, v] of Object.entries(r.boxes)) {
      const box = toBox(name, v);
      if (box) boxes.push(box);
    }
  }
  const def = typeof r.defaultBox === 'string' ? r.defaultBox : typeof r.default === 'string' ? r.default : undefined;
  return def ? { boxes, defaultBox: def } : { boxes };
}

/** Every tag used in the inventory, sorted, with how many boxes carry it. */
export function inventoryGroups(inv: InventorySnapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of inv.boxes) for (const t of b.tags) out.set(t, (out.get(t) ?? 0) + 1);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
