import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quoteArg, quoteArgv } from '../../src/lib/shellQuote.js';
import { fuzzSeed, randomElements } from '../integration/harness/fuzz.js';

/** Run the quoted command through a real local shell and get the argv back NUL-separated. */
function roundTrip(shell: string[], argv: string[]): string[] {
  const cmd = `printf '%s\\0' ${argv.map(quoteArg).join(' ')}`;
  const out = execFileSync(shell[0]!, [...shell.slice(1), '-c', cmd], { env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' } });
  const parts = out.toString('utf8').split('\0');
  parts.pop();
  return parts;
}

function which(bin: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`]).toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

describe('quoteArg / quoteArgv', () => {
  it('leaves safe words bare and quotes everything else', () => {
    expect(quoteArg('ubus')).toBe('ubus');
    expect(quoteArg('luci.metablogizer')).toBe('luci.metablogizer');
    expect(quoteArg('/etc/config/network')).toBe('/etc/config/network');
    expect(quoteArg('--json')).toBe('--json');
    expect(quoteArg('')).toBe("''");
    expect(quoteArg('a b')).toBe("'a b'");
    expect(quoteArg("it's")).toBe("'it'\\''s'");
    expect(quoteArg('A=b')).toBe("'A=b'");
    expect(quoteArg('~')).toBe("'~'");
    expect(quoteArg('#x')).toBe("'#x'");
    expect(quoteArg('*')).toBe("'*'");
    expect(quoteArg('{"id":"site_blog"}')).toBe(`'{"id":"site_blog"}'`);
    expect(quoteArgv(['ubus', 'call', 'luci.x', 'status', '{}'])).toBe("ubus call luci.x status '{}'");
  });

  it('refuses NUL bytes and an empty argv', () => {
    expect(() => quoteArg('a\0b')).toThrow(/NUL/);
    expect(() => quoteArgv([])).toThrow(/empty argv/);
  });

  const nasty = [
    '', ' ', "'", "''", '"', '\\', '\\\\', '$HOME', '${x}', '$(id)', '`id`', '*', '?', '[a]', '~', '~root', '-n', '-e', '--',
    'a\nb', '\n', '\t', 'a\tb', '#', '!', '!!', '^', '{a,b}', '&&', ';', '|', '<', '>', '(', ')', 'A=b', 'é', '日本語', '🙂',
    '\x01\x02\x1f', "x'y\"z`w$v\\u", "'\\''", '%s', 'line1\r\nline2', '\x7f', ' leading', 'trailing ',
  ];

  for (const shell of [['busybox', 'ash'], ['sh'], ['dash'], ['bash', '--posix']]) {
    const bin = which(shell[0]!);
    it(`round-trips nasty strings through a real ${shell.join(' ')}`, () => {
      expect(bin, `${shell[0]} is required for this test (apt-get install busybox)`).toBeTruthy();
      expect(roundTrip(shell, nasty)).toEqual(nasty);
      // as the program name too: a quoted first word is still a command, never an assignment
      const out = execFileSync(shell[0]!, [...shell.slice(1), '-c', quoteArgv(['printf', '%s', 'A=b'])]);
      expect(out.toString()).toBe('A=b');
    });
  }

  it('round-trips 2,000 seeded random elements through a local busybox ash', () => {
    const seed = fuzzSeed();
    const elements = randomElements(seed, 2000);
    for (let i = 0; i < elements.length; i += 500) {
      const chunk = elements.slice(i, i + 500);
      expect(roundTrip(['busybox', 'ash'], chunk), `seed ${seed} (replay: SECUBOX_FUZZ_SEED=${seed})`).toEqual(chunk);
    }
  });
});

describe('quoteArgv: reserved words as the command word', () => {
  it('quotes a reserved word in first position so the shell runs it as a command', () => {
    expect(quoteArgv(['if', 'x'])).toBe("'if' x");
    expect(quoteArgv(['echo', 'if'])).toBe('echo if');
    // busybox ash: `'done'` is looked up as a command (not found → 127), never parsed as syntax
    let code = 0;
    try { execFileSync('busybox', ['sh', '-c', quoteArgv(['done'])], { stdio: 'pipe' }); } catch (e) { code = (e as { status: number }).status; }
    expect(code).toBe(127);
  });
});
