/**
 * Verification: read the state back after a run (one batch) and decide success from it alone.
 * `uci -S` (non-strict) because a real box's /etc/config/haproxy fails strict parsing (a vhost and a
 * backend share a section name): strict `uci get haproxy.x` then fails for every section.
 */
import type { BatchCall, BoxApi, CallResult } from '../../backends/types.js';
import { ubusAnswer } from '../status/parse.js';
import { flag, vhostId } from './list.js';
import type { Channel, ChannelResult, Plan } from './types.js';

function get(label: string, path: string): BatchCall {
  return { label, argv: ['uci', '-q', '-S', 'get', path] };
}

export function verifyBatch(plan: Plan): BatchCall[] {
  const calls: BatchCall[] = [];
  const vid = plan.domain ? vhostId(plan.domain) : null;
  if (plan.kind === 'site') {
    const b = `metablog_${plan.name.replace(/[^a-zA-Z0-9]/g, '_')}`;
    calls.push(get('site emancipated', `metablogizer.${plan.siteId}.emancipated`));
    if (vid) calls.push(get('vhost', `haproxy.${vid}`), get('vhost domain', `haproxy.${vid}.domain`));
    calls.push(get('backend', `haproxy.${b}`));
    calls.push({ label: 'sites exposure', argv: ['ubus', 'call', 'luci.metablogizer', 'get_sites_exposure_status', '{}'] });
  } else {
    const s = plan.name;
    calls.push(get('svc', `secubox-exposure.${s}`), get('svc emancipated', `secubox-exposure.${s}.emancipated`));
    for (const o of ['tor', 'dns', 'mesh', 'tor_onion']) calls.push(get(`svc ${o}`, `secubox-exposure.${s}.${o}`));
    calls.push(get('hs', `tor-shield.hs_${s}`));
    if (vid) calls.push(get('vhost', `haproxy.${vid}`));
    calls.push(get('backend', `haproxy.${s}`));
    calls.push({ label: 'emancipated list', argv: ['ubus', 'call', 'luci.exposure', 'get_emancipated', '{}'] });
  }
  return calls;
}

export interface Verification {
  /** The expected end state is there. */
  ok: boolean;
  channels: Partial<Record<Channel, ChannelResult>>;
  /** One line per fact checked (for the VERIFY step detail and --json). */
  facts: string[];
  warnings: string[];
}

function reader(results: readonly CallResult[]) {
  const m = new Map(results.map((r) => [r.label, r]));
  return (l: string): string | null => {
    const r = m.get(l);
    return r && r.code === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : null;
  };
}

function siteExposure(results: readonly CallResult[], id: string | undefined): Record<string, unknown> | null {
  const a = ubusAnswer(results.find((r) => r.label === 'sites exposure'));
  if (!a.ok || !Array.isArray(a.data.sites)) return null;
  return (a.data.sites as Record<string, unknown>[]).find((s) => s && s.id === id) ?? null;
}

/** Judge the state read back against the plan (emancipate: present; revoke: gone). */
export function evaluate(plan: Plan, results: readonly CallResult[]): Verification {
  const v = reader(results);
  const facts: string[] = [];
  const warnings: string[] = [];
  const channels: Partial<Record<Channel, ChannelResult>> = {};
  const emancipating = plan.action === 'emancipate';
  if (plan.kind === 'site') {
    const flagOn = v('site emancipated') === '1';
    const vhost = v('vhost') === 'vhost';
    const backend = v('backend') === 'backend';
    facts.push(`metablogizer.${plan.siteId}.emancipated = ${v('site emancipated') ?? '(unset)'}`);
    if (plan.domain) facts.push(`haproxy vhost ${vhostId(plan.domain)}: ${vhost ? 'present' : 'absent'}`);
    facts.push(`haproxy backend metablog_${plan.name}: ${backend ? 'present' : 'absent'}`);
    const sx = siteExposure(results, plan.siteId);
    const cert = sx && typeof sx.cert_status === 'string' ? sx.cert_status : null;
    if (emancipating) {
      const dnsOk = flagOn && vhost && backend;
      channels.dns = {
        requested: true, verified: dnsOk,
        detail: dnsOk ? `https://${plan.domain}${cert ? ` (cert ${cert})` : ''}` : [!flagOn && 'site not marked emancipated', !vhost && 'no HAProxy vhost', !backend && 'no HAProxy backend'].filter(Boolean).join(', '),
      };
      if (dnsOk && cert && cert !== 'valid') warnings.push(`certificate for ${plan.domain} is ${cert} (ACME may still be pending): check later with secubox ubus call luci.metablogizer get_sites_exposure_status`);
      if (plan.channels.mesh) { channels.mesh = { requested: true, verified: null, detail: 'Vortex mesh publication cannot be read back' }; }
      return { ok: dnsOk, channels, facts, warnings };
    }
    const gone = !flagOn && !vhost;
    channels.dns = { requested: true, verified: gone, detail: gone ? 'unpublished' : [flagOn && 'site still marked emancipated', vhost && 'HAProxy vhost still present'].filter(Boolean).join(', ') };
    return { ok: gone, channels, facts, warnings };
  }
  // service
  const present = v('svc') === 'service';
  const on = (o: string) => flag(v(`svc ${o}`));
  const onion = v('svc tor_onion');
  const hs = v('hs') !== null;
  const vhost = v('vhost') === 'vhost';
  facts.push(`secubox-exposure.${plan.name}: ${present ? `service (emancipated=${v('svc emancipated') ?? 'unset'})` : 'absent'}`);
  if (plan.channels.tor) facts.push(`tor: flag ${on('tor') ? 1 : 0}, onion ${onion ?? 'none'}, tor-shield.hs_${plan.name} ${hs ? 'present' : 'absent'}`);
  if (plan.channels.dns && plan.domain) facts.push(`haproxy vhost ${vhostId(plan.domain)}: ${vhost ? 'present' : 'absent'}`);
  if (emancipating) {
    if (plan.channels.tor) {
      const ok = present && on('tor') && (onion !== null || hs);
      channels.tor = { requested: true, verified: ok, detail: ok ? (onion ?? 'hidden service configured, onion pending') : 'no hidden service recorded' };
    }
    if (plan.channels.dns) {
      const ok = present && on('dns') && vhost;
      channels.dns = { requested: true, verified: ok, detail: ok ? `https://${plan.domain}` : present && on('dns') ? 'flag set but no HAProxy vhost' : 'not configured' };
    }
    if (plan.channels.mesh) {
      channels.mesh = { requested: true, verified: null, detail: 'mesh publication cannot be read back (secubox-p2p has no publish)' };
      warnings.push('MESH cannot be verified on this box');
    }
    const asked = Object.values(channels).filter((c) => c.requested);
    const ok = present && asked.every((c) => c.verified !== false) && asked.some((c) => c.verified === true);
    return { ok, channels, facts, warnings };
  }
  const all = plan.channels.tor && plan.channels.dns && plan.channels.mesh;
  if (plan.channels.tor) channels.tor = { requested: true, verified: !hs && !on('tor'), detail: hs ? 'tor-shield hidden service still present' : on('tor') ? 'tor flag still set' : 'removed' };
  if (plan.channels.dns) channels.dns = { requested: true, verified: !vhost && !on('dns'), detail: vhost ? 'HAProxy vhost still present' : on('dns') ? 'dns flag still set' : 'removed' };
  if (plan.channels.mesh) channels.mesh = { requested: true, verified: present ? !on('mesh') : true, detail: present && on('mesh') ? 'mesh flag still set' : 'removed' };
  const leftOver = all && present && (v('svc emancipated') === '1' || on('tor') || on('dns') || on('mesh'));
  if (leftOver) facts.push('the service is still marked exposed after a full revoke');
  const ok = Object.values(channels).every((c) => c.verified !== false) && !leftOver;
  return { ok, channels, facts, warnings };
}

export async function verify(box: BoxApi, plan: Plan, signal?: AbortSignal): Promise<Verification> {
  const results = await box.batch(verifyBatch(plan), { signal });
  return evaluate(plan, results);
}
