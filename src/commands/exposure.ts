/**
 * secubox exposure [--box B | --group G | --all] [--json]: what can be exposed on the box(es) and how it is now:
 * MetaBlogizer sites and exposure services with their channels (Tor, DNS + SSL, mesh) and state. The same core
 * function as the TUI's exposure screen (listExposure: one batch exec per box, pure reads).
 */
import { listExposure, type Exposable, type ExposureList } from '../core/exposure/index.js';
import type { Context } from './context.js';
import { formatTable, formatTsv, isTty, note, runOnTargets, type Cell } from './output.js';
import type { CommandInput } from './spec.js';

const HEADERS = ['NAME', 'KIND', 'PORT', 'TOR', 'DNS/SSL', 'MESH', 'STATE'];

function channel(e: Exposable, ch: 'tor' | 'dns' | 'mesh'): string {
  const c = e.channels[ch];
  return c.enabled ? (c.detail || 'yes') : '-';
}

function cells(e: Exposable): Cell[] {
  return [e.name, e.kind, e.port ?? '', channel(e, 'tor'), channel(e, 'dns'), channel(e, 'mesh'), e.state];
}

export function exposureJson(l: ExposureList): Record<string, unknown> {
  return {
    box: l.box,
    items: l.items.map((e) => ({
      name: e.name, kind: e.kind, port: e.port, domain: e.domain, state: e.state, emancipated: e.emancipated,
      channels: e.channels, certificate: e.certificate,
    })),
    warnings: l.warnings,
  };
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const json = input.opts.json === true;
  return runOnTargets<ExposureList>(ctx, input.opts, (box, _e, signal) => listExposure(box, { signal }), {
    ...(json ? { json: exposureJson } : {}),
    printOne(l) {
      for (const w of l.warnings) note(ctx.stderr, `note: ${w}`);
      if (l.items.length === 0) { note(ctx.stderr, `nothing exposable found on ${l.box}`); return; }
      ctx.stdout.write(isTty(ctx.stdout) ? formatTable(HEADERS, l.items.map(cells)) : formatTsv(l.items.map(cells)));
    },
    printMany(l) {
      for (const w of l.warnings) note(ctx.stderr, `${l.box}: note: ${w}`);
      ctx.stdout.write(formatTsv(l.items.map((e) => [l.box, ...cells(e)])));
    },
  });
}
