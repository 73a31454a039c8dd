/** Generated data + hand-written overrides → the final, frozen list of subsystems. */
import { GENERATED } from './generated/index.js';
import { OVERRIDES, SUMMARIES } from './overrides.js';
import type { GeneratedSubsystem, MethodDecl, Subsystem } from './types.js';

/** Status-like method names, most preferred first; only pure reads qualify. */
const STATUS_NAMES = ['status', 'get_status', 'getStatus'];

function pickStatus(g: GeneratedSubsystem): Subsystem['status'] {
  for (const name of STATUS_NAMES) {
    for (const o of g.ubus) {
      const m = o.methods.find((x: MethodDecl) => x.name === name);
      if (m && m.kind === 'read' && Object.keys(m.params).length === 0) return { object: o.object, method: name };
    }
  }
  return undefined;
}

function pickLogs(g: GeneratedSubsystem): Subsystem['logsMethod'] {
  for (const o of g.ubus) {
    for (const name of ['logs', 'get_logs', 'getLogs']) {
      const m = o.methods.find((x) => x.name === name && x.kind === 'read');
      if (m) {
        const linesParam = Object.keys(m.params).find((p) => p === 'lines' || p === 'limit');
        return linesParam ? { object: o.object, method: name, linesParam } : { object: o.object, method: name };
      }
    }
  }
  return undefined;
}

export function build(generated: readonly GeneratedSubsystem[]): Subsystem[] {
  return generated.map((g) => {
    const o = OVERRIDES[g.id] ?? {};
    const s: Subsystem = {
      id: g.id,
      name: o.name ?? g.name,
      layer: g.layer,
      summary: SUMMARIES[g.id] ?? g.summary,
      aliases: o.aliases ?? [],
      objects: g.ubus.map((u) => u.object),
      services: o.services ?? g.services,
      clis: g.cli.map((c) => c.name),
      ubus: g.ubus,
      cli: g.cli,
      uci: g.uci,
      writesUci: g.writesUci,
      logTag: o.logTag !== undefined ? o.logTag : (g.services[0] ?? (g.cli[0]?.name ?? null)),
      notes: g.notes,
    };
    const status = o.status ?? pickStatus(g);
    if (status) s.status = status;
    const logs = o.logsMethod ?? pickLogs(g);
    if (logs) s.logsMethod = logs;
    if (o.mainList) s.mainList = o.mainList;
    return s;
  });
}

export const SUBSYSTEMS: readonly Subsystem[] = Object.freeze(build(GENERATED));
