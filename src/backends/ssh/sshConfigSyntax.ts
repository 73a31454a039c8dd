/**
 * ssh_config lexical helpers (OpenSSH readconf.c strdelim/argv_split, misc.c tilde expansion, glob(3) for Include).
 * Split out of sshConfig.ts to keep files small.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Split a config line into keyword + arguments (OpenSSH strdelim + argv_split). Returns null for blank/comment. */
export function splitConfigLine(raw: string): { keyword: string; args: string[] } | null {
  const s = raw.replace(/[ \t\r\n\f]+$/, '');
  const m = /^[ \t]*([^ \t=]+)[ \t]*(?:=[ \t]*)?(.*)$/.exec(s);
  if (!m || m[1] === undefined || m[1].startsWith('#')) return null;
  return { keyword: m[1].toLowerCase(), args: splitArgs(m[2] ?? '') };
}

/** OpenSSH argv_split(s, terminate_on_comment=1). Throws on an unterminated quote. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    let arg = '';
    let quote = '';
    for (; i < s.length; i++) {
      const ch = s[i] as string;
      const next = s[i + 1];
      if (ch === '\\') {
        if (next === "'" || next === '"' || next === '\\' || (quote === '' && next === ' ')) {
          arg += next;
          i++;
        } else arg += ch;
      } else if (quote === '' && (ch === ' ' || ch === '\t')) break;
      else if (quote === '' && (ch === '"' || ch === "'")) quote = ch;
      else if (quote !== '' && ch === quote) quote = '';
      else arg += ch;
    }
    if (quote !== '') throw new Error('unterminated quote');
    out.push(arg);
  }
  return out;
}

/** `~` and `~/…` (other users' `~name` are left alone). */
export function tilde(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return p;
}

/** glob(3)-like expansion of `*`, `?` and `[...]` in path components; sorted; no match → []. */
export function globPath(pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) {
    try {
      statSync(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const parts = pattern.split('/');
  let bases = [parts[0] === '' ? '/' : parts[0] as string];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part === '') continue;
    const next: string[] = [];
    for (const b of bases) {
      if (!/[*?[]/.test(part)) {
        next.push(join(b, part));
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(b);
      } catch {
        continue;
      }
      const re = globToRegExp(part);
      for (const n of names.sort()) if (!(n.startsWith('.') && !part.startsWith('.')) && re.test(n)) next.push(join(b, n));
    }
    bases = next;
  }
  return bases.filter((p) => {
    try {
      statSync(p);
      return true;
    } catch {
      return false;
    }
  });
}

function globToRegExp(part: string): RegExp {
  let re = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = part.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = part.slice(i + 1, end);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}
