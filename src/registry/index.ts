/**
 * The registry API. Everything about "which subsystems exist and how to talk to them" comes from here.
 */
import type { MethodDecl, Subsystem } from './types.js';
import { SUBSYSTEMS } from './subsystems.js';

export * from './types.js';
export { SUBSYSTEMS } from './subsystems.js';

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
  for (const s of SUBSYSTEMS) for (const o of s.ubus) if (o.object === object) return o.methods.find((m) => m.name === method);
  return undefined;
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
