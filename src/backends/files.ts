/**
 * Files on the box through exec + stdin (no SFTP: dropbear has none by default).
 *
 * write(): ONE exec of `sh -c SCRIPT sh <path> <mode>` with the data on stdin. The data goes to a temp file
 * beside the target (same filesystem), gets its mode, then `mv -f` replaces the target atomically: a reader sees
 * the old file or the new one, never half of it; a failed write leaves the old file untouched and no temp file.
 * Mode: the given one; else the existing file's (busybox `stat -c %a`); else the shell's umask default. When a
 * mode is known the temp file is created under `umask 077`, so the data is never readable by others in between.
 * The script prints the byte count of the written file, which the client compares with what it sent.
 */
import { RemoteError, UsageError } from '../lib/errors.js';
import type { BoxApi, ExecOptions } from './types.js';

type Core = Pick<BoxApi, 'name' | 'exec'>;

export const WRITE_SCRIPT = [
  'f="$1"; m="$2"; t="$f.secubox-tmp.$$"',
  'if [ -d "$f" ]; then echo "$f: is a directory" >&2; exit 1; fi',
  'if [ -z "$m" ] && [ -f "$f" ]; then m=$(stat -c %a "$f" 2>/dev/null) || m=; fi',
  'if [ -n "$m" ]; then umask 077; fi',
  'cat > "$t" || { rm -f "$t"; exit 1; }',
  'if [ -n "$m" ]; then chmod "$m" "$t" || { rm -f "$t"; exit 1; }; fi',
  'mv -f "$t" "$f" || { rm -f "$t"; exit 1; }',
  'wc -c < "$f"',
].join('\n');

function assertPath(path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('\0') || path.endsWith('/')) {
    throw new UsageError(`not an absolute file path: ${JSON.stringify(path)}`, 'give the full path on the box, e.g. /etc/config/network');
  }
}

function firstLine(s: string): string {
  return (s.split('\n').find((l) => l.trim() !== '') ?? '').trim();
}

export function writeArgv(path: string, mode?: string): string[] {
  return ['sh', '-c', WRITE_SCRIPT, 'sh', path, mode ?? ''];
}

export function createFilesApi(core: Core): BoxApi['files'] {
  const box = core.name;
  return {
    async read(path: string, opts?: ExecOptions): Promise<string> {
      assertPath(path);
      const r = await core.exec(['cat', '--', path], { ...opts, label: `cat ${path}` });
      if (r.code === 0) return r.stdout;
      const err = firstLine(r.stderr);
      throw new RemoteError(`${box}: cannot read ${path}: ${err.replace(/^cat: /, '') || `exit code ${r.code}`}`, {
        box,
        hint: /No such file/i.test(err) ? 'check the path (the subsystem may not be installed)' : undefined,
        detail: r,
      });
    },
    async write(path: string, data: string | Buffer, opts: ExecOptions & { mode?: string } = {}): Promise<void> {
      assertPath(path);
      const { mode, ...execOpts } = opts;
      if (mode !== undefined && !/^[0-7]{3,4}$/.test(mode)) {
        throw new UsageError(`not an octal file mode: ${JSON.stringify(mode)}`, 'use e.g. 0644 or 600');
      }
      const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      const r = await core.exec(writeArgv(path, mode), { ...execOpts, stdin: data, label: `write ${path} (${bytes} bytes)` });
      if (r.code !== 0) {
        throw new RemoteError(`${box}: cannot write ${path}: ${firstLine(r.stderr) || `exit code ${r.code}`}`, {
          box,
          hint: 'check that the directory exists and is writable (overlay full? read-only /rom?)',
          detail: r,
        });
      }
      const written = Number(r.stdout.trim());
      if (!Number.isInteger(written) || written !== bytes) {
        throw new RemoteError(`${box}: wrote ${path} but it holds ${r.stdout.trim() || 'an unknown number of'} bytes, not ${bytes}`, {
          box,
          hint: 'the filesystem may be full; check with `df` on the box',
          detail: r,
        });
      }
    },
  };
}
