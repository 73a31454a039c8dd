/**
 * secubox logs SOURCE [-n N] [--grep RE] [-f]: a subsystem's log lines (its syslog tag through `logread -e`, else its
 * logs method) or any syslog tag, from core/logs (the TUI's logs tab uses the same functions). --follow polls until
 * Ctrl-C and exits 130 without an error line.
 */
import { z } from 'zod';
import { readLogs, streamLogs, subsystemLogs, type LogLine } from '../core/logs.js';
import { classify, summarize, type BoxResult } from '../core/fleet.js';
import { parseTargetOptions } from '../core/targets.js';
import { ExitCode, UsageError } from '../lib/errors.js';
import { getSubsystem } from '../registry/index.js';
import { parseOptions } from './box/common.js';
import type { Context } from './context.js';
import { note, runOnTargets } from './output.js';
import type { CommandInput } from './spec.js';

const Options = z.object({
  lines: z.string().regex(/^\d+$/, 'must be a number of lines, e.g. -n 50').default('100').transform(Number),
  follow: z.boolean().default(false),
  grep: z.string().optional(),
  ignoreCase: z.boolean().default(false),
  json: z.boolean().default(false),
}).loose();

export type LogSource =
  | { kind: 'tag'; tag: string; label: string }
  | { kind: 'method'; object: string; method: string; linesParam?: string; label: string };

/** A subsystem id/alias → its syslog tag (else its logs method); any other plain word is a syslog tag. */
export function logSource(word: string): LogSource {
  const sub = getSubsystem(word);
  if (sub?.logTag) return { kind: 'tag', tag: sub.logTag, label: `logread -e ${sub.logTag}` };
  if (sub?.logsMethod) {
    const m = sub.logsMethod;
    return { kind: 'method', object: m.object, method: m.method, ...(m.linesParam ? { linesParam: m.linesParam } : {}), label: `ubus call ${m.object} ${m.method}` };
  }
  if (sub) throw new UsageError(`${sub.name} has no syslog tag and no logs method`, 'give a syslog tag instead, e.g. `secubox logs dropbear`');
  if (!/^[A-Za-z0-9_.@-]+$/.test(word) || word.startsWith('-')) {
    throw new UsageError(`"${word}" is neither a subsystem nor a syslog tag`, 'a tag is a plain word (letters, digits, `_.@-`), e.g. `secubox logs dropbear`');
  }
  return { kind: 'tag', tag: word, label: `logread -e ${word}` };
}

function matcher(grep: string | undefined, ignoreCase: boolean): ((text: string) => boolean) | undefined {
  if (grep === undefined) return undefined;
  let re: RegExp;
  try {
    re = new RegExp(grep, ignoreCase ? 'i' : '');
  } catch (e) {
    throw new UsageError(`--grep: not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`, 'it is a JavaScript regular expression, e.g. --grep "ban|unban"');
  }
  return (text) => re.test(text);
}

/** With a logs method, --grep looks at this many of the last lines. */
const METHOD_GREP_WINDOW = 1000;

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const o = parseOptions(Options, input.opts);
  const word = input.args[0];
  if (word === undefined) throw new UsageError('which logs?', 'e.g. `secubox logs crowdsec --box r1`');
  const source = logSource(word);
  const match = matcher(o.grep, o.ignoreCase);
  if (o.follow) {
    if (o.json) throw new UsageError('--json cannot be used with --follow', 'drop one of them');
    if (source.kind !== 'tag') throw new UsageError(`${word} logs through ${source.label}, which cannot be followed`, 'run it without --follow');
    return follow(ctx, input.opts, source.tag, o.lines, match);
  }
  const n = o.lines;
  return runOnTargets<LogLine[]>(ctx, input.opts, async (box, _e, signal) => {
    const all = source.kind === 'tag'
      ? await readLogs(box, source.tag, { lines: Number.MAX_SAFE_INTEGER, signal })
      : await subsystemLogs(box, source.object, source.method, { lines: match ? Math.max(n, METHOD_GREP_WINDOW) : n, ...(source.linesParam ? { linesParam: source.linesParam } : {}), signal });
    const kept = match ? all.filter((l) => match(l.text)) : all;
    return n === 0 ? [] : kept.slice(-n);
  }, {
    ...(o.json ? { json: (lines: LogLine[]) => ({ source: source.label, lines }) } : {}),
    printOne(lines) { for (const l of lines) ctx.stdout.write(`${l.text}\n`); },
    printMany(lines, entry) { for (const l of lines) ctx.stdout.write(`${entry.name}: ${l.text}\n`); },
  });
}

/** Follow on every target box at once until Ctrl-C (130, no error line); boxes that fail are reported and skipped. */
async function follow(ctx: Context, opts: Record<string, unknown>, tag: string, initialLines: number, match: ((text: string) => boolean) | undefined): Promise<number> {
  const { selection } = parseTargetOptions(opts);
  const session = await ctx.session({}); // no per-box deadline: a follow runs until Ctrl-C
  const entries = session.resolveTargets(selection);
  const multi = entries.length > 1 || selection.group !== undefined || selection.all === true;
  const results = await Promise.all(entries.map(async (entry): Promise<BoxResult<null>> => {
    const started = Date.now();
    const prefix = multi ? `${entry.name}: ` : '';
    let polled = false;
    let lastError = '';
    try {
      const box = await session.open(entry);
      await streamLogs(box, tag, {
        signal: ctx.signal,
        initialLines,
        ...(match ? { match } : {}),
        onPoll: () => { polled = true; lastError = ''; },
        onLine: (l) => { ctx.stdout.write(`${prefix}${l.text}\n`); },
        onError: (err) => {
          if (!polled) throw err; // the very first read failed: this box cannot be followed
          const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
          if (msg !== lastError) note(ctx.stderr, `${entry.name}: ${msg} (still trying)`);
          lastError = msg;
        },
      });
      return { box: entry.name, ok: true, value: null, reach: 'ok', ms: Date.now() - started };
    } catch (err) {
      if (ctx.signal.aborted) return { box: entry.name, ok: true, value: null, reach: 'ok', ms: Date.now() - started };
      if (!multi) throw err;
      const error = err instanceof Error ? err : new Error(String(err));
      const reach = classify(error);
      const msg = error.message.split('\n')[0]!;
      note(ctx.stderr, `${entry.name}: ${reach}: ${msg.startsWith(`${entry.name}: `) ? msg.slice(entry.name.length + 2) : msg}`);
      return { box: entry.name, ok: false, error, reach, ms: Date.now() - started };
    }
  }));
  if (ctx.signal.aborted) return ExitCode.CANCELLED;
  // every box failed before Ctrl-C (a box that follows only ends on Ctrl-C)
  const sum = summarize(results);
  note(ctx.stderr, `secubox: ${sum.text}`);
  return sum.exitCode;
}
