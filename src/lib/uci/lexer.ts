/**
 * The lexer of libuci (file.c), reproduced on a character buffer so that it behaves as the real one does,
 * quirks included:
 *
 * - the input is read one physical line at a time, the `\n` kept in the buffer;
 * - `'...'` is literal; `"..."` and unquoted words take `\x` as `x`; a backslash at the end of a line
 *   joins the next line (in unquoted words and double quotes);
 * - a quoted string left open at the end of a line goes on over the next line (the newline is part of the value);
 * - quoted and unquoted parts glue together (`'it'\''s'` is `it's`);
 * - `#` outside quotes ends the line; `;` ends a command (with libuci's odd handling of what follows);
 * - whitespace is C `isspace` (space, \t, \n, \v, \f, \r), so CRLF files read like LF files.
 *
 * The buffer holds one element per character (code point); error positions are converted to bytes, as
 * libuci counts them.
 */

import { UciParseError } from './errors.js';
import { validateName, validatePackageName } from './model.js';

export const NUL = '\0';

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
export { isSpace };

/** Split text into physical lines, each with its `\n` (the last one may lack it). */
function physicalLines(text: string): string[] {
  // fgets stops at a NUL only for strlen(): the rest of that line is overwritten by the next one.
  const clean = text.includes(NUL) ? text.replace(/\0[^\n]*\n?/g, '') : text;
  const lines: string[] = [];
  let start = 0;
  while (start < clean.length) {
    const nl = clean.indexOf('\n', start);
    const end = nl === -1 ? clean.length : nl + 1;
    lines.push(clean.slice(start, end));
    start = end;
  }
  return lines;
}

export class UciLexer {
  private readonly lines: string[];
  private next = 0;
  /** The line buffer; NUL characters written into it terminate strings, as in C. */
  buf: string[] = [];
  /** libuci's buf_filled: the length of the text read into the buffer. */
  filled = 0;
  pos = 0;
  /** Lines read that ended in `\n` (libuci's pctx->line). */
  line = 0;

  constructor(text: string) {
    this.lines = physicalLines(text);
  }

  get eof(): boolean {
    return this.next >= this.lines.length;
  }

  char(i: number): string {
    return this.buf[i] ?? NUL;
  }

  get cur(): string {
    return this.char(this.pos);
  }

  /** The NUL-terminated string starting at `i`. */
  str(i: number): string {
    let end = i;
    while (end < this.buf.length && this.buf[end] !== NUL) end++;
    return this.buf.slice(i, end).join('');
  }

  /** uci_getln: read the next physical line into the buffer at `offset` (or leave it ending there). */
  getln(offset: number): void {
    while (this.buf.length < offset) this.buf.push(NUL);
    this.buf[offset] = NUL;
    const text = this.lines[this.next];
    if (text === undefined) return;
    this.next++;
    this.buf.length = offset;
    for (const ch of text) this.buf.push(ch);
    this.filled = this.buf.length;
    if (text.endsWith('\n')) this.line++;
  }

  /** Start a new line: pos 0, buffer filled with the next physical line. */
  startLine(): void {
    this.pos = 0;
    this.getln(0);
  }

  error(reason: string): never {
    const byte = new TextEncoder().encode(this.buf.slice(0, this.pos).join('')).length;
    throw new UciParseError(reason, this.line, byte);
  }

  skipWhitespace(): void {
    while (this.cur !== NUL && isSpace(this.cur)) this.pos++;
  }

  private addc(target: { i: number }): void {
    this.buf[target.i] = this.cur;
    target.i++;
    this.pos++;
  }

  /** parse_backslash: true if the escaped character is to be taken, false if a line was joined. */
  private backslash(): boolean {
    this.pos++;
    const c = this.cur;
    if (c === NUL || c === '\n' || (c === '\r' && this.char(this.pos + 1) === '\n' && this.char(this.pos + 2) === NUL)) {
      this.getln(this.pos);
      return false;
    }
    return true;
  }

  private doubleQuote(target: { i: number }): void {
    this.pos++;
    for (;;) {
      const c = this.cur;
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === NUL) {
        this.getln(this.pos);
        if (this.cur === NUL) this.error('EOF with unterminated "');
        continue;
      }
      if (c === '\\' && !this.backslash()) continue;
      this.addc(target);
    }
  }

  private singleQuote(target: { i: number }): void {
    this.pos++;
    for (;;) {
      const c = this.cur;
      if (c === "'") {
        this.pos++;
        return;
      }
      if (c === NUL) {
        this.getln(this.pos);
        if (this.cur === NUL) this.error("EOF with unterminated '");
        continue;
      }
      this.addc(target);
    }
  }

  /** parse_str: one word, quoted parts and all; the result is NUL-terminated in place. */
  private parseStr(target: { i: number }): void {
    let next = true;
    loop: do {
      switch (this.cur) {
        case "'":
          this.singleQuote(target);
          break;
        case '"':
          this.doubleQuote(target);
          break;
        case '#':
          this.buf[this.pos] = NUL;
          break loop;
        case NUL:
          break loop;
        case ';':
          next = false;
          break loop;
        case '\\':
          if (!this.backslash()) continue; // to the loop condition, as C's `continue` in a do/while
          this.addc(target);
          break;
        default:
          this.addc(target);
      }
    } while (this.cur !== NUL && !isSpace(this.cur));
    // an unquoted word stopped at whitespace: step over it, it is about to become the terminator
    if (this.cur !== NUL && next) this.pos++;
    this.buf[target.i] = NUL;
  }

  /**
   * next_arg: the next argument of the command, as the offset of its NUL-terminated text in the buffer.
   * `validate` checks it as a name (`'name'`) or a package name (`'package'`).
   */
  nextArg(required: boolean, validate?: 'name' | 'package'): number {
    this.skipWhitespace();
    const val = this.pos;
    if (this.cur === ';') {
      this.buf[this.pos] = NUL;
      this.pos++;
    } else {
      this.parseStr({ i: val });
    }
    if (this.char(val) === NUL) {
      if (required) this.error('insufficient arguments');
      return val;
    }
    if (validate && !(validate === 'name' ? validateName : validatePackageName)(this.str(val))) {
      this.error('invalid character in name field');
    }
    return val;
  }

  /** assert_eol: anything left on the line is an error in strict mode (and ignored otherwise). */
  assertEol(strict: boolean): void {
    this.skipWhitespace();
    const rest = this.nextArg(false);
    if (this.char(rest) !== NUL && strict) this.error('too many arguments');
  }

  /** strtok(cur_str, " \t"): the command word, NUL-terminated in place; undefined when the line is empty. */
  strtok(): string | undefined {
    let i = this.pos;
    while (this.char(i) === ' ' || this.char(i) === '\t') i++;
    if (this.char(i) === NUL) return undefined;
    const start = i;
    while (this.char(i) !== NUL && this.char(i) !== ' ' && this.char(i) !== '\t') i++;
    const word = this.buf.slice(start, i).join('');
    if (this.char(i) !== NUL) this.buf[i] = NUL;
    return word;
  }

  /** uci_increase_pos: step over the command word (strlen of the current string + its terminator). */
  skipCommandWord(reason: string): void {
    const add = this.str(this.pos).length + 1;
    if (this.pos + add > this.filled) this.error(reason);
    this.pos += add;
  }
}
