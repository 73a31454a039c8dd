/**
 * The `:` command palette: the CLI's verbs, parsed and completed here, run by the App through the
 * same core functions as the commands (`:emancipate blog` = `secubox emancipate blog`).
 * Completion never touches the network: names come from the inventory, the registry and the data
 * screens already fetched.
 */
import type { ServiceAction } from '../backends/types.js';
import { SERVICE_ACTIONS } from '../core/services.js';
import { suggest } from '../core/targets.js';
import { SUBSYSTEM_TABS, type SubsystemTab } from './routes.js';

export type PaletteCommand =
  | { verb: 'box'; box: string }
  | { verb: 'emancipate' | 'revoke'; name: string; box?: string }
  | { verb: 'exposure'; box?: string }
  | { verb: 'subsystem'; id: string; box?: string; tab?: SubsystemTab; call?: { method: string; words: string[] } }
  | { verb: 'service'; name: string; action: ServiceAction; box?: string }
  | { verb: 'status' }
  | { verb: 'log' }
  | { verb: 'help' }
  | { verb: 'refresh' }
  | { verb: 'quit' };

export interface PaletteNames {
  boxes: readonly string[];
  /** Subsystem ids, their aliases and the rpcd methods the registry knows. */
  subsystems: readonly { id: string; aliases: readonly string[]; methods?: readonly string[] }[];
  /** Init services seen on the current box (from its last snapshot). */
  services?: readonly string[];
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
  { verb: 'service', args: 'NAME ACTION [--box B]', help: `${SERVICE_ACTIONS.join('|')} an init service (confirmation, state read back)` },
  { verb: 'logs', args: 'SUBSYSTEM [--box B]', help: 'the live log of a subsystem (logread, / filter)' },
  { verb: 'SUBSYSTEM', args: `[${SUBSYSTEM_TABS.join('|')}]`, help: 'open a subsystem (on a tab)' },
  { verb: 'SUBSYSTEM', args: 'METHOD [ARGS...]', help: 'call a method, ARGS as on the CLI (writes confirmed)' },
  { verb: 'log', args: '', help: 'show/hide the command log' },
  { verb: 'refresh', args: '', help: 'refresh now' },
  { verb: 'help', args: '', help: 'keys' },
  { verb: 'quit', args: '', help: 'leave secubox (also :q)' },
];

const WRITE_VERBS = new Set(['emancipate', 'revoke', 'service']);

/** The palette's commands for the `?` help (write verbs left out when read-only). */
export function paletteHelp(readOnly: boolean): { usage: string; help: string }[] {
  return VERBS.filter((v) => !(readOnly && WRITE_VERBS.has(v.verb)))
    .map((v) => ({ usage: `:${v.verb}${v.args ? ` ${v.args}` : ''}`, help: v.help }));
}

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
  if (words.length === 0) return { ok: false, error: 'type a command: box, status, emancipate, revoke, exposure, service, logs, log, quit, or a subsystem' };
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
    case 'service': {
      const [name, action, ...more] = rest;
      if (!name) return { ok: false, error: `service NAME ACTION: which service? (${SERVICE_ACTIONS.join(', ')})` };
      if (!action) return { ok: false, error: `service ${name} ACTION: ${SERVICE_ACTIONS.join(', ')}` };
      if (!SERVICE_ACTIONS.includes(action as ServiceAction)) return { ok: false, error: `unknown service action: ${action} (use ${SERVICE_ACTIONS.join(', ')})` };
      if (more.length) return { ok: false, error: 'service takes NAME ACTION' };
      const cmd = { verb: 'service', name, action: action as ServiceAction } as const;
      return { ok: true, cmd: box ? { ...cmd, box } : cmd };
    }
    case 'logs': {
      const word = rest[0];
      if (!word) return { ok: false, error: 'logs SUBSYSTEM: which subsystem?' };
      if (rest.length > 1) return { ok: false, error: 'logs takes one SUBSYSTEM (filter with / once open)' };
      const sub = findSubsystem(names, word);
      if (!sub) return { ok: false, error: `unknown subsystem: ${word}` };
      return { ok: true, cmd: { verb: 'subsystem', id: sub.id, tab: 'logs', ...(box ? { box } : {}) } };
    }
    case 'exposure': return rest.length ? { ok: false, error: 'exposure takes no argument (use --box B)' } : { ok: true, cmd: box ? { verb, box } : { verb } };
    case 'status': return noArgs({ verb: 'status' });
    case 'log': return noArgs({ verb: 'log' });
    case 'help': return noArgs({ verb: 'help' });
    case 'refresh': return noArgs({ verb: 'refresh' });
    case 'quit': return noArgs({ verb: 'quit' });
  }
  const sub = findSubsystem(names, first);
  if (sub) {
    const base = { verb: 'subsystem', id: sub.id, ...(box ? { box } : {}) } as const;
    const [word, ...args] = rest;
    if (word === undefined) return { ok: true, cmd: base };
    if (args.length === 0 && (SUBSYSTEM_TABS as readonly string[]).includes(word)) return { ok: true, cmd: { ...base, tab: word as SubsystemTab } };
    if (!/^[A-Za-z0-9_.-]+$/.test(word) || word.startsWith('-')) return { ok: false, error: `"${word}" is not a method name (${first} [${SUBSYSTEM_TABS.join('|')}] or ${first} METHOD ARGS)` };
    const known = sub.methods ?? [];
    if (known.length && !known.includes(word) && !word.includes('.')) {
      const close = suggest(word, known);
      return { ok: false, error: `${sub.id} has no method ${word}${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}` };
    }
    return { ok: true, cmd: { ...base, tab: 'methods', call: { method: word, words: args } } };
  }
  const close = allVerbs(names).filter((v) => v.startsWith(first.slice(0, 2))).slice(0, 4);
  return { ok: false, error: `unknown command: ${first}${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}` };
}

function findSubsystem(names: PaletteNames, word: string): PaletteNames['subsystems'][number] | undefined {
  const w = word.toLowerCase();
  return names.subsystems.find((s) => s.id === w || s.aliases.includes(w));
}

function allVerbs(names: PaletteNames): string[] {
  return [...VERBS.filter((v) => v.verb !== 'SUBSYSTEM').map((v) => v.verb), ...names.subsystems.flatMap((s) => [s.id, ...s.aliases])];
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
  const args = before.filter((w, i) => !(w === '--box' || w === '-b' || before[i - 1] === '--box' || before[i - 1] === '-b' || w.startsWith('--box=')));
  if (verb === 'service' && args.length === 1) return { from, candidates: uniq([...(names.services ?? [])]) };
  if (verb === 'service' && args.length === 2) return { from, candidates: uniq([...SERVICE_ACTIONS]) };
  if (verb === 'logs' && args.length === 1) return { from, candidates: uniq(names.subsystems.map((s) => s.id)) };
  const sub = args.length === 1 ? findSubsystem(names, verb) : undefined;
  if (sub) return { from, candidates: uniq([...SUBSYSTEM_TABS, ...(sub.methods ?? [])]) };
  return { from, candidates: [] };
}

/** Longest common prefix of the candidates (what Tab inserts). */
export function commonPrefix(xs: readonly string[]): string {
  if (xs.length === 0) return '';
  let p = xs[0]!;
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}
