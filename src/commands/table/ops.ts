/**
 * Operations on what runs on a box: `secubox service`, `secubox logs`, and one verb per registry subsystem
 * (`secubox crowdsec ban 203.0.113.7 --box r1`). Data only; code loads when a verb runs.
 *
 * The subsystem verbs come from the small list below, NOT from importing the registry: this table is loaded on every
 * run and on every TAB, and the registry is ~140 kB of data. test/commands/subsystem.test.ts checks that the list
 * matches the registry (every subsystem, its aliases, name and summary).
 */
import type { CommandModule, CommandSpec } from '../spec.js';

/**
 * [verb word, registry id, name, summary, aliases, main rpcd object ('' = none)].
 * The word differs from the id only where the id is already a verb: `master-link` is the box's legacy
 * `secubox master-link` (src/commands/table/legacy.ts), so the subsystem verb is `rpc-master-link`; p2p-mesh's alias
 * `mesh` is left out for the same reason (legacy alias of master-link).
 */
export const SUBSYSTEM_VERBS: ReadonlyArray<readonly [string, string, string, string, readonly string[], string]> = [
  ['mac-guardian', 'mac-guardian', 'MAC Guardian', 'WiFi MAC security monitor', [], 'luci.mac-guardian'],
  ['punk-exposure', 'punk-exposure', 'Exposure', 'expose services on Tor, DNS + SSL and the mesh (emancipate / revoke)', [], 'luci.exposure'],
  ['jellyfin', 'jellyfin', 'Jellyfin media server + post-install wizard', 'Jellyfin media server and its post-install wizard', [], 'luci.jellyfin'],
  ['secunav', 'secunav', 'Navigation component', 'LuCI navigation component (UI only: nothing to call)', [], ''],
  ['ksmbd', 'ksmbd', 'ksmbd mesh media sharing', 'ksmbd SMB shares of media over the mesh', [], ''],
  ['smbfs', 'smbfs', 'SMB/CIFS remote mount manager', 'SMB/CIFS remote mounts (smbfs)', [], ''],
  ['domoticz', 'domoticz', 'Domoticz IoT', 'Domoticz home automation (LXC), MQTT / Zigbee2MQTT bridge', [], 'luci.domoticz'],
  ['zigbee2mqtt', 'zigbee2mqtt', 'Zigbee2MQTT', 'Zigbee to MQTT bridge (used by Domoticz)', [], 'luci.zigbee2mqtt'],
  ['lyrion', 'lyrion', 'Lyrion music server', 'Lyrion music server (media paths)', [], 'luci.lyrion'],
  ['vortex-dns', 'vortex-dns', 'Vortex DNS', 'meshed dynamic subdomain delegation', [], 'luci.vortex-dns'],
  ['metablogizer', 'metablogizer', 'MetaBlogizer', 'static sites hosted on the box, emancipated to Tor / DNS + SSL', ['sites', 'blog'], 'luci.metablogizer'],
  ['ai-insights', 'ai-insights', 'AI Insights dashboard', 'what all the AI agents found, in one place', [], 'luci.ai-insights'],
  ['localrecall', 'localrecall', 'LocalRecall memory for AI agents', 'LocalRecall memory store of the AI agents', [], 'luci.localrecall'],
  ['network-anomaly', 'network-anomaly', 'Network Anomaly agent', 'detects anomalies in the network traffic', [], 'luci.network-anomaly'],
  ['cve-triage', 'cve-triage', 'CVE Triage agent', 'triages CVEs (NVD, CrowdSec) and recommends fixes, with approval', [], 'luci.cve-triage'],
  ['mailserver', 'mailserver', 'Mail server', 'Mail server (Postfix + Dovecot LXC) and webmail', [], 'luci.mailserver'],
  ['dns-master', 'dns-master', 'DNS Master', 'authoritative BIND zones (public IP, AAAA / IPv6)', [], 'luci.dns-master'],
  ['backup', 'backup', 'Unified Backup Manager', 'Unified backup manager', [], 'luci.backup'],
  ['dns-provider', 'dns-provider', 'DNS Provider API', 'DNS provider API (dnsctl): records, mail setup, DKIM', [], 'luci.dns-provider'],
  ['subdomain-generator', 'subdomain-generator', 'Subdomain generator', 'Subdomain generator (secubox-subdomain CLI)', [], ''],
  ['guacamole', 'guacamole', 'Guacamole remote desktop', 'Guacamole remote desktop gateway (LXC)', [], ''],
  ['rpc-master-link', 'master-link', 'Master-Link mesh onboarding', 'invite, join and approve new mesh nodes (ZKP)', [], 'luci.master-link'],
  ['p2p-mesh', 'p2p-mesh', 'SecuBox P2P mesh', 'peers, gossip catalog sync, mDNS, DNS federation', ['p2p'], 'luci.secubox-p2p'],
  ['crowdsec', 'crowdsec', 'CrowdSec', 'CrowdSec: alerts, decisions (ban / unban), firewall bouncer, AbuseIPDB reporter', ['cs'], 'luci.crowdsec-dashboard'],
  ['haproxy', 'haproxy', 'HAProxy', 'HAProxy reverse proxy + ACME certificates (LXC): vhosts, backends', [], 'luci.haproxy'],
  ['gitea', 'gitea', 'Gitea', 'Gitea git server: site repos, backup remote', [], 'luci.gitea'],
  ['secubox-core', 'secubox-core', 'SecuBox core', 'SecuBox core: version, status, alerts, logs (luci.secubox)', ['core'], 'luci.secubox'],
  ['dns-guard', 'dns-guard', 'DNS Guard AI', 'detects DGA domains, DNS tunneling and rate abuse; blocklists, TLDs', [], 'luci.dnsguard'],
  ['localai', 'localai', 'LocalAI 3.9', 'LocalAI model server, exposable on every channel', [], 'luci.localai'],
  ['threat-analyst', 'threat-analyst', 'Threat Analyst agent', 'writes security rules, applied after approval', [], 'luci.threat-analyst'],
  ['mcp-server', 'mcp-server', 'MCP server', 'MCP server for AI tools (JSON-RPC 2.0 over stdio)', [], ''],
  ['waf-mitmproxy', 'waf-mitmproxy', 'WAF (mitmproxy)', 'WAF (mitmproxy): inbound behind HAProxy, outbound LAN proxy', ['waf', 'mitmproxy'], 'luci.mitmproxy'],
  ['wireguard', 'wireguard', 'WireGuard dashboard + mesh uplinks', 'WireGuard tunnels and mesh uplinks', [], 'luci.wireguard-dashboard'],
  ['ai-gateway', 'ai-gateway', 'AI Gateway', 'AI gateway: data classifier, sovereignty proxy', [], 'luci.ai-gateway'],
  ['mirrornet', 'mirrornet', 'MirrorNet core', 'MirrorNet core: identity, reputation, mirrors, gossip, health', [], 'luci.mirrornet'],
  ['identity', 'identity', 'SecuBox Identity', 'SecuBox identity: DID (did:plc), keys, trust', [], ''],
  ['p2p-intel', 'p2p-intel', 'P2P Intel', 'shares signed IOCs between boxes (collect, sign, validate, apply)', [], ''],
  ['voip', 'voip', 'VoIP micro-PBX', 'VoIP micro-PBX (Asterisk LXC)', [], 'luci.voip'],
  ['matrix', 'matrix', 'Matrix homeserver', 'Matrix homeserver (Conduit LXC)', [], 'luci.matrix'],
  ['config-advisor', 'config-advisor', 'Config Advisor', 'audits the configuration: ANSSI CSPN compliance, score, remediation', [], 'luci.config-advisor'],
  ['tor-shield', 'tor-shield', 'Tor Shield', 'Tor Shield: onion services and Tor routing presets (known bug: breaks opkg downloads)', ['tor'], 'luci.tor-shield'],
];

/** Examples beyond `secubox <word> --box r1`, for the subsystems people call most. */
const EXTRA_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  crowdsec: ['secubox crowdsec ban 203.0.113.7 --yes --box r1', 'secubox crowdsec ban 203.0.113.7 4h "ssh brute force" --all --yes', 'secubox cs decisions --all --json'],
  metablogizer: ['secubox sites list_sites --box r1', 'secubox blog get_site id=site_demo --box r1'],
  haproxy: ['secubox haproxy list_vhosts --box r1 --json'],
  'mac-guardian': ['secubox mac-guardian get_events 20 --box r1'],
  'p2p-mesh': ['secubox p2p get_peers --group lab'],
};

/** `Name: summary`, or the summary alone when it already names the subsystem. */
function title(name: string, summary: string): string {
  const n = name.toLowerCase();
  const s = summary.toLowerCase();
  if (s.startsWith(n.split(/[\s(]/)[0]!)) return summary;
  return n.includes(s) || s.includes(n) ? (summary.length > name.length ? summary : name) : `${name}: ${summary}`;
}

const subsystemModule = (id: string) => async (): Promise<CommandModule> => (await import('../subsystem.js')).subsystemModule(id);

const subsystemCommands: CommandSpec[] = SUBSYSTEM_VERBS.map(([word, id, name, summary, aliases, object]) => ({
  path: [word],
  summary: title(name, summary),
  description: `Without METHOD: the status of ${name} on the box(es) (its status-like read${object ? ` of ${object}` : ''}, `
    + 'else the methods its rpcd object has, else its CLI\'s `status`); "not installed on BOX" (exit 1) when it is not there. '
    + `With METHOD: \`ubus call\` of that method${object ? ` (of ${object}, or OBJECT.METHOD for another object of the subsystem)` : ''}; `
    + 'ARGS fill its parameters in their declared order, or name them as key=value, or give one JSON object; values are '
    + 'converted to the declared types (integers, booleans, JSON for tables and arrays). A method word the registry does '
    + 'not declare is a usage error (exit 2, with suggestions) unless given as OBJECT.METHOD; a write without its first '
    + 'parameter (what it acts on, e.g. the IP of `crowdsec ban`) is refused unless the parameters are one JSON object. '
    + 'All of this is checked before any question or connection. Methods that change the box '
    + '(writes, reads with a side effect, methods the registry does not know) ask for a confirmation on a terminal, or '
    + 'need --yes. The answer is pretty JSON on a terminal, compact when piped or with --json (several boxes: '
    + `{"boxes": [{box, ok, reach, result|error}]}).${object ? ` \`secubox ubus list ${object}\` shows its methods and parameters.` : ''}`,
  args: [
    { syntax: '[method]', description: 'an rpcd method of the subsystem (none: its status)', complete: 'subsystem-method' },
    { syntax: '[args...]', description: 'the method\'s parameters: by position, as key=value, or one JSON object' },
  ],
  options: [{ flags: '-y, --yes', description: 'call a method that changes the box without asking' }],
  targets: true,
  json: true,
  jsonFields: ['boxes'],
  aliases,
  subsystem: id,
  helpSection: 'subsystems',
  examples: [`secubox ${word} --box r1`, ...(EXTRA_EXAMPLES[id] ?? [])],
  exitCodes: [3, 4, 130],
  load: subsystemModule(id),
}));

const SERVICE_ACTIONS = ['start', 'stop', 'restart', 'reload', 'enable', 'disable', 'status'] as const;

export const opsCommands: readonly CommandSpec[] = [
  {
    path: ['service'],
    summary: 'start, stop, restart, reload, enable or disable an init service and verify it; or show its state',
    description: 'Runs `/etc/init.d/NAME ACTION` on the box(es), then READS THE STATE BACK: start/restart must leave it '
      + 'running, stop not running, enable/disable set the boot flag; the init script\'s exit code is not trusted (many exit 0 '
      + 'after a failure). Exit 1 when the state is not there (a few seconds are allowed for it to settle); a service procd '
      + 'does not track is reported as done but not verified. ACTION defaults to status (installed, enabled, running; '
      + 'exit 1 when not installed). Actions ask for a confirmation on a terminal, or need --yes.',
    args: [
      { syntax: '<name>', description: 'the init script, e.g. crowdsec (a file in /etc/init.d)', complete: 'service' },
      { syntax: '[action]', description: 'what to do (default: status)', choices: SERVICE_ACTIONS },
    ],
    options: [{ flags: '-y, --yes', description: 'do not ask for a confirmation' }],
    targets: true,
    json: true,
    jsonFields: ['box', 'name', 'action', 'ok', 'verified', 'expected', 'before', 'after', 'code', 'output', 'problem', 'installed', 'enabled', 'running', 'boxes'],
    examples: [
      'secubox service crowdsec --box r1',
      'secubox service crowdsec restart --box r1',
      'secubox service haproxy stop --group lab --yes',
      'secubox service tor-shield enable --all --yes --json',
    ],
    exitCodes: [3, 4, 130],
    load: () => import('../service.js'),
  },
  {
    path: ['logs'],
    summary: 'show (or follow) the log lines of a subsystem or a syslog tag',
    description: 'SOURCE is a subsystem (id or alias: its syslog tag, else its logs method) or a syslog tag '
      + '(`logread -e TAG`). -n prints the last N lines (after --grep, a JavaScript regular expression). --follow polls '
      + 'the box every 2 s and prints new lines until Ctrl-C (exit 130), one `logread` exec per poll (no channel is held '
      + 'open). Several boxes: lines are prefixed with `box: `. --json (not with --follow): {source, lines: [{text, at}]}.',
    args: [{ syntax: '<source>', description: 'a subsystem (e.g. crowdsec) or a syslog tag (e.g. dropbear)', complete: 'subsystem' }],
    options: [
      { flags: '-n, --lines <n>', description: 'how many of the last lines', default: '100' },
      { flags: '-f, --follow', description: 'keep printing new lines until Ctrl-C' },
      { flags: '--grep <regex>', description: 'only lines matching this regular expression' },
      { flags: '-i, --ignore-case', description: '--grep ignores case' },
    ],
    targets: true,
    json: true,
    jsonFields: ['source', 'lines', 'boxes'],
    examples: [
      'secubox logs crowdsec --box r1',
      'secubox logs haproxy -n 20 --grep "50[0-9] " --box r1',
      'secubox logs dropbear -f --box r1',
      'secubox logs cs -f --grep ban -i --group lab',
    ],
    exitCodes: [3, 4, 130],
    load: () => import('../logs.js'),
  },
  ...subsystemCommands,
];
