/**
 * The completion scripts driven in real bash, zsh and fish, against the built `secubox` (node bin/secubox) on PATH.
 * bash: the completion function with COMP_WORDS as bash splits them, and real readline TABs in tmux;
 * zsh: real TABs in tmux after compinit (the listing with descriptions is read from the screen);
 * fish: `complete -C`, fish's own completion API.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOXES, COMPLETIONS, JSON_VERB, TARGETED, TOP_VERBS, Tmux, boxSideCase, makeSandbox, runShell, type Sandbox } from './shells.harness.js';

let sb: Sandbox;
beforeAll(() => { sb = makeSandbox(); });
afterAll(() => sb?.cleanup());

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const side = boxSideCase();
const rBoxes = BOXES.map((b) => b.name).filter((n) => n.startsWith('r'));

describe('bash', () => {
  /** Call _secubox with COMP_WORDS given word by word (as bash splits them: `--box=r1` is `--box` `=` `r1`). */
  function bashComplete(cases: readonly (readonly string[])[]): string[][] {
    const script = [`source ${q(`${COMPLETIONS}/secubox.bash`)}`,
      't() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE=""; local w; for w in "$@"; do COMP_LINE+="${COMP_LINE:+ }$w"; done;',
      '  COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _secubox; printf "%s\\n" "${COMPREPLY[@]}"; echo "<end>"; }',
      ...cases.map((words) => `t ${['secubox', ...words].map(q).join(' ')}`)].join('\n');
    const out = runShell('bash', ['--norc', '--noprofile', '-c', script], sb.env);
    return out.split('<end>\n').slice(0, cases.length).map((block) => block.split('\n').filter(Boolean));
  }

  it('completes verbs, sub-verbs, options, box names, comma lists, --opt=value, an enum and cached names', () => {
    const [verbs = [], sub = [], json = [], boxes = [], comma = [], eq = [], shells = [], names = [], unknown = ['missing']] = bashComplete([
      [''], ['box', ''], [...JSON_VERB, '--j'], [...TARGETED, '--box', 'r'], [...TARGETED, '--box', 'r2,e'],
      // `--box=r1` as one word: bash replaces only what follows its last `=` (COMP_WORDBREAKS)
      [...TARGETED, '--box=r1'], ['completion', 'f'], [...side.words, side.prefix], ['no-such-verb', ''],
    ]);
    expect(verbs).toEqual(TOP_VERBS);
    expect(sub).toEqual(expect.arrayContaining(['add', 'list', 'rm', 'trust', 'default', 'import-ssh-config']));
    expect(json).toEqual(['--json']);
    expect(boxes).toEqual(rBoxes);
    expect(comma).toEqual(['r2,edge-1']);
    expect(eq).toEqual(['r1.lab']);
    expect(shells).toEqual(['fish']);
    expect(names).toEqual(expect.arrayContaining(side.expected));
    expect(unknown).toEqual([]);
  });

  it('splits --box=r1 as bash does (`=` a word of its own) and replaces only the part after `=`', () => {
    const script = [`source ${q(`${COMPLETIONS}/secubox.bash`)}`,
      `COMP_LINE=${q(['secubox', ...TARGETED, '--box=r1'].join(' '))}; COMP_POINT=\${#COMP_LINE}`,
      `COMP_WORDS=(secubox ${TARGETED.map(q).join(' ')} --box = r1); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))`,
      '_secubox; printf "%s\\n" "${COMPREPLY[@]}"'].join('\n');
    expect(runShell('bash', ['--norc', '--noprofile', '-c', script], sb.env).split('\n').filter(Boolean)).toEqual(['r1.lab']);
  });

  it('completes with real TABs in an interactive bash (tmux)', async () => {
    const t = new Tmux(sb.env);
    try {
      t.start(['bash', '--norc', '--noprofile', '-i']);
      t.type(`PS1='READY$ '; bind 'set show-all-if-ambiguous on'; source ${q(`${COMPLETIONS}/secubox.bash`)}; clear\n`);
      await t.waitFor((s) => s.trimEnd().endsWith('READY$'), 'the bash prompt');
      t.type('secubox comp');
      t.keys('Tab');
      await t.waitFor((s) => s.includes('READY$ secubox completion '), '`comp` completed to `completion`');
      t.keys('C-u', 'C-l');
      t.type(`secubox ${TARGETED.join(' ')} --box `);
      t.keys('Tab');
      const listing = await t.waitFor((s) => BOXES.every((b) => s.includes(b.name)), 'the box names listed');
      expect(listing).toContain('edge-1');
      t.keys('C-u', 'C-l');
      t.type(`secubox ${TARGETED.join(' ')} --box=r1`);
      t.keys('Tab');
      await t.waitFor((s) => s.includes(`--box=r1.lab `), '`--box=r1` completed to `--box=r1.lab`');
    } finally {
      t.kill();
    }
  });
});

describe('zsh', () => {
  it('completes with real TABs after compinit (tmux): verbs with descriptions, options, boxes, an enum, cached names', async () => {
    const t = new Tmux(sb.env);
    try {
      t.start(['zsh', '-f', '-i']);
      t.type(`PS1='READY%% '; fpath=(${q(COMPLETIONS)} $fpath); autoload -U compinit; compinit -u -D; clear\n`);
      await t.waitFor((s) => s.trimEnd().endsWith('READY%'), 'the zsh prompt');
      expect(runShell('zsh', ['-f', '-c', `fpath=(${q(COMPLETIONS)} $fpath); autoload -U compinit; compinit -u -D; print -r -- $_comps[secubox]`], sb.env).trim()).toBe('_secubox');

      t.type('secubox ');
      t.keys('Tab');
      const verbs = await t.waitFor((s) => TOP_VERBS.every((v) => new RegExp(`^${v} +-- `, 'm').test(s)), 'the verbs listed with descriptions');
      expect(verbs).toMatch(/^completion +-- print the shell completion script/m);

      t.keys('C-u', 'C-l');
      t.type(`secubox ${JSON_VERB.join(' ')} --j`);
      t.keys('Tab');
      await t.waitFor((s) => s.includes(`READY% secubox ${JSON_VERB.join(' ')} --json `), '`--j` completed to `--json`');

      t.keys('C-u', 'C-l');
      t.type(`secubox ${TARGETED.join(' ')} --box r`);
      t.keys('Tab');
      await t.waitFor((s) => rBoxes.every((b) => s.includes(b)) && /r1\.lab +-- 127\.0\.0\.1 #lab #paris/.test(s), 'the r* boxes listed');

      t.keys('C-u', 'C-l');
      t.type(`secubox ${TARGETED.join(' ')} --box r2,e`);
      t.keys('Tab');
      await t.waitFor((s) => s.includes('--box r2,edge-1 '), 'the comma list completed');

      t.keys('C-u', 'C-l');
      t.type('secubox completion f');
      t.keys('Tab');
      await t.waitFor((s) => s.includes('READY% secubox completion fish '), 'the enum value completed');

      t.keys('C-u', 'C-l');
      t.type(`secubox ${side.words.join(' ')} ${side.prefix}`);
      t.keys('Tab');
      // the first TAB may only insert the common prefix (LIST_AMBIGUOUS); the second lists
      await t.waitFor((s) => !s.includes(`${side.prefix}\n`) || side.expected.every((n) => s.includes(n)), 'the first TAB');
      t.keys('Tab');
      await t.waitFor((s) => side.expected.every((n) => s.includes(n)), `cached ${side.kind} names listed`);
    } finally {
      t.kill();
    }
  });
});

describe('fish', () => {
  function fishComplete(lines: readonly string[]): string[][] {
    const script = [`source ${q(`${COMPLETIONS}/secubox.fish`)}`, ...lines.map((l) => `complete -C ${q(`secubox ${l}`)}; echo '<end>'`)].join('\n');
    const out = runShell('fish', ['--no-config', '-c', script], sb.env);
    return out.split('<end>\n').slice(0, lines.length).map((b) => b.split('\n').filter(Boolean));
  }

  it('completes through `complete -C`: verbs with descriptions, options, boxes, an enum, cached names', () => {
    const [verbs = [], json = [], boxes = [], comma = [], shells = [], names = [], unknown = ['missing']] = fishComplete([
      '', `${JSON_VERB.join(' ')} --j`, `${TARGETED.join(' ')} --box r`, `${TARGETED.join(' ')} --box r2,e`,
      'completion f', `${side.words.join(' ')} ${side.prefix}`, 'no-such-verb ',
    ]);
    expect(verbs.map((l) => l.split('\t')[0])).toEqual(expect.arrayContaining(TOP_VERBS));
    expect(verbs).toContain('completion\tprint the shell completion script for bash, zsh or fish');
    expect(json.map((l) => l.split('\t')[0])).toEqual(['--json']);
    expect(boxes.map((l) => l.split('\t')[0]).sort()).toEqual([...rBoxes].sort());
    expect(comma.map((l) => l.split('\t')[0])).toEqual(['r2,edge-1']);
    expect(shells.map((l) => l.split('\t')[0])).toEqual(['fish']);
    expect(names.map((l) => l.split('\t')[0])).toEqual(expect.arrayContaining(side.expected));
    expect(unknown).toEqual([]);
  });
});

describe('the __complete fast path', () => {
  it('loads no package (no Ink, React, ssh2, zod, conf or commander): only the table, the engine and node builtins', () => {
    const log = `${sb.dir}/modules.log`;
    const hooks = `data:text/javascript,${encodeURIComponent(`import { appendFileSync } from 'node:fs';
      export async function resolve(spec, ctx, next) { const r = await next(spec, ctx); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }`)}`;
    const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hooks)});`)}`;
    const out = runShell(process.execPath, ['--import', register, `${COMPLETIONS}/../bin/secubox`, '__complete', '--', ...TARGETED, '--box', 'r'], sb.env);
    expect(out.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(rBoxes);
    const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(urls.some((u) => u.endsWith('/dist/commands/complete/main.js'))).toBe(true);
    expect(urls.filter((u) => u.includes('/node_modules/'))).toEqual([]);
    expect(urls.filter((u) => !u.startsWith('node:') && !u.includes('/dist/') && !u.endsWith('/bin/secubox'))).toEqual([]);
  });
});

describe('the README install lines', () => {
  it('work on a fresh account (folders created), and each shell then completes from the installed file', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /## Shell completion\n+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const lines = block.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(lines).toHaveLength(3);
    const home = `${sb.dir}/fresh-home`;
    // a new user: only HOME and PATH (no XDG dirs), nothing under HOME yet
    const env = { PATH: sb.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
    runShell('bash', ['--norc', '--noprofile', '-c', `mkdir -p "$HOME" && set -e\n${lines.join('\n')}`], env);
    const bash = runShell('bash', ['--norc', '--noprofile', '-c',
      'source ~/.local/share/bash-completion/completions/secubox; COMP_WORDS=(secubox completion f); COMP_CWORD=2; COMP_LINE="secubox completion f"; COMP_POINT=${#COMP_LINE}; _secubox; printf "%s\\n" "${COMPREPLY[@]}"'], env);
    expect(bash.trim()).toBe('fish');
    const fish = runShell('fish', ['--no-config', '-c', 'source ~/.config/fish/completions/secubox.fish; complete -C "secubox completion z"'], env);
    expect(fish.split('\n')[0]).toMatch(/^zsh/);
    const zsh = runShell('zsh', ['-f', '-c', 'test -s ~/.zfunc/_secubox && head -1 ~/.zfunc/_secubox'], env);
    expect(zsh).toMatch(/^#compdef secubox/);
  });
});
