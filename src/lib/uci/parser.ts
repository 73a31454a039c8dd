/**
 * Reading UCI text (config files, `uci export` output, `uci import` input) into the model, with the
 * semantics of libuci's uci_import (file.c) and the list operations it calls (list.c):
 *
 * - `package <name>`, `config <type> [<name>]`, `option <name> <value>`, `list <name> <value>`
 *   (each command may be abbreviated to its first letter, as libuci allows);
 * - `option x ''` (or no value) sets nothing: libuci ignores an empty value while reading a file;
 *   `list x ''` adds an empty element;
 * - a second `option x` replaces the value in place; `list x` after `option x` turns it into a list;
 * - `config <type> '<name>'` for a name already used continues that section (merging its options); in
 *   strict mode (the uci default) a different type is an error, "section of different type overwrites
 *   prior section with same name"; in non-strict mode (`uci -S`) the type is changed and the options merge;
 * - strict mode stops at the first error; non-strict mode skips the rest of the bad line and goes on,
 *   collecting the errors (libuci prints them).
 */
import { UciFormatError, UciParseError } from './errors.js';
import { NUL, UciLexer } from './lexer.js';
import { anonymousSectionName, validateType, type UciConfig, type UciSection } from './model.js';

export interface UciParseOptions {
  /** Stop at the first error (the uci default). Non-strict is `uci -S`. Default true. */
  strict?: boolean;
  /** The package the text belongs to (for a file read from /etc/config: its file name). */
  packageName?: string;
}

export interface UciParseResult {
  /** The packages read, in order. A config file gives one; `uci export` of every config gives many. */
  configs: UciConfig[];
  /** Errors skipped in non-strict mode (strict mode throws the first one instead). */
  errors: UciParseError[];
}

interface PackageState {
  cfg: UciConfig;
  /** libuci's n_section: sections allocated so far (names anonymous sections). */
  counter: number;
}

class Importer {
  readonly lex: UciLexer;
  readonly configs: UciConfig[] = [];
  readonly errors: UciParseError[] = [];
  private pkg: PackageState | undefined;
  private section: UciSection | undefined;
  /** The name to use for the next package (from the caller, or from a `package` line). */
  private pendingName: string | undefined;
  private readonly callerName: string | undefined;

  constructor(
    text: string,
    private readonly strict: boolean,
    private readonly single: boolean,
    name: string | undefined,
  ) {
    this.lex = new UciLexer(text);
    this.pendingName = name;
    this.callerName = name;
  }

  run(): void {
    const lex = this.lex;
    while (!lex.eof) {
      lex.startLine();
      if (lex.char(0) === NUL) continue;
      try {
        this.parseLine();
      } catch (err) {
        if (!(err instanceof UciParseError) || this.strict) throw err;
        this.errors.push(err);
      }
    }
    if (!this.pkg && (this.callerName !== undefined || (this.single && this.configs.length === 0))) this.switchConfig();
  }

  private switchConfig(): void {
    this.pkg = undefined;
    this.section = undefined;
    const name = this.pendingName;
    if (name === undefined && !this.single) return;
    if (name !== undefined && this.configs.some((c) => c.package === name)) {
      // UCI_ERR_DUPLICATE: not a parse error, so it stops the import even in non-strict mode
      throw new UciFormatError(`uci import: package ${name} appears twice in the input`);
    }
    const cfg: UciConfig = { package: name, sections: [] };
    this.configs.push(cfg);
    this.pkg = { cfg, counter: 0 };
  }

  private parseLine(): void {
    const lex = this.lex;
    lex.skipWhitespace();
    for (;;) {
      const word = lex.strtok();
      if (word === undefined) return;
      const c = word[0];
      const is = (full: string): boolean => word.length === 1 || word === full;
      if (c === '#') return;
      if (c === 'p' && is('package')) this.parsePackage();
      else if (c === 'c' && is('config')) this.parseConfig();
      else if (c === 'o' && is('option')) this.parseOption(false);
      else if (c === 'l' && is('list')) this.parseOption(true);
      else lex.error('invalid command');
    }
  }

  private parsePackage(): void {
    const lex = this.lex;
    lex.skipCommandWord('package without name');
    const at = lex.nextArg(true, 'package');
    lex.assertEol(this.strict);
    if (this.single) return;
    this.pendingName = lex.str(at);
    this.switchConfig();
  }

  private parseConfig(): void {
    const lex = this.lex;
    if (!this.pkg) {
      if (this.pendingName === undefined && !this.single) lex.error('attempting to import a file without a package name');
      this.switchConfig();
    }
    const pkg = this.pkg as PackageState;
    lex.skipCommandWord('config without name');
    const typeAt = lex.nextArg(true);
    if (!validateType(lex.str(typeAt))) lex.error('invalid character in type field');
    const nameAt = lex.nextArg(false, 'name');
    lex.assertEol(this.strict);
    const type = lex.str(typeAt);
    const name = lex.str(nameAt);

    if (!name) {
      pkg.counter++;
      const s: UciSection = { type, name: anonymousSectionName(pkg.counter, type), anonymous: true, options: [] };
      pkg.cfg.sections.push(s);
      this.section = s;
      return;
    }
    const existing = pkg.cfg.sections.find((s) => s.name === name);
    if (existing) {
      if (this.strict && existing.type !== type) lex.error('section of different type overwrites prior section with same name');
      existing.type = type;
      this.section = existing;
      return;
    }
    pkg.counter++;
    const s: UciSection = { type, name, anonymous: false, options: [] };
    pkg.cfg.sections.push(s);
    this.section = s;
  }

  private parseOption(list: boolean): void {
    const lex = this.lex;
    const section = this.section;
    if (!section) return lex.error('option/list command found before the first section');
    lex.skipCommandWord('option without name');
    const nameAt = lex.nextArg(true, 'name');
    const valueAt = lex.nextArg(false);
    lex.assertEol(this.strict);
    const name = lex.str(nameAt);
    const value = lex.str(valueAt);
    const idx = section.options.findIndex((o) => o.name === name);
    const existing = idx === -1 ? undefined : section.options[idx];

    if (list) {
      if (!existing) section.options.push({ kind: 'list', name, values: [value] });
      else if (existing.kind === 'list') existing.values.push(value);
      else section.options[idx] = { kind: 'list', name, values: [existing.value, value] };
      return;
    }
    // uci_set with an empty value on a file being read: nothing (it would be a delete, but the
    // lookup is not "complete" while parsing, so libuci returns early).
    if (value === '') return;
    if (!existing) section.options.push({ kind: 'option', name, value });
    else if (existing.kind === 'option' && existing.value === value) return;
    else section.options[idx] = { kind: 'option', name, value };
  }
}

/**
 * Read UCI text. `single` (a config file, or `uci import <name>`) ignores `package` lines;
 * otherwise (`uci export` output, `uci import` with no name) they start a new package.
 */
export function parseUci(text: string, opts: UciParseOptions & { single?: boolean } = {}): UciParseResult {
  const imp = new Importer(text, opts.strict ?? true, opts.single ?? false, opts.packageName);
  imp.run();
  return { configs: imp.configs, errors: imp.errors };
}

/**
 * A config file (/etc/config/<name>) as libuci loads it. `package` lines are ignored, as uci_load does;
 * pass `packageName` (the file name) to have it in the result.
 * Strict by default: throws UciParseError where `uci` would fail.
 */
export function parseUciFile(text: string, opts: UciParseOptions = {}): UciConfig {
  const { configs } = parseUci(text, { ...opts, single: true });
  return configs[0] ?? { package: opts.packageName, sections: [] };
}

/**
 * The output of `uci export <name>`: a `package <name>` line, then the sections.
 * Throws if the text holds no package or more than one (use parseUciExportAll for `uci export` of all configs).
 */
export function parseUciExport(text: string, opts: UciParseOptions = {}): UciConfig {
  const configs = parseUciExportAll(text, opts);
  if (configs.length !== 1) {
    throw new UciFormatError(configs.length === 0 ? 'uci export: no package in the output' : `uci export: expected one package, found ${configs.length}`);
  }
  return configs[0] as UciConfig;
}

/** The output of `uci export` (every config, one `package` line each). */
export function parseUciExportAll(text: string, opts: UciParseOptions = {}): UciConfig[] {
  return parseUci(text, { ...opts, single: false }).configs;
}
