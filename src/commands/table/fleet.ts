/** `secubox status`, `secubox exposure`, `secubox emancipate`, `secubox revoke`: data only; code loads when the verb runs. */
import type { CommandSpec } from '../spec.js';

const CHANNEL_OPTIONS = [
  { flags: '--tor', description: 'Tor hidden service (.onion)' },
  { flags: '--dns', description: 'DNS record + HAProxy vhost + ACME certificate (needs a domain)' },
  { flags: '--mesh', description: 'publish to the mesh peers' },
] as const;

const REVOKE_CHANNEL_OPTIONS = [
  { flags: '--tor', description: 'remove the Tor hidden service' },
  { flags: '--dns', description: 'remove the DNS record, HAProxy vhost and certificate entry' },
  { flags: '--mesh', description: 'stop publishing to the mesh peers' },
] as const;

const EXPOSURE_JSON = ['action', 'box', 'name', 'kind', 'dryRun', 'ok', 'verified', 'steps', 'channels', 'warnings', 'boxSaid', 'jobId', 'plan'] as const;

export const fleetCommands: readonly CommandSpec[] = [
  {
    path: ['status'],
    summary: 'health of one box or the fleet: reachability, system, services, subsystems, alerts, mesh peers',
    description: 'The summary the TUI screens show, from the same core function: ONE batched exec per box (pure reads only). '
      + 'With no --box/--group/--all it covers every box of the inventory (the fleet overview). '
      + 'A table on a terminal; tab-separated values without header when piped (box, host, reach, model, firmware, uptime_s, '
      + 'load1, mem_used_pct, disk_used_pct, services_up, services_total, alerts, mesh_peers, age_s, reason). '
      + 'With one box on a terminal, its subsystems are listed by layer too. --json prints {demo, boxes: [...]}, each box with: '
      + 'box, host, reach (ok|auth|host-key|unknown-host|unreachable|timeout), reason, fetchedAt, stale, demo, system '
      + '{model, board, firmware, release, kernel, hostname, uptimeS, load, mem{total,available}, disk{total,used,mount}}, '
      + 'services [{name, enabled, running}], subsystems [{id, name, layer, state, detail}], alerts {count, recent}, meshPeers, jobs. '
      + 'Exit 0 when every box answered, 3 when none did, 4 when some did not.',
    targets: true,
    json: true,
    jsonFields: ['demo', 'boxes'],
    examples: ['secubox status', 'secubox status --box lab', 'secubox status --all --json', 'secubox --demo status --all'],
    exitCodes: [3, 4],
    load: () => import('../status.js'),
  },
  {
    path: ['exposure'],
    summary: 'list what can be exposed and how: MetaBlogizer sites and services with their Tor, DNS + SSL and mesh channels',
    description: 'The list the TUI\'s exposure screen shows, from the same core function: ONE batched exec per box (pure reads '
      + 'of luci.exposure and luci.metablogizer). A table on a terminal (NAME, KIND, PORT, TOR, DNS/SSL, MESH, STATE: exposed, '
      + 'partial or private); tab-separated values without header when piped (several boxes: the box name first). '
      + '--json: {box, items: [{name, kind, port, domain, state, emancipated, channels {tor, dns, mesh: {enabled, detail}}, '
      + 'certificate}], warnings}. The names are what `secubox emancipate` and `secubox revoke` take.',
    targets: true,
    json: true,
    jsonFields: ['box', 'items', 'warnings', 'boxes'],
    examples: ['secubox exposure --box lab', 'secubox exposure --all --json', 'secubox --demo exposure --box demo-alpha'],
    exitCodes: [3, 4],
    load: () => import('../exposure.js'),
  },
  {
    path: ['emancipate'],
    summary: 'expose a MetaBlogizer site or a service (Tor, DNS + SSL, mesh), then verify it on the box',
    description: 'NAME is a MetaBlogizer site (site flow: luci.metablogizer emancipate, then its job is polled and the steps '
      + 'DNS, VORTEX, HAPROXY, WAF, PATH, SSL, RELOAD are shown as they happen) or else a service (luci.exposure emancipate '
      + 'with its port, domain and channels; no channel flag = all three). Afterwards the state is READ BACK (the site\'s '
      + 'emancipated flag and HAProxy sections, the exposure service and its Tor / vhost sections): success is reported only '
      + 'when it is there, whatever the box printed (exit 1 otherwise). --dry-run prints the plan (UCI sections, DNS records, '
      + 'certificates) and changes nothing. Asks for a confirmation on a terminal; --yes is required otherwise.',
    args: [{ syntax: '<name>', description: 'site or service name', complete: 'exposable' }],
    options: [
      { flags: '--port <port>', description: 'local port of the service (default: what the box knows)' },
      { flags: '--domain <domain>', description: 'public domain for the DNS/SSL channel' },
      ...CHANNEL_OPTIONS,
      { flags: '--kind <kind>', description: 'force the flow: site or service (default: a site of that name wins)', choices: ['site', 'service'] },
      { flags: '--dry-run', description: 'print the plan, change nothing' },
      { flags: '-y, --yes', description: 'do not ask for a confirmation' },
    ],
    targets: true,
    json: true,
    jsonFields: EXPOSURE_JSON,
    examples: [
      'secubox emancipate blog --box lab',
      'secubox emancipate blog --box lab --dry-run',
      'secubox emancipate gitea --port 3000 --domain git.example.org --tor --dns --yes',
      'secubox emancipate blog --box lab --json --yes',
    ],
    exitCodes: [3, 130],
    load: () => import('../emancipate.js'),
  },
  {
    path: ['revoke'],
    summary: 'un-expose a site or service (some or all channels), then verify it on the box',
    description: 'Mirrors `emancipate`: a MetaBlogizer site is unpublished (luci.metablogizer unpublish_site: its HAProxy vhost '
      + 'and certificate entry go, the site stays); a service loses the channels given (luci.exposure revoke; no channel flag = '
      + 'all, which deletes its exposure section). The state is read back; exit 1 when it is still there.',
    args: [{ syntax: '<name>', description: 'site or service name', complete: 'exposable' }],
    options: [
      ...REVOKE_CHANNEL_OPTIONS,
      { flags: '--kind <kind>', description: 'force the flow: site or service', choices: ['site', 'service'] },
      { flags: '--dry-run', description: 'print the plan, change nothing' },
      { flags: '-y, --yes', description: 'do not ask for a confirmation' },
    ],
    targets: true,
    json: true,
    jsonFields: EXPOSURE_JSON,
    examples: ['secubox revoke blog --box lab', 'secubox revoke gitea --tor --box lab --yes', 'secubox revoke blog --dry-run'],
    exitCodes: [3, 130],
    load: () => import('../revoke.js'),
  },
];
