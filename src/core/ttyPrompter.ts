/**
 * The Prompter of plain commands: questions on stderr, answers read from the TTY in raw mode (so that a secret is
 * never echoed, backspace works, and Ctrl-C is a CancelledError rather than a dead process with the terminal left
 * in raw mode). Without a TTY it is the non-interactive prompter: it never asks and never trusts.
 */
import { CancelledError } from '../lib/errors.js';
import type { HostKeyQuestion, Prompter } from './prompt.js';
import { nonInteractivePrompter } from './prompt.js';

export interface PrompterIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; isRaw?: boolean; setRawMode?(m: boolean): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

export function isInteractive(io: Pick<PrompterIO, 'stdin'>): boolean {
  return Boolean(io.stdin.isTTY && typeof io.stdin.setRawMode === 'function');
}

/**
 * Read one line from the terminal. `echo: false` for secrets (nothing is printed, not even `*`).
 * Resolves undefined on Ctrl-D at an empty line / end of input; rejects CancelledError on Ctrl-C.
 */
export function readLine(io: PrompterIO, question: string, opts: { echo: boolean }): Promise<string | undefined> {
  const { stdin, stderr } = io;
  return new Promise((resolve, reject) => {
    let buf = '';
    let escape = 0; // characters of an escape sequence still to swallow
    const wasRaw = stdin.isRaw === true;
    stdin.setRawMode?.(true);
    const finish = (fn: () => void) => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.removeListener('error', onError);
      try {
        stdin.setRawMode?.(wasRaw);
      } catch {
        /* the terminal went away */
      }
      stdin.pause();
      fn();
    };
    const onEnd = () => finish(() => {
      stderr.write('\n');
      resolve(buf.length ? buf : undefined);
    });
    const onError = (err: Error) => finish(() => reject(err));
    const onData = (chunk: Buffer | string) => {
      const chars = Array.from(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      // what was typed ahead after the end of this answer goes back to the stream for the next question
      const giveBack = (i: number) => {
        const rest = chars.slice(i + 1).join('');
        if (rest) stdin.unshift(Buffer.from(rest));
      };
      for (let i = 0; i < chars.length; i++) {
        const ch = chars[i]!;
        if (escape > 0) {
          // ESC [ ... final byte (0x40-0x7e), or ESC + one char
          if (escape === 2 && ch !== '[' && ch !== 'O') escape = 0;
          else if (escape === 1 && /[@-~]/.test(ch)) escape = 0;
          else if (escape === 2) escape = 1;
          continue;
        }
        switch (ch) {
          case '\u0003': // Ctrl-C
            finish(() => {
              stderr.write('\n');
              reject(new CancelledError());
            });
            return;
          case '\u0004': // Ctrl-D
            if (buf.length === 0) {
              finish(() => {
                stderr.write('\n');
                resolve(undefined);
              });
              return;
            }
            break;
          case '\r':
          case '\n':
            // a CR LF pair is one Enter
            if (ch === '\r' && chars[i + 1] === '\n') i++;
            finish(() => {
              giveBack(i);
              stderr.write('\n');
              resolve(buf);
            });
            return;
          case '\u007f':
          case '\b':
            if (buf.length) {
              const cs = [...buf];
              cs.pop();
              buf = cs.join('');
              if (opts.echo) stderr.write('\b \b');
            }
            break;
          case '\u0015': // Ctrl-U: clear the line
            if (opts.echo) stderr.write('\b \b'.repeat([...buf].length));
            buf = '';
            break;
          case '\u001b':
            escape = 2;
            break;
          default:
            if (ch < ' ') break; // other control characters are ignored
            buf += ch;
            if (opts.echo) stderr.write(ch);
        }
      }
    };
    stderr.write(question);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
    stdin.resume();
  });
}

/** Ask y/N until the answer is clear (3 tries, then the default). */
export async function askYesNo(io: PrompterIO, question: string, defaultYes = false): Promise<boolean> {
  const suffix = defaultYes ? ' [Y/n] ' : ' [y/N] ';
  for (let i = 0; i < 3; i++) {
    const a = await readLine(io, question + suffix, { echo: true });
    if (a === undefined) return false;
    const t = a.trim().toLowerCase();
    if (t === '') return defaultYes;
    if (t === 'y' || t === 'yes') return true;
    if (t === 'n' || t === 'no') return false;
    io.stderr.write('please answer y or n\n');
  }
  return defaultYes;
}

export function hostKeyText(q: HostKeyQuestion): string {
  return [
    `The host key of box "${q.box}" (${q.host}:${q.port}) is not known yet.`,
    `  key type:    ${q.keyType}`,
    `  fingerprint: ${q.fingerprint}`,
    'Compare it with the one the box shows (on the box: `dropbearkey -y -f /etc/dropbear/dropbear_ed25519_host_key`',
    'or `ssh-keygen -l -f /etc/ssh/ssh_host_ed25519_key.pub`) before you trust it.',
    '',
  ].join('\n');
}

export function createPrompter(io: PrompterIO): Prompter {
  if (!isInteractive(io)) return nonInteractivePrompter;
  // One question at a time: fan-out may ask for several boxes at once.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn, fn);
    queue = p.catch(() => undefined);
    return p;
  };
  return {
    interactive: true,
    secret: (question) => serial(() => readLine(io, question.endsWith(' ') ? question : `${question} `, { echo: false })),
    confirm: (question, defaultYes = false) => serial(() => askYesNo(io, question, defaultYes)),
    trustHostKey: (q) => serial(async () => {
      io.stderr.write(hostKeyText(q));
      return askYesNo(io, `Trust this host key and add it to ${q.file ?? '~/.ssh/known_hosts'}?`, false);
    }),
  };
}
