/**
 * secubox emancipate NAME [--box B] [--port P] [--domain D] [--tor] [--dns] [--mesh] [--kind site|service]
 *                         [--dry-run] [--yes] [--json]
 * Thin: the plan, the run and the verification are core/exposure (the TUI calls the same functions).
 * Also the shared runner of `secubox revoke`.
 */
import { z } from 'zod';
import { emancipate, planEmancipate, planRevoke, revoke, type ExposureResult, type Plan, type Step } from '../core/exposure/index.js';
import { parseTargetOptions } from '../core/targets.js';
import { CancelledError, ExitCode, UsageError } from '../lib/errors.js';
import { confirmAction, parseOptions } from './box/common.js';
import type { Context, OutStream } from './context.js';
import { formatJson, isTty, note } from './output.js';
import type { CommandInput } from './spec.js';

const Common = {
  tor: z.boolean().optional(),
  dns: z.boolean().optional(),
  mesh: z.boolean().optional(),
  kind: z.enum(['site', 'service']).optional(),
  dryRun: z.boolean().default(false),
  yes: z.boolean().default(false),
  json: z.boolean().default(false),
};

const EmancipateOptions = z.object({
  ...Common,
  port: z.string().regex(/^\d{1,5}$/, 'must be a port number').transform(Number).refine((n) => n > 0 && n < 65536, 'must be 1-65535').optional(),
  domain: z.string().regex(/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/, 'must be a domain name like blog.example.org').optional(),
}).passthrough();

const RevokeOptions = z.object(Common).passthrough();

const SYMBOL: Record<Step['state'], string> = { ok: '✓', warn: '!', failed: '✗', skipped: '-', pending: ' ', running: '…' };
const COLOR: Partial<Record<Step['state'], string>> = { ok: '\u001b[32m', warn: '\u001b[33m', failed: '\u001b[31m', skipped: '\u001b[2m' };

export function planText(p: Plan, dryRun: boolean): string {
  const lines = [`${dryRun ? 'Plan (dry run, nothing changed)' : 'Plan'}: ${p.action} ${p.kind} ${p.name} on ${p.box}`];
  const kv = (k: string, v: string) => lines.push(`  ${k.padEnd(9)} ${v}`);
  kv('call', `ubus call ${p.call.object} ${p.call.method} '${JSON.stringify(p.call.params)}'`);
  if (p.kind === 'service') kv('channels', (['tor', 'dns', 'mesh'] as const).filter((c) => p.channels[c]).join(', ') || 'none');
  if (p.port !== null) kv('port', String(p.port));
  if (p.domain) kv('domain', p.domain);
  kv('steps', p.steps.join(' → '));
  p.uciSections.forEach((s, i) => kv(i === 0 ? 'UCI' : '', `${s.config}.${s.section} (${s.type}): ${s.action}${s.note ? ` — ${s.note}` : ''}`));
  p.dnsRecords.forEach((d, i) => kv(i === 0 ? 'DNS' : '', `${d.type} ${d.name}${d.zone ? ` in zone ${d.zone}` : ''}${d.note ? ` (${d.note})` : ''}`));
  if (p.certificates.length) kv('certs', p.certificates.join(', '));
  p.warnings.forEach((w, i) => kv(i === 0 ? 'notes' : '', w));
  return `${lines.join('\n')}\n`;
}

export function resultJson(r: ExposureResult, plan: Plan): Record<string, unknown> {
  return {
    action: r.action, box: r.box, name: r.name, kind: r.kind, dryRun: false, ok: r.ok, verified: r.verified,
    steps: r.steps, channels: r.channels, warnings: r.warnings, boxSaid: r.boxSaid, jobId: r.jobId ?? null, plan,
  };
}

/**
 * The stream as ora sees it, with a usable width: a terminal that reports 0 columns (serial consoles, `script`)
 * would make ora count Infinity lines to clear and spin forever in a synchronous loop (deaf even to SIGTERM).
 */
export function sizedStream<S extends object>(stream: S): S {
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'columns') {
        const c = (target as { columns?: unknown }).columns;
        return typeof c === 'number' && c > 0 ? c : 80;
      }
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Progress on stderr: an ora spinner with the current step on a TTY, plain step lines when piped. */
export async function progressReporter(ctx: Context): Promise<{ onStep: (steps: readonly Step[], current: string | null) => void; stop(): void }> {
  const err = ctx.stderr as OutStream & { clearLine?: unknown; cursorTo?: unknown };
  const color = ctx.color && !ctx.env.NO_COLOR;
  const paint = (s: Step) => (color && COLOR[s.state] ? `${COLOR[s.state]}${SYMBOL[s.state]}\u001b[0m` : SYMBOL[s.state]);
  const printed = new Map<string, string>();
  const final = (s: Step) => s.state !== 'pending' && s.state !== 'running';
  const line = (s: Step) => `${s.name}${s.detail ? `: ${s.detail}` : ''}`;
  if (isTty(err) && typeof err.clearLine === 'function' && typeof err.cursorTo === 'function') {
    const { default: ora } = await import('ora');
    const spinner = ora({ stream: sizedStream(err) as unknown as NodeJS.WritableStream, discardStdin: false, color: color ? 'cyan' : false, text: 'starting' }).start();
    return {
      onStep(steps, current) {
        for (const s of steps) {
          if (!final(s) || printed.get(s.name) === s.state) continue;
          printed.set(s.name, s.state);
          spinner.stopAndPersist({ symbol: paint(s), text: line(s) });
          spinner.start();
        }
        spinner.text = current ?? 'working';
      },
      stop() { spinner.stop(); },
    };
  }
  return {
    onStep(steps) {
      for (const s of steps) {
        const key = `${s.state}`;
        if (printed.get(s.name) === key || s.state === 'pending') continue;
        printed.set(s.name, key);
        note(ctx.stderr, `[${s.name}] ${s.state}${s.detail ? `: ${s.detail}` : ''}`);
      }
    },
    stop() { /* nothing to clean */ },
  };
}

function summaryText(r: ExposureResult): string {
  const verb = r.action === 'emancipate' ? 'emancipated' : 'revoked';
  const lines = [r.ok ? `${r.name} ${verb} on ${r.box}: verified` : `${r.name} NOT ${verb} on ${r.box}: the state read back does not match`];
  for (const [ch, c] of Object.entries(r.channels)) lines.push(`  ${ch.padEnd(5)} ${c.verified === true ? 'ok' : c.verified === false ? 'FAILED' : 'unverified'}${c.detail ? `  ${c.detail}` : ''}`);
  if (r.boxSaid) lines.push(`  the box said: ${r.boxSaid}`);
  for (const w of r.warnings) lines.push(`  note: ${w}`);
  return `${lines.join('\n')}\n`;
}

function question(p: Plan): string {
  const what = p.kind === 'site' ? `MetaBlogizer site ${p.name}${p.domain ? ` (${p.domain})` : ''}` : `service ${p.name}${p.port !== null ? ` (port ${p.port})` : ''}`;
  if (p.action === 'revoke') {
    const ch = p.kind === 'service' ? ` [${(['tor', 'dns', 'mesh'] as const).filter((c) => p.channels[c]).join(', ')}]` : '';
    return `Revoke the exposure of ${what}${ch} on box ${p.box}?`;
  }
  const ch = p.kind === 'site' ? 'DNS + SSL (HAProxy, WAF) + mesh' : (['tor', 'dns', 'mesh'] as const).filter((c) => p.channels[c]).join(' + ');
  return `${p.again ? `${p.name} is already exposed; run the flow again: expose` : 'Expose'} ${what} on box ${p.box} via ${ch}?`;
}

export async function runExposure(action: 'emancipate' | 'revoke', input: CommandInput, ctx: Context): Promise<number> {
  const name = input.args[0] ?? '';
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new UsageError(`invalid name "${name}"`, 'a site or service name: letters, digits, ".", "_", "-"');
  const o = action === 'emancipate' ? parseOptions(EmancipateOptions, input.opts) : parseOptions(RevokeOptions, input.opts);
  const { selection, timeoutMs } = parseTargetOptions(input.opts);
  const session = await ctx.session(timeoutMs !== undefined ? { timeoutMs } : {});
  const entries = session.resolveTargets(selection);
  if (entries.length !== 1) throw new UsageError(`${action} works on one box at a time (${entries.length} selected)`, `pick one with --box NAME`);
  const box = await session.open(entries[0]!);
  const flags = { ...(o.tor ? { tor: true } : {}), ...(o.dns ? { dns: true } : {}), ...(o.mesh ? { mesh: true } : {}), ...(o.kind ? { kind: o.kind } : {}) };
  const plan = action === 'emancipate'
    ? await planEmancipate(box, name, { ...flags, ...('port' in o && o.port !== undefined ? { port: o.port as number } : {}), ...('domain' in o && o.domain ? { domain: o.domain as string } : {}) }, { signal: ctx.signal })
    : await planRevoke(box, name, flags, { signal: ctx.signal });
  if (o.dryRun) {
    if (o.json) ctx.stdout.write(formatJson({ action, box: plan.box, name: plan.name, kind: plan.kind, dryRun: true, plan }, { pretty: false }));
    else ctx.stdout.write(planText(plan, true));
    return ExitCode.OK;
  }
  if (!o.yes) note(ctx.stderr, planText(plan, false).trimEnd());
  try {
    await confirmAction(ctx, question(plan), { yes: o.yes, what: `${action} ${plan.name} on ${plan.box}` });
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(e.message, `pass --yes to confirm it (check first with: secubox ${action} ${name} --box ${plan.box} --dry-run)`);
    throw e;
  }
  const progress = await progressReporter(ctx);
  let r: ExposureResult;
  try {
    const opts = { signal: ctx.signal, onStep: progress.onStep, ...(timeoutMs !== undefined ? { timeoutMs: Math.max(timeoutMs, 60_000) } : {}) };
    r = action === 'emancipate' ? await emancipate(box, plan, opts) : await revoke(box, plan, opts);
  } catch (e) {
    if (ctx.signal.aborted) throw new CancelledError(`cancelled: the box may still be working on ${plan.name}; check with secubox status --box ${plan.box}`);
    throw e;
  } finally {
    progress.stop();
  }
  if (ctx.debug && r.output) note(ctx.stderr, `--- box output ---\n${r.output}`);
  if (o.json) ctx.stdout.write(formatJson(resultJson(r, plan), { pretty: false }));
  else ctx.stdout.write(summaryText(r));
  return r.ok ? ExitCode.OK : ExitCode.ERROR;
}

export function run(input: CommandInput, ctx: Context): Promise<number> {
  return runExposure('emancipate', input, ctx);
}
