/**
 * The `uci` part of the Box API: export / show / get / apply.
 *
 * apply = ONE exec of a small sh script with the `uci batch` text on stdin:
 *   1. refuse when the config already has staged (uncommitted) changes: a commit would publish someone else's
 *      half-done edit, and a revert would destroy it (exit 3, nothing touched);
 *   2. `uci batch`: it ALWAYS exits 0 and just prints `uci: <error>` on stderr for a bad line and goes on
 *      (libuci cli.c), so success = exit 0 AND an empty stderr (exit 4 otherwise);
 *   3. `uci commit <config>` (exit 5 when it fails), then check that nothing is left staged (exit 6);
 *   4. print the token `secubox:uci-applied`.
 * The client requires exit 0 AND the token. On any other outcome it runs `uci revert <config>` (a separate exec,
 * so that it is attempted even when the first one died) and throws a RemoteError saying nothing was changed
 * (or that the revert failed too, and what to run by hand).
 */
import { RemoteError, SecuboxError, UnreachableError } from '../lib/errors.js';
import type { BoxApi, ExecOptions, UciOp } from './types.js';
import { assertUciConfig, buildUciBatch, parseUciPath } from './uciBatch.js';

type Core = Pick<BoxApi, 'name' | 'exec'>;

export const UCI_APPLIED_TOKEN = 'secubox:uci-applied';

/** $1 = config. stdin = the `uci batch` text. */
export const UCI_APPLY_SCRIPT = [
  'c="$1"',
  'p=$(uci -q changes "$c" 2>/dev/null)',
  'if [ -n "$p" ]; then printf \'%s\\n\' "staged changes already pending in $c:" "$p" >&2; exit 3; fi',
  'e=$(uci batch 2>&1 >/dev/null); r=$?',
  'if [ "$r" -ne 0 ] || [ -n "$e" ]; then printf \'%s\\n\' "${e:-uci batch exited with $r}" >&2; exit 4; fi',
  'uci commit "$c" || exit 5',
  'p=$(uci -q changes "$c" 2>/dev/null)',
  'if [ -n "$p" ]; then printf \'%s\\n\' "changes still staged after commit:" "$p" >&2; exit 6; fi',
  `echo ${UCI_APPLIED_TOKEN}`,
].join('\n');

export function uciApplyArgv(config: string): string[] {
  return ['sh', '-c', UCI_APPLY_SCRIPT, 'sh', config];
}

function firstLines(s: string, n = 2): string {
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, n)
    .join(' / ');
}

function missingConfig(box: string, config: string, stderr: string): RemoteError | undefined {
  if (/Entry not found|not found/i.test(stderr)) {
    return new RemoteError(`${box}: uci config ${config} does not exist`, { box, hint: `is the package that owns /etc/config/${config} installed?`, detail: { stderr } });
  }
  return undefined;
}

export function createUciApi(core: Core): BoxApi['uci'] {
  const box = core.name;

  async function readConfig(verb: 'export' | 'show', config: string, opts?: ExecOptions): Promise<string> {
    assertUciConfig(config);
    const r = await core.exec(['uci', verb, config], { ...opts, label: `uci ${verb} ${config}` });
    if (r.code === 0) return r.stdout;
    throw missingConfig(box, config, r.stderr) ??
      new RemoteError(`${box}: uci ${verb} ${config} failed: ${firstLines(r.stderr) || `exit code ${r.code}`}`, {
        box,
        hint: r.code === 127 ? 'is this an OpenWrt box? (no `uci` command)' : `run \`uci ${verb} ${config}\` on the box to see the whole error`,
        detail: r,
      });
  }

  async function get(path: string, opts?: ExecOptions): Promise<string | undefined> {
    parseUciPath(path);
    const r = await core.exec(['uci', '-q', 'get', path], { ...opts, label: `uci get ${path}` });
    if (r.code === 0) return r.stdout.endsWith('\n') ? r.stdout.slice(0, -1) : r.stdout;
    // `uci -q get` of a missing config/section/option: exit 1, nothing printed.
    if (r.code === 1 && r.stdout === '' && r.stderr.trim() === '') return undefined;
    throw new RemoteError(`${box}: uci get ${path} failed: ${firstLines(r.stderr) || `exit code ${r.code}`}`, {
      box,
      hint: r.code === 127 ? 'is this an OpenWrt box? (no `uci` command)' : undefined,
      detail: r,
    });
  }

  /** undefined when reverted; else why not, and whether the box could not even be reached. */
  async function revert(config: string, opts?: ExecOptions): Promise<{ why: string; unreachable: boolean } | undefined> {
    try {
      const r = await core.exec(['uci', 'revert', config], { ...opts, label: `uci revert ${config}` });
      if (r.code === 0) return undefined;
      return { why: firstLines(r.stderr) || `exit code ${r.code}`, unreachable: false };
    } catch (e) {
      return { why: e instanceof Error ? e.message : String(e), unreachable: e instanceof UnreachableError };
    }
  }

  async function apply(config: string, ops: readonly UciOp[], opts?: ExecOptions): Promise<void> {
    const text = buildUciBatch(config, ops); // UsageError before anything is sent
    const label = `uci batch+commit ${config} (${ops.length} change${ops.length === 1 ? '' : 's'})`;
    let r;
    try {
      r = await core.exec(uciApplyArgv(config), { ...opts, stdin: text, label });
    } catch (e) {
      // The exec died (timeout, abort, connection lost): the commit may or may not have happened.
      const failed = await revert(config, { timeoutMs: opts?.timeoutMs });
      if (failed?.unreachable && e instanceof UnreachableError) {
        // the box cannot be reached at all (most often nothing was sent): say so, exit 3 like everywhere else
        throw new UnreachableError(e.box, e.reason, e.message,
          `${e.hint ? `${e.hint}; ` : ''}if the connection dropped during the change, check \`uci changes ${config}\` once the box is back`, e);
      }
      if (failed !== undefined && e instanceof SecuboxError) {
        throw new RemoteError(`${e.message}; and \`uci revert ${config}\` failed too (${failed.why})`, {
          box,
          hint: `check \`uci changes ${config}\` on the box and revert by hand if needed`,
          cause: e,
        });
      }
      throw e;
    }
    if (r.code === 0 && r.stdout.trim() === UCI_APPLIED_TOKEN) return;

    if (r.code === 3) {
      throw new RemoteError(`${box}: ${config} has staged changes that are not committed; nothing was changed`, {
        box,
        hint: `review them with \`uci changes ${config}\` on the box, then commit or revert them`,
        detail: r,
      });
    }
    // Whether the config file may have been written: only after `uci commit` ran (exit 6, or 0 without the token).
    const committed = r.code === 6 || r.code === 0;
    const what =
      r.code === 4 ? `uci batch rejected the changes: ${firstLines(r.stderr)}`
      : r.code === 5 ? `uci commit ${config} failed: ${firstLines(r.stderr) || 'no message'}`
      : r.code === 6 ? `uci commit ${config} ran but changes were still staged afterwards`
      : r.code === 127 ? 'the `uci` (or `sh`) command is not available'
      : r.code === 0 ? 'the apply script did not confirm the commit'
      : `the apply script failed (exit ${r.code}): ${firstLines(r.stderr) || 'no message'}`;
    const failed = await revert(config, { timeoutMs: opts?.timeoutMs });
    if (failed !== undefined) {
      throw new RemoteError(`${box}: ${what}; and \`uci revert ${config}\` failed too (${failed.why})`, {
        box,
        hint: `staged changes may remain: run \`uci changes ${config}\` and \`uci revert ${config}\` on the box`,
        detail: r,
      });
    }
    if (committed) {
      throw new RemoteError(`${box}: ${what}; staged leftovers reverted, but ${config} may have been changed`, {
        box,
        hint: `check it with \`secubox uci show ${config}\``,
        detail: r,
      });
    }
    throw new RemoteError(`${box}: ${what}; reverted, nothing was changed`, {
      box,
      hint: r.code === 4 ? 'check the section/option names and values (`secubox uci show CONFIG`)' : `run \`uci commit ${config}\` on the box to see why it fails`,
      detail: r,
    });
  }

  return {
    export: (config, opts) => readConfig('export', config, opts),
    show: (config, opts) => readConfig('show', config, opts),
    get,
    apply,
  };
}
