/**
 * The `:` command palette: the CLI's verbs, parsed and completed here, run by the App through the
 * same core functions as the commands (`:emancipate blog` = `secubox emancipate blog`).
 * Completion never touches the network: names come from the inventory, the registry and the data
 * screens already fetched.
 */
export type PaletteCommand =
  | { verb: 'box'; box: string }
  | { verb: 'emancipate' | 'revoke'; name: string; box?: string }
  | { verb: 'exposure'; box?: string }
  | { verb: 'subsystem'; id: string; box?: string }
  | { verb: 'status' }
  | { verb: 'log' }
  | { verb: 'help' }
  | { verb: 'refresh' }
  | { verb: 'quit' };

export interface PaletteNames {
  boxes: readonly string[];
  /** Subsystem ids and their aliases. */
  subsystems: readonly { id: string; aliases: readonly string[] }[];
  /** Exposable names known for the current box (from the exposure screen's last fetch). */
  exposables: readonly string[];
}

export interface VerbSpec {
  verb: string;
  args: string;
  help: string;
}

export const VERBS: readonly VerbSpec[] = [
  { verb: 'box', args: 'NAME', help: 'open a box' },
  { verb: 'status', args: '', help: 'the fleet (status of every box)' },
  { verb: 'exposure', args: '[--box B]', help: 'exposed services and sites of the box' },
  { verb: 'emancipate', args: 'NAME [--box B]', help: 'expose a service/site (form, confirmation, live steps)' },
  { verb: 'revoke', args: 'NAME [--box B]', help: 'remove the exposure of a service/site' },
  { verb: 'log', args: '', help: 'show/hide the command log' },
  { verb: 'refresh', args: '', help: 'refresh now' },
  { verb: 'help', args: '', help: 'keys' },
  { verb: 'quit', args: '', help: 'leave secubox (also :q)' },
];

const ALIASES: Readonly<Record<string, string>> = { q: 'quit', fleet: 'status', x: 'exposure', expose: 'emancipate', calls: 'log' };

export type ParseResult = { ok: true; cmd: PaletteCommand } | { ok: false; error: string };

function splitWords(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** Pull `--box B` / `-b B` / `--box=B` out of the words. */
function takeBox(words: string[]): { rest: string[]; box?: string; error?: string } {
  const rest: string[] = [];
  let box: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--box' || w === '-b') {
      box = words[++i];
      if (!box) return { rest, error: `${w} needs a box name` };
    } else if (w.startsWith('--box=')) box = w.slice(6);
    else rest.push(w);
  }
  return box === undefined ? { rest } : { rest, box };
}

export function parsePalette(text: string, names: PaletteNames): ParseResult {
  const words = splitWords(text.replace(/^:/, ''));
  if (words.length === 0) return { ok: false, error: 'type a command: box, status, emancipate, revoke, exposure, log, quit, or a subsystem' };
  const first = words[0]!.toLowerCase();
  const verb = ALIASES[first] ?? first;
  const { rest, box, error } = takeBox(words.slice(1));
  if (error) return { ok: false, error };
  if (box !== undefined && !names.boxes.includes(box)) return { ok: false, error: `unknown box: ${box}` };
  const noArgs = (cmd: PaletteCommand): ParseResult => (rest.length ? { ok: false, error: `${verb} takes no argument` } : { ok: true, cmd });
  switch (verb) {
    case 'box': {
      const name = rest[0] ?? box;
      if (!name) return { ok: false, error: 'box NAME: which box?' };
      if (!names.boxes.includes(name)) return { ok: false, error: `unknown box: ${name} (known: ${names.boxes.join(', ') || 'none'})` };
      return { ok: true, cmd: { verb: 'box', box: name } };
    }
    case 'emancipate':
    case 'revoke': {
      const name = rest[0];
      if (!name) return { ok: false, error: `${verb} NAME: which service or site?` };
      if (rest.length > 1) return { ok: false, error: `${verb} takes one NAME (options are asked in the form)` };
      return { ok: true, cmd: box ? { verb, name, box } : { verb, name } };
    }
    case 'exposure': return rest.length ? { ok: false, error: 'exposure takes no argument (use --box B)' } : { ok: true, cmd: box ? { verb, box } : { verb } };
    case 'status': return noArgs({ verb: 'status' });
    case 'log': return noArgs({ verb: 'log' });
    case 'help': return noArgs({ verb: 'help' });
    case 'refresh': return noArgs({ verb: 'refresh' });
    case 'quit': return noArgs({ verb: 'quit' });
  }
  const sub = names.subsystems.find((s) => s.id === first || s.aliases.includes(first));
  if (sub) {
    if (rest.length) return { ok: false, error: `:${first} takes no argument (use --box B)` };
    return { ok: true, cmd: box ? { verb: 'subsystem', id: sub.id, box } : { verb: 'subsystem', id: sub.id } };
  }
  const close = allVerbs(names).filter((v) => v.startsWith(first.slice(0, 2))).slice(0, 4);
  return { ok: false, error: `unknown command: ${first}${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}` };
}

function allVerbs(names: PaletteNames): string[] {
  return [...VERBS.map((v) => v.verb), ...names.subsystems.flatMap((s) => [s.id, ...s.aliases])];
}

export interface Completion {
  /** Candidates for the word under the cursor (the end of the text). */
  candidates: string[];
  /** Start index of that word in the text. */
  from: number;
}

/** Candidates for the last word of `text`. */
export function completePalette(text: string, names: PaletteNames): Completion {
  const from = text.length - (/\S*$/.exec(text)?.[0].length ?? 0);
  const prefix = text.slice(from);
  const before = splitWords(text.slice(0, from));
  const uniq = (xs: string[]) => [...new Set(xs)].filter((x) => x.startsWith(prefix)).sort((a, b) => a.length - b.length || a.localeCompare(b));
  if (before.length === 0) return { from, candidates: uniq(allVerbs(names)) };
  const prev = before[before.length - 1]!;
  const verb = ALIASES[before[0]!] ?? before[0]!;
  if (prev === '--box' || prev === '-b' || (verb === 'box' && before.length === 1)) return { from, candidates: uniq([...names.boxes]) };
  if ((verb === 'emancipate' || verb === 'revoke') && before.length === 1) return { from, candidates: uniq([...names.exposables, ...(prefix.startsWith('-') ? ['--box'] : [])]) };
  if (prefix.startsWith('-')) return { from, candidates: uniq(['--box']) };
  return { from, candidates: [] };
}

/** Longest common prefix of the candidates (what Tab inserts). */
export function commonPrefix(xs: readonly string[]): string {
  if (xs.length === 0) return '';
  let p = xs[0]!;
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}
