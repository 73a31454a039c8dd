/**
 * The UCI module against real data: every UCI config file of the SecuBox packages, and every `uci export` /
 * `uci show` output recorded on a box (the real libuci produced those from the box's /etc/config files).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseUci,
  parseUciExport,
  parseUciFile,
  parseUciShow,
  serializeUciExport,
  serializeUciShow,
  UciParseError,
  type UciConfig,
} from '../../src/lib/uci/index.js';
import { OPENWRT_FILES, TRANSCRIPTS } from '../helpers/shared.js';

const UCI_T = join(TRANSCRIPTS, 'uci');
const read = (p: string): string => readFileSync(p, 'utf8');
const meta = (outPath: string): { command: string; exit_code: number; stderr: string } =>
  JSON.parse(read(outPath.replace(/\.out$/, '.meta.json'))) as { command: string; exit_code: number; stderr: string };

// The UCI files of the SecuBox packages: MANIFEST.json lists each with kind "uci" (all under */etc/config/).
const manifest = JSON.parse(read(join(OPENWRT_FILES, 'MANIFEST.json'))) as { files: { dest: string; kind: string }[] };
const uciFiles = manifest.files.filter((f) => f.kind === 'uci').map((f) => f.dest).sort();

const recorded = (dir: 'export' | 'show'): string[] =>
  readdirSync(join(UCI_T, dir)).filter((f) => f.endsWith('.out')).sort();

/** One-item lists print like options in `uci show`: make a tree comparable with what parseUciShow reads. */
function asShowSees(cfg: UciConfig): UciConfig {
  return {
    package: cfg.package,
    sections: cfg.sections.map((s) => ({
      ...s,
      options: s.options.map((o) => (o.kind === 'list' && o.values.length === 1 ? { kind: 'option' as const, name: o.name, value: o.values[0] as string } : o)),
    })),
  };
}

describe('UCI fixture inventory', () => {
  it('finds the 104 UCI files of the manifest, all under */etc/config/', () => {
    expect(uciFiles.length).toBe(104);
    for (const f of uciFiles) expect(f).toMatch(/^[^/]+\/etc\/config\/[^/]+$/);
    expect(existsSync(join(OPENWRT_FILES, uciFiles[0] as string))).toBe(true);
  });
  it('has a recorded export and show for every config on the box (plus haproxy\'s `uci -S` ones)', () => {
    const configs = read(join(UCI_T, 'ls_etc_config.out')).split('\n').filter(Boolean);
    expect(configs.length).toBe(116);
    expect(recorded('export')).toEqual([...configs.map((c) => `${c}.out`), 'haproxy__non-strict_-S.out'].sort());
    expect(recorded('show')).toEqual(recorded('export'));
  });
});

// haproxy's file has `config vhost 'cybermood_presse'` and later `config backend 'cybermood_presse'`:
// strict libuci (the default) refuses it; it is covered by its own tests below.
const STRICT_FAILS = new Set(['secubox-app-haproxy/etc/config/haproxy']);

describe('every SecuBox UCI file: parse → serialize → parse gives the same tree', () => {
  for (const rel of uciFiles) {
    const name = basename(rel);
    it(rel, () => {
      const text = read(join(OPENWRT_FILES, rel));
      const strict = !STRICT_FAILS.has(rel);
      const { configs, errors } = parseUci(text, { single: true, packageName: name, strict });
      expect(errors).toEqual([]);
      const cfg = configs[0] as UciConfig;
      expect(cfg.package).toBe(name);
      expect(cfg.sections.length).toBeGreaterThan(0);
      const text2 = serializeUciExport(cfg);
      const again = parseUciExport(text2, { strict });
      expect(again).toEqual(cfg);
      // and the file form (what `uci commit` writes) reads back the same
      expect(serializeUciExport(again)).toBe(text2);
    });
  }
});

/**
 * Fixture files whose text is NOT the config the box had when the exports were recorded (checked below:
 * each must really differ, so this list cannot hide a parser bug that later gets fixed or introduced).
 */
const NOT_THE_BOX_FILE: Record<string, string> = {
  'secubox-app-metablogizer/etc/config/metablogizer': 'the box had a `site_demo` site section added before recording',
  'luci-app-metablogizer/etc/config/metablogizer': 'the other metablogizer package version (runtime/gitea_url options) plus the `site_demo` site',
  'secubox-iot-guard/etc/config/iot-guard': 'the box has luci-app-iot-guard\'s iot-guard; the two packages ship different files',
  'secubox-app-ndpid/etc/config/ndpid': 'the box\'s /etc/config/ndpid is another package\'s (four `ndpid` sections, no `ndpisrvd`)',
  'secubox-mesh/etc/config/secubox': 'the box\'s /etc/config/secubox comes from secubox-core (`config core \'main\'`), not secubox-mesh',
  'luci-app-webradio/etc/config/webradio': 'the box has secubox-app-webradio\'s webradio; the two packages ship different files',
  'luci-app-vhost-manager/etc/config/vhosts': 'the box has secubox-app-vhost-manager\'s vhosts; the two packages ship different files',
  'secubox-app-haproxy/etc/config/haproxy': 'strict uci refuses it: `uci export haproxy` printed nothing and exited 1 (tested below)',
};

const onBox = new Set(read(join(UCI_T, 'ls_etc_config.out')).split('\n').filter(Boolean));

describe('every SecuBox UCI file that is the box\'s config serializes to the recorded `uci export`', () => {
  for (const rel of uciFiles) {
    const name = basename(rel);
    const exportPath = join(UCI_T, 'export', `${name}.out`);
    if (!existsSync(exportPath)) {
      // cookie-tracker, netifyd, crowdsec (two packages), vortex-firewall: not installed on the recorded box
      it(`${rel}: not on the box, so no recording to compare with`, () => {
        expect(onBox.has(name)).toBe(false);
      });
      continue;
    }
    const excluded = NOT_THE_BOX_FILE[rel];
    if (excluded !== undefined) {
      it(`${rel}: excluded (${excluded}), and it does differ`, () => {
        const text = read(join(OPENWRT_FILES, rel));
        const { configs } = parseUci(text, { single: true, packageName: name, strict: false });
        expect(serializeUciExport(configs[0] as UciConfig)).not.toBe(read(exportPath));
      });
      continue;
    }
    it(rel, () => {
      const cfg = parseUciFile(read(join(OPENWRT_FILES, rel)), { packageName: name });
      expect(serializeUciExport(cfg, name)).toBe(read(exportPath));
    });
  }
  it('the exclusion list names only real files', () => {
    for (const rel of Object.keys(NOT_THE_BOX_FILE)) expect(uciFiles).toContain(rel);
  });
});

describe('every recorded `uci export`: parse → serializeUciExport gives the recorded bytes', () => {
  for (const file of recorded('export')) {
    const path = join(UCI_T, 'export', file);
    const text = read(path);
    const m = meta(path);
    if (m.exit_code !== 0) {
      it(`${file}: uci failed (${m.stderr.trim()}), no output to parse`, () => {
        expect(text).toBe('');
        expect(() => parseUciExport(text)).toThrow(/no package/);
      });
      continue;
    }
    it(file, () => {
      const cfg = parseUciExport(text);
      const name = m.command.split(' ').pop();
      expect(cfg.package).toBe(name);
      expect(serializeUciExport(cfg)).toBe(text);
    });
  }
});

describe('every recorded `uci show`: parseUciShow agrees with the export, serializeUciShow gives the bytes', () => {
  for (const file of recorded('show')) {
    const path = join(UCI_T, 'show', file);
    const text = read(path);
    const m = meta(path);
    const exportPath = join(UCI_T, 'export', file);
    if (m.exit_code !== 0) {
      it(`${file}: uci failed (${m.stderr.trim()}), and so did its export`, () => {
        expect(text).toBe('');
        expect(meta(exportPath).exit_code).not.toBe(0);
        expect(parseUciShow(text).sections).toEqual([]);
      });
      continue;
    }
    it(file, () => {
      const fromExport = parseUciExport(read(exportPath));
      const fromShow = parseUciShow(text);
      expect(fromShow).toEqual(asShowSees(fromExport));
      expect(serializeUciShow(fromShow)).toBe(text);
      expect(serializeUciShow(fromExport)).toBe(text);
    });
  }
});

describe('the write flows: `uci show` before and after each flow reads and prints back byte for byte', () => {
  const flows = join(TRANSCRIPTS, 'flows');
  for (const flow of readdirSync(flows).filter((d) => /^\d\d_/.test(d)).sort()) {
    for (const file of readdirSync(join(flows, flow)).filter((f) => /_show_.*\.out$/.test(f)).sort()) {
      const path = join(flows, flow, file);
      const text = read(path);
      const m = meta(path);
      if (m.exit_code !== 0) {
        // strict `uci show haproxy` (the shared section name) and `uci show uhttpd` (no such config on the box)
        it(`${flow}/${file}: uci failed, empty output`, () => {
          expect(text).toBe('');
          expect(m.stderr).toMatch(/^uci: (Parse error|Entry not found)/);
        });
        continue;
      }
      it(`${flow}/${file}`, () => {
        const cfg = parseUciShow(text);
        expect(cfg.package).toBe(m.command.split(' ').pop());
        expect(serializeUciShow(cfg)).toBe(text);
        // and via the export format: show → export text → parse → show
        expect(serializeUciShow(parseUciExport(serializeUciExport(cfg)))).toBe(text);
      });
    }
  }
});

describe('haproxy: a vhost and a backend share the section name `cybermood_presse`', () => {
  const text = read(join(OPENWRT_FILES, 'secubox-app-haproxy/etc/config/haproxy'));
  const failed = meta(join(UCI_T, 'export', 'haproxy.out'));

  it('strict parsing fails exactly as the real uci did (same reason, line and byte)', () => {
    expect(failed.exit_code).toBe(1);
    let err: unknown;
    try {
      parseUciFile(text, { packageName: 'haproxy' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UciParseError);
    const pe = err as UciParseError;
    expect(pe.reason).toBe('section of different type overwrites prior section with same name');
    expect([pe.line, pe.byte]).toEqual([101, 34]);
    expect(`uci: ${pe.message}\n`).toBe(failed.stderr);
  });

  it('non-strict parsing (`uci -S`) merges the two into one section like uci, matching the recorded export and show', () => {
    const { configs, errors } = parseUci(text, { single: true, packageName: 'haproxy', strict: false });
    expect(errors).toEqual([]);
    const cfg = configs[0] as UciConfig;
    const merged = cfg.sections.filter((s) => s.name === 'cybermood_presse');
    expect(merged).toHaveLength(1);
    expect(merged[0]?.type).toBe('backend');
    expect(merged[0]?.options.map((o) => o.name)).toEqual(['domain', 'backend', 'ssl', 'ssl_redirect', 'acme', 'enabled', 'name', 'mode', 'balance']);
    expect(serializeUciExport(cfg)).toBe(read(join(UCI_T, 'export', 'haproxy__non-strict_-S.out')));
    expect(serializeUciShow(cfg)).toBe(read(join(UCI_T, 'show', 'haproxy__non-strict_-S.out')));
  });

  it('the recorded `uci changes` runs hit the same error on stderr and printed no change', () => {
    const m = meta(join(UCI_T, 'uci_changes_initial.out'));
    expect(m.stderr).toBe(failed.stderr);
    expect(read(join(UCI_T, 'uci_changes_initial.out'))).toBe('');
  });
});
