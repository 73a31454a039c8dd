/**
 * The demo fleet's initial state: OUR OWN data, modelled on what real SecuBox boxes answer
 * (shapes from the recorded transcripts; names, addresses and values invented; IPs from the
 * documentation ranges). Everything is labelled DEMO.
 */

export interface SimAlert { created_at: string; scenario: string; ip: string; cn: string }
export interface SimPeer { id: string; name: string; address: string; status: 'online' | 'offline' }

export interface SimBoxSpec {
  name: string;
  host: string;
  hostname: string;
  model: string;
  boardName: string;
  release: string;
  revision: string;
  target: string;
  kernel: string;
  /** bytes */
  memTotal: number;
  memAvailable: number;
  diskTotal: number;
  diskUsed: number;
  loadBase: number;
  uptimeAtStartS: number;
  services: Record<string, { enabled: boolean; running: boolean }>;
  /** rpcd objects besides the always-present ones (system, service, uci, file, session, rc). */
  objects: string[];
  uci: Record<string, string>;
  /** configs that fail strict parsing, like the real haproxy config with a duplicate section name */
  brokenUci?: string[];
  alerts: SimAlert[];
  bans: number;
  peers: SimPeer[];
  versions: Record<string, string>;
  unreachable?: boolean;
}

const COMMON_OBJECTS = [
  'luci.secubox', 'luci.exposure', 'luci.metablogizer', 'luci.crowdsec-dashboard', 'luci.crowdsec-abuseipdb', 'luci.haproxy',
  'luci.secubox-p2p', 'luci.tor-shield', 'luci.mitmproxy', 'luci.vortex-dns', 'luci.dns-provider', 'luci.backup',
  'luci.config-advisor', 'luci.mac-guardian', 'luci.wireguard-dashboard', 'luci.dnsguard', 'luci.ai-insights', 'luci.master-link',
];

const uciMetablogizer = (sites: { name: string; domain: string; port: number; emancipated?: string }[]) => `
config metablogizer 'main'
	option enabled '1'
	option runtime 'uhttpd'
	option sites_root '/srv/metablogizer/sites'
	option port_base '8900'
${sites.map((s) => `
config site 'site_${s.name}'
	option name '${s.name}'
	option domain '${s.domain}'
	option port '${s.port}'
	option runtime 'uhttpd'
	option ssl '1'
	option enabled '1'${s.emancipated ? `
	option emancipated '1'
	option emancipated_at '${s.emancipated}'` : ''}
`).join('')}`;

const uciHaproxyBase = `
config haproxy 'main'
	option enabled '1'
	option http_port '80'
	option https_port '443'
	option stats_port '8404'

config acme 'acme'
	option enabled '1'
	option email 'admin@demo.example'
	option key_type 'ec-256'

config backend 'mitmproxy_inspector'
	option name 'mitmproxy_inspector'
	option mode 'http'
	option enabled '1'
`;

const uciExposure = `
config settings 'main'
	option enabled '1'
	option tor_enabled '1'
	option ssl_enabled '1'

config known 'nextcloud'
	option default_port '8080'
	option category 'cloud'

config known 'streamlit'
	option default_port '8501'
	option category 'apps'

config known 'domoticz'
	option default_port '8081'
	option category 'iot'
`;

const uciCommon = (lanIp: string, zone: string) => ({
  network: `
config interface 'lan'
	option device 'br-lan'
	option proto 'static'
	option ipaddr '${lanIp}'
	option netmask '255.255.255.0'
`,
  'dns-provider': `
config dns-provider 'main'
	option enabled '1'
	option provider 'ovh'
	option zone '${zone}'
`,
  'vortex-dns': `
config vortex 'main'
	option enabled '1'
	option mode 'master'

config master 'master'
	option wildcard_domain ''
`,
  'tor-shield': `
config tor-shield 'main'
	option enabled '1'
	option mode 'socks'
`,
  system: `
config system
	option hostname 'HOST'
	option timezone 'UTC'
`,
});

const ALPHA: SimBoxSpec = {
  name: 'demo-alpha',
  host: 'demo-alpha.demo.invalid',
  hostname: 'demo-alpha',
  model: 'GL.iNet GL-MT6000 (DEMO)',
  boardName: 'glinet,gl-mt6000',
  release: '23.05.5',
  revision: 'r24106-10cc5fcd00',
  target: 'mediatek/filogic',
  kernel: '5.15.167',
  memTotal: 1_032_000 * 1024,
  memAvailable: 612_000 * 1024,
  diskTotal: 7_340_032 * 1024,
  diskUsed: 1_843_200 * 1024,
  loadBase: 0.42,
  uptimeAtStartS: 9 * 86400 + 4 * 3600 + 17 * 60,
  services: {
    'secubox-core': { enabled: true, running: true }, 'secubox-mesh': { enabled: true, running: true },
    crowdsec: { enabled: true, running: true }, 'crowdsec-firewall-bouncer': { enabled: true, running: true },
    haproxy: { enabled: true, running: true }, 'tor-shield': { enabled: true, running: true }, mitmproxy: { enabled: true, running: true },
    'secubox-p2p': { enabled: true, running: true }, 'vortex-dns': { enabled: true, running: true }, 'mac-guardian': { enabled: true, running: true },
    'config-advisor': { enabled: true, running: true }, 'dns-guard': { enabled: true, running: true }, 'master-link': { enabled: true, running: false },
    dropbear: { enabled: true, running: true }, uhttpd: { enabled: true, running: true }, dnsmasq: { enabled: true, running: true },
  },
  objects: COMMON_OBJECTS,
  uci: {
    ...uciCommon('192.168.10.1', 'demo.example'),
    metablogizer: uciMetablogizer([
      { name: 'blog', domain: 'blog.demo.example', port: 8901, emancipated: '2025-11-02T09:14:03+00:00' },
      { name: 'docs', domain: 'docs.demo.example', port: 8902 },
    ]),
    haproxy: `${uciHaproxyBase}
config backend 'metablog_blog'
	option name 'metablog_blog'
	option mode 'http'
	option enabled '1'

config server 'metablog_blog_srv'
	option backend 'metablog_blog'
	option address '192.168.10.1'
	option port '8901'
	option enabled '1'

config vhost 'blog_demo_example'
	option domain 'blog.demo.example'
	option backend 'mitmproxy_inspector'
	option original_backend 'metablog_blog'
	option ssl '1'
	option ssl_redirect '1'
	option acme '1'
	option enabled '1'

config backend 'gitea'
	option name 'gitea'
	option mode 'http'
	list server 'gitea 192.168.255.1:3000 check'

config vhost 'git_demo_example'
	option domain 'git.demo.example'
	option backend 'gitea'
	option ssl '1'
	option ssl_redirect '1'
	option enabled '1'
`,
    'secubox-exposure': `${uciExposure}
config service 'gitea'
	option port '3000'
	option domain 'git.demo.example'
	option tor '1'
	option tor_onion 'demo3giteaqk5x7vyq2mzs4ow6hfp3lbnrct7uyeaq5wixkjdz4mfhyd.onion'
	option tor_port '80'
	option dns '1'
	option ssl '1'
	option ssl_domain 'git.demo.example'
	option mesh '0'
	option emancipated '1'
`,
    'tor-shield': `
config tor-shield 'main'
	option enabled '1'
	option mode 'socks'

config hidden_service 'hs_gitea'
	option name 'gitea'
	option enabled '1'
	option local_port '3000'
	option virtual_port '80'
`,
  },
  alerts: [],
  bans: 312,
  peers: [
    { id: 'sb-demo-bravo', name: 'demo-bravo', address: '192.168.20.1', status: 'online' },
    { id: 'sb-demo-charlie', name: 'demo-charlie', address: '192.168.30.1', status: 'offline' },
  ],
  versions: { secubox: '1.4.2-demo', crowdsec: 'v1.6.3' },
};

const BRAVO: SimBoxSpec = {
  name: 'demo-bravo',
  host: 'demo-bravo.demo.invalid',
  hostname: 'demo-bravo',
  model: 'Banana Pi BPI-R4 (DEMO)',
  boardName: 'bananapi,bpi-r4',
  release: '23.05.4',
  revision: 'r24012-d8dd03c46f',
  target: 'mediatek/filogic',
  kernel: '5.15.162',
  memTotal: 4_022_000 * 1024,
  memAvailable: 1_210_000 * 1024,
  diskTotal: 29_360_128 * 1024,
  diskUsed: 21_626_880 * 1024,
  loadBase: 1.85,
  uptimeAtStartS: 2 * 86400 + 51 * 60,
  services: {
    'secubox-core': { enabled: true, running: true }, crowdsec: { enabled: true, running: true },
    'crowdsec-firewall-bouncer': { enabled: true, running: true }, haproxy: { enabled: true, running: false },
    mitmproxy: { enabled: true, running: true }, 'secubox-p2p': { enabled: true, running: true }, 'tor-shield': { enabled: false, running: false },
    'mac-guardian': { enabled: true, running: true }, dropbear: { enabled: true, running: true }, uhttpd: { enabled: true, running: true },
    dnsmasq: { enabled: true, running: true },
  },
  objects: COMMON_OBJECTS.filter((o) => !['luci.vortex-dns', 'luci.dnsguard', 'luci.ai-insights'].includes(o)),
  uci: {
    ...uciCommon('192.168.20.1', 'demo.example'),
    metablogizer: uciMetablogizer([{ name: 'shop', domain: 'shop.demo.example', port: 8901 }]),
    haproxy: uciHaproxyBase,
    'secubox-exposure': uciExposure,
  },
  // like the real box recorded in the transcripts: haproxy's config fails strict parsing, so uci writes to it fail
  brokenUci: ['haproxy'],
  alerts: [
    { created_at: '2025-12-07T21:42:10Z', scenario: 'crowdsecurity/ssh-bf', ip: '203.0.113.45', cn: 'NL' },
    { created_at: '2025-12-07T21:40:55Z', scenario: 'crowdsecurity/http-probing', ip: '198.51.100.23', cn: 'US' },
    { created_at: '2025-12-07T21:31:02Z', scenario: 'crowdsecurity/http-bad-user-agent', ip: '198.51.100.77', cn: 'DE' },
    { created_at: '2025-12-07T20:58:40Z', scenario: 'crowdsecurity/ssh-slow-bf', ip: '203.0.113.9', cn: 'CN' },
    { created_at: '2025-12-07T20:12:19Z', scenario: 'crowdsecurity/http-crawl-non_statics', ip: '192.0.2.201', cn: 'FR' },
    { created_at: '2025-12-07T19:47:33Z', scenario: 'crowdsecurity/ssh-bf', ip: '203.0.113.45', cn: 'NL' },
    { created_at: '2025-12-07T18:05:11Z', scenario: 'crowdsecurity/http-sensitive-files', ip: '198.51.100.140', cn: 'BR' },
  ],
  bans: 1048,
  peers: [{ id: 'sb-demo-alpha', name: 'demo-alpha', address: '192.168.10.1', status: 'online' }],
  versions: { secubox: '1.4.1-demo', crowdsec: 'v1.6.2' },
};

const CHARLIE: SimBoxSpec = {
  ...ALPHA,
  name: 'demo-charlie',
  host: 'demo-charlie.demo.invalid',
  hostname: 'demo-charlie',
  unreachable: true,
  uci: {},
  peers: [],
};

export function demoSpecs(): SimBoxSpec[] {
  return [ALPHA, BRAVO, CHARLIE].map((s) => structuredClone(s));
}
