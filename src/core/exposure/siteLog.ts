/**
 * Progress from the box's own logs. The site flow (`metablogizerctl emancipate`, polled through
 * `luci.metablogizer emancipate_status`) tags its lines `[INFO] [DNS] …`; the exposure flow
 * (`secubox-exposure emancipate|revoke`, wrapped by `luci.exposure`) prints `Channel n: …` and
 * `✓ Tor: …` / `✗ Mesh: …` / `− Tor: …` lines. These are PROGRESS only: success is decided by
 * reading the state back (run.ts), because the box prints "COMPLETE" after failures.
 */
import type { Step, StepStatus } from '../jobs.js';

/** The steps of `metablogizerctl emancipate`, in order, as tagged in its log (`[INFO] [DNS] …`). */
export const SITE_STEPS = ['DNS', 'VORTEX', 'HAPROXY', 'WAF', 'PATH', 'SSL', 'RELOAD'] as const;

/** Remove ANSI colour sequences (the box's CLIs colour unconditionally). */
export function stripAnsi(s: string): string {
  return s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

const RANK: Record<StepStatus, number> = { pending: 0, running: 1, ok: 2, skipped: 3, warn: 4, failed: 5 };

function worse(a: StepStatus, b: StepStatus): StepStatus {
  return RANK[b] > RANK[a] ? b : a;
}

type Severity = 'error' | 'warn' | null;

/** Error-ish and warning-ish lines of these CLIs (stderr is merged into the job log). */
export function lineSeverity(line: string): Severity {
  if (/^\s*\[ERROR\]/.test(line) || /^\s*uci: /.test(line) || /: not found\s*$/.test(line) || /^\s*✗/.test(line)) return 'error';
  if (/^\s*\[WARN\]/.test(line) || /^\s*Usage: /.test(line)) return 'warn';
  return null;
}

function clean(line: string): string {
  return line.replace(/^\s*\[(INFO|WARN|ERROR|OK)\]\s*/, '').replace(/^\[[A-Z]+\]\s*/, '').trim();
}

interface Acc { state: StepStatus; detail: string; firstProblem: string | null; rank?: number; seen: boolean }

/** An explicit [ERROR] says more than raw `uci:` noise: keep the first problem of the highest rank. */
function problemRank(line: string): number {
  if (/^\s*\[ERROR\]/.test(line)) return 3;
  if (/^\s*\[WARN\]/.test(line)) return 2;
  return 1;
}

function noteProblem(a: Acc, line: string, text: string): void {
  const r = problemRank(line);
  if (a.firstProblem === null || r > (a.rank ?? 0)) { a.firstProblem = text; a.rank = r; }
}

/**
 * Parse the (partial) output log of the site flow into the 7 steps. Unseen steps stay pending while
 * the job runs and become skipped once it is complete; the latest seen step is running until complete.
 */
export function parseSiteLog(output: string, complete: boolean): Step[] {
  const acc = new Map<string, Acc>(SITE_STEPS.map((s) => [s, { state: 'pending' as StepStatus, detail: '', firstProblem: null, seen: false }]));
  let current: string | null = null;
  for (const raw of stripAnsi(output).split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) continue;
    const tag = /^\s*\[(?:INFO|WARN|ERROR|OK)\]\s*\[([A-Z]+)\]\s*(.*)$/.exec(line);
    if (tag && acc.has(tag[1]!)) {
      const name = tag[1]!;
      if (current && current !== name) finish(acc.get(current)!);
      current = name;
      const a = acc.get(name)!;
      a.seen = true;
      if (a.state === 'pending') a.state = 'running';
      const sev = lineSeverity(line);
      if (sev === 'warn' && /skipp/i.test(tag[2]!)) {
        a.state = 'skipped';
        noteProblem(a, line, clean(tag[2]!));
      } else if (sev) {
        noteProblem(a, line, clean(tag[2]!));
        a.state = sev === 'error' ? 'failed' : a.state === 'failed' ? 'failed' : 'warn';
      } else if (!a.firstProblem) {
        a.detail = tag[2]!.trim();
      }
      continue;
    }
    if (!current) continue;
    const sev = lineSeverity(line);
    if (!sev) continue;
    const a = acc.get(current)!;
    noteProblem(a, line, clean(line));
    if (a.state !== 'skipped') a.state = worse(a.state, sev === 'error' ? 'failed' : 'warn');
  }
  if (current && complete) finish(acc.get(current)!);
  return SITE_STEPS.map((name) => {
    const a = acc.get(name)!;
    let state = a.state;
    if (!a.seen) state = complete ? 'skipped' : 'pending';
    else if (state === 'running' && complete) state = 'ok';
    const detail = a.firstProblem ?? (a.seen ? a.detail : complete ? 'not run by the box' : '');
    return { name, state, detail };
  });
}

function finish(a: Acc): void {
  if (a.state === 'running') a.state = 'ok';
}

/** The channel step names of the exposure flow. */
export const SERVICE_STEPS = ['TOR', 'DNS', 'MESH'] as const;

const CHANNEL_OF: Record<string, (typeof SERVICE_STEPS)[number]> = { tor: 'TOR', dns: 'DNS', ssl: 'DNS', mesh: 'MESH' };

/**
 * Parse `secubox-exposure emancipate|revoke` output into TOR/DNS/MESH steps.
 * `requested` channels that the output never mentions end as `failed` (emancipate) — the caller's
 * verification has the last word anyway.
 */
export function parseServiceOutput(output: string, requested: Readonly<Record<'tor' | 'dns' | 'mesh', boolean>>): Step[] {
  const acc = new Map<string, Acc>(SERVICE_STEPS.map((s) => [s, { state: 'pending' as StepStatus, detail: '', firstProblem: null, seen: false }]));
  let current: string | null = null;
  for (const raw of stripAnsi(output).split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const ch = /^\[INFO\]\s*Channel \d+:\s*(Tor|DNS|Mesh)/i.exec(line) ?? /^\[INFO\]\s*(?:Removing|Revoking)\s+(?:from\s+)?(tor|dns|mesh)/i.exec(line);
    if (ch) {
      current = CHANNEL_OF[ch[1]!.toLowerCase()] ?? null;
      if (current) { const a = acc.get(current)!; a.seen = true; if (a.state === 'pending') a.state = 'running'; }
      continue;
    }
    const mark = /^([✓✗−-])\s*(Tor|DNS|Mesh|SSL)\s*:\s*(.*)$/i.exec(line);
    if (mark) {
      const name = CHANNEL_OF[mark[2]!.toLowerCase()]!;
      const a = acc.get(name)!;
      a.seen = true;
      const st: StepStatus = mark[1] === '✓' ? (a.firstProblem ? 'warn' : 'ok') : mark[1] === '✗' ? 'failed' : 'skipped';
      a.state = a.state === 'failed' ? 'failed' : st;
      if (st === 'failed' || st === 'skipped') a.firstProblem = mark[3]!.trim(); // the channel's own verdict says it best
      else a.detail = mark[3]!.trim();
      current = name;
      continue;
    }
    if (!current) continue;
    const sev = lineSeverity(line);
    if (sev) acc.get(current)!.firstProblem ??= clean(line);
  }
  return SERVICE_STEPS.map((name) => {
    const key = name.toLowerCase() as 'tor' | 'dns' | 'mesh';
    const a = acc.get(name)!;
    if (!requested[key]) return { name, state: 'skipped', detail: 'not requested' };
    let state = a.state;
    if (state === 'running' || state === 'pending') state = a.seen ? (a.firstProblem ? 'warn' : 'ok') : 'failed';
    const detail = a.firstProblem ?? (a.detail || (a.seen ? '' : 'the box did not report this channel'));
    return { name, state, detail };
  });
}

/** The box's own conclusion, for the record ("EMANCIPATION COMPLETE", "Emancipation partial: …"). */
export function boxConclusion(output: string): string | null {
  const lines = stripAnsi(output).split('\n').map((l) => l.trim()).filter(Boolean);
  const hit = [...lines].reverse().find((l) => /EMANCIPATION COMPLETE|Emancipation (complete|partial)|Revocation complete|COMPLETE/i.test(l));
  return hit ? clean(hit) : (lines.length ? clean(lines[lines.length - 1]!) : null);
}
