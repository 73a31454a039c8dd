/**
 * The registry's facts that completion needs (subsystem ids, ubus objects and methods, UCI configs, services),
 * imported lazily: only a TAB that needs one of them pays for loading the registry.
 */
import type { MethodDecl } from '../../registry/index.js';
import type { Candidate, RegistryInfo } from './engine.js';

/** `write (confirm): service, port` — what calling the method does, and its parameters. */
function methodText(m: MethodDecl): string {
  const kind = m.kind === 'write' ? (m.dangerous ? 'write, dangerous' : 'write') : m.kind === 'side-effect' ? `read with side effect${m.sideEffect ? ` (${m.sideEffect})` : ''}` : 'read';
  const params = Object.keys(m.params);
  return params.length ? `${kind}: ${params.join(', ')}` : kind;
}

let cached: Promise<RegistryInfo | undefined> | undefined;

export function loadRegistryInfo(): Promise<RegistryInfo | undefined> {
  cached ??= import('../../registry/index.js').then((reg) => {
    const ubus = new Map<string, { subsystem: string; methods: Candidate[] }>();
    const uci = new Set<string>();
    const services = new Set<string>();
    for (const s of reg.SUBSYSTEMS) {
      for (const o of s.ubus) {
        const entry = ubus.get(o.object) ?? { subsystem: s.name, methods: [] };
        for (const m of o.methods) entry.methods.push({ value: m.name, description: methodText(m) });
        ubus.set(o.object, entry);
      }
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
