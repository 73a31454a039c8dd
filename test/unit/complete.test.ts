import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { complete, formatCompletion, type CompletionResult } from '../../src/commands/complete/engine.js';
import { buildTree } from '../../src/commands/complete/tree.js';
import { recordNames } from '../../src/core/nameCache.js';
import { FIXTURE_COMMANDS, FIXTURE_GROUPS, FIXTURE_REGISTRY, INVENTORY, tempHome, type TempHome } from './complete.fixture.js';

let home: TempHome;
const root = buildTree(FIXTURE_COMMANDS, FIXTURE_GROUPS);

async function run(line: string[]): Promise<CompletionResult> {
  return complete(line, { env: home.env, root, registry: async () => FIXTURE_REGISTRY, helpTopics: [{ value: 'exit-codes', description: 'codes' }] });
}
async function values(...line: string[]): Promise<string[]> {
  return (await run(line)).candidates.map((c) => c.value);
}

beforeEach(() => { home = tempHome(INVENTORY); });
afterEach(() => home.cleanup());

describe('__complete: command tree', () => {
  it('lists top-level verbs and groups with their summaries, never hidden ones', async () => {
    const r = await run(['']);
    expect(r.candidates.map((c) => c.value)).toEqual(['box', 'status', 'emancipate', 'ubus', 'uci', 'exec', 'subsystem', 'key', 'help']);
    expect(r.candidates.find((c) => c.value === 'box')?.description).toBe('manage the inventory');
    expect(r.candidates.find((c) => c.value === 'status')?.description).toBe('fleet summary');
    expect(await values('__')).toEqual([]);
  });

  it('filters verbs by prefix', async () => {
    expect(await values('u')).toEqual(['ubus', 'uci']);
    expect(await values('st')).toEqual(['status']);
  });

  it('lists sub-verbs of a group, and their aliases once a prefix is typed', async () => {
    expect(await values('box', '')).toEqual(['add', 'list', 'rm']);
    expect(await values('box', 'l')).toEqual(['list', 'ls']);
    // an alias resolves like the verb
    expect(await values('box', 'ls', '--')).toContain('--json');
  });

  it('completes option names, including globals, target options and --json; `--j` becomes --json', async () => {
    expect(await values('status', '--j')).toEqual(['--json']);
    const all = await values('status', '--');
    for (const o of ['--format', '--fields', '--box', '--group', '--all', '--timeout', '--json', '--debug', '--demo', '--no-color', '--help']) expect(all).toContain(o);
    expect(await values('status', '-')).toContain('-b');
    expect(await values('emancipate', '--hid')).toEqual([]); // hidden option
  });

  it('does not offer an option already given, but keeps repeatable ones', async () => {
    expect(await values('status', '--json', '--j')).toEqual([]);
    expect(await values('box', 'add', 'x', '--tag', 'lab', '--', )).toContain('--tag');
  });

  it('completes enum values (choices), also as --opt=value', async () => {
    expect(await values('status', '--format', '')).toEqual(['table', 'tsv', 'json']);
    expect(await values('status', '--format', 't')).toEqual(['table', 'tsv']);
    expect(await values('status', '--format=ts')).toEqual(['--format=tsv']);
  });

  it('answers nothing (and does not throw) for unknown words', async () => {
    expect(await run(['nope', ''])).toEqual({ candidates: [], files: false, nospace: false });
    expect(await values('box', 'nope', '')).toEqual([]);
    expect(await values('status', '--nope=x')).toEqual([]);
    expect(await values('box', 'list', '--json=')).toEqual([]);
  });

  it('offers options when no argument is left', async () => {
    expect(await values('box', 'list', '')).toContain('--json');
  });
});

describe('__complete: inventory', () => {
  it('completes box names for --box, -b and --box=, dotted names included', async () => {
    expect(await values('status', '--box', '')).toEqual(['r1.lab', 'r2', 'edge-1']);
    expect(await values('status', '-b', 'r1')).toEqual(['r1.lab']);
    expect(await values('status', '--box=r')).toEqual(['--box=r1.lab', '--box=r2']);
    const r = await run(['status', '--box', 'r1']);
    expect(r.candidates[0]?.description).toBe('192.0.2.1 #lab #paris');
  });

  it('completes comma lists without repeating a box already listed', async () => {
    expect(await values('status', '--box', 'r2,')).toEqual(['r2,r1.lab', 'r2,edge-1']);
    expect(await values('status', '--box', 'r1.lab,r')).toEqual(['r1.lab,r2']);
    expect(await values('status', '--box=r2,e')).toEqual(['--box=r2,edge-1']);
  });

  it('--box repeats: a second --box still completes box names (not those given before); --all and --box exclude each other', async () => {
    expect(await values('status', '--box', 'r2', '--box', '')).toEqual(['r1.lab', 'edge-1']);
    expect(await values('status', '-b', 'r2,edge-1', '--box', '')).toEqual(['r1.lab']);
    expect(await values('status', '--box', 'r2', '--group', 'lab', '--group', '')).toEqual(['paris', 'prod']);
    expect(await values('status', '--box', 'r2', '--')).toContain('--box');
    expect(await values('status', '--box', 'r2', '--a')).toEqual([]);
    expect(await values('status', '--all', '--')).not.toContain('--box');
    expect(await values('status', '--all', '--g')).toEqual([]);
  });

  it('completes box names as a positional argument', async () => {
    expect(await values('box', 'rm', 'e')).toEqual(['edge-1']);
  });

  it('completes --group with the tags of the inventory', async () => {
    const r = await run(['status', '--group', '']);
    expect(r.candidates.map((c) => c.value)).toEqual(['lab', 'paris', 'prod']);
    expect(r.candidates[0]?.description).toBe('group of 2 boxes');
    expect(await values('box', 'add', 'x', '--tag', 'p')).toEqual(['paris', 'prod']);
  });

  it('reads the object-map inventory shape too, and survives a missing or corrupt file', async () => {
    home.cleanup();
    home = tempHome({ boxes: { 'a.b': { host: 'h', tags: ['t'] }, c: {} }, default: 'c' });
    expect(await values('status', '--box', '')).toEqual(['a.b', 'c']);
    home.cleanup();
    home = tempHome();
    expect(await values('status', '--box', '')).toEqual([]);
    home.cleanup();
    home = tempHome('not an object');
    expect(await values('status', '--group', '')).toEqual([]);
  });
});

describe('__complete: registry and name cache', () => {
  it('completes subsystem ids and aliases', async () => {
    expect(await values('subsystem', '')).toEqual(['crowdsec', 'metablogizer', 'blogs']);
    expect(await values('subsystem', 'm')).toEqual(['metablogizer']);
  });

  it('completes ubus objects and then that object\'s methods', async () => {
    expect(await values('ubus', 'call', 'luci.m')).toEqual(['luci.metablogizer']);
    expect(await values('ubus', 'call', 'luci.metablogizer', '')).toEqual(['status', 'list_sites', 'emancipate']);
    recordNames('r2', 'ubus-method:luci.metablogizer', ['get_job'], { env: home.env });
    expect(await values('ubus', 'call', 'luci.metablogizer', 'g')).toEqual(['get_job']);
  });

  it('completes site names from the local cache, narrowed to the boxes the line targets', async () => {
    expect(await values('emancipate', '--site', '')).toEqual([]);
    recordNames('r1.lab', 'site', ['blog', 'wiki'], { env: home.env });
    // nothing seen yet on the default box (r2): what was seen anywhere
    expect(await values('emancipate', '--site', '')).toEqual(['blog', 'wiki']);
    recordNames('r2', 'site', ['shop'], { env: home.env });
    // no --box: the default box, as the command would target
    expect(await values('emancipate', '--site', '')).toEqual(['shop']);
    expect(await values('emancipate', '--all', '--site', '')).toEqual(['blog', 'wiki', 'shop']);
    expect(await values('--demo', 'emancipate', '--site', '')).toEqual(['blog', 'wiki', 'shop']);
    expect(await values('emancipate', '--box', 'r2', '--site', '')).toEqual(['shop']);
    expect(await values('emancipate', '--box=r1.lab', '--site', 'w')).toEqual(['wiki']);
    expect(await values('emancipate', '--group', 'lab', '--site', 's')).toEqual(['shop']);
    recordNames('r2', 'exposable', ['gitea', 'jellyfin'], { env: home.env });
    expect(await values('emancipate', 'g')).toEqual(['gitea']);
  });

  it('completes UCI paths: configs with a trailing dot (no space), then cached paths', async () => {
    const r = await run(['uci', 'get', 'net']);
    expect(r.candidates.map((c) => c.value)).toEqual(['network.']);
    expect(r.nospace).toBe(true);
    recordNames('r2', 'uci-path', ['network.lan.ipaddr', 'network.lan.proto'], { env: home.env });
    expect(await values('uci', 'get', 'network.lan.p')).toEqual(['network.lan.proto']);
  });
});

describe('__complete: pass-through, files, help topics, wire format', () => {
  it('completes options of exec before its argv, nothing after it', async () => {
    expect(await values('exec', '--b')).toEqual(['--box']);
    expect(await values('exec', '--box', 'r2', '--', 'ls', '-')).toEqual([]);
    expect(await values('exec', '--box', 'r2', 'uname', '--')).toEqual([]);
  });

  it('asks the shell for file names where the argument is a file', async () => {
    expect((await run(['key', ''])).files).toBe(true);
  });

  it('completes command paths and topics for help', async () => {
    expect(await values('help', '')).toEqual(['box', 'status', 'emancipate', 'ubus', 'uci', 'exec', 'subsystem', 'key', 'help', 'exit-codes']);
    expect(await values('help', 'box', '')).toEqual(['add', 'list', 'rm']);
    expect(await values('help', 'nope', '')).toEqual([]);
  });

  it('prints value<TAB>description lines and directives', () => {
    expect(formatCompletion({ candidates: [{ value: 'a', description: 'x\ty' }, { value: 'b' }, { value: 'c\nd' }], files: true, nospace: false })).toBe('a\tx y\nb\n:files\n');
    expect(formatCompletion({ candidates: [], files: false, nospace: false })).toBe('');
  });

  it('keeps control characters out of values and descriptions', async () => {
    recordNames('r2', 'site', ['ok', 'bad\nname'], { env: home.env });
    expect(await values('emancipate', '--site', '')).toEqual(['ok']);
  });
});

describe('__complete: never fails', () => {
  it('answers any sequence of words without throwing, one clean line per candidate', async () => {
    const vocab = ['', 'box', 'add', 'ls', 'status', 'exec', 'ubus', 'call', 'uci', 'get', 'help', 'emancipate', '--', '-', '--box', '-b', '--box=', '--box=r2,',
      'r2,', ',', '=', '--json', '--format', '--format=', '--fields', '--tag', '--group', '--all', '--site', '-x', '--no-color', 'é', '💥', "'", '"', '\\', '$(x)', 'a\tb', 'a\nb', '\x00'];
    let seed = 42;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    for (let i = 0; i < 400; i++) {
      const words = Array.from({ length: 1 + rand(6) }, () => vocab[rand(vocab.length)]!);
      const out = formatCompletion(await run(words));
      for (const line of out.split('\n').filter(Boolean)) {
        expect(line.split('\t').length, JSON.stringify(words)).toBeLessThanOrEqual(2);
        expect(/[\x00-\x08\x0a-\x1f]/.test(line), JSON.stringify(words)).toBe(false);
      }
    }
  });
});
