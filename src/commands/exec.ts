/**
 * secubox exec --box NAME -- ARGV...: run one argv on the box (never a shell string: it is quoted for the box's
 * shell). One box: its stdout/stderr are passed through byte for byte and secubox exits with the remote code.
 * Several boxes: asked first on a terminal (naming the command and the boxes) or --yes, then every line is prefixed
 * with `box: ` and the exit code is the fleet summary (0 / 1 / 3 / 4). One box runs at once: it is the user's command.
 */
import { constants } from 'node:os';
import { z } from 'zod';
import type { ExecResult } from '../backends/types.js';
import { RemoteError, UsageError } from '../lib/errors.js';
import type { CommandInput } from './spec.js';
import type { Context } from './context.js';
import { quoteArgv } from '../lib/shellQuote.js';
import { boxList, confirmAction, parseOptions } from './box/common.js';
import { runOnTargets, writeBytes, writePrefixed } from './output.js';

const Options = z.object({ stdin: z.boolean().default(false), yes: z.boolean().default(false) }).loose();

/** The shell convention: 128 + signal number (1 when the signal is unknown). */
export function exitCodeOf(r: Pick<ExecResult, 'code' | 'signal'>): number {
  if (r.code !== null) return r.code;
  const n = r.signal ? (constants.signals as Record<string, number>)[r.signal.startsWith('SIG') ? r.signal : `SIG${r.signal}`] : undefined;
  return n ? 128 + n : 1;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  const argv = input.args;
  if (argv.length === 0) throw new UsageError('nothing to run', 'e.g. `secubox exec --box r1 -- uptime`');
  const o = parseOptions(Options, input.opts);
  let stdin: Buffer | undefined;
  if (o.stdin) {
    if (ctx.stdin.isTTY) throw new UsageError('--stdin reads what is piped into secubox, and stdin is a terminal', 'e.g. `cat file | secubox exec --stdin --box r1 -- sh -c "cat > /tmp/file"`');
    stdin = await readAll(ctx.stdin);
  }
  return runOnTargets<ExecResult>(ctx, input.opts, async (box, _entry, signal) => {
    const res = await box.transport.exec(argv, { signal, ...(stdin ? { stdin } : {}) });
    return res;
  }, {
    async before(entries) {
      if (entries.length < 2) return;
      const cmd = quoteArgv(argv);
      await confirmAction(ctx, `Run \`${cmd}\` on ${entries.length} boxes (${boxList(entries)})?`,
        { yes: o.yes, what: `running \`${cmd}\` on ${entries.length} boxes` });
    },
    printOne(res) {
      writeBytes(ctx.stdout, res.stdout);
      writeBytes(ctx.stderr, res.stderr);
      return exitCodeOf(res);
    },
    printMany(res, entry) {
      writePrefixed(ctx.stdout, `${entry.name}: `, res.stdout);
      writePrefixed(ctx.stderr, `${entry.name}: `, res.stderr);
    },
    // several boxes: a non-zero exit makes the box "failed" in the summary
    multiCheck: (res, entry) => {
      const code = exitCodeOf(res);
      if (code !== 0) throw new RemoteError(`exited with code ${code}`, { box: entry.name });
    },
  });
}
