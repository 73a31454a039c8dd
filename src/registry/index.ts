/**
 * The registry API. Everything about "which subsystems exist and how to talk to them" comes from here.
 */
import type { MethodDecl, Subsystem } from './types.js';
import { SUBSYSTEMS } from './subsystems.js';
import { isOpenWrtRead } from './openwrt.js';

export * from './types.js';
export { SUBSYSTEMS } from './subsystems.js';
export { OPENWRT_READS, isOpenWrtRead } from './openwrt.js';

export function getSubsystem(idOrObject: string): Subsystem | undefined {
  return SUBSYSTEMS.find((s) => s.id === idOrObject)
    ?? SUBSYSTEMS.find((s) => s.aliases.includes(idOrObject))
    ?? SUBSYSTEMS.find((s) => s.objects.includes(idOrObject));
}

/** Subsystems of one layer, in declaration order. */
export function subsystemsOfLayer(layer: Subsystem['layer']): Subsystem[] {
  return SUBSYSTEMS.filter((s) => s.layer === layer);
}

/** The declaration of one ubus method, wherever it is declared. */
export function findMethod(object: string, method: string): MethodDecl | undefined {
  for (const s of SUBSYSTEMS) {
    for (const o of s.ubus) {
      const m = o.object === object ? o.methods.find((d) => d.name === method) : undefined;
      if (m) return m;
    }
  }
  return undefined;
}

/**
 * What is known of any `ubus call OBJECT METHOD`: the registry's declaration, else a pure read for OpenWrt's own
 * read methods (registry/openwrt.ts), else undefined (unknown: treat it as a write).
 */
export function describeMethod(object: string, method: string): MethodDecl | undefined {
  return findMethod(object, method) ?? (isOpenWrtRead(object, method) ? { name: method, params: {}, kind: 'read' } : undefined);
}

/** Pure reads of an object (what a screen may call on demand without confirmation). */
export function readMethods(object: string): MethodDecl[] {
  for (const s of SUBSYSTEMS) for (const o of s.ubus) if (o.object === object) return o.methods.filter((m) => m.kind === 'read');
  return [];
}

/** True only for pure reads: never a write, never a `[side effect]` read. */
export function isPureRead(object: string, method: string): boolean {
  return findMethod(object, method)?.kind === 'read';
}
