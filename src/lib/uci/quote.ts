/**
 * The quoting the uci CLI prints with: a value in single quotes, each `'` inside written `'\''`
 * (uci_print_value in cli.c, uci_escape in file.c, and the delta files in delta.c all do the same).
 */
import { UciFormatError } from './errors.js';

/** `'` → `'\''` (uci_escape: the caller adds the surrounding quotes). */
export function escapeQuotes(s: string): string {
  return s.replaceAll("'", "'\\''");
}

/** uci_print_value: `'value'` with `'\''` for every `'`. */
export function quoteValue(s: string): string {
  return `'${escapeQuotes(s)}'`;
}

/**
 * Read the words printed by uci_print_value (and shell-quoted words in general, the subset uci prints):
 * `'...'` (may span lines), `\x` outside quotes, plain characters; words are separated by `delimiter`
 * (uci show's `-d`, a space by default) and the value ends at a newline outside quotes.
 * Returns the words and the offset just past the end of the value (past its newline, if any).
 */
export function readQuotedWords(text: string, start: number, delimiter = ' '): { words: string[]; end: number } {
  const words: string[] = [];
  let i = start;
  let word: string | undefined;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      i++;
      break;
    }
    if (delimiter !== '' && text.startsWith(delimiter, i)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i += delimiter.length;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) throw new UciFormatError(`unterminated quote at offset ${i}`);
      word = (word ?? '') + text.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + (text[i + 1] as string);
      i += 2;
      continue;
    }
    word = (word ?? '') + c;
    i++;
  }
  if (word !== undefined) words.push(word);
  return { words, end: i };
}
