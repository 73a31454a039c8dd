import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  boundaryOfScript,
  buildBatchScript,
  frameBatchOutput,
  FramingError,
  newBoundary,
  parseBatchOutput,
  type FramedResult,
} from '../../src/backends/batch.js';
import { createBox } from '../../src/backends/box.js';
import type { CallEvent } from '../../src/backends/types.js';
import { RemoteError } from '../../src/lib/errors.js';
import { busyboxTransport } from '../helpers/fakeTransport.js';

/** Random content that tries hard to look like framing. */
function nastyChunk(boundary: string): Buffer {
  const other = newBoundary();
  const pieces: Buffer[] = [];
  const n = randomInt(0, 8);
  for (let k = 0; k < n; k++) {
    switch (randomInt(0, 9)) {
      case 0: pieces.push(randomBytes(randomInt(0, 64))); break;
      case 1: pieces.push(Buffer.from(`\n${other}:0:end:0\n${other}:done:1\n`)); break; // a previous run's markers
      case 2: pieces.push(Buffer.from(buildBatchScript([{ argv: ['ps'] }], boundary))); break; // the script text itself (`ps` shows it)
      case 3: pieces.push(Buffer.from(`\n${boundary.slice(0, -1)}x:1:end:0\n`)); break; // one character off
      case 4: pieces.push(Buffer.from('\0\0\n\0')); break;
      case 5: pieces.push(Buffer.from(`\n${boundary.slice(1)}:0:end\n`)); break; // truncated boundary
      case 6: pieces.push(Buffer.from('\n')); break;
      case 7: pieces.push(Buffer.from(`${other}:0:start\n`)); break;
      default: pieces.push(Buffer.from('ünïcødé ✓ \r\n\t')); break;
    }
  }
  return Buffer.concat(pieces);
}

function randomResults(boundary: string, n: number): FramedResult[] {
  return Array.from({ length: n }, () => ({ stdout: nastyChunk(boundary), stderr: nastyChunk(boundary), code: randomInt(0, 256) }));
}

describe('batch framing (pure)', () => {
  it('boundaries are 24 random hex characters', () => {
    const seen = new Set(Array.from({ length: 200 }, newBoundary));
    expect(seen.size).toBe(200);
    for (const b of seen) expect(b).toMatch(/^[0-9a-f]{24}$/);
  });

  it('round-trips 500 random batches whose outputs are random bytes and fake boundaries', () => {
    for (let run = 0; run < 500; run++) {
      const b = newBoundary();
      const results = randomResults(b, randomInt(0, 6));
      const { stdout, stderr } = frameBatchOutput(results, b);
      const parsed = parseBatchOutput(stdout, stderr, b, results.length);
      expect(parsed.length).toBe(results.length);
      parsed.forEach((p, i) => {
        expect(p.code).toBe(results[i]!.code);
        expect(p.stdout.equals(results[i]!.stdout)).toBe(true);
        expect(p.stderr.equals(results[i]!.stderr)).toBe(true);
      });
    }
  });

  it('rejects every truncation of a frame (never returns partial data)', () => {
    for (let run = 0; run < 20; run++) {
      const b = newBoundary();
      const results = randomResults(b, randomInt(1, 4));
      const { stdout, stderr } = frameBatchOutput(results, b);
      for (let cut = 0; cut < stdout.length; cut++) {
        expect(() => parseBatchOutput(stdout.subarray(0, cut), stderr, b, results.length)).toThrow(FramingError);
      }
      for (let cut = 0; cut < stderr.length; cut += 3) {
        expect(() => parseBatchOutput(stdout, stderr.subarray(0, cut), b, results.length)).toThrow(FramingError);
      }
    }
  });

  it('rejects garbled frames: wrong boundary, wrong count, trailing bytes, bad code, swapped calls', () => {
    const b = newBoundary();
    const results: FramedResult[] = [
      { stdout: Buffer.from('a\n'), stderr: Buffer.alloc(0), code: 0 },
      { stdout: Buffer.from('b'), stderr: Buffer.from('oops\n'), code: 3 },
    ];
    const { stdout, stderr } = frameBatchOutput(results, b);
    expect(() => parseBatchOutput(stdout, stderr, newBoundary(), 2)).toThrow(/no batch frame/);
    expect(() => parseBatchOutput(stdout, stderr, b, 3)).toThrow(FramingError);
    expect(() => parseBatchOutput(stdout, stderr, b, 1)).toThrow(FramingError);
    expect(() => parseBatchOutput(Buffer.concat([stdout, Buffer.from('x')]), stderr, b, 2)).toThrow(/after the batch end/);
    const badCode = Buffer.from(stdout.toString('latin1').replace(`:1:end:3`, ':1:end:x'), 'latin1');
    expect(() => parseBatchOutput(badCode, stderr, b, 2)).toThrow(/bad exit code/);
    const swapped = Buffer.from(stdout.toString('latin1').replace(`${b}:1:start`, `${b}:2:start`), 'latin1');
    expect(() => parseBatchOutput(swapped, stderr, b, 2)).toThrow(/expected the start of call #1/);
    // Noise before the first marker (a shell profile) is ignored.
    const noisy = parseBatchOutput(Buffer.concat([Buffer.from('motd\n'), stdout]), Buffer.concat([Buffer.from('warn\n'), stderr]), b, 2);
    expect(noisy.map((r) => r.stdout.toString())).toEqual(['a\n', 'b']);
    expect(noisy[1]!.stderr.toString()).toBe('oops\n');
  });

  it('the script carries its boundary, quotes the command word and refuses bad boundaries', () => {
    const b = newBoundary();
    const script = buildBatchScript([{ argv: ['if', 'x'] }, { argv: ['cat'], stdin: "it's" }], b);
    expect(boundaryOfScript(script)).toBe(b);
    expect(script).toContain("( 'if' x ) </dev/null");
    expect(script).toContain(`printf '%s' 'it'\\''s' | ( 'cat' )`);
    // The boundary never follows a newline in the script text (a call printing the script cannot fake an end).
    expect(script.includes(`\n${b}`)).toBe(false);
    expect(() => buildBatchScript([{ argv: ['x'] }], 'not-hex')).toThrow(TypeError);
    expect(() => buildBatchScript([{ argv: [] }], b)).toThrow(/empty argv/);
  });
});

describe('batch through a real busybox sh (one exec)', () => {
  it('runs calls in order, each with its own stdout, stderr and exit code', async () => {
    const t = busyboxTransport();
    const box = createBox('bb', t);
    const events: CallEvent[] = [];
    box.onCall((e) => events.push(e));
    const res = await box.batch([
      { argv: ['echo', 'hello'] },
      { argv: ['sh', '-c', 'printf "no newline"; printf "err no newline" >&2; exit 3'] },
      { argv: ['definitely-not-a-command-xyz', 'arg'] },
      { argv: ['cat'], stdin: "line1\nit's $HOME `x` \\ \"q\"\n\nlast" },
      { argv: ['sh', '-c', 'exit 0'], label: 'nothing' },
      { argv: ['printf', '\\000\\001\\377binary\\n'] },
      { argv: ['sh', '-c', 'if read x; then echo "got:$x"; else echo "eof:$x"; exit 1; fi'] }, // no stdin given: reads /dev/null, not the next call
      { argv: ['exit', '7'] }, // a builtin: only its subshell exits
      { argv: ['sh', '-c', 'echo "$1|$2"', 'sh', "a b'c", ''] },
    ]);
    expect(t.execs.length).toBe(1);
    expect(t.execs[0]!.slice(0, 2)).toEqual(['sh', '-c']);
    expect(t.execs[0]!.length).toBe(3);
    expect(res.map((r) => r.code)).toEqual([0, 3, 127, 0, 0, 0, 1, 7, 0]);
    expect(res[0]!.stdout).toBe('hello\n');
    expect(res[1]!.stdout).toBe('no newline');
    expect(res[1]!.stderr).toBe('err no newline');
    expect(res[2]!.stdout).toBe('');
    expect(res[2]!.stderr).toMatch(/definitely-not-a-command-xyz: not found/);
    expect(res[3]!.stdout).toBe("line1\nit's $HOME `x` \\ \"q\"\n\nlast");
    expect(res[4]!.stdout).toBe('');
    expect(res[4]!.label).toBe('nothing');
    expect(Buffer.from(res[5]!.stdout, 'utf8').subarray(0, 2)).toEqual(Buffer.from([0, 1]));
    expect(res[6]!.stdout).toBe('eof:\n');
    expect(res[8]!.stdout).toBe("a b'c|\n");
    expect(events.map((e) => [e.batch?.index, e.batch?.size, e.code, e.ok])).toEqual(
      res.map((r, i) => [i, res.length, r.code, r.code === 0]),
    );
    expect(events[4]!.label).toBe('nothing');
    expect(events[0]!.label).toBe('echo hello');
  });

  it('keeps arbitrary output bytes intact, including a fake end marker of another boundary', async () => {
    const box = createBox('bb', busyboxTransport());
    const other = newBoundary();
    const tricky = `x\n${other}:0:end:0\n${other}:done:1\n`;
    const res = await box.batch([
      { argv: ['printf', '%s', tricky] },
      { argv: ['printf', '%s', tricky] },
    ]);
    expect(res.map((r) => r.stdout)).toEqual([tricky, tricky]);
  });

  it('handles large outputs and many calls', async () => {
    const box = createBox('bb', busyboxTransport());
    const calls = Array.from({ length: 40 }, (_, i) => ({ argv: ['sh', '-c', `i=0; while [ $i -lt 200 ]; do echo "${i}-$i"; i=$((i+1)); done; exit ${i % 5}`] }));
    calls.push({ argv: ['head', '-c', '2000000', '/dev/zero'] });
    const res = await box.batch(calls);
    expect(res.length).toBe(41);
    res.slice(0, 40).forEach((r, i) => {
      expect(r.code).toBe(i % 5);
      expect(r.stdout.split('\n').length).toBe(201);
      expect(r.stdout.startsWith(`${i}-0\n`)).toBe(true);
    });
    expect(res[40]!.stdout.length).toBe(2_000_000);
  });

  it('a killed shell (truncated frame) is a clear RemoteError, and every call is logged as failed', async () => {
    const box = createBox('bb', busyboxTransport());
    const events: CallEvent[] = [];
    box.onCall((e) => events.push(e));
    const err = await box.batch([{ argv: ['echo', 'a'] }, { argv: ['sh', '-c', 'kill -9 $PPID'] }, { argv: ['echo', 'c'] }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as Error).message).toMatch(/bb: the batch of 3 calls came back truncated or garbled/);
    expect(events.map((e) => [e.ok, e.code, e.batch?.index])).toEqual([[false, null, 0], [false, null, 1], [false, null, 2]]);
  });

  it('a script too long for an exec command line goes to `sh -s` on stdin, same results', async () => {
    const t = busyboxTransport();
    const big = 'x'.repeat(5000) + "'\n" + 'y'.repeat(5000);
    const res = await createBox('bb', t).batch([
      { argv: ['cat'], stdin: big },
      { argv: ['sh', '-c', 'cat; echo "[$1]"', 'sh', 'z'.repeat(3000)], stdin: 'in2\n' },
      { argv: ['sh', '-c', 'read x || echo eof'] },
    ]);
    expect(t.execs).toEqual([['sh', '-s']]);
    expect(res.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(res[0]!.stdout).toBe(big);
    expect(res[1]!.stdout).toBe(`in2\n[${'z'.repeat(3000)}]\n`);
    expect(res[2]!.stdout).toBe('eof\n');
  });

  it('an empty batch does not exec anything', async () => {
    const t = busyboxTransport();
    expect(await createBox('bb', t).batch([])).toEqual([]);
    expect(t.execs.length).toBe(0);
  });
});
