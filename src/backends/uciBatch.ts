/**
 * `uci batch` input from UciOp[] (pure), and the name checks done before anything is sent.
 *
 * Names follow libuci's `uci_validate_str`: a config (package) name is [A-Za-z0-9_-]+, a section or option name
 * is [A-Za-z0-9_]+. A section may also be addressed as `@type[N]` (N may be negative: `@rule[-1]`).
 * Values are single-quoted for uci's own parser: `'` becomes `'\''` (close, escaped quote, reopen), everything
 * else (newlines included) is literal inside the quotes. NUL cannot be stored and is refused.
 */
import { UsageError } from '../lib/errors.js';
import type { UciOp } from './types.js';

export const UCI_CONFIG_RE = /^[A-Za-z0-9_-]+$/;
export const UCI_NAME_RE = /^[A-Za-z0-9_]+$/;
const UCI_SECTION_REF_RE = /^@[A-Za-z0-9_-]+\[-?\d+\]$/;
/** A section type: printable, no space or quote (libuci allows more, but nothing real uses more). */
const UCI_TYPE_RE = /^[A-Za-z0-9_.-]+$/;

export function assertUciConfig(config: string): void {
  if (!UCI_CONFIG_RE.test(config)) {
    throw new UsageError(`not a valid uci config name: ${JSON.stringify(config)}`, 'config names are letters, digits, `_` and `-` (the file name under /etc/config)');
  }
}

function assertSection(section: string, where: string): void {
  if (!UCI_NAME_RE.test(section) && !UCI_SECTION_REF_RE.test(section)) {
    throw new UsageError(`${where}: not a valid uci section name: ${JSON.stringify(section)}`, 'section names are letters, digits and `_`, or `@type[N]` for anonymous sections');
  }
}

function assertName(name: string, what: string, where: string): void {
  if (!UCI_NAME_RE.test(name)) {
    throw new UsageError(`${where}: not a valid uci ${what} name: ${JSON.stringify(name)}`, `${what} names are letters, digits and \`_\``);
  }
}

function assertValue(value: string, where: string): void {
  if (typeof value !== 'string') throw new UsageError(`${where}: the value must be a string`);
  if (value.includes('\0')) throw new UsageError(`${where}: the value contains a NUL byte, which uci cannot store`);
}

/** Single-quote a value for the uci batch parser. */
export function quoteUciValue(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Validate a `uci get` path: `config.section[.option]` (section may be `@type[N]`).
 * Returns the parts; throws UsageError on anything else.
 */
export function parseUciPath(path: string): { config: string; section: string; option?: string } {
  const m = /^([A-Za-z0-9_-]+)\.(@[A-Za-z0-9_-]+\[-?\d+\]|[A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?$/.exec(path);
  if (!m) {
    throw new UsageError(`not a valid uci path: ${JSON.stringify(path)}`, 'use CONFIG.SECTION or CONFIG.SECTION.OPTION, e.g. metablogizer.main.enabled');
  }
  return m[3] === undefined ? { config: m[1]!, section: m[2]! } : { config: m[1]!, section: m[2]!, option: m[3] };
}

/** Check every op (names, config) and build the `uci batch` text. Throws UsageError before anything is sent. */
export function buildUciBatch(config: string, ops: readonly UciOp[]): string {
  assertUciConfig(config);
  if (ops.length === 0) throw new UsageError(`uci apply ${config}: no changes given`);
  const lines = ops.map((op, i) => {
    const where = `uci op #${i + 1} (${op.op})`;
    if (op.config !== config) {
      throw new UsageError(`${where}: targets config ${JSON.stringify(op.config)}, but this apply is for ${JSON.stringify(config)}`, 'one apply changes one config: split the changes');
    }
    switch (op.op) {
      case 'set': {
        assertSection(op.section, where);
        assertValue(op.value, where);
        if (op.option === undefined) {
          // `set config.name=type` creates (or retypes) a named section: the value is a section type.
          if (!UCI_TYPE_RE.test(op.value)) throw new UsageError(`${where}: not a valid section type: ${JSON.stringify(op.value)}`);
          return `set ${config}.${op.section}=${op.value}`;
        }
        assertName(op.option, 'option', where);
        return `set ${config}.${op.section}.${op.option}=${quoteUciValue(op.value)}`;
      }
      case 'add_list':
      case 'del_list':
        assertSection(op.section, where);
        assertName(op.option, 'option', where);
        assertValue(op.value, where);
        return `${op.op} ${config}.${op.section}.${op.option}=${quoteUciValue(op.value)}`;
      case 'delete':
        assertSection(op.section, where);
        if (op.option === undefined) return `delete ${config}.${op.section}`;
        assertName(op.option, 'option', where);
        return `delete ${config}.${op.section}.${op.option}`;
      case 'add':
        if (!UCI_TYPE_RE.test(op.type)) throw new UsageError(`${where}: not a valid section type: ${JSON.stringify(op.type)}`);
        if (op.name === undefined) return `add ${config} ${op.type}`;
        assertName(op.name, 'section', where);
        return `set ${config}.${op.name}=${op.type}`;
      case 'rename':
        assertSection(op.section, where);
        assertName(op.name, op.option === undefined ? 'section' : 'option', where);
        if (op.option === undefined) return `rename ${config}.${op.section}=${op.name}`;
        assertName(op.option, 'option', where);
        return `rename ${config}.${op.section}.${op.option}=${op.name}`;
      default: {
        const never: never = op;
        throw new UsageError(`${where}: unknown uci operation ${JSON.stringify((never as { op: unknown }).op)}`);
      }
    }
  });
  return lines.join('\n') + '\n';
}
