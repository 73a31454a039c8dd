/**
 * Hand-written refinements for the subsystems the tool uses deeply (exposure, metablogizer,
 * crowdsec, haproxy, secubox core) and a few fixes to the generated data. Merged over
 * src/registry/generated/ by subsystems.ts.
 */
import type { Subsystem } from './types.js';

export type Override = Partial<Pick<Subsystem, 'name' | 'status' | 'services' | 'logTag' | 'logsMethod' | 'mainList' | 'aliases'>>;

export const OVERRIDES: Readonly<Record<string, Override>> = {
  'punk-exposure': {
    name: 'Exposure',
    aliases: [], // `secubox exposure` is the exposure listing (src/commands/exposure.ts)
    status: { object: 'luci.exposure', method: 'status' },
    logTag: 'secubox-exposure',
    mainList: {
      object: 'luci.exposure', method: 'get_emancipated', itemsKey: 'services',
      columns: [
        { field: 'name', header: 'SERVICE', width: 16 }, { field: 'port', header: 'PORT', width: 6 },
        { field: 'domain', header: 'DOMAIN', width: 28 }, { field: 'tor', header: 'TOR', width: 4 },
        { field: 'dns', header: 'DNS', width: 4 }, { field: 'mesh', header: 'MESH', width: 4 },
      ],
    },
  },
  metablogizer: {
    name: 'MetaBlogizer',
    aliases: ['sites', 'blog'],
    status: { object: 'luci.metablogizer', method: 'status' },
    services: [],
    logTag: 'metablogizer',
    mainList: {
      object: 'luci.metablogizer', method: 'list_sites', itemsKey: 'sites',
      columns: [
        { field: 'name', header: 'SITE', width: 14 }, { field: 'domain', header: 'DOMAIN', width: 28 },
        { field: 'port', header: 'PORT', width: 6 }, { field: 'enabled', header: 'ON', width: 4 },
        { field: 'emancipated', header: 'EMANCIPATED', width: 11 }, { field: 'backend_running', header: 'BACKEND', width: 7 },
      ],
    },
  },
  crowdsec: {
    aliases: ['cs'],
    status: { object: 'luci.crowdsec-dashboard', method: 'status' },
    logTag: 'crowdsec',
    logsMethod: { object: 'luci.crowdsec-dashboard', method: 'secubox_logs' },
    mainList: {
      object: 'luci.crowdsec-dashboard', method: 'alerts', params: { limit: 50 }, itemsKey: 'alerts',
      columns: [
        { field: 'created_at', header: 'TIME', width: 20 }, { field: 'scenario', header: 'SCENARIO', width: 34 },
        { field: 'source.ip', header: 'IP', width: 16 }, { field: 'source.cn', header: 'CC', width: 3 },
      ],
    },
  },
  haproxy: {
    name: 'HAProxy',
    services: ['haproxy'],
    status: { object: 'luci.haproxy', method: 'status' },
    logTag: 'haproxy',
    logsMethod: { object: 'luci.haproxy', method: 'get_logs', linesParam: 'lines' },
    mainList: {
      object: 'luci.haproxy', method: 'list_vhosts', itemsKey: 'vhosts',
      columns: [
        { field: 'domain', header: 'DOMAIN', width: 30 }, { field: 'backend', header: 'BACKEND', width: 22 },
        { field: 'ssl', header: 'SSL', width: 4 }, { field: 'acme', header: 'ACME', width: 4 }, { field: 'enabled', header: 'ON', width: 4 },
      ],
    },
  },
  'secubox-core': {
    name: 'SecuBox core',
    aliases: ['core'],
    // getStatus costs ~0.5 s and 6 KB; getVersion is the cheap "is it there" read
    status: { object: 'luci.secubox', method: 'getVersion' },
    logTag: 'secubox',
    logsMethod: { object: 'luci.secubox', method: 'getLogs', linesParam: 'lines' },
  },
  'p2p-mesh': {
    aliases: ['p2p', 'mesh'],
    status: { object: 'luci.secubox-p2p', method: 'health_check' },
    logTag: 'secubox-p2p',
    mainList: {
      object: 'luci.secubox-p2p', method: 'get_peers', itemsKey: 'peers',
      columns: [
        { field: 'name', header: 'PEER', width: 20 }, { field: 'address', header: 'ADDRESS', width: 16 },
        { field: 'status', header: 'STATUS', width: 8 }, { field: 'is_local', header: 'LOCAL', width: 5 },
      ],
    },
  },
  'master-link': { logTag: 'master-link' },
  'vortex-dns': { logTag: 'vortex-dns' },
  'network-anomaly': { logTag: 'network-anomaly' },
  'mcp-server': { logTag: 'secubox-mcp' },
  identity: { logTag: 'secubox-identity' },
  ksmbd: { logTag: 'ksmbdctl' },
  domoticz: { logTag: 'domoticzctl' },
  'tor-shield': { name: 'Tor Shield', aliases: ['tor'] },
  'waf-mitmproxy': { name: 'WAF (mitmproxy)', aliases: ['waf', 'mitmproxy'] },
};

/** One line per subsystem for help, completion and the TUI, written for a router admin (the catalog's titles are notes). */
export const SUMMARIES: Readonly<Record<string, string>> = {
  'mac-guardian': 'WiFi MAC security monitor',
  'punk-exposure': 'expose services on Tor, DNS + SSL and the mesh (emancipate / revoke)',
  jellyfin: 'Jellyfin media server and its post-install wizard',
  secunav: 'LuCI navigation component (UI only: nothing to call)',
  ksmbd: 'ksmbd SMB shares of media over the mesh',
  smbfs: 'SMB/CIFS remote mounts (smbfs)',
  domoticz: 'Domoticz home automation (LXC), MQTT / Zigbee2MQTT bridge',
  'zigbee2mqtt': 'Zigbee to MQTT bridge (used by Domoticz)',
  lyrion: 'Lyrion music server (media paths)',
  'vortex-dns': 'meshed dynamic subdomain delegation',
  metablogizer: 'static sites hosted on the box, emancipated to Tor / DNS + SSL',
  'ai-insights': 'what all the AI agents found, in one place',
  localrecall: 'LocalRecall memory store of the AI agents',
  'network-anomaly': 'detects anomalies in the network traffic',
  'cve-triage': 'triages CVEs (NVD, CrowdSec) and recommends fixes, with approval',
  mailserver: 'Mail server (Postfix + Dovecot LXC) and webmail',
  'dns-master': 'authoritative BIND zones (public IP, AAAA / IPv6)',
  backup: 'Unified backup manager',
  'dns-provider': 'DNS provider API (dnsctl): records, mail setup, DKIM',
  'subdomain-generator': 'Subdomain generator (secubox-subdomain CLI)',
  guacamole: 'Guacamole remote desktop gateway (LXC)',
  'master-link': 'invite, join and approve new mesh nodes (ZKP)',
  'p2p-mesh': 'peers, gossip catalog sync, mDNS, DNS federation',
  crowdsec: 'CrowdSec: alerts, decisions (ban / unban), firewall bouncer, AbuseIPDB reporter',
  haproxy: 'HAProxy reverse proxy + ACME certificates (LXC): vhosts, backends',
  gitea: 'Gitea git server: site repos, backup remote',
  'secubox-core': 'SecuBox core: version, status, alerts, logs (luci.secubox)',
  'dns-guard': 'detects DGA domains, DNS tunneling and rate abuse; blocklists, TLDs',
  localai: 'LocalAI model server, exposable on every channel',
  'threat-analyst': 'writes security rules, applied after approval',
  'mcp-server': 'MCP server for AI tools (JSON-RPC 2.0 over stdio)',
  'waf-mitmproxy': 'WAF (mitmproxy): inbound behind HAProxy, outbound LAN proxy',
  wireguard: 'WireGuard tunnels and mesh uplinks',
  'ai-gateway': 'AI gateway: data classifier, sovereignty proxy',
  mirrornet: 'MirrorNet core: identity, reputation, mirrors, gossip, health',
  identity: 'SecuBox identity: DID (did:plc), keys, trust',
  'p2p-intel': 'shares signed IOCs between boxes (collect, sign, validate, apply)',
  voip: 'VoIP micro-PBX (Asterisk LXC)',
  matrix: 'Matrix homeserver (Conduit LXC)',
  'config-advisor': 'audits the configuration: ANSSI CSPN compliance, score, remediation',
  'tor-shield': 'Tor Shield: onion services and Tor routing presets (known bug: breaks opkg downloads)',
};
