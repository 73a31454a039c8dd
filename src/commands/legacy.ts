/**
 * The box's own legacy `/usr/sbin/secubox` CLI (app, feed, profile, skill, feedback, device, net, diag, landing,
 * clone, master-link, ai) keeps working through this tool: `secubox app list --box r1` runs
 * `/usr/sbin/secubox app list` on r1 (DESIGN.md box contract, point 7). It is called by absolute path, so this
 * tool never shadows it on a router. Its exit codes are not trusted: an `[ERROR]` line means failure.
 * Sub-commands that change the box (reboot, factory-reset, install, remove, ...) need a confirmation or --yes.
 */
import { z } from 'zod';
import type { ExecResult } from '../backends/types.js';
import { RemoteError, UsageError } from '../lib/errors.js';
import { confirmAction, parseOptions } from './box/common.js';
import type { Context } from './context.js';
import { exitCodeOf } from './exec.js';
import { runOnTargets, writeBytes, writePrefixed } from './output.js';
import type { CommandInput } from './spec.js';

export const LEGACY_CLI = '/usr/sbin/secubox';

/** group → sub-commands that change the box (confirmation required). */
export const LEGACY_WRITES: Readonly<Record<string, readonly string[]>> = {
  app: ['install', 'remove', 'update'],
  feed: ['add', 'remove', 'sync', 'import'],
  profile: ['apply', 'rollback', 'import'],
  skill: ['install'],
  feedback: ['report', 'resolve'],
  device: ['reboot', 'factory-reset', 'restore'],
  net: ['restart'],
  landing: ['generate'],
  clone: ['flash', 'build', 'remote-flash'],
  'master-link': ['approve', 'join', 'token', 'clone-token'],
  mesh: ['approve', 'join', 'token', 'clone-token'],
  ai: [],
};

const Options = z.object({ yes: z.boolean().default(false) }).loose();

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/** The legacy CLI prints `[ERROR] ...` (sometimes coloured) and may still exit 0. */
export function legacyFailed(res: Pick<ExecResult, 'stdout' | 'stderr' | 'code' | 'signal'>): string | undefined {
  const text = `${res.stdout.toString('utf8')}\n${res.stderr.toString('utf8')}`.replace(ANSI, '');
  const line = text.split('\n').find((l) => /^\s*(\[ERROR\]|ERROR:|Error:)/.test(l));
  if (line) return line.trim();
  const code = exitCodeOf(res);
  if (code === 127) return `${LEGACY_CLI} is not on this box (secubox-core not installed?)`;
  return code !== 0 ? `exited with code ${code}` : undefined;
}

export function makeRun(group: string) {
  return async function run(input: CommandInput, ctx: Context): Promise<number> {
    const o = parseOptions(Options, input.opts);
    const args = input.args;
    if (args.some((a) => a.includes('\0'))) throw new UsageError('an argument contains a NUL byte');
    const sub = args[0];
    const writes = LEGACY_WRITES[group] ?? [];
    const strip = (b: Buffer, tty: boolean | undefined) => (tty ? b : Buffer.from(b.toString('utf8').replace(ANSI, '')));
    return runOnTargets<ExecResult>(ctx, input.opts, async (box, _entry, signal) => box.transport.exec([LEGACY_CLI, group, ...args], { signal }), {
      async before(entries) {
        if (sub === undefined || !writes.includes(sub)) return;
        const names = entries.map((e) => e.name).join(', ');
        await confirmAction(ctx, `Run \`secubox ${group} ${args.join(' ')}\` on ${names}?`, { yes: o.yes, what: `${group} ${sub} on ${names}` });
      },
      printOne(res) {
        writeBytes(ctx.stdout, strip(res.stdout, ctx.stdout.isTTY));
        writeBytes(ctx.stderr, strip(res.stderr, ctx.stderr.isTTY));
        const failed = legacyFailed(res);
        if (failed) throw new RemoteError(`secubox ${group} ${args.join(' ')}: ${failed}`, { hint: 'the box\'s own CLI reported the failure above' });
        return 0;
      },
      printMany(res, entry) {
        writePrefixed(ctx.stdout, `${entry.name}: `, strip(res.stdout, false));
        writePrefixed(ctx.stderr, `${entry.name}: `, strip(res.stderr, false));
      },
      multiCheck(res, entry) {
        const failed = legacyFailed(res);
        if (failed) throw new RemoteError(failed, { box: entry.name });
      },
    });
  };
}
