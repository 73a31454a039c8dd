/**
 * The TUI side of `secubox emancipate` / `revoke`: form → plan (reads only) → confirmation naming
 * the box and the target → a JobManager job that runs the SAME core functions as the commands and
 * keeps running when the user leaves the screen.
 */
import {
  CHANNELS, emancipate, planEmancipate, planRevoke, revoke,
  type Channel, type EmancipateOptions, type Exposable, type ExposureResult, type Plan,
} from '../core/exposure/index.js';
import type { Field } from '../ui/formModel.js';
import type { Services } from './services.js';

export function emancipateFields(item: Exposable | undefined): Field[] {
  const anyOn = item ? CHANNELS.some((c) => item.channels[c].enabled) : false;
  const on = (c: Channel) => (item && anyOn ? item.channels[c].enabled : true);
  const site = item?.kind === 'site';
  const svcOnly = site ? ' (as service only)' : '';
  return [
    ...(site ? [{ name: 'as', label: 'publish as', type: 'choice' as const, choices: ['site', 'service'], help: 'site = MetaBlogizer flow (its own port and domain)' }] : []),
    { name: 'port', label: 'port', type: 'int', default: item?.port ?? undefined, required: !site, help: `local port${svcOnly}` },
    { name: 'domain', label: 'domain', type: 'string', default: item?.domain ?? undefined, help: `public name, DNS + SSL${svcOnly}` },
    { name: 'tor', label: 'Tor .onion', type: 'bool', default: on('tor'), help: svcOnly.trim() },
    { name: 'dns', label: 'DNS + SSL', type: 'bool', default: on('dns'), help: svcOnly.trim() },
    { name: 'mesh', label: 'mesh', type: 'bool', default: on('mesh'), help: svcOnly.trim() },
  ];
}

/** Form values → core options. A site published as a site takes no option (its own port/domain, DNS + Vortex mesh). */
export function emancipateOptions(values: Record<string, unknown>, item: Exposable | undefined): EmancipateOptions {
  if (item?.kind === 'site' && values.as !== 'service') return { kind: 'site' };
  return {
    ...(typeof values.port === 'number' ? { port: values.port } : {}),
    ...(typeof values.domain === 'string' ? { domain: values.domain } : {}),
    tor: values.tor === true, dns: values.dns === true, mesh: values.mesh === true,
    ...(item ? { kind: 'service' as const } : {}),
  };
}

/** What the confirmation shows: the write call and what it creates. */
export function planLines(p: Plan, max = 6): string[] {
  const lines = [`call: ubus call ${p.call.object} ${p.call.method} ${JSON.stringify(p.call.params)}`];
  const ch = CHANNELS.filter((c) => p.channels[c]);
  if (p.kind === 'service') lines.push(`channels: ${ch.length ? ch.join(', ') : 'none'}${p.port !== null ? ` · port ${p.port}` : ''}${p.domain ? ` · ${p.domain}` : ''}`);
  else lines.push(`steps: ${p.steps.join(' → ')}${p.domain ? ` · ${p.domain}` : ''}`);
  if (p.uciSections.length) lines.push(`UCI: ${p.uciSections.map((s) => `${s.config}.${s.section} (${s.action})`).join(', ')}`);
  if (p.dnsRecords.length) lines.push(`DNS: ${p.dnsRecords.map((r) => `${r.type} ${r.name}`).join(', ')}`);
  if (p.certificates.length) lines.push(`certificates: ${p.certificates.join(', ')}`);
  for (const w of p.warnings) lines.push(`! ${w}`);
  return lines.slice(0, max);
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/** Run the emancipate flow for `name` on `box`. Resolves to the started job id, or undefined (cancelled / failed before start). */
export async function emancipateFlow(svc: Services, box: string, name: string, item: Exposable | undefined): Promise<string | undefined> {
  if (svc.readOnly) { svc.toast('read-only: emancipate is disabled', 'warn'); return undefined; }
  const values = await svc.form({
    title: `Emancipate ${item?.kind ?? 'service'} ${name} on ${box}`,
    note: item?.kind === 'site' ? 'MetaBlogizer site: luci.metablogizer emancipate, steps DNS VORTEX HAPROXY WAF PATH SSL RELOAD' : 'luci.exposure emancipate: Tor hidden service, DNS record + HAProxy vhost + certificate, mesh',
    fields: emancipateFields(item),
  });
  if (!values) return undefined;
  const opts = emancipateOptions(values, item);
  let plan: Plan;
  let api;
  try {
    api = await svc.session.open(box);
    plan = await planEmancipate(api, name, opts);
  } catch (err) {
    svc.toast(`cannot plan emancipate ${name} on ${box}: ${errText(err)}`, 'err');
    return undefined;
  }
  const yes = await svc.confirm({ action: 'Emancipate', target: `${plan.kind} ${name}`, box, details: planLines(plan) });
  if (!yes) { svc.toast('emancipate cancelled', 'muted'); return undefined; }
  const boxApi = api;
  const job = svc.jobs.start<ExposureResult>({
    box, kind: 'emancipate', title: `emancipate ${name} on ${box}`,
    run: (ctx) => emancipate(boxApi, plan, { signal: ctx.signal, onStep: (steps, current) => ctx.progress(steps, current) }),
    succeeded: (r) => r.ok,
  });
  return job.id;
}

export async function revokeFlow(svc: Services, box: string, name: string, item: Exposable | undefined): Promise<string | undefined> {
  if (svc.readOnly) { svc.toast('read-only: revoke is disabled', 'warn'); return undefined; }
  let plan: Plan;
  let api;
  try {
    api = await svc.session.open(box);
    plan = await planRevoke(api, name, item ? { kind: item.kind } : {});
  } catch (err) {
    svc.toast(`cannot plan revoke ${name} on ${box}: ${errText(err)}`, 'err');
    return undefined;
  }
  const yes = await svc.confirm({ action: 'Revoke', target: `${plan.kind} ${name}`, box, details: planLines(plan), danger: true });
  if (!yes) { svc.toast('revoke cancelled', 'muted'); return undefined; }
  const boxApi = api;
  const job = svc.jobs.start<ExposureResult>({
    box, kind: 'revoke', title: `revoke ${name} on ${box}`,
    run: (ctx) => revoke(boxApi, plan, { signal: ctx.signal, onStep: (steps, current) => ctx.progress(steps, current) }),
    succeeded: (r) => r.ok,
  });
  return job.id;
}
