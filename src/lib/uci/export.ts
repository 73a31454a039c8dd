/**
 * `uci export` text from the model, byte for byte as libuci's uci_export_package (file.c) writes it:
 *
 *     package <name>
 *     <blank line>
 *     config <type> '<name>'      (no name for anonymous sections)
 *     \toption <name> '<value>'
 *     \tlist <name> '<item>'      (one line per item)
 *     <blank line>                (after every section; a package with no sections ends with one blank line)
 *
 * Every `'` in a type, name or value is written `'\''`. The same text, without the `package` line, is
 * what `uci commit` writes to /etc/config/<name>.
 */
import { UciFormatError } from './errors.js';
import { escapeQuotes } from './quote.js';
import type { UciConfig } from './model.js';

export interface UciExportOptions {
  /** Write the generated names of anonymous sections too (`uci -n export`). Default false, as uci does. */
  exportNames?: boolean;
  /** Write the `package <name>` line (uci export does; a committed /etc/config file does not). Default true. */
  header?: boolean;
}

export function serializeUciExport(cfg: UciConfig, packageName?: string, opts: UciExportOptions = {}): string {
  const header = opts.header ?? true;
  const name = packageName ?? cfg.package;
  if (header && name === undefined) throw new UciFormatError('serializeUciExport: no package name');
  let out = header ? `package ${escapeQuotes(name as string)}\n` : '';
  for (const s of cfg.sections) {
    out += `\nconfig ${escapeQuotes(s.type)}`;
    if (!s.anonymous || opts.exportNames) out += ` '${escapeQuotes(s.name)}'`;
    out += '\n';
    for (const o of s.options) {
      if (o.kind === 'option') out += `\toption ${escapeQuotes(o.name)} '${escapeQuotes(o.value)}'\n`;
      else for (const v of o.values) out += `\tlist ${escapeQuotes(o.name)} '${escapeQuotes(v)}'\n`;
    }
  }
  return `${out}\n`;
}

/** The text `uci commit` would write to /etc/config/<name>: the export without the `package` line. */
export function serializeUciFile(cfg: UciConfig): string {
  return serializeUciExport(cfg, undefined, { header: false });
}
