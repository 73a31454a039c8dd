/**
 * `uci show` and `uci changes` text by hand, the delta-file reader, and the lookup helpers.
 */
import { describe, expect, it } from 'vitest';
import {
  findSections,
  getOption,
  parseUciChanges,
  parseUciDelta,
  parseUciFile,
  parseUciShow,
  parseUciShowAll,
  resolveSection,
  sectionRef,
  serializeUciChanges,
  serializeUciShow,
  toJson,
  type UciChange,
} from '../../src/lib/uci/index.js';

// The shape of openwrt/uci's own multi-line show test: a comment-laden file with an anonymous section,
// one-item lists and a value over many lines.
const SOCKD = [
  'config main',
  '        option version  1.4.1',
  '',
  '# sockd configuration',
  "config sockd 'instance0'",
  '        option enabled  1',
  '\t# for vpn',
  '        list internal_network   vpn',
  "        option extra_config '",
  '\t\tclient pass {',
  '\t\t\tlog: error',
  "\t\t} ' # ends here",
  '',
].join('\n');

describe('uci show', () => {
  const cfg = parseUciFile(SOCKD, { packageName: 'sockd' });

  it('prints @type[n] for anonymous sections, quotes every value, and keeps newlines inside quotes', () => {
    expect(serializeUciShow(cfg)).toBe(
      [
        'sockd.@main[0]=main',
        "sockd.@main[0].version='1.4.1'",
        'sockd.instance0=sockd',
        "sockd.instance0.enabled='1'",
        "sockd.instance0.internal_network='vpn'",
        "sockd.instance0.extra_config='\n\t\tclient pass {\n\t\t\tlog: error\n\t\t} '",
        '',
      ].join('\n'),
    );
  });

  it('prints the generated names with `-X` (extended: false)', () => {
    expect(serializeUciShow(cfg, undefined, { extended: false }).split('\n')[0]).toBe('sockd.cfg017f6a=main');
  });

  it('counts named sections of the same type in @type[n], as uci does', () => {
    const c = parseUciFile("config rule 'named'\nconfig rule\nconfig zone\nconfig rule\n", { packageName: 'fw' });
    expect(serializeUciShow(c)).toBe('fw.named=rule\nfw.@rule[1]=rule\nfw.@zone[0]=zone\nfw.@rule[2]=rule\n');
  });

  it('reads show output back: lists of several items, quotes, multi-line values; one-item lists read as options', () => {
    const text = "p.s=t\np.s.a='it'\\''s'\np.s.l='x y' '' 'z'\np.s.m='1\n2'\np.s.one='only'\np.@t[1]=t\np.@t[1].k='v'\n";
    const back = parseUciShow(text);
    expect(back.package).toBe('p');
    expect(back.sections).toEqual([
      {
        type: 't',
        name: 's',
        anonymous: false,
        options: [
          { kind: 'option', name: 'a', value: "it's" },
          { kind: 'list', name: 'l', values: ['x y', '', 'z'] },
          { kind: 'option', name: 'm', value: '1\n2' },
          { kind: 'option', name: 'one', value: 'only' },
        ],
      },
      { type: 't', name: 'cfg02b619', anonymous: true, options: [{ kind: 'option', name: 'k', value: 'v' }] },
    ]);
    expect(serializeUciShow(back)).toBe(text);
  });

  it('recognises generated names from `uci show -X` as anonymous sections', () => {
    const back = parseUciShow("sockd.cfg017f6a=main\nsockd.cfg017f6a.version='1.4.1'\nsockd.cfg01ffff=main\n");
    expect(back.sections.map((s) => [s.name, s.anonymous])).toEqual([
      ['cfg017f6a', true],
      ['cfg01ffff', false],
    ]);
  });

  it('reads an emptied list (nothing after =), a custom delimiter, and several packages', () => {
    expect(parseUciShow('p.s=t\np.s.l=\n').sections[0]?.options).toEqual([{ kind: 'list', name: 'l', values: [] }]);
    expect(parseUciShow("p.s=t\np.s.l='a',' b'\n", { delimiter: ',' }).sections[0]?.options).toEqual([{ kind: 'list', name: 'l', values: ['a', ' b'] }]);
    expect(parseUciShowAll("a.x=t\nb.y=u\nb.y.k='v'\n").map((c) => c.package)).toEqual(['a', 'b']);
  });

  it('refuses malformed show text', () => {
    expect(() => parseUciShow('no equals sign\n')).toThrow(/no '='/);
    expect(() => parseUciShow("p.s.o='v'\n")).toThrow(/before the section/);
    expect(() => parseUciShow("p.s=t\np.s.o='open\n")).toThrow(/unterminated/);
    expect(() => parseUciShow('a.x=t\nb.y=u\n')).toThrow(/one package/);
  });
});

describe('uci changes', () => {
  // The line forms cli.c's uci_show_changes prints.
  const text = [
    "network.lan.ipaddr='192.168.2.1'",
    "network.cfg0a1b2c='interface'",
    "firewall.cfg02dc81.network+='wan6'",
    "firewall.cfg02dc81.network-='wan'",
    '-network.wan6',
    '-network.lan.ip6assign',
    "secubox-p2p.main.motd='it'\\''s\nfine'",
    '',
  ].join('\n');

  it('reads set, list add, list delete and delete lines (with uci\'s - prefix and quoting)', () => {
    const expected: UciChange[] = [
      { op: 'set', config: 'network', section: 'lan', option: 'ipaddr', value: '192.168.2.1' },
      { op: 'set', config: 'network', section: 'cfg0a1b2c', value: 'interface' },
      { op: 'add_list', config: 'firewall', section: 'cfg02dc81', option: 'network', value: 'wan6' },
      { op: 'del_list', config: 'firewall', section: 'cfg02dc81', option: 'network', value: 'wan' },
      { op: 'delete', config: 'network', section: 'wan6' },
      { op: 'delete', config: 'network', section: 'lan', option: 'ip6assign' },
      { op: 'set', config: 'secubox-p2p', section: 'main', option: 'motd', value: "it's\nfine" },
    ];
    expect(parseUciChanges(text)).toEqual(expected);
    expect(serializeUciChanges(expected)).toBe(text);
  });

  it('reads the empty output of a box with nothing staged', () => {
    expect(parseUciChanges('')).toEqual([]);
  });

  it('refuses lines it cannot read', () => {
    expect(() => parseUciChanges('garbage\n')).toThrow(/no '='/);
    expect(() => parseUciChanges("network.lan+='x'\n")).toThrow(/needs an option/);
    expect(() => parseUciChanges("bad name.x='y'\n")).toThrow(/cannot read/);
  });
});

describe('delta files (/tmp/.uci/<config>)', () => {
  it('tells add, rename, reorder, list add/delete, delete and set apart by their prefix', () => {
    const text = [
      "+network.cfg0a1b2c='interface'",
      "@network.cfg0a1b2c='guest'",
      "^network.guest='3'",
      "|network.guest.dns='1.1.1.1'",
      "~network.guest.dns='8.8.8.8'",
      "-network.guest.dns='0'",
      '-network.wan6',
      "network.guest.proto='static'",
      "network.guest.note='it'\\''s'",
      '',
    ].join('\n');
    expect(parseUciDelta(text)).toEqual([
      { op: 'add', config: 'network', section: 'cfg0a1b2c', value: 'interface' },
      { op: 'rename', config: 'network', section: 'cfg0a1b2c', value: 'guest' },
      { op: 'reorder', config: 'network', section: 'guest', value: '3' },
      { op: 'add_list', config: 'network', section: 'guest', option: 'dns', value: '1.1.1.1' },
      { op: 'del_list', config: 'network', section: 'guest', option: 'dns', value: '8.8.8.8' },
      { op: 'delete', config: 'network', section: 'guest', option: 'dns', value: '0' },
      { op: 'delete', config: 'network', section: 'wan6' },
      { op: 'set', config: 'network', section: 'guest', option: 'proto', value: 'static' },
      { op: 'set', config: 'network', section: 'guest', option: 'note', value: "it's" },
    ]);
  });

  it('skips the lines libuci rejects (missing value, @type refs, bad rename, trailing words)', () => {
    expect(parseUciDelta("+network.foo\nnetwork.@zone[0].x='y'\n@network.a='bad-name'\n^network.a.b='1'\nnetwork.foo bar\n")).toEqual([]);
  });
});

describe('lookups and the JSON view', () => {
  const cfg = parseUciFile(
    "config zone 'lan'\n\toption name lan\n\tlist network lan\nconfig zone\n\toption name wan\nconfig rule\n\toption name r1\nconfig zone\n\toption name dmz\n",
    { packageName: 'firewall' },
  );

  it('getOption resolves names, @type[n], @type[-1], @[n] and config.section.option paths', () => {
    expect(getOption(cfg, 'lan.name')).toBe('lan');
    expect(getOption(cfg, 'lan.network')).toEqual(['lan']);
    expect(getOption(cfg, '@zone[0].name')).toBe('lan');
    expect(getOption(cfg, '@zone[1].name')).toBe('wan');
    expect(getOption(cfg, '@zone[-1].name')).toBe('dmz');
    expect(getOption(cfg, '@[2].name')).toBe('r1');
    expect(getOption(cfg, 'firewall.@rule[0].name')).toBe('r1');
    expect(getOption(cfg, 'cfg02dc81.name')).toBe('wan');
    expect(getOption(cfg, 'other.lan.name')).toBeUndefined();
    expect(getOption(cfg, '@zone[9].name')).toBeUndefined();
    expect(getOption(cfg, 'lan.nope')).toBeUndefined();
    expect(getOption(cfg, 'lan')).toBeUndefined();
  });

  it('findSections, resolveSection and sectionRef', () => {
    expect(findSections(cfg, 'zone').map((s) => s.name)).toEqual(['lan', 'cfg02dc81', 'cfg04dc81']);
    expect(findSections(cfg)).toHaveLength(4);
    const dmz = resolveSection(cfg, '@zone[-1]');
    expect(dmz?.name).toBe('cfg04dc81');
    expect(sectionRef(cfg, dmz!)).toBe('@zone[2]');
    expect(resolveSection(cfg, 'bad-ref')).toBeUndefined();
  });

  it('toJson gives ubus-uci-get-like sections', () => {
    expect(toJson(cfg).sections.slice(0, 2)).toEqual([
      { '.anonymous': false, '.type': 'zone', '.name': 'lan', '.index': 0, name: 'lan', network: ['lan'] },
      { '.anonymous': true, '.type': 'zone', '.name': 'cfg02dc81', '.index': 1, name: 'wan' },
    ]);
    expect(JSON.parse(JSON.stringify(toJson(cfg)))).toEqual(toJson(cfg));
  });
});
