/**
 * secubox SUBSYSTEM [METHOD] [ARGS...] (one verb per registry subsystem, declared in table/ops.ts):
 *   no METHOD → the subsystem's status (core/subsystemCalls.subsystemStatus);
 *   METHOD    → `ubus call` of it, ARGS mapped onto its parameters (core methodParams), writes confirmed or --yes.
 * The TUI's subsystem screen calls the same core functions.
 */
import { z } from 'zod';
import {
  callMethod, mapParams, methodParams, missingFirstParam, paramsUsage, resolveMethod, subsystemStatus,
  type ResolvedMethod, type SubsystemStatusResult,
} from '../core/subsystemCalls.js';
import { suggest } from '../core/targets.js';
import { RemoteError, UsageError } from '../lib/errors.js';
import { getSubsystem, type Subsystem } from '../registry/index.js';
import { parseOptions } from './box/common.js';
import { confirmMethodCall } from './methodConfirm.js';
import type { Context } from './context.js';
import { formatJson, isTty, note, runOnTargets, writeBytes, writePrefixed } from './output.js';
import type { CommandInput, CommandModule } from './spec.js';
import { SUBSYSTEM_VERBS } from './table/ops.js';

const Options = z.object({ yes: z.boolean().default(false), json: z.boolean().default(false) }).loose();

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

function strip(text: string, tty: boolean): string {
  return tty ? text : text.replace(ANSI, '');
}

function statusJson(st: SubsystemStatusResult): unknown {
  switch (st.kind) {
    case 'ubus': return st.answer ?? null;
    case 'methods': return { object: st.object, methods: st.methods };
    case 'cli': return { argv: st.argv, code: st.code, stdout: st.stdout.replace(ANSI, ''), stderr: st.stderr.replace(ANSI, ''), ...(st.failed ? { failed: st.failed } : {}) };
    case 'none': return null;
  }
}

function methodLines(methods: Record<string, Record<string, string>>): string {
  return Object.entries(methods).map(([m, ps]) => `  ${m}(${Object.entries(ps).map(([k, t]) => `${k}: ${t}`).join(', ')})\n`).join('');
}

async function showStatus(sub: Subsystem, input: CommandInput, ctx: Context, json: boolean): Promise<number> {
  let failedJson = false;
  const code = await runOnTargets<SubsystemStatusResult>(ctx, input.opts, (box, _e, signal) => subsystemStatus(box, sub, { signal }), {
    ...(json ? { json: (st: SubsystemStatusResult) => { if (st.kind === 'cli' && st.failed) failedJson = true; return statusJson(st); } } : {}),
    printOne(st, entry) {
      switch (st.kind) {
        case 'ubus':
          ctx.stdout.write(formatJson(st.answer, { pretty: isTty(ctx.stdout) }));
          return;
        case 'methods':
          note(ctx.stderr, `${sub.name} has no status method; the methods of ${st.object} on ${entry.name}:`);
          ctx.stdout.write(methodLines(st.methods));
          return;
        case 'cli':
          writeBytes(ctx.stdout, strip(st.stdout, isTty(ctx.stdout)));
          writeBytes(ctx.stderr, strip(st.stderr, isTty(ctx.stderr)));
          if (st.failed) throw new RemoteError(`${entry.name}: ${st.argv.join(' ')}: ${st.failed}`, { box: entry.name, hint: 'its CLI reported the failure above' });
          return;
        case 'none':
          note(ctx.stderr, `${sub.name} has nothing to read a status from (no rpcd object, no \`status\` command)`);
      }
    },
    printMany(st, entry) {
      if (st.kind === 'cli') writePrefixed(ctx.stdout, `${entry.name}: `, st.stdout.replace(ANSI, ''));
      else if (st.kind === 'methods') ctx.stdout.write(`${entry.name}: ${Object.keys(st.methods).length} methods on ${st.object}\n`);
      else if (st.kind === 'ubus') ctx.stdout.write(`${entry.name}: ${formatJson(st.answer, { pretty: false })}`);
      else ctx.stdout.write(`${entry.name}: (no status read)\n`);
    },
    multiCheck(st, entry) {
      if (st.kind === 'cli' && st.failed) throw new RemoteError(st.failed, { box: entry.name });
    },
  });
  return code === 0 && failedJson ? 1 : code;
}

/** The verb that names the subsystem on the command line (`rpc-master-link` for master-link). */
function verbOf(sub: Subsystem): string {
  return SUBSYSTEM_VERBS.find((v) => v[1] === sub.id)?.[0] ?? sub.id;
}

/**
 * Everything that can be checked without a box, before any question or connection: the method exists (a word
 * without a dot must be a method the registry declares, when it declares any), the words fit its parameters, and
 * a write is not sent without the parameter it acts on. Returns the mapped parameters (undefined: ask the box).
 */
function checkCall(sub: Subsystem, target: ResolvedMethod, word: string, rest: readonly string[]): Record<string, unknown> | undefined {
  const verb = verbOf(sub);
  if (!target.decl && !word.includes('.')) {
    const known = sub.ubus.flatMap((o) => o.methods.map((m) => m.name));
    if (known.length) {
      const close = suggest(word, known);
      throw new UsageError(`${sub.name} has no method "${word}"`, close.length
        ? `did you mean ${close.map((c) => `"${c}"`).join(' or ')}? (to call it anyway: ${target.object}.${word})`
        : `\`secubox ${verb} <TAB>\` lists its methods, \`secubox ubus list ${target.object}\` the box's (to call it anyway: ${target.object}.${word})`);
    }
  }
  if (!target.decl) return undefined;
  const params = mapParams(target.method, target.decl.params, rest);
  const explicitJson = rest.length === 1 && /^\s*\{/.test(rest[0]!);
  const missing = explicitJson ? undefined : missingFirstParam(target.decl, params);
  if (missing) {
    throw new UsageError(`${verb} ${target.method} needs ${missing.toUpperCase()} (${target.method} changes the box: nothing was sent)`,
      `secubox ${verb} ${target.method} ${paramsUsage(target.decl.params)}`);
  }
  return params;
}

async function callOne(sub: Subsystem, words: readonly string[], input: CommandInput, ctx: Context, yes: boolean): Promise<number> {
  const [word, ...rest] = words as [string, ...string[]];
  const target = resolveMethod(sub, word);
  // checked here, so that a bad method or argument stops everything before any question or box is contacted
  const params = checkCall(sub, target, word, rest);
  const shown = `${target.object} ${target.method} ${params ? JSON.stringify(params) : rest.join(' ')}`.trimEnd();
  return runOnTargets<unknown>(ctx, input.opts, async (box, _e, signal) => {
    const p = params ?? await methodParams(box, sub, target, rest, { signal });
    return callMethod(box, sub, target.object, target.method, p, { signal });
  }, {
    before: (entries) => confirmMethodCall(ctx, target.decl, { shown, label: `${sub.id} ${target.method}`, entries, yes }),
    ...(input.opts.json === true ? { json: (v: unknown) => v ?? null } : {}),
    printOne: (v) => { ctx.stdout.write(formatJson(v, { pretty: isTty(ctx.stdout) })); },
    printMany: (v, entry) => { ctx.stdout.write(`${entry.name}: ${formatJson(v, { pretty: false })}`); },
  });
}

async function run(id: string, input: CommandInput, ctx: Context): Promise<number> {
  const sub = getSubsystem(id);
  if (!sub) throw new UsageError(`unknown subsystem "${id}"`); // the table and the registry disagree: a test catches it
  const o = parseOptions(Options, input.opts);
  const words = input.args;
  if (words.some((a) => a.includes('\0'))) throw new UsageError('an argument contains a NUL byte');
  if (words.length === 0) return showStatus(sub, input, ctx, o.json);
  return callOne(sub, words, input, ctx, o.yes);
}

/** The command module of one subsystem verb (table/ops.ts loads it with the subsystem's id). */
export function subsystemModule(id: string): CommandModule {
  return { run: (input, ctx) => run(id, input, ctx) };
}
