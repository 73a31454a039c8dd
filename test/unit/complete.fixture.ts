/** A small command table shaped like the real one, for the completion and help tests (independent of verbs in flight). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandModule, CommandSpec } from '../../src/commands/spec.js';
import type { RegistryInfo } from '../../src/commands/complete/engine.js';

const load = async (): Promise<CommandModule> => ({ run: async () => 0 });

export const FIXTURE_COMMANDS: readonly CommandSpec[] = [
  { path: ['box', 'add'], summary: 'add a box', args: [{ syntax: '<name>', description: 'box name' }],
    options: [{ flags: '--host <host>', description: 'address' }, { flags: '--tag <tag...>', description: 'tags', complete: 'group' }, { flags: '--accept-new', description: 'trust a new host key' }], load },
  { path: ['box', 'list'], summary: 'list the boxes', aliases: ['ls'], json: true, jsonFields: ['name', 'host', 'tags'], load },
  { path: ['box', 'rm'], summary: 'remove a box', args: [{ syntax: '<name>', description: 'box', complete: 'box' }], load },
  { path: ['status'], summary: 'fleet summary', targets: true, json: true, jsonFields: ['box', 'reach', 'uptime', 'load'],
    options: [{ flags: '--format <fmt>', description: 'output format', choices: ['table', 'tsv', 'json'], default: 'table' },
      { flags: '--fields <fields>', description: 'JSON fields to keep', complete: 'json-field' }], examples: ['secubox status --all'], exitCodes: [3, 4], load },
  { path: ['emancipate'], summary: 'expose a site or service', targets: true, json: true,
    args: [{ syntax: '<name>', description: 'site or service', complete: 'exposable' }],
    options: [{ flags: '--site <site>', description: 'a MetaBlogizer site', complete: 'site' }, { flags: '--hidden-opt', description: 'x', hidden: true }], load },
  { path: ['ubus', 'call'], summary: 'call a method', targets: true,
    args: [{ syntax: '<object>', description: 'object', complete: 'ubus-object' }, { syntax: '<method>', description: 'method', complete: 'ubus-method' }, { syntax: '[json]', description: 'args' }], load },
  { path: ['uci', 'get'], summary: 'read an option', targets: true, args: [{ syntax: '<path>', description: 'config.section.option', complete: 'uci-path' }], load },
  { path: ['exec'], summary: 'run a command', targets: true, passThrough: true, args: [{ syntax: '<argv...>', description: 'remote argv' }], load },
  { path: ['subsystem'], summary: 'show a subsystem', targets: true, args: [{ syntax: '<id>', description: 'subsystem', complete: 'subsystem' }], load },
  { path: ['key'], summary: 'use a key file', args: [{ syntax: '<file>', description: 'key', complete: 'file' }], load },
  { path: ['help'], summary: 'help', args: [{ syntax: '[command...]', description: 'command', complete: 'command' }], load },
  { path: ['__complete'], summary: 'internal', hidden: true, passThrough: true, load },
];

export const FIXTURE_GROUPS: Readonly<Record<string, string>> = { box: 'manage the inventory', ubus: 'rpcd objects', uci: 'UCI config' };

export const FIXTURE_REGISTRY: RegistryInfo = {
  subsystems: [{ id: 'crowdsec', title: 'CrowdSec' }, { id: 'metablogizer', title: 'MetaBlogizer', aliases: ['blogs'] }],
  ubus: new Map([
    ['luci.metablogizer', { subsystem: 'MetaBlogizer', methods: [{ value: 'status', description: 'read' }, { value: 'list_sites', description: 'read' }, { value: 'emancipate', description: 'write: name' }] }],
    ['luci.crowdsec', { subsystem: 'CrowdSec', methods: [{ value: 'status', description: 'read' }] }],
  ]),
  uciConfigs: ['metablogizer', 'network'],
  services: ['crowdsec'],
};

export type TempEnv = { HOME: string; XDG_CONFIG_HOME: string; XDG_CACHE_HOME: string; PATH: string };

export interface TempHome {
  env: TempEnv;
  dir: string;
  cleanup(): void;
}

/** A temp HOME with XDG dirs, holding an inventory in the shape core/inventoryStore.ts writes. */
export function tempHome(inventory?: unknown): TempHome {
  const dir = mkdtempSync(join(tmpdir(), 'secubox-complete-'));
  const env: TempEnv = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), PATH: process.env.PATH ?? '' };
  if (inventory !== undefined) {
    mkdirSync(join(env.XDG_CONFIG_HOME, 'secubox'), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME, 'secubox', 'config.json'), JSON.stringify(inventory), { mode: 0o600 });
  }
  return { env, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const INVENTORY = {
  boxes: [
    { name: 'r1.lab', host: '192.0.2.1', tags: ['lab', 'paris'] },
    { name: 'r2', host: '192.0.2.2', tags: ['lab'] },
    { name: 'edge-1', host: 'edge.example', tags: ['prod'] },
  ],
  defaultBox: 'r2',
};
