/** Seeded generator of hostile argv elements for the quoting fuzz tests (same seed → same strings). */

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed: SECUBOX_FUZZ_SEED when set (to replay a failure), else random. */
export function fuzzSeed(): number {
  const env = process.env.SECUBOX_FUZZ_SEED;
  if (env !== undefined && env !== '') return Number(env) >>> 0;
  return Math.floor(Math.random() * 0xffffffff) >>> 0;
}

const SHELL_META = [...`'"\`$\\*?~-#!&|;<>(){}[]=%^@:,.+/ `, '\n', '\t', '\r'];
const CONTROL = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).concat('\x7f');
const UNICODE = ['é', 'ß', 'ñ', 'Ω', 'д', '日', '本', 'ह', '€', '\u00a0', '\u200b', '\u0301', '🙂', '👍🏽', '\u{1f600}', '\u2028', '\ufeff', 'ｱ'];
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
const TEMPLATES = [
  '', ' ', "'", "''", '"', '\\', '\\\\', '$', '$HOME', '${PATH}', '$(id)', '`id`', '$((1+1))', '*', '~', '~root', '-', '--', '-n', '-e',
  '-c', '--help', '!', '!!', '#', '# comment', 'a=b', 'A=$B', '\n', '\t', "'\\''", '"$@"', '$*', '$@', '$0', '$1', '&&', '||', ';', ';;',
  '<<EOF', '>&2', '2>&1', '|', '(', ')', '{}', '{a,b}', '[a-z]', '?', '%s', '%n', '\\n', '\\0', 'x\ny', '\r\n', ' leading', 'trailing ',
];

/** One random argv element. NUL is excluded (no argv element can hold it). */
export function randomElement(rnd: () => number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
  const r = rnd();
  if (r < 0.12) return pick(TEMPLATES);
  const len = Math.floor(rnd() * (rnd() < 0.1 ? 120 : 24));
  let s = '';
  for (let i = 0; i < len; i++) {
    const c = rnd();
    if (c < 0.35) s += pick(SHELL_META);
    else if (c < 0.5) s += pick(CONTROL);
    else if (c < 0.65) s += pick(UNICODE);
    else if (c < 0.72) s += pick(TEMPLATES);
    else s += ALNUM[Math.floor(rnd() * ALNUM.length)];
  }
  if (rnd() < 0.1) s = `-${s}`;
  return s;
}

export function randomElements(seed: number, n: number): string[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => randomElement(rnd));
}

/** Split argv elements into batches whose command (`fixedBytes` + each quoted element + a space) stays under `maxBytes`. */
export function batches(elements: readonly string[], elementBytes: (e: string) => number, maxBytes: number, fixedBytes: number): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let size = fixedBytes;
  for (const e of elements) {
    const b = elementBytes(e) + 1;
    if (cur.length > 0 && size + b > maxBytes) {
      out.push(cur);
      cur = [];
      size = fixedBytes;
    }
    cur.push(e);
    size += b;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** First index where the two lists differ (or -1), for a readable failure. */
export function firstDifference(a: readonly string[], b: readonly string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}
