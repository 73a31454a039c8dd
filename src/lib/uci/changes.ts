/**
 * Staged changes: the output of `uci changes` and the delta files it is made from (/tmp/.uci/<config>).
 *
 * `uci changes` (cli.c, uci_show_changes) prints one line per change:
 *
 *     <pkg>.<section>[.<option>]='<value>'      set (also: section added, renamed, reordered — see below)
 *     <pkg>.<section>.<option>+='<value>'       list add
 *     <pkg>.<section>.<option>-='<value>'       list delete (the item equal to value)
 *     -<pkg>.<section>[.<option>]               delete
 *
 * It prints a section added with `uci add` (`pkg.cfgXXXXXX='type'`), a rename (`pkg.sec[.opt]='newname'`)
 * and a reorder (`pkg.sec='position'`) exactly like a set, so from this output they are all `op: 'set'`;
 * the delta file keeps them apart with a prefix character (`+` add, `-` delete, `@` rename, `^` reorder,
 * `|` list add, `~` list delete, none for set): read it with parseUciDelta when that matters.
 */
import { UciFormatError } from './errors.js';
import { NUL, UciLexer } from './lexer.js';
import { validateName, validatePackageName } from './model.js';
import { quoteValue, readQuotedWords } from './quote.js';

export type UciChange =
  | { op: 'set'; config: string; section: string; option?: string; value: string }
  | { op: 'add_list'; config: string; section: string; option: string; value: string }
  | { op: 'del_list'; config: string; section: string; option: string; value: string }
  | { op: 'delete'; config: string; section: string; option?: string };

const TARGET = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?$/;

function splitTarget(key: string, line: number): { config: string; section: string; option: string | undefined } {
  const m = TARGET.exec(key);
  if (!m) throw new UciFormatError(`uci changes: line ${line}: cannot read "${key}"`);
  return { config: m[1] as string, section: m[2] as string, option: m[3] };
}

/** Parse `uci changes` output. */
export function parseUciChanges(text: string): UciChange[] {
  const out: UciChange[] = [];
  let i = 0;
  let line = 0;
  while (i < text.length) {
    line++;
    const nl = text.indexOf('\n', i);
    if (nl === i) {
      i++;
      continue;
    }
    if (text[i] === '-') {
      const end = nl === -1 ? text.length : nl;
      const t = splitTarget(text.slice(i + 1, end).replace(/\r$/, ''), line);
      out.push(t.option === undefined ? { op: 'delete', config: t.config, section: t.section } : { op: 'delete', ...t, option: t.option });
      i = end + 1;
      continue;
    }
    const eq = text.indexOf('=', i);
    if (eq === -1 || (nl !== -1 && nl < eq)) throw new UciFormatError(`uci changes: line ${line} has no '='`);
    let keyEnd = eq;
    let op: 'set' | 'add_list' | 'del_list' = 'set';
    if (text[eq - 1] === '+') [op, keyEnd] = ['add_list', eq - 1];
    else if (text[eq - 1] === '-') [op, keyEnd] = ['del_list', eq - 1];
    const t = splitTarget(text.slice(i, keyEnd), line);
    const { words, end } = readQuotedWords(text, eq + 1, '');
    if (words.length !== 1) throw new UciFormatError(`uci changes: line ${line}: expected one quoted value`);
    const value = words[0] as string;
    for (let k = eq + 1; k < end - 1; k++) if (text[k] === '\n') line++;
    i = end;
    if (op === 'set') out.push(t.option === undefined ? { op, config: t.config, section: t.section, value } : { op, ...t, option: t.option, value });
    else if (t.option === undefined) throw new UciFormatError(`uci changes: line ${line}: a list change needs an option`);
    else out.push({ op, ...t, option: t.option, value });
  }
  return out;
}

/** Print changes the way `uci changes` does. */
export function serializeUciChanges(changes: readonly UciChange[]): string {
  return changes
    .map((c) => {
      const target = `${c.config}.${c.section}${c.option === undefined ? '' : `.${c.option}`}`;
      if (c.op === 'delete') return `-${target}\n`;
      const op = c.op === 'set' ? '=' : c.op === 'add_list' ? '+=' : '-=';
      return `${target}${op}${quoteValue(c.value)}\n`;
    })
    .join('');
}

export type UciDelta =
  | { op: 'add' | 'set' | 'add_list' | 'del_list'; config: string; section: string; option?: string; value: string }
  | { op: 'delete'; config: string; section: string; option?: string; value?: string }
  | { op: 'rename'; config: string; section: string; option?: string; value: string }
  | { op: 'reorder'; config: string; section: string; value: string };

const PREFIX: Record<string, UciDelta['op']> = { '+': 'add', '-': 'delete', '@': 'rename', '^': 'reorder', '|': 'add_list', '~': 'del_list' };

/**
 * A delta file (/tmp/.uci/<config>): one change per line, read with libuci's lexer as one argument
 * (`'...'` quoting). Lines libuci would reject are skipped, as libuci skips them.
 */
export function parseUciDelta(text: string): UciDelta[] {
  const lex = new UciLexer(text);
  const out: UciDelta[] = [];
  while (!lex.eof) {
    lex.startLine();
    if (lex.char(0) === NUL) continue;
    let arg: string;
    try {
      const at = lex.nextArg(false);
      if (lex.str(lex.pos) !== '') continue;
      arg = lex.str(at);
    } catch {
      continue;
    }
    const d = deltaFromArg(arg);
    if (d) out.push(d);
  }
  return out;
}

function deltaFromArg(arg: string): UciDelta | undefined {
  const op = PREFIX[arg[0] ?? ''] ?? 'set';
  const body = op === 'set' ? arg : arg.slice(1);
  const eq = body.indexOf('=');
  const value = eq === -1 ? undefined : body.slice(eq + 1);
  const parts = (eq === -1 ? body : body.slice(0, eq)).split('.');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const [config, section, option] = parts as [string, string, string | undefined];
  if (!validatePackageName(config) || !validateName(section) || (option !== undefined && !validateName(option))) return undefined;
  if (value !== undefined && /[\0-\x08\x0b\x0c\x0e-\x1f]/.test(value)) return undefined;
  if (op === 'delete') return { op, config, section, ...(option === undefined ? {} : { option }), ...(value === undefined ? {} : { value }) };
  if (value === undefined) return undefined;
  if (op === 'reorder') return option === undefined ? { op, config, section, value } : undefined;
  if (op === 'rename' && !validateName(value)) return undefined;
  if ((op === 'add_list' || op === 'del_list') && option === undefined) return undefined;
  return { op, config, section, ...(option === undefined ? {} : { option }), value };
}
