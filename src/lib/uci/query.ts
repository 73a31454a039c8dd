/**
 * Looking things up in a parsed config the way uci resolves its paths, and a plain-JSON view.
 */
import { optionValue, validateName, validateType, type UciConfig, type UciSection, type UciValue } from './model.js';
import { sectionRefs } from './show.js';

/**
 * Resolve a section reference as uci_lookup_ptr does: a name (anonymous sections answer to their
 * generated cfgXXXXXX name too), `@type[n]` (n-th section of that type, named ones counted),
 * `@type[-1]` (counted from the end), or `@[n]` (n-th section of any type).
 */
export function resolveSection(cfg: UciConfig, ref: string): UciSection | undefined {
  if (validateName(ref)) return cfg.sections.find((s) => s.name === ref);
  const m = /^@([^[\]]*)\[(-?\d+)\]$/.exec(ref);
  if (!m) return undefined;
  const type = m[1] as string;
  if (type !== '' && !validateType(type)) return undefined;
  const matching = type === '' ? cfg.sections : cfg.sections.filter((s) => s.type === type);
  let idx = Number(m[2]);
  if (idx < 0) idx += matching.length;
  return matching[idx];
}

/** Split `section.option` or `config.section.option` (the config must then match cfg.package). */
function splitPath(cfg: UciConfig, path: string): { section: string; option: string } | undefined {
  const SECTION = String.raw`(@[^[\]]*\[-?\d+\]|[^.@][^.]*)`;
  const two = new RegExp(String.raw`^${SECTION}\.([^.]+)$`).exec(path);
  if (two) return { section: two[1] as string, option: two[2] as string };
  const three = new RegExp(String.raw`^([^.@]+)\.${SECTION}\.([^.]+)$`).exec(path);
  if (!three || (cfg.package !== undefined && three[1] !== cfg.package)) return undefined;
  return { section: three[2] as string, option: three[3] as string };
}

/**
 * The value at `section.option` (or `config.section.option`): a string for an option, an array for a
 * list, undefined if the section or option does not exist. `uci get` semantics for the lookup.
 */
export function getOption(cfg: UciConfig, path: string): UciValue | undefined {
  const p = splitPath(cfg, path);
  if (!p) return undefined;
  const s = resolveSection(cfg, p.section);
  const o = s?.options.find((x) => x.name === p.option);
  return o ? optionValue(o) : undefined;
}

/** Sections of a type (every section when type is omitted), in order. */
export function findSections(cfg: UciConfig, type?: string): UciSection[] {
  return type === undefined ? [...cfg.sections] : cfg.sections.filter((s) => s.type === type);
}

/** How `uci show` names a section: its name, or `@type[n]` if it is anonymous. */
export function sectionRef(cfg: UciConfig, section: UciSection): string | undefined {
  const i = cfg.sections.indexOf(section);
  return i === -1 ? undefined : sectionRefs(cfg)[i];
}

export interface UciJsonSection {
  '.anonymous': boolean;
  '.type': string;
  '.name': string;
  '.index': number;
  [option: string]: UciValue | boolean | number;
}

/**
 * A plain-JSON view, shaped like the sections of `ubus call uci get '{"config":"<name>"}'`
 * (there a map by name; here an array in file order). Option names cannot start with `.`, so they do
 * not collide with the metadata keys.
 */
export function toJson(cfg: UciConfig): { package: string | undefined; sections: UciJsonSection[] } {
  return {
    package: cfg.package,
    sections: cfg.sections.map((s, i) => {
      const out: UciJsonSection = { '.anonymous': s.anonymous, '.type': s.type, '.name': s.name, '.index': i };
      for (const o of s.options) out[o.name] = optionValue(o);
      return out;
    }),
  };
}
