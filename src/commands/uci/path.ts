/** Local validation of UCI names and `CONFIG.SECTION[.OPTION]` paths. */
import { UsageError } from '../../lib/errors.js';

const CONFIG_RE = /^[A-Za-z0-9_-]+$/;
const SECTION_RE = /^(?:[A-Za-z0-9_]+|@[A-Za-z0-9_]+\[-?\d+\])$/;
const OPTION_RE = /^[A-Za-z0-9_]+$/;

export function checkConfig(name: string | undefined): string {
  if (!name || !CONFIG_RE.test(name) || name.startsWith('-')) {
    throw new UsageError(`"${name ?? ''}" is not a UCI config name`, 'a config is a file of /etc/config, e.g. `network` or `metablogizer`');
  }
  return name;
}

export interface UciPath {
  config: string;
  section: string;
  option?: string;
  text: string;
}

/** `config.section` or `config.section.option` (`@type[N]` sections allowed). */
export function parseUciPath(text: string | undefined, opts: { needOption: boolean }): UciPath {
  const parts = (text ?? '').split('.');
  const bad = () => new UsageError(`"${text ?? ''}" is not a UCI path`, opts.needOption
    ? 'use CONFIG.SECTION.OPTION, e.g. `metablogizer.main.enabled` or `network.@interface[0].proto`'
    : 'use CONFIG.SECTION or CONFIG.SECTION.OPTION, e.g. `metablogizer.main.enabled`');
  if (parts.length < 2 || parts.length > 3 || (opts.needOption && parts.length !== 3)) throw bad();
  const [config, section, option] = parts as [string, string, string | undefined];
  if (!CONFIG_RE.test(config) || !SECTION_RE.test(section) || (option !== undefined && !OPTION_RE.test(option))) throw bad();
  const p: UciPath = { config, section, text: parts.join('.') };
  if (option !== undefined) p.option = option;
  return p;
}
