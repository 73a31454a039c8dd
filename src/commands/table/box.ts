/** `secubox box ...`: the fleet inventory. Data only; each verb's code is loaded when it runs. */
import type { CommandSpec } from '../spec.js';

const CONNECT_TIMEOUT = { flags: '--timeout <seconds>', description: 'connection timeout in seconds (0 = none)', default: '20' } as const;

export const boxCommands: readonly CommandSpec[] = [
  {
    path: ['box', 'add'],
    summary: 'add a box to the inventory, then check that it answers',
    description: 'Saves the box in the config file (~/.config/secubox/config.json, mode 0600; no password or passphrase is '
      + 'ever stored), then connects once to check that it is reachable and that its host key is trusted. An unknown host '
      + 'key is shown with its SHA256 fingerprint: on a terminal you are asked, with --accept-new it is recorded in '
      + 'known_hosts, otherwise the box is saved and `secubox box trust NAME` trusts it later. A changed key is always refused. '
      + '~/.ssh/config (HostName, Port, User, IdentityFile, ProxyJump) applies to the host; the options given here win.',
    args: [{ syntax: '<name>', description: 'box name: letters, digits, ".", "_", "-" (e.g. r1 or r1.lab)' }],
    options: [
      { flags: '--host <host>', description: 'host name or IP address (or a Host alias of ~/.ssh/config)' },
      { flags: '-p, --port <port>', description: 'SSH port (default: ~/.ssh/config, else 22)' },
      { flags: '-u, --user <user>', description: 'SSH user (default: ~/.ssh/config, else root)' },
      { flags: '-i, --identity <file>', description: 'private key file', complete: 'file' },
      { flags: '-J, --jump <host>', description: 'jump host(s), [user@]host[:port], comma-separated' },
      { flags: '-t, --tag <tag>', description: 'tag (group) of the box; repeat for several', complete: 'group', repeatable: true },
      { flags: '--accept-new', description: 'record the host key if it is unknown (never a changed one)' },
      { flags: '--no-verify', description: 'only save the box, do not connect' },
      CONNECT_TIMEOUT,
    ],
    examples: [
      'secubox box add r1 --host 192.168.1.1',
      'secubox box add r2.lab --host 10.0.0.2 --port 2222 --identity ~/.ssh/id_ed25519 --tag lab --accept-new',
      'secubox box add edge --host 10.8.0.5 --jump admin@bastion.example.org --tag edge --tag prod',
    ],
    exitCodes: [3],
    load: () => import('../box/add.js'),
  },
  {
    path: ['box', 'list'],
    summary: 'list the boxes of the inventory',
    description: 'A table on a terminal; tab-separated values without header when piped '
      + '(name, host, port, user, tags, jump, ssh alias, default).',
    json: true,
    jsonFields: ['default', 'demo', 'boxes'],
    aliases: ['ls'],
    examples: ['secubox box list', 'secubox box list --json', 'secubox box list | cut -f1'],
    load: () => import('../box/list.js'),
  },
  {
    path: ['box', 'rm'],
    summary: 'remove a box from the inventory',
    description: 'Asks for a confirmation on a terminal; pass --yes when not on a terminal. known_hosts is left alone.',
    args: [{ syntax: '<name>', description: 'the box to remove', complete: 'box' }],
    options: [{ flags: '-y, --yes', description: 'do not ask for a confirmation' }],
    aliases: ['remove'],
    examples: ['secubox box rm r1', 'secubox box rm r1 --yes'],
    exitCodes: [130],
    load: () => import('../box/rm.js'),
  },
  {
    path: ['box', 'trust'],
    summary: "fetch a box's host key, show its fingerprint and add it to known_hosts",
    description: 'Connects to the SSH port, shows the key type and SHA256 fingerprint (compare them with the box), and '
      + 'after a confirmation (or --yes) appends the key to known_hosts (the first UserKnownHostsFile, else '
      + '~/.ssh/known_hosts). A key that CHANGED is refused: check why, then remove the old line with `ssh-keygen -R`.',
    args: [{ syntax: '<name>', description: 'the box', complete: 'box' }],
    options: [{ flags: '-y, --yes', description: 'trust without asking (scripts: check the fingerprint another way)' }, CONNECT_TIMEOUT],
    examples: ['secubox box trust r1', 'secubox box trust r1 --yes'],
    exitCodes: [3, 130],
    load: () => import('../box/trust.js'),
  },
  {
    path: ['box', 'default'],
    summary: 'set the box used when no --box, --group or --all is given',
    description: 'Without NAME, prints the current default box. --unset clears it.',
    args: [{ syntax: '[name]', description: 'the new default box', complete: 'box' }],
    options: [{ flags: '--unset', description: 'clear the default box' }],
    examples: ['secubox box default r1', 'secubox box default', 'secubox box default --unset'],
    load: () => import('../box/default.js'),
  },
  {
    path: ['box', 'import-ssh-config'],
    summary: 'add Host entries of ~/.ssh/config to the inventory',
    description: 'Lists the concrete Host entries of ~/.ssh/config (wildcards skipped). On a terminal with no NAME, '
      + 'pick them from a numbered list; otherwise give their names or --all. The boxes keep following ~/.ssh/config '
      + '(HostName, Port, User, IdentityFile, ProxyJump) through their ssh alias.',
    args: [{ syntax: '[names...]', description: 'Host aliases to import' }],
    options: [
      { flags: '--all', description: 'import every concrete Host entry' },
      { flags: '-t, --tag <tag>', description: 'tag the imported boxes; repeat for several', complete: 'group', repeatable: true },
    ],
    examples: ['secubox box import-ssh-config', 'secubox box import-ssh-config r1 r2 --tag lab', 'secubox box import-ssh-config --all'],
    exitCodes: [130],
    load: () => import('../box/importSshConfig.js'),
  },
];
