/**
 * QUOTING FUZZ over real SSH: random hostile argv elements (quotes, $, backticks, \, newlines, tabs, *, ~, leading -,
 * empty strings, unicode, bytes 0x01-0x1f) are sent by the SSH transport (quoteArgv) through a real busybox ash on
 * a real dropbear / OpenSSH server and must come back byte for byte. Seeded: a failure prints the seed; replay
 * with SECUBOX_FUZZ_SEED=<seed>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshTransport, MAX_COMMAND_BYTES, type SshTransport } from '../../src/backends/ssh/index.js';
import { quoteArg, quoteArgv } from '../../src/lib/shellQuote.js';
import { batches, firstDifference, fuzzSeed, randomElements } from './harness/fuzz.js';
import { startBox, type TestBox } from './harness/index.js';

const ELEMENTS = Number(process.env.SECUBOX_FUZZ_ELEMENTS ?? 3000);
const ECHO = ['printf', '%s\\0'];

function decode(out: Buffer): string[] {
  const parts = out.toString('utf8').split('\0');
  parts.pop(); // after the last terminator
  return parts;
}

describe.each(['dropbear', 'openssh'] as const)('quoting fuzz through busybox ash over %s', (server) => {
  let box: TestBox;
  let t: SshTransport;
  beforeAll(async () => {
    box = await startBox({ server });
    t = createSshTransport(box.target());
  });
  afterAll(async () => {
    await t?.close();
    await box?.stop();
  });

  it(`returns ${ELEMENTS} random argv elements byte for byte`, async () => {
    const seed = fuzzSeed();
    const elements = randomElements(seed, ELEMENTS);
    expect(elements.length).toBeGreaterThanOrEqual(2000);
    const fixed = Buffer.byteLength(quoteArgv(ECHO));
    const groups = batches(elements, (e) => Buffer.byteLength(quoteArg(e)), MAX_COMMAND_BYTES[server] - 64, fixed);
    let sent = 0;
    for (const group of groups) {
      const r = await t.exec([...ECHO, ...group]);
      const expected = Buffer.from(group.map((e) => `${e}\0`).join(''), 'utf8');
      if (!r.stdout.equals(expected) || r.code !== 0) {
        const got = decode(r.stdout);
        const i = firstDifference(got, group);
        expect.fail(
          `quoting fuzz mismatch (seed ${seed}, replay with SECUBOX_FUZZ_SEED=${seed}): element #${sent + i} ` +
            `sent ${JSON.stringify(group[i])} quoted as ${JSON.stringify(quoteArg(group[i] ?? ''))}, got back ${JSON.stringify(got[i])}; ` +
            `exit ${r.code}, stderr ${JSON.stringify(r.stderr.toString().slice(0, 200))}`,
        );
      }
      sent += group.length;
    }
    expect(sent).toBe(ELEMENTS);
  }, 60_000);

  it('passes each element as ONE word, also as a program argument and as stdin-free shell words', async () => {
    // word count: the shell must see exactly as many words as we sent (no splitting, no globbing, no field removal)
    const seed = fuzzSeed() ^ 0x5eed;
    const elements = randomElements(seed, 200);
    const r = await t.exec(['sh', '-c', 'echo $#', 'sh', ...elements.slice(0, 150)]);
    expect(r.stdout.toString(), `seed ${seed}`).toBe('150\n');
  });
});
