/**
 * `uci show` text, as the uci CLI prints it (cli.c, uci_show_package):
 *
 *     <pkg>.<ref>=<type>
 *     <pkg>.<ref>.<option>='<value>'
 *     <pkg>.<ref>.<list>='<item>' '<item>'
 *
 * `<ref>` is the section name, or `@<type>[<n>]` for an anonymous section, where n counts every section of
 * that type before it, named ones included (the default "extended" syntax); `uci show -X` prints the
 * generated `cfgXXXXXX` names instead. Values are always quoted, `'` written `'\''`; list items are joined
 * by the `-d` delimiter (a space). A value may span lines (a newline inside quotes).
 *
 * The format cannot tell a one-item list from an option (both print `'x'`): parseUciShow reads a single
 * word as an option. An empty list (every item deleted) prints nothing after `=` and reads as an empty list.
 */
import { UciFormatError } from './errors.js';
import { anonymousSectionName, looksGenerated, type UciConfig, type UciSection } from './model.js';
import { quoteValue, readQuotedWords } from './quote.js';

export interface UciShowOptions {
  /** `@type[n]` for anonymous sections (default, as uci); false is `uci show -X` (their cfgXXXXXX names). */
  extended?: boolean;
  /** The list delimiter (`uci show -d`); a space by default. */
  delimiter?: string;
}

/** `@type[n]` (or the name) of each section, as `uci show` refers to it. */
export function sectionRefs(cfg: UciConfig, extended = true): string[] {
  const seen = new Map<string, number>();
  return cfg.sections.map((s) => {
    const idx = seen.get(s.type) ?? 0;
    seen.set(s.type, idx + 1);
    return extended && s.anonymous ? `@${s.type}[${idx}]` : s.name;
  });
}

export function serializeUciShow(cfg: UciConfig, packageName?: string, opts: UciShowOptions = {}): string {
  const pkg = packageName ?? cfg.package;
  if (pkg === undefined) throw new UciFormatError('serializeUciShow: no package name');
  const delimiter = opts.delimiter ?? ' ';
  const refs = sectionRefs(cfg, opts.extended ?? true);
  let out = '';
  cfg.sections.forEach((s, i) => {
    const ref = refs[i] as string;
    out += `${pkg}.${ref}=${s.type}\n`;
    for (const o of s.options) {
      const value = o.kind === 'option' ? quoteValue(o.value) : o.values.map(quoteValue).join(delimiter);
      out += `${pkg}.${ref}.${o.name}=${value}\n`;
    }
  });
  return out;
}

const KEY = /^([^.=\n]+)\.(@[^[\]=\n]*\[-?\d+\]|[^.=\n]+)(?:\.([^.=\n]+))?$/;

/** Every package in `uci show` output (one, for `uci show <config>`). */
export function parseUciShowAll(text: string, opts: Pick<UciShowOptions, 'delimiter'> = {}): UciConfig[] {
  const configs: UciConfig[] = [];
  const byPkg = new Map<string, { cfg: UciConfig; refs: Map<string, UciSection> }>();
  let i = 0;
  let lineNo = 0;
  while (i < text.length) {
    lineNo++;
    const eq = text.indexOf('=', i);
    const nl = text.indexOf('\n', i);
    if (nl === i) {
      i++;
      continue;
    }
    if (eq === -1 || (nl !== -1 && nl < eq)) throw new UciFormatError(`uci show: line ${lineNo} has no '='`);
    const key = text.slice(i, eq);
    const m = KEY.exec(key);
    if (!m) throw new UciFormatError(`uci show: line ${lineNo}: cannot read "${key}"`);
    const [, pkgName, ref, option] = m as unknown as [string, string, string, string | undefined];
    let entry = byPkg.get(pkgName);
    if (!entry) {
      entry = { cfg: { package: pkgName, sections: [] }, refs: new Map() };
      byPkg.set(pkgName, entry);
      configs.push(entry.cfg);
    }
    if (option === undefined) {
      const end = nl === -1 ? text.length : nl;
      const type = text.slice(eq + 1, end);
      i = nl === -1 ? text.length : nl + 1;
      const section = newSection(entry.cfg, ref, type);
      entry.refs.set(ref, section);
      continue;
    }
    const section = entry.refs.get(ref);
    if (!section) throw new UciFormatError(`uci show: line ${lineNo}: option of section ${ref} before the section itself`);
    const { words, end } = readQuotedWords(text, eq + 1, opts.delimiter ?? ' ');
    lineNo += countNewlines(text, eq + 1, end) - (text[end - 1] === '\n' ? 1 : 0);
    i = end;
    const existing = section.options.findIndex((o) => o.name === option);
    const value = words.length === 1 ? { kind: 'option' as const, name: option, value: words[0] as string } : { kind: 'list' as const, name: option, values: words };
    if (existing === -1) section.options.push(value);
    else section.options[existing] = value;
  }
  return configs;
}

/** `uci show <config>` output. Throws if it holds more than one package; an empty text gives no sections. */
export function parseUciShow(text: string, opts: Pick<UciShowOptions, 'delimiter'> & { packageName?: string } = {}): UciConfig {
  const configs = parseUciShowAll(text, opts);
  if (configs.length > 1) throw new UciFormatError(`uci show: expected one package, found ${configs.length}`);
  const cfg = configs[0] ?? { package: opts.packageName, sections: [] };
  if (opts.packageName !== undefined && cfg.package !== opts.packageName) {
    throw new UciFormatError(`uci show: expected package ${opts.packageName}, found ${cfg.package}`);
  }
  return cfg;
}

function newSection(cfg: UciConfig, ref: string, type: string): UciSection {
  const counter = cfg.sections.length + 1;
  let section: UciSection;
  if (ref.startsWith('@')) {
    section = { type, name: anonymousSectionName(counter, type), anonymous: true, options: [] };
  } else {
    // `uci show -X` prints generated names: a name of that shape for that type is taken as anonymous
    section = { type, name: ref, anonymous: looksGenerated(ref, type), options: [] };
  }
  cfg.sections.push(section);
  return section;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (text[k] === '\n') n++;
  return n;
}
