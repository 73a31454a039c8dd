/**
 * Long jobs (emancipate, revoke…) run here, independent of any screen: a screen subscribes to see
 * progress, and the job keeps polling the box when the user navigates away. No EventEmitter: a tiny
 * store with subscribe(); listeners get immutable snapshots.
 */

export type StepStatus = 'pending' | 'running' | 'ok' | 'warn' | 'failed' | 'skipped';

export interface Step {
  /** e.g. DNS, VORTEX, HAPROXY, WAF, PATH, SSL, RELOAD, TOR, MESH, VERIFY */
  name: string;
  state: StepStatus;
  detail: string;
}

export type JobState = 'running' | 'ok' | 'failed' | 'cancelled';

export interface JobSnapshot<R = unknown> {
  id: string;
  box: string;
  /** `emancipate`, `revoke`, … */
  kind: string;
  /** Human title, e.g. `emancipate blog on lab`. */
  title: string;
  state: JobState;
  startedAt: number;
  endedAt: number | null;
  steps: readonly Step[];
  /** The step currently running (or the last message). */
  current: string | null;
  result: R | undefined;
  error: string | null;
}

export interface JobRunContext {
  signal: AbortSignal;
  /** Replace the step list (and optionally the current line). */
  progress(steps: readonly Step[], current?: string | null): void;
}

export interface JobSpec<R> {
  box: string;
  kind: string;
  title: string;
  run(ctx: JobRunContext): Promise<R>;
  /** Decide ok/failed from the result (default: ok). E.g. `(r) => r.ok`. */
  succeeded?(result: R): boolean;
}

type Listener = (jobs: readonly JobSnapshot[]) => void;

export class JobManager {
  private readonly jobs = new Map<string, JobSnapshot>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly done = new Map<string, Promise<JobSnapshot>>();
  private readonly listeners = new Set<Listener>();
  private seq = 0;

  /** `clock`: the time source of startedAt / endedAt (the TUI passes the one its screens use for "now"). */
  constructor(private readonly keepFinished = 50, private readonly clock: () => number = Date.now) {}

  start<R>(spec: JobSpec<R>): JobSnapshot<R> {
    const id = `job-${++this.seq}`;
    const ac = new AbortController();
    this.controllers.set(id, ac);
    this.set({
      id, box: spec.box, kind: spec.kind, title: spec.title, state: 'running',
      startedAt: this.clock(), endedAt: null, steps: [], current: null, result: undefined, error: null,
    });
    const ctx: JobRunContext = {
      signal: ac.signal,
      progress: (steps, current) => {
        const j = this.jobs.get(id);
        if (!j || j.state !== 'running') return;
        this.set({ ...j, steps: steps.map((s) => ({ ...s })), current: current === undefined ? j.current : current });
      },
    };
    const p = (async (): Promise<JobSnapshot> => {
      try {
        const result = await spec.run(ctx);
        const ok = spec.succeeded ? spec.succeeded(result) : true;
        const j = this.jobs.get(id)!;
        this.set({ ...j, state: ac.signal.aborted ? 'cancelled' : ok ? 'ok' : 'failed', endedAt: this.clock(), result });
      } catch (err) {
        const j = this.jobs.get(id)!;
        const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        this.set({ ...j, state: ac.signal.aborted ? 'cancelled' : 'failed', endedAt: this.clock(), error: message });
      } finally {
        this.controllers.delete(id);
        this.prune();
      }
      return this.jobs.get(id)!;
    })();
    this.done.set(id, p);
    return this.jobs.get(id)! as JobSnapshot<R>;
  }

  get<R = unknown>(id: string): JobSnapshot<R> | undefined {
    return this.jobs.get(id) as JobSnapshot<R> | undefined;
  }

  /** Newest first. */
  list(filter: { box?: string; state?: JobState } = {}): JobSnapshot[] {
    return [...this.jobs.values()]
      .filter((j) => (filter.box === undefined || j.box === filter.box) && (filter.state === undefined || j.state === filter.state))
      .sort((a, b) => b.startedAt - a.startedAt || Number(b.id.slice(4)) - Number(a.id.slice(4)));
  }

  /** Resolves when the job has ended (whatever its outcome). */
  wait<R = unknown>(id: string): Promise<JobSnapshot<R>> {
    const p = this.done.get(id);
    if (!p) return Promise.reject(new Error(`no such job: ${id}`));
    return p as Promise<JobSnapshot<R>>;
  }

  cancel(id: string): boolean {
    const ac = this.controllers.get(id);
    if (!ac) return false;
    ac.abort();
    return true;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  private set(j: JobSnapshot): void {
    this.jobs.set(j.id, Object.freeze(j));
    const all = this.list();
    for (const l of this.listeners) l(all);
  }

  private prune(): void {
    const finished = this.list().filter((j) => j.state !== 'running');
    for (const j of finished.slice(this.keepFinished)) {
      this.jobs.delete(j.id);
      this.done.delete(j.id);
    }
  }
}
