/**
 * The UCI data model, as libuci holds a package in memory.
 *
 * A config (package) is an ordered list of sections; a section has a type, a name and an ordered list of
 * options; an option is either a single string (`option`) or a list of strings (`list`).
 * Comments and layout are not part of the model: libuci drops them when it reads a file, and
 * `uci export` / `uci commit` never write them back.
 *
 * Anonymous sections (`config type` with no name) carry the name libuci gives them when it loads the
 * file (`cfg` + 2+ hex digits of the section counter + 4 hex digits of a hash of the type, e.g.
 * `cfg01ca82`); that is the `.name` rpcd's `uci get` reports and what `uci show -X` prints.
 */

export type UciOption =
  | { kind: 'option'; name: string; value: string }
  | { kind: 'list'; name: string; values: string[] };

export interface UciSection {
  /** Section type (`config <type>`). */
  type: string;
  /** The section name; for anonymous sections the `cfgXXXXXX` id libuci generates. */
  name: string;
  anonymous: boolean;
  options: UciOption[];
}

export interface UciConfig {
  /** Package (config) name, e.g. `network`; undefined when the text did not say and the caller did not either. */
  package: string | undefined;
  sections: UciSection[];
}

/** A value as the JSON view and `getOption` give it: a string for `option`, an array for `list`. */
export type UciValue = string | string[];

export function optionValue(o: UciOption): UciValue {
  return o.kind === 'option' ? o.value : [...o.values];
}

/**
 * libuci's djbhash (list.c): 32-bit unsigned arithmetic, masked to 31 bits at the end of each call.
 * Bytes are taken from the UTF-8 encoding (types are printable ASCII anyway).
 */
export function djbhash(str: string, hash?: number): number {
  let h = hash ?? 5381;
  for (const byte of new TextEncoder().encode(str)) {
    h = (Math.imul(h, 33) + byte) >>> 0;
  }
  return (h & 0x7fffffff) >>> 0;
}

/**
 * The name libuci gives an anonymous section: `cfg%02x%04x` of the package's section counter (1 for the
 * first section allocated in the package, named or not) and the hash of the type (the section has no
 * options yet when it is named, so only the type is hashed).
 */
export function anonymousSectionName(counter: number, type: string): string {
  const n = counter.toString(16).padStart(2, '0');
  const h = (djbhash(type) % 65536).toString(16).padStart(4, '0');
  return `cfg${n}${h}`;
}

/** True when `name` has the shape of a libuci-generated id for a section of `type`. */
export function looksGenerated(name: string, type: string): boolean {
  const m = /^cfg[0-9a-f]{2,}([0-9a-f]{4})$/.exec(name);
  return m !== null && parseInt(m[1] as string, 16) === djbhash(type) % 65536;
}

const isAsciiAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * libuci's uci_validate_str: not empty; alphanumerics and `_` always; `-` too for package names;
 * anything printable (33..126) when it is not a name (section types).
 */
export function validateStr(str: string, name: boolean, pkg: boolean): boolean {
  if (str.length === 0) return false;
  for (const byte of new TextEncoder().encode(str)) {
    if (isAsciiAlnum(byte) || byte === 95) continue;
    if (byte === 45 && pkg) continue;
    if (name || byte < 33 || byte > 126) return false;
  }
  return true;
}

/** Section and option names: `[A-Za-z0-9_]+`. */
export const validateName = (s: string): boolean => validateStr(s, true, false);
/** Section types: printable ASCII without spaces. */
export const validateType = (s: string): boolean => validateStr(s, false, false);
/** Package (config) names as the `package` line accepts them: `[A-Za-z0-9_-]+`. */
export const validatePackageName = (s: string): boolean => validateStr(s, true, true);

/** A deep copy (the model is plain data). */
export function cloneConfig(cfg: UciConfig): UciConfig {
  return {
    package: cfg.package,
    sections: cfg.sections.map((s) => ({
      type: s.type,
      name: s.name,
      anonymous: s.anonymous,
      options: s.options.map((o) => (o.kind === 'option' ? { ...o } : { kind: 'list', name: o.name, values: [...o.values] })),
    })),
  };
}
