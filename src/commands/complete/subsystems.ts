/**
 * The registry's facts that completion needs (subsystem ids, ubus objects and methods, UCI configs, services),
 * imported lazily: only a TAB that needs one of them pays for loading the registry.
 */
import type { RegistryInfo } from './engine.js';

let cached: Promise<RegistryInfo | undefined> | undefined;

export function loadRegistryInfo(): Promise<RegistryInfo | undefined> {
  cached ??= import('../../registry/index.js').then((reg) => {
    const ubus = new Map<string, string[]>();
    const uci = new Set<string>();
    const services = new Set<string>();
    for (const s of reg.SUBSYSTEMS) {
      for (const o of s.ubus) ubus.set(o.object, [...(ubus.get(o.object) ?? []), ...o.methods.map((m) => m.name)]);
      for (const c of [...s.uci, ...s.writesUci]) uci.add(c);
      for (const name of s.services) services.add(name);
    }
    return {
      subsystems: reg.SUBSYSTEMS.map((s) => ({ id: s.id, title: s.summary ? `${s.name}: ${s.summary}` : s.name })),
      ubus,
      uciConfigs: [...uci].sort(),
      services: [...services].sort(),
    };
  }, () => undefined);
  return cached;
}
