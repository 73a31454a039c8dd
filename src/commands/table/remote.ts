/** Verbs that run on boxes through the Box API: exec, ubus, uci. Data only; code loaded when a verb runs. */
import type { CommandSpec } from '../spec.js';

export const remoteCommands: readonly CommandSpec[] = [
  {
    path: ['exec'],
    summary: 'run a command on boxes (argv after --, no shell string)',
    description: 'The argv is sent as is (quoted for the box shell by secubox). One box: its stdout and stderr are passed '
      + 'through byte for byte and secubox exits with the remote exit code. Several boxes: each line is prefixed with '
      + '`box: ` and the exit code is the fleet summary. --stdin sends what is piped into secubox to the command. '
      + 'The command is stopped after --timeout seconds (0 = no limit). On more than one box it asks for a confirmation '
      + 'on a terminal (naming the command and the boxes), or needs --yes (exit 2 otherwise, nothing is run); on one box '
      + 'it runs at once.',
    args: [{ syntax: '<argv...>', description: 'the command and its arguments, after --' }],
    options: [
      { flags: '--stdin', description: 'send secubox\'s stdin (a pipe) to the command' },
      { flags: '-y, --yes', description: 'do not ask before running on several boxes' },
    ],
    targets: true,
    passThrough: true,
    examples: [
      'secubox exec --box r1 -- uptime',
      'secubox exec --group lab --yes -- cat /etc/openwrt_release',
      'cat key.pub | secubox exec --stdin --box r1 -- sh -c "cat >> /etc/dropbear/authorized_keys"',
    ],
    exitCodes: [3, 4, 130],
    load: () => import('../exec.js'),
  },
  {
    path: ['ubus', 'list'],
    summary: 'list rpcd objects, their methods and parameters',
    description: 'A readable tree (object, then each method with its parameter names and types), or with --json the '
      + 'parsed `ubus -v list`: {object: {method: {param: type}}}. OBJECT may use * wildcards (`luci.*`).',
    args: [{ syntax: '[object]', description: 'one object (or a pattern)', complete: 'ubus-object' }],
    targets: true,
    json: true,
    jsonFields: ['<object>', 'boxes'],
    examples: ['secubox ubus list --box r1', 'secubox ubus list luci.metablogizer --box r1', "secubox ubus list 'luci.*' --json"],
    exitCodes: [3, 4],
    load: () => import('../ubus/list.js'),
  },
  {
    path: ['ubus', 'call'],
    summary: 'call an rpcd method and print its JSON answer',
    description: 'The JSON argument is checked locally (invalid JSON: exit 2, nothing sent). The answer is pretty JSON on a '
      + 'terminal, compact when piped or with --json. An rpcd error (error object, success:false, not found) exits 1 with '
      + 'its message. Several boxes: `box: {json}` lines, or with --json {"boxes": [{box, ok, reach, result|error}]}. '
      + 'Pure reads run at once: the methods secubox\'s registry declares as reads, and a short list of OpenWrt\'s own reads '
      + '(system board/info, service list/get_data, network.interface dump, network.interface.NAME status, '
      + 'network.device/network.wireless status, uci configs/get/state/changes, iwinfo devices/info/assoclist…, '
      + 'luci-rpc get…, dhcp leases, hostapd.IFACE get_clients/get_status, rc list, log read, file list/stat/read/md5). '
      + 'Anything else (writes, reads with a side effect, methods neither knows) asks for a confirmation on a terminal, '
      + 'or needs --yes (exit 2 otherwise, nothing sent).',
    args: [
      { syntax: '<object>', description: 'the ubus object, e.g. luci.metablogizer', complete: 'ubus-object' },
      { syntax: '<method>', description: 'the method, e.g. status', complete: 'ubus-method' },
      { syntax: '[json]', description: "the parameters as one JSON object, e.g. '{\"id\":\"site_demo\"}'" },
    ],
    options: [{ flags: '-y, --yes', description: 'call a method that may change the box without asking' }],
    targets: true,
    json: true,
    jsonFields: ['boxes'],
    examples: [
      'secubox ubus call luci.metablogizer status --box r1',
      'secubox ubus call luci.metablogizer get_site \'{"id":"site_demo"}\' --box r1',
      'secubox ubus call system board --all --json',
      'secubox ubus call luci.metablogizer delete_site \'{"id":"site_demo"}\' --box r1 --yes',
    ],
    exitCodes: [3, 4, 130],
    load: () => import('../ubus/call.js'),
  },
  {
    path: ['uci', 'export'],
    summary: 'print a UCI config in /etc/config syntax',
    args: [{ syntax: '<config>', description: 'the config, e.g. network', complete: 'uci-config' }],
    targets: true,
    examples: ['secubox uci export metablogizer --box r1', 'secubox uci export network --group lab'],
    exitCodes: [3, 4],
    load: () => import('../uci/export.js'),
  },
  {
    path: ['uci', 'show'],
    summary: "print a UCI config as config.section.option='value' lines",
    args: [{ syntax: '<config>', description: 'the config, e.g. network', complete: 'uci-config' }],
    targets: true,
    examples: ['secubox uci show metablogizer --box r1'],
    exitCodes: [3, 4],
    load: () => import('../uci/show.js'),
  },
  {
    path: ['uci', 'get'],
    summary: 'print one UCI value (or a section type)',
    description: 'Exits 1 when the value is not set. With --json: {"path", "value"}.',
    args: [{ syntax: '<path>', description: 'CONFIG.SECTION[.OPTION], e.g. metablogizer.main.enabled', complete: 'uci-path' }],
    targets: true,
    json: true,
    jsonFields: ['path', 'value', 'boxes'],
    examples: ['secubox uci get metablogizer.main.enabled --box r1', "secubox uci get 'network.@interface[0].proto' --box r1"],
    exitCodes: [3, 4],
    load: () => import('../uci/get.js'),
  },
  {
    path: ['uci', 'set'],
    summary: 'set one UCI option and commit it',
    description: 'One `uci batch` and `uci commit` on each box; if anything fails the box\'s staged changes to the config '
      + 'are reverted, so nothing half-done is left. Changing several boxes (--group, --all, a,b) asks for a confirmation '
      + 'on a terminal, or needs --yes. uci\'s own syntax works too: CONFIG.SECTION.OPTION=VALUE as one word (the value '
      + 'is everything after the first "=").',
    args: [
      { syntax: '<path>', description: 'CONFIG.SECTION.OPTION, or CONFIG.SECTION.OPTION=VALUE', complete: 'uci-path' },
      { syntax: '[value]', description: 'the new value (unless given as PATH=VALUE)' },
    ],
    options: [{ flags: '-y, --yes', description: 'do not ask before changing several boxes' }],
    targets: true,
    examples: [
      'secubox uci set metablogizer.main.enabled 0 --box r1',
      'secubox uci set metablogizer.main.enabled=0 --box r1',
      'secubox uci set system.@system[0].timezone UTC --group lab --yes',
    ],
    exitCodes: [3, 4, 130],
    load: () => import('../uci/set.js'),
  },
];
