/**
 * The demo boxes' UCI: an in-memory store of configs (committed + staged, as libuci keeps them) and an
 * interpreter for the `uci` argv forms the tool uses (export, show, get, set, delete, add_list,
 * del_list, add, rename, batch on stdin, commit, revert, changes; -q, -S, -X). Text formats come from
 * src/lib/uci so that the demo prints exactly what a real box prints.
 */
import { cloneConfig, parseUciFile, resolveSection, serializeUciExport, serializeUciShow, type UciConfig, type UciSection } from '../../lib/uci/index.js';

export interface SimResult { stdout: string; stderr: string; code: number }

const ok = (stdout = ''): SimResult => ({ stdout, stderr: '', code: 0 });
const fail = (stderr: string, code = 1): SimResult => ({ stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, code });

/** What a real libuci prints for a config whose file breaks strict parsing (a real box's haproxy config). */
export const STRICT_PARSE_ERROR = 'uci: Parse error (section of different type overwrites prior section with same name) at line 101, byte 34';

export class SimUci {
  private readonly committed = new Map<string, UciConfig>();
  private readonly working = new Map<string, UciConfig>();
  /** Configs that fail strict parsing (only `-S` reads work; writes fail). */
  readonly broken = new Set<string>();
  private anon = 0;

  load(name: string, fileText: string): void {
    const cfg = parseUciFile(fileText);
    cfg.package = name;
    this.committed.set(name, cfg);
    this.working.set(name, cloneConfig(cfg));
  }

  names(): string[] {
    return [...this.working.keys()].sort();
  }

  /** The staged view of a config (what `uci get` shows). */
  config(name: string): UciConfig | undefined {
    return this.working.get(name);
  }

  section(config: string, section: string): UciSection | undefined {
    const c = this.working.get(config);
    return c ? resolveSection(c, section) : undefined;
  }

  get(config: string, section: string, option: string): string | undefined {
    const o = this.section(config, section)?.options.find((x) => x.name === option);
    return o ? (o.kind === 'option' ? o.value : o.values.join(' ')) : undefined;
  }

  // --- direct mutations (used by the simulated daemons; they commit like the real CLIs do) ---

  setSection(config: string, name: string, type: string): void {
    let c = this.working.get(config);
    if (!c) { c = { package: config, sections: [] }; this.working.set(config, c); this.committed.set(config, { package: config, sections: [] }); }
    const s = resolveSection(c, name);
    if (s) s.type = type;
    else c.sections.push({ type, name, anonymous: false, options: [] });
  }

  setOption(config: string, section: string, option: string, value: string): boolean {
    const s = this.section(config, section);
    if (!s) return false;
    const o = s.options.find((x) => x.name === option);
    if (o) { s.options[s.options.indexOf(o)] = { kind: 'option', name: option, value }; } else s.options.push({ kind: 'option', name: option, value });
    return true;
  }

  addList(config: string, section: string, option: string, value: string): boolean {
    const s = this.section(config, section);
    if (!s) return false;
    const o = s.options.find((x) => x.name === option);
    if (o && o.kind === 'list') o.values.push(value);
    else if (o) s.options[s.options.indexOf(o)] = { kind: 'list', name: option, values: [o.value, value] };
    else s.options.push({ kind: 'list', name: option, values: [value] });
    return true;
  }

  delete(config: string, section: string, option?: string): boolean {
    const c = this.working.get(config);
    const s = c ? resolveSection(c, section) : undefined;
    if (!c || !s) return false;
    if (option === undefined) { c.sections.splice(c.sections.indexOf(s), 1); return true; }
    const i = s.options.findIndex((x) => x.name === option);
    if (i < 0) return false;
    s.options.splice(i, 1);
    return true;
  }

  commit(config?: string): void {
    for (const name of config ? [config] : this.names()) {
      const w = this.working.get(name);
      if (w) this.committed.set(name, cloneConfig(w));
    }
  }

  revert(config: string): void {
    const c = this.committed.get(config);
    if (c) this.working.set(config, cloneConfig(c));
  }

  changes(config: string): string {
    const w = this.working.get(config), c = this.committed.get(config);
    if (!w || !c) return '';
    return serializeUciShow(w, config) === serializeUciShow(c, config) ? '' : `${config}: staged changes\n`;
  }

  // --- the `uci` command line ---

  run(argv: readonly string[], stdin = ''): SimResult {
    const args = argv.slice(1);
    let quiet = false, strict = true, extended = true;
    while (args[0]?.startsWith('-')) {
      const f = args.shift()!;
      if (f === '-q') quiet = true;
      else if (f === '-S') strict = false;
      else if (f === '-X') extended = false;
      else if (f === '-n' || f === '-N') continue;
      else return fail(`uci: unknown option ${f}`);
    }
    const [cmd, arg, ...rest] = args;
    const q = (r: SimResult) => (quiet && r.code !== 0 ? { ...r, stderr: '' } : r);
    const target = (arg ?? '').split('.')[0]!;
    if (strict && target && this.broken.has(target)) return fail(STRICT_PARSE_ERROR);
    switch (cmd) {
      case 'export': {
        const names = arg ? [arg] : this.names();
        if (arg && !this.working.has(arg)) return q(fail('uci: Entry not found'));
        return ok(names.map((n) => serializeUciExport(this.working.get(n)!, n)).join(''));
      }
      case 'show': {
        if (!arg) return ok(this.names().map((n) => serializeUciShow(this.working.get(n)!, n, { extended })).join(''));
        const [c, s, o] = arg.split('.');
        const cfg = this.working.get(c!);
        if (!cfg) return q(fail('uci: Entry not found'));
        const text = serializeUciShow(cfg, c, { extended });
        if (!s) return ok(text);
        const prefix = o ? `${c}.${s}.${o}=` : `${c}.${s}`;
        const lines = text.split('\n').filter((l) => (o ? l.startsWith(prefix) : l.startsWith(`${prefix}=`) || l.startsWith(`${prefix}.`)));
        return lines.length ? ok(`${lines.join('\n')}\n`) : q(fail('uci: Entry not found'));
      }
      case 'get': {
        const [c, s, o] = (arg ?? '').split('.');
        const sec = c && s ? this.section(c, s) : undefined;
        if (!sec) return q(fail('uci: Entry not found'));
        if (!o) return ok(`${sec.type}\n`);
        const v = this.get(c!, s!, o);
        return v === undefined ? q(fail('uci: Entry not found')) : ok(`${v}\n`);
      }
      case 'commit': this.commit(arg); return ok();
      case 'revert': if (arg) this.revert(arg.split('.')[0]!); return ok();
      case 'changes': return ok(arg ? this.changes(arg) : this.names().map((n) => this.changes(n)).join(''));
      case 'batch': return this.batch(stdin);
      case 'add': {
        if (!arg || !rest[0]) return fail('uci: Invalid argument');
        const name = `cfg${(++this.anon).toString(16).padStart(2, '0')}demo`;
        this.setSection(arg, name, rest[0]);
        const s = this.section(arg, name)!;
        s.anonymous = true;
        return ok(`${name}\n`);
      }
      default:
        if (cmd && ['set', 'delete', 'add_list', 'del_list', 'rename'].includes(cmd)) {
          const e = this.line(`${cmd} ${arg ?? ''}`);
          return e ? q(fail(e)) : ok();
        }
        return fail(`uci: unknown command ${cmd ?? ''}`);
    }
  }

  /** `uci batch`: like libuci, it always exits 0 and prints `uci: <error>` for a bad line. */
  private batch(stdin: string): SimResult {
    const errors: string[] = [];
    for (const raw of stdin.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      const [cmd, arg] = line.split(/\s+/, 2);
      if (cmd === 'commit') { this.commit(arg); continue; }
      const e = this.line(line);
      if (e) errors.push(e);
    }
    return { stdout: '', stderr: errors.map((e) => `${e}\n`).join(''), code: 0 };
  }

  /** One write line (`set a.b.c='v'`); returns an error text or null. */
  private line(line: string): string | null {
    const m = /^(set|delete|add_list|del_list|rename)\s+([A-Za-z0-9_-]+)\.([^.=\s]+)(?:\.([A-Za-z0-9_]+))?(?:=(.*))?$/.exec(line);
    if (!m) return 'uci: Invalid argument';
    const [, cmd, c, s, o, rawV] = m as unknown as [string, string, string, string, string | undefined, string | undefined];
    if (this.broken.has(c)) return STRICT_PARSE_ERROR;
    const v = rawV === undefined ? undefined : unquote(rawV);
    switch (cmd) {
      case 'set':
        if (v === undefined) return 'uci: Invalid argument';
        if (o === undefined) { this.setSection(c, s, v); return null; }
        return this.setOption(c, s, o, v) ? null : 'uci: Invalid argument';
      case 'delete': this.delete(c, s, o); return null;
      case 'add_list': return v !== undefined && o && this.addList(c, s, o, v) ? null : 'uci: Invalid argument';
      case 'del_list': {
        const sec = this.section(c, s);
        const opt = sec?.options.find((x) => x.name === o);
        if (opt && opt.kind === 'list') opt.values = opt.values.filter((x) => x !== v);
        return null;
      }
      case 'rename': {
        const sec = this.section(c, s);
        if (!sec || v === undefined) return 'uci: Entry not found';
        if (o === undefined) sec.name = v;
        else { const opt = sec.options.find((x) => x.name === o); if (opt) opt.name = v; }
        return null;
      }
    }
    return 'uci: Invalid argument';
  }
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.startsWith("'")) return t.slice(1).replace(/'$/, '').replace(/'\\''/g, "'");
  if (t.startsWith('"')) return t.slice(1).replace(/"$/, '');
  return t;
}
