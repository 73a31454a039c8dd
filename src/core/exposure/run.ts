/**
 * Run a plan, show the box's progress as steps, then VERIFY by reading the state back. The result
 * is ok only when the verification says so: the box's exit codes and "COMPLETE" messages are not
 * trusted (flows/02: "EMANCIPATION COMPLETE" after every haproxy uci write failed).
 */
import type { BoxApi } from '../../backends/types.js';
import { CancelledError, RemoteError, TimeoutError, UnreachableError, isAbortError } from '../../lib/errors.js';
import type { Step } from '../jobs.js';
import { boxConclusion, parseServiceOutput, parseSiteLog, stripAnsi } from './siteLog.js';
import { verify, type Verification } from './verify.js';
import type { ExposureResult, Plan, RunOptions } from './types.js';

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  if (signal?.aborted) { reject(new CancelledError()); return; }
  const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
  const onAbort = () => { clearTimeout(t); reject(new CancelledError()); };
  signal?.addEventListener('abort', onAbort, { once: true });
});

class Progress {
  steps: Step[];
  constructor(names: readonly string[], private readonly onStep?: RunOptions['onStep']) {
    this.steps = names.map((name) => ({ name, state: 'pending', detail: '' }));
  }
  set(steps: readonly Step[]): void {
    for (const s of steps) {
      const i = this.steps.findIndex((x) => x.name === s.name);
      if (i >= 0) this.steps[i] = { ...s };
    }
    this.emit();
  }
  one(name: string, state: Step['state'], detail: string): void {
    this.set([{ name, state, detail }]);
  }
  emit(): void {
    const running = this.steps.find((s) => s.state === 'running');
    this.onStep?.(this.steps.map((s) => ({ ...s })), running ? `${running.name}${running.detail ? `: ${running.detail}` : ''}` : null);
  }
}

function fatal(err: unknown): boolean {
  return err instanceof UnreachableError || isAbortError(err) || err instanceof CancelledError;
}

function oneLine(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/** Verification result → steps (a channel that is not there fails its step whatever the box said) + result. */
function conclude(plan: Plan, p: Progress, verIn: Verification, extra: Partial<ExposureResult>): ExposureResult {
  let ver = verIn;
  const stepOf: Record<string, string> = plan.kind === 'site' ? { dns: 'HAPROXY' } : { tor: 'TOR', dns: 'DNS', mesh: 'MESH' };
  // a channel the box itself reports as failed, that cannot be read back (mesh): failed if asked for by name
  const mesh = ver.channels.mesh;
  const meshStep = p.steps.find((s) => s.name === 'MESH');
  if (plan.action === 'emancipate' && mesh && mesh.verified === null && meshStep?.state === 'failed') {
    if (plan.channelsExplicit) {
      ver = { ...ver, ok: false, channels: { ...ver.channels, mesh: { ...mesh, verified: false, detail: `the box reports: ${meshStep.detail}` } } };
    } else {
      ver = { ...ver, warnings: [...ver.warnings, `mesh: the box reports "${meshStep.detail}" (not asked for by name, so not counted as a failure)`] };
    }
  }
  for (const [ch, r] of Object.entries(ver.channels)) {
    const name = stepOf[ch];
    const step = name ? p.steps.find((s) => s.name === name) : undefined;
    if (step && r.verified === false && step.state !== 'failed') p.one(step.name, 'failed', `${r.detail} (read back after the run)`);
  }
  p.one('VERIFY', ver.ok ? 'ok' : 'failed', ver.ok ? ver.facts.join('; ') : `state not there: ${ver.facts.join('; ')}`);
  return {
    action: plan.action, box: plan.box, name: plan.name, kind: plan.kind,
    ok: ver.ok, verified: ver.ok, steps: p.steps.map((s) => ({ ...s })), channels: ver.channels,
    warnings: [...plan.warnings, ...ver.warnings], boxSaid: null, ...extra,
  };
}

async function verifyOrFail(box: BoxApi, plan: Plan, p: Progress, extra: Partial<ExposureResult>, signal?: AbortSignal): Promise<ExposureResult> {
  p.one('VERIFY', 'running', 'reading the state back');
  try {
    return conclude(plan, p, await verify(box, plan, signal), extra);
  } catch (err) {
    if (fatal(err)) throw err;
    p.one('VERIFY', 'failed', `could not read the state back: ${oneLine(err)}`);
    return { action: plan.action, box: plan.box, name: plan.name, kind: plan.kind, ok: false, verified: false, steps: p.steps, channels: {}, warnings: plan.warnings, boxSaid: null, ...extra };
  }
}

interface JobAnswer { status?: unknown; output?: unknown; complete?: unknown }

async function runSite(box: BoxApi, plan: Plan, opts: RunOptions): Promise<ExposureResult> {
  const p = new Progress(plan.steps, opts.onStep);
  p.one('DNS', 'running', 'starting the job on the box');
  let jobId: string;
  try {
    const started = await box.ubus.call<{ job_id?: unknown }>(plan.call.object, plan.call.method, plan.call.params, { signal: opts.signal });
    if (typeof started.job_id !== 'string' || !started.job_id) throw new RemoteError('the box started no job (no job_id in its answer)', { box: box.name });
    jobId = started.job_id;
  } catch (err) {
    if (fatal(err)) throw err;
    p.one('DNS', 'failed', oneLine(err));
    return verifyOrFail(box, plan, p, { boxSaid: oneLine(err) }, opts.signal);
  }
  const interval = opts.pollIntervalMs ?? 1000;
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  let output = '';
  let failures = 0;
  let finalStatus = 'running';
  for (;;) {
    await sleep(interval, opts.signal);
    try {
      const st = await box.ubus.call<JobAnswer>('luci.metablogizer', 'emancipate_status', { job_id: jobId }, { signal: opts.signal });
      failures = 0;
      output = typeof st.output === 'string' ? st.output : output;
      const complete = st.complete === true || st.complete === 1 || (typeof st.status === 'string' && st.status !== 'running');
      finalStatus = typeof st.status === 'string' ? st.status : finalStatus;
      p.set(parseSiteLog(output, complete));
      if (complete) break;
    } catch (err) {
      if (fatal(err)) throw err;
      if (++failures >= 3) {
        const running = p.steps.find((s) => s.state === 'running');
        if (running) p.one(running.name, 'failed', `lost the job: ${oneLine(err)}`);
        break;
      }
    }
    if (Date.now() > deadline) {
      const running = p.steps.find((s) => s.state === 'running');
      const e = new TimeoutError(`job ${jobId}`, opts.timeoutMs ?? 180_000);
      if (running) p.one(running.name, 'failed', e.message);
      break;
    }
  }
  const said = boxConclusion(output);
  return verifyOrFail(box, plan, p, { jobId, boxSaid: said ? `${said} (job status: ${finalStatus})` : `job status: ${finalStatus}`, output: stripAnsi(output) }, opts.signal);
}

interface SyncAnswer { message?: unknown; output?: unknown }

async function runService(box: BoxApi, plan: Plan, opts: RunOptions): Promise<ExposureResult> {
  const p = new Progress(plan.steps, opts.onStep);
  for (const s of plan.steps) if (s !== 'VERIFY') p.one(s, 'running', plan.action === 'emancipate' ? 'the box is working (Tor can take 30 s)' : 'removing');
  let output = '';
  let said: string | null = null;
  try {
    const a = await box.ubus.call<SyncAnswer>(plan.call.object, plan.call.method, plan.call.params, { signal: opts.signal, timeoutMs: opts.timeoutMs ?? 180_000 });
    output = typeof a.output === 'string' ? a.output : '';
    said = boxConclusion(output) ?? (typeof a.message === 'string' ? a.message : null);
  } catch (err) {
    if (fatal(err)) throw err;
    said = oneLine(err);
    const detail = err instanceof RemoteError && err.detail && typeof err.detail === 'object' ? (err.detail as SyncAnswer).output : undefined;
    output = typeof detail === 'string' ? detail : '';
  }
  const steps = parseServiceOutput(output, plan.channels).filter((s) => plan.steps.includes(s.name));
  if (!output && said) for (const s of steps) if (s.state !== 'skipped') { s.state = 'failed'; s.detail = said; }
  p.set(steps);
  return verifyOrFail(box, plan, p, { boxSaid: said, output: stripAnsi(output) }, opts.signal);
}

async function runUnpublish(box: BoxApi, plan: Plan, opts: RunOptions): Promise<ExposureResult> {
  const p = new Progress(plan.steps, opts.onStep);
  p.one('UNPUBLISH', 'running', `${plan.call.object} ${plan.call.method}`);
  let said: string | null = null;
  try {
    const a = await box.ubus.call<{ message?: unknown }>(plan.call.object, plan.call.method, plan.call.params, { signal: opts.signal });
    said = typeof a.message === 'string' ? a.message : 'ok';
    p.one('UNPUBLISH', 'ok', said);
  } catch (err) {
    if (fatal(err)) throw err;
    said = oneLine(err);
    p.one('UNPUBLISH', 'failed', said);
  }
  return verifyOrFail(box, plan, p, { boxSaid: said }, opts.signal);
}

/** Runs the plan, then verifies by reading state back. ok only when verified. Throws only on unreachable/abort. */
export async function emancipate(box: BoxApi, plan: Plan, opts: RunOptions = {}): Promise<ExposureResult> {
  if (plan.action !== 'emancipate') throw new Error(`emancipate() got a ${plan.action} plan`);
  return plan.kind === 'site' ? runSite(box, plan, opts) : runService(box, plan, opts);
}

export async function revoke(box: BoxApi, plan: Plan, opts: RunOptions = {}): Promise<ExposureResult> {
  if (plan.action !== 'revoke') throw new Error(`revoke() got a ${plan.action} plan`);
  return plan.kind === 'site' ? runUnpublish(box, plan, opts) : runService(box, plan, opts);
}
