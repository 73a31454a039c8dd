/**
 * The config-file syntax by hand: quoting, escapes, comments, anonymous sections, CRLF, and the
 * libuci behaviours the model depends on (empty values, duplicate options, strict vs non-strict).
 */
import { describe, expect, it } from 'vitest';
import {
  anonymousSectionName,
  djbhash,
  parseUci,
  parseUciExport,
  parseUciExportAll,
  parseUciFile,
  serializeUciExport,
  serializeUciFile,
  UciFormatError,
  UciParseError,
  type UciConfig,
  type UciOption,
} from '../../src/lib/uci/index.js';
import { formatError, SecuboxError } from '../../src/lib/errors.js';

const opts = (text: string): UciOption[] => parseUciFile(text, { packageName: 'p' }).sections[0]?.options ?? [];
const value = (text: string, name = 'x'): unknown => {
  const o = opts(text).find((x) => x.name === name);
  return o === undefined ? undefined : o.kind === 'option' ? o.value : o.values;
};
const parseError = (text: string, strict = true): UciParseError => {
  try {
    parseUciFile(text, { packageName: 'p', strict });
  } catch (e) {
    if (e instanceof UciParseError) return e;
    throw e;
  }
  throw new Error('expected a parse error');
};

describe('quoting and escapes', () => {
  it("reads '\\'' as a single quote inside single quotes, and writes it back that way", () => {
    const text = "config t 's'\n\toption x 'it'\\''s'\n";
    expect(value(text)).toBe("it's");
    expect(serializeUciExport(parseUciFile(text, { packageName: 'p' }))).toBe("package p\n\nconfig t 's'\n\toption x 'it'\\''s'\n\n");
  });

  it('takes backslashes literally inside single quotes', () => {
    expect(value("config t s\n\toption x 'a\\.b\\\\c'\n")).toBe('a\\.b\\\\c');
  });

  it('in double quotes, \\" is a quote, \\\\ a backslash, and \\n just n (uci does not decode escapes)', () => {
    expect(value('config t s\n\toption x "say \\"hi\\" \\\\ \\n"\n')).toBe('say "hi" \\ n');
  });

  it('takes a single quote literally inside double quotes and vice versa', () => {
    expect(value(`config t s\n\toption x "it's"\n`)).toBe("it's");
    expect(value(`config t s\n\toption x 'say "hi"'\n`)).toBe('say "hi"');
  });

  it('glues quoted and unquoted parts of one word together', () => {
    expect(value(`config t s\n\toption x ab'c d'"e"\\ f\n`)).toBe('abc de f');
  });

  it('reads unquoted values, one word each', () => {
    expect(opts('config t s\n\toption x 1\n\toption y some_word\n')).toEqual([
      { kind: 'option', name: 'x', value: '1' },
      { kind: 'option', name: 'y', value: 'some_word' },
    ]);
  });

  it('lets a quoted value run over several lines, newline included', () => {
    expect(value("config t s\n\toption x 'line 1\n\tline 2'\n")).toBe('line 1\n\tline 2');
  });

  it('joins a line ending in a backslash to the next one (unquoted and in double quotes)', () => {
    expect(value('config t s\n\toption x foo\\\nbar\n')).toBe('foobar');
    expect(value('config t s\n\toption x "foo \\\nbar"\n')).toBe('foo bar');
  });

  it('fails on a quote left open at the end of the file', () => {
    expect(parseError("config t s\n\toption x 'open\n").reason).toBe("EOF with unterminated '");
    expect(parseError('config t s\n\toption x "open\n').reason).toBe('EOF with unterminated "');
  });
});

describe('empty values, lists, comments, layout', () => {
  it("drops `option x ''` and `option x` (libuci ignores an empty value while reading) but keeps `list x ''`", () => {
    expect(opts("config t s\n\toption x ''\n\toption y\n\tlist z ''\n\toption w ok\n")).toEqual([
      { kind: 'list', name: 'z', values: [''] },
      { kind: 'option', name: 'w', value: 'ok' },
    ]);
  });

  it('keeps a one-item list a list, and writes it as `list`', () => {
    const cfg = parseUciFile("config t 's'\n\tlist x 'only'\n", { packageName: 'p' });
    expect(cfg.sections[0]?.options).toEqual([{ kind: 'list', name: 'x', values: ['only'] }]);
    expect(serializeUciExport(cfg)).toBe("package p\n\nconfig t 's'\n\tlist x 'only'\n\n");
  });

  it('appends list items in order, and turns an option into a list in place when a `list` of that name follows', () => {
    expect(opts("config t s\n\toption x a\n\toption y b\n\tlist x c\n\tlist x d\n")).toEqual([
      { kind: 'list', name: 'x', values: ['a', 'c', 'd'] },
      { kind: 'option', name: 'y', value: 'b' },
    ]);
  });

  it('replaces an option set twice in place (and a list by a later `option`)', () => {
    expect(opts('config t s\n\toption x 1\n\toption y 2\n\toption x 3\n\tlist z a\n\toption z b\n')).toEqual([
      { kind: 'option', name: 'x', value: '3' },
      { kind: 'option', name: 'y', value: '2' },
      { kind: 'option', name: 'z', value: 'b' },
    ]);
  });

  it('ignores comment lines, indented comments and trailing comments, but not # inside quotes', () => {
    const text = "# head\nconfig t 's' # trailing\n  # indented\n\toption x 'a#b' # c\n\toption y a#b\n#\toption z no\n";
    expect(opts(text)).toEqual([
      { kind: 'option', name: 'x', value: 'a#b' },
      { kind: 'option', name: 'y', value: 'a' },
    ]);
  });

  it('accepts tabs, spaces, blank lines and abbreviated commands (c/o/l/p)', () => {
    const cfg = parseUciFile('\n  \t\np p\nc   t\t s\n    o x 1\n\t\tl y 2\n\n', { packageName: 'p' });
    expect(cfg.sections).toEqual([{ type: 't', name: 's', anonymous: false, options: [{ kind: 'option', name: 'x', value: '1' }, { kind: 'list', name: 'y', values: ['2'] }] }]);
  });

  it('reads CRLF files like LF files (\\r is whitespace to uci), except after a bare command word', () => {
    const crlf = "config t 's'\r\n\toption x 'a'\r\n\toption y b\r\n\r\n";
    expect(parseUciFile(crlf, { packageName: 'p' })).toEqual(parseUciFile(crlf.replaceAll('\r\n', '\n'), { packageName: 'p' }));
    // `config\r\n`: the command word is split on spaces and tabs only, so it is "config\r\n", an invalid command
    expect(parseError('config\r\n').reason).toBe('invalid command');
  });

  it('reads a file without a trailing newline', () => {
    expect(value("config t s\n\toption x 'last'")).toBe('last');
    expect(value('config t s\n\toption x last')).toBe('last');
  });

  it("splits commands on `;` after a quoted value (the sabnzbd password keeps its ';' inside quotes)", () => {
    expect(opts("config t s\n\toption x 'a'; option y 'b'\n")).toEqual([
      { kind: 'option', name: 'x', value: 'a' },
      { kind: 'option', name: 'y', value: 'b' },
    ]);
    expect(value("config t s\n\toption password 'Gk24@EWEKA;001'\n", 'password')).toBe('Gk24@EWEKA;001');
  });

  it('ignores `package` lines in a config file, as uci_load does', () => {
    expect(parseUciFile("package other\n\nconfig t 's'\n", { packageName: 'p' }).package).toBe('p');
  });
});

describe('anonymous and named sections', () => {
  it('names anonymous sections as libuci does: cfg + section counter (named ones count) + hash of the type', () => {
    const cfg = parseUciFile("config interface 'loopback'\nconfig globals 'globals'\nconfig device\n\toption name 'br-lan'\nconfig zone\n", { packageName: 'network' });
    expect(cfg.sections.map((s) => [s.name, s.anonymous])).toEqual([
      ['loopback', false],
      ['globals', false],
      ['cfg030f15', true],
      ['cfg04dc81', true],
    ]);
    expect(djbhash('defaults') % 65536).toBe(0xe63d);
    expect(anonymousSectionName(1, 'defaults')).toBe('cfg01e63d');
    expect(anonymousSectionName(0x123, 'zone')).toBe('cfg123dc81');
  });

  it('does not write the names of anonymous sections on export (uci export without -n), unless asked', () => {
    const cfg = parseUciFile('config device\n\toption name x\n', { packageName: 'network' });
    expect(serializeUciExport(cfg)).toBe("package network\n\nconfig device\n\toption name 'x'\n\n");
    expect(serializeUciExport(cfg, undefined, { exportNames: true })).toBe("package network\n\nconfig device 'cfg010f15'\n\toption name 'x'\n\n");
  });

  it('continues a named section declared again with the same type, merging its options', () => {
    const cfg = parseUciFile('config t a\n\toption x 1\nconfig t b\nconfig t a\n\toption y 2\n', { packageName: 'p' });
    expect(cfg.sections.map((s) => [s.name, s.options.map((o) => o.name)])).toEqual([
      ['a', ['x', 'y']],
      ['b', []],
    ]);
  });

  it('validates types and names as uci does', () => {
    expect(parseError("config 'my type'\n").reason).toBe('invalid character in type field');
    expect(parseError("config t 'bad-name'\n").reason).toBe('invalid character in name field');
    expect(parseError("config t s\n\toption 'bad.name' v\n").reason).toBe('invalid character in name field');
    expect(parseError('config\n').reason).toBe('invalid command');
    expect(parseError('config \n').reason).toBe('insufficient arguments');
    expect(parseError("option x 'y'\n").reason).toBe('option/list command found before the first section');
    expect(parseError('bogus line\n').reason).toBe('invalid command');
  });
});

describe('strict and non-strict parsing', () => {
  it('reports errors like uci: reason, line, byte', () => {
    const e = parseError('config t s\n\toption x y z\n');
    expect(e).toMatchObject({ reason: 'too many arguments', line: 2, byte: 14 });
    expect(e.message).toBe('Parse error (too many arguments) at line 2, byte 14');
  });

  it('gives errors a secubox hint, and the message uci prints', () => {
    const e = parseError("config t 'x-y'\n");
    expect(e).toBeInstanceOf(SecuboxError);
    expect(formatError(e).text).toBe(`secubox: Parse error (invalid character in name field) at line 1, byte 15\nhint: ${e.hint}\n`);
    expect(() => parseUciExportAll("package a\npackage a\n", { strict: false })).toThrow(UciFormatError);
  });

  it('non-strict skips the rest of a bad line, keeps going, and collects the errors', () => {
    const text = "config t s\nbogus\n\toption x y extra\nconfig t 'bad-name'\n\toption k v\n";
    const { configs, errors } = parseUci(text, { single: true, packageName: 'p', strict: false });
    // extra words are ignored, and after the refused `config` line the options go to the previous section
    expect(configs[0]?.sections).toEqual([{ type: 't', name: 's', anonymous: false, options: [{ kind: 'option', name: 'x', value: 'y' }, { kind: 'option', name: 'k', value: 'v' }] }]);
    expect(errors.map((e) => [e.reason, e.line])).toEqual([
      ['invalid command', 2],
      ['invalid character in name field', 4],
    ]);
  });

  it('non-strict changes the type of a section declared again with another type', () => {
    const { configs } = parseUci("config vhost 'a'\n\toption domain d\nconfig backend 'a'\n\toption mode http\n", { single: true, packageName: 'p', strict: false });
    expect(configs[0]?.sections).toEqual([{ type: 'backend', name: 'a', anonymous: false, options: [{ kind: 'option', name: 'domain', value: 'd' }, { kind: 'option', name: 'mode', value: 'http' }] }]);
  });
});

describe('export text', () => {
  it('reads the package name, and needs one', () => {
    expect(parseUciExport("package network\n\nconfig t 's'\n\n").package).toBe('network');
    expect(() => parseUciExport("config t 's'\n")).toThrow(/without a package name/);
    expect(() => parseUciExport('')).toThrow(/no package/);
  });

  it('reads `uci export` of several packages (and refuses that in parseUciExport)', () => {
    const text = "package a\n\nconfig t 'x'\n\npackage b\n\nconfig u\n\toption k 'v'\n\n";
    const all = parseUciExportAll(text);
    expect(all.map((c) => [c.package, c.sections.length])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(all.map((c) => serializeUciExport(c)).join('')).toBe(text);
    expect(() => parseUciExport(text)).toThrow(/one package/);
  });

  it('writes an empty package as uci does, and the committed-file form without the package line', () => {
    const empty: UciConfig = { package: 'e', sections: [] };
    expect(serializeUciExport(empty)).toBe('package e\n\n');
    const cfg = parseUciFile("config t 's'\n\toption x '1'\n", { packageName: 'p' });
    expect(serializeUciFile(cfg)).toBe("\nconfig t 's'\n\toption x '1'\n\n");
  });

  it('escapes quotes in types, names and values', () => {
    const cfg: UciConfig = { package: 'p', sections: [{ type: "t'y", name: 'n', anonymous: false, options: [{ kind: 'list', name: 'l', values: ["a'b", "'"] }] }] };
    expect(serializeUciExport(cfg)).toBe("package p\n\nconfig t'\\''y 'n'\n\tlist l 'a'\\''b'\n\tlist l ''\\'''\n\n");
  });
});

/** Deterministic pseudo-random values made of the characters that matter to the lexer. */
function* randomValues(seed: number, count: number): Generator<string> {
  const alphabet = ["'", '"', '\\', '#', ';', ' ', '\t', '\n', '\r', 'a', 'Z', '0', '=', '.', '$', '`', 'é', '🙂', '\u0001', '\u001f'];
  let s = seed >>> 0;
  const rnd = (n: number): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  for (let i = 0; i < count; i++) {
    const len = 1 + rnd(12);
    let v = '';
    for (let k = 0; k < len; k++) v += alphabet[rnd(alphabet.length)];
    yield v;
  }
}

describe('round trip of awkward values', () => {
  it('serialize → parse gives back 2,000 random values made of quotes, backslashes, #, ;, newlines, CR, unicode', () => {
    const values = [...randomValues(42, 2000)];
    const cfg: UciConfig = {
      package: 'fuzz',
      sections: [
        { type: 'opts', name: 'o', anonymous: false, options: values.slice(0, 1000).map((v, i) => ({ kind: 'option', name: `v${i}`, value: v })) },
        { type: 'lists', name: 'cfg02abcd', anonymous: false, options: [{ kind: 'list', name: 'l', values: values.slice(1000) }] },
      ],
    };
    const text = serializeUciExport(cfg);
    expect(parseUciExport(text)).toEqual(cfg);
    expect(parseUciFile(serializeUciFile(cfg), { packageName: 'fuzz' })).toEqual(cfg);
  });
});
