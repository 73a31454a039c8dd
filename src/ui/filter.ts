/**
 * The `/` filter of every list: a regular expression (case-insensitive), `!` in front inverts it.
 * An invalid expression never throws: it is reported (`error`) and matches everything, so the list
 * stays visible while the user fixes it.
 */
export interface CompiledFilter {
  text: string;
  active: boolean;
  inverted: boolean;
  error?: string;
  test(haystack: string): boolean;
}

export function compileFilter(text: string): CompiledFilter {
  const inverted = text.startsWith('!');
  const pattern = inverted ? text.slice(1) : text;
  if (pattern === '') return { text, active: false, inverted, test: () => true };
  try {
    const re = new RegExp(pattern, 'i');
    return { text, active: true, inverted, test: (h) => re.test(h) !== inverted };
  } catch (err) {
    const msg = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    return { text, active: false, inverted, error: `invalid regex: ${msg}`, test: () => true };
  }
}

/** Rows whose joined searchable text matches. Keeps the original objects (stable identity for memo). */
export function applyFilter<R>(rows: readonly R[], f: CompiledFilter, haystack: (r: R) => string): readonly R[] {
  if (!f.active) return rows;
  return rows.filter((r) => f.test(haystack(r)));
}
