/** A job's live steps and, once ended, its verified result (exposure jobs) or its error. */
import { Box, Text } from 'ink';
import type { JobSnapshot, Step, StepStatus } from '../core/jobs.js';
import type { ExposureResult } from '../core/exposure/index.js';
import { T, type Tone } from '../ui/theme.js';
import { fit, formatAge } from '../ui/text.js';

const STEP: Record<StepStatus, { sym: string; tone: Tone }> = {
  pending: { sym: '·', tone: 'muted' },
  running: { sym: '▶', tone: 'info' },
  ok: { sym: '✓', tone: 'ok' },
  warn: { sym: '!', tone: 'warn' },
  failed: { sym: '✗', tone: 'err' },
  skipped: { sym: '-', tone: 'muted' },
};

export function isExposureResult(r: unknown): r is ExposureResult {
  return typeof r === 'object' && r !== null && 'verified' in r && 'channels' in r && 'steps' in r;
}

/** How long the job ran (or has been running): never negative, whatever clock `now` lags behind. */
export function jobDuration(job: Pick<JobSnapshot, 'startedAt' | 'endedAt'>, now: number): number {
  return Math.max(0, (job.endedAt ?? now) - job.startedAt);
}

export function resultLine(job: JobSnapshot): { text: string; tone: Tone } {
  if (job.state === 'running') return { text: `running${job.current ? `: ${job.current}` : ''}…`, tone: 'info' };
  if (job.state === 'cancelled') return { text: 'cancelled', tone: 'warn' };
  const r = job.result;
  if (isExposureResult(r)) {
    const verb = r.action === 'emancipate' ? 'emancipated' : 'revoked';
    const chans = Object.entries(r.channels)
      .filter(([, c]) => c?.requested)
      .map(([k, c]) => `${k} ${c!.verified === true ? '✓' : c!.verified === false ? '✗' : '?'}`)
      .join('  ');
    if (r.ok) return { text: `✓ ${r.name} ${verb} on ${r.box}: VERIFIED (state read back)${chans ? `  ${chans}` : ''}`, tone: 'ok' };
    const missing = Object.entries(r.channels).filter(([, c]) => c?.requested && c.verified === false).map(([k]) => k);
    const why = missing.length ? `state read back: ${missing.join(', ')} not there` : 'the expected state could not be confirmed';
    return { text: `✗ ${r.name} NOT ${verb} on ${r.box}: ${why}${chans ? `  ${chans}` : ''}`, tone: 'err' };
  }
  if (job.state === 'ok') return { text: '✓ done', tone: 'ok' };
  return { text: `✗ failed${job.error ? `: ${job.error}` : ''}`, tone: 'err' };
}

function StepLine({ s, width }: { s: Step; width: number }) {
  const st = STEP[s.state];
  return (
    <Text wrap="truncate-end">
      {'  '}<T tone={st.tone}>{st.sym}</T>{' '}<T tone={st.tone} bold={s.state === 'running'}>{fit(s.name, 8)}</T>{' '}
      <T tone={s.state === 'pending' ? 'muted' : undefined}>{fit(s.detail || s.state, Math.max(4, width - 14))}</T>
    </Text>
  );
}

/** Lines: title, one per step, the result, then warnings / channel details while they fit. */
export function JobView({ job, width, height, now }: { job: JobSnapshot; width: number; height: number; now: number }) {
  const took = jobDuration(job, now);
  const res = resultLine(job);
  const r = isExposureResult(job.result) ? job.result : undefined;
  const extra: { text: string; tone?: Tone }[] = [];
  if (r) {
    for (const [k, c] of Object.entries(r.channels)) if (c?.requested) extra.push({ text: `${k}: ${c.detail}`, tone: c.verified === false ? 'err' : undefined });
    for (const w of r.warnings) extra.push({ text: `! ${w}`, tone: 'warn' });
    if (r.boxSaid) extra.push({ text: `the box said: ${r.boxSaid}`, tone: 'muted' });
  }
  const steps = job.steps.slice(0, Math.max(0, height - 2));
  const room = Math.max(0, height - 2 - steps.length);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>{job.title}</Text><T tone="muted">{`  ${job.id} · ${formatAge(took)}${job.state === 'running' ? ' · keeps running if you leave this screen' : ''}`}</T>
      </Text>
      {steps.length === 0 && job.state === 'running' ? <T tone="muted">  starting…</T> : null}
      {steps.map((s) => <StepLine key={s.name} s={s} width={width} />)}
      <T tone={res.tone} bold wrap="truncate-end">{res.text}</T>
      {extra.slice(0, room).map((e, i) => <T key={i} tone={e.tone} wrap="truncate-end">{`  ${e.text}`}</T>)}
    </Box>
  );
}
