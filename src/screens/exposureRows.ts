/** Exposure table (pure): services and MetaBlogizer sites with their channels and state. */
import type { Exposable } from '../core/exposure/index.js';
import type { Column } from '../ui/Table.js';
import type { Tone } from '../ui/theme.js';

const STATE_TONE: Record<Exposable['state'], Tone> = { exposed: 'ok', partial: 'warn', private: 'muted' };
const STATE_SYM: Record<Exposable['state'], string> = { exposed: '●', partial: '◐', private: '○' };

export function channelCell(e: Exposable, ch: 'tor' | 'dns' | 'mesh'): string {
  const c = e.channels[ch];
  if (!c.enabled) return '–';
  if (ch === 'tor') return /\.onion/.test(c.detail) ? c.detail.replace(/^.*?([a-z2-7]{6})[a-z2-7]*(\.onion).*$/, '$1…$2') : '✓';
  return '✓';
}

export function sslCell(e: Exposable): string {
  if (!e.channels.dns.enabled && !e.domain) return '–';
  const cert = e.certificate ? ` (${e.certificate})` : '';
  return `${e.domain ?? '?'}${cert}`;
}

export function exposureColumns(items: readonly Exposable[]): Column<Exposable>[] {
  return [
  { key: 'name', title: 'NAME', min: Math.min(24, Math.max(8, ...items.map((e) => e.name.length))), grow: 0, get: (e) => e.name },
  { key: 'kind', title: 'KIND', width: 7, get: (e) => e.kind },
  { key: 'port', title: 'PORT', width: 5, align: 'right', drop: 2, get: (e) => (e.port === null ? '—' : String(e.port)) },
  { key: 'tor', title: 'TOR', width: 13, drop: 3, get: (e) => channelCell(e, 'tor'), tone: (e) => (e.channels.tor.enabled ? 'ok' : 'muted') },
  { key: 'dns', title: 'DNS/SSL DOMAIN (CERT)', min: 14, grow: 3, get: sslCell, tone: (e) => (e.certificate && !/valid|ok/i.test(e.certificate) ? 'warn' : undefined) },
  { key: 'mesh', title: 'MESH', width: 4, drop: 1, get: (e) => channelCell(e, 'mesh'), tone: (e) => (e.channels.mesh.enabled ? 'ok' : 'muted') },
  { key: 'state', title: 'STATE', width: 9, get: (e) => `${STATE_SYM[e.state]} ${e.state}`, tone: (e) => STATE_TONE[e.state] },
  ];
}

/** Stable row key: the selection follows the item when a refresh re-sorts the rows. */
export const exposureKey = (e: Exposable): string => `${e.kind}:${e.name}`;

export function exposureHaystack(e: Exposable): string {
  return [e.name, e.kind, e.port ?? '', e.domain ?? '', e.state, e.certificate ?? '', e.channels.tor.detail, e.channels.dns.detail, e.channels.mesh.detail].join(' ');
}
