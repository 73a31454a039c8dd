/**
 * Exposure ("emancipate") types: exposable things, plans (dry-run), results (verified).
 * Box facts: box-contract/subsystems.md "Emancipate flows, step by step" (A: secubox-exposure,
 * C: luci.exposure, D: metablogizerctl / luci.metablogizer async job).
 */
import type { Step } from '../jobs.js';

export type { Step, StepStatus } from '../jobs.js';

export type Channel = 'tor' | 'dns' | 'mesh';
export const CHANNELS: readonly Channel[] = ['tor', 'dns', 'mesh'];

export type ExposableKind = 'site' | 'service';

export interface ChannelInfo {
  enabled: boolean;
  /** `.onion` host, `https://domain (cert: valid|missing|…)`, `published`… */
  detail: string;
}

export interface Exposable {
  /** `blog` (site name or exposure service name). */
  name: string;
  kind: ExposableKind;
  /** Site UCI id (`site_blog`) for sites. */
  id?: string;
  port: number | null;
  domain: string | null;
  /** exposed = emancipated (all asked channels on); partial = some; private = none. */
  state: 'exposed' | 'partial' | 'private';
  emancipated: boolean;
  channels: Record<Channel, ChannelInfo>;
  /** Certificate state as the box reports it (`valid`, `missing`, …), null when unknown. */
  certificate: string | null;
  /** Extra facts: backend running, vhost exists, listening process… */
  detail: string;
}

export interface ExposureList {
  box: string;
  items: Exposable[];
  /** "luci.metablogizer is not installed on r2", … */
  warnings: string[];
}

export interface EmancipateOptions {
  port?: number;
  domain?: string;
  tor?: boolean;
  dns?: boolean;
  mesh?: boolean;
  /** Force the flow; default: a MetaBlogizer site of that name wins, else a service. */
  kind?: ExposableKind;
}

export interface RevokeOptions {
  tor?: boolean;
  dns?: boolean;
  mesh?: boolean;
  kind?: ExposableKind;
}

export interface PlannedSection {
  config: string;
  section: string;
  type: string;
  /** `create`, `set emancipated=1`, `delete`, `zero flags` */
  action: string;
  note?: string;
}

export interface Plan {
  action: 'emancipate' | 'revoke';
  box: string;
  name: string;
  kind: ExposableKind;
  /** Emancipate of something already (partly) exposed: the flow runs again. */
  again?: boolean;
  /** Site UCI id for sites. */
  siteId?: string;
  port: number | null;
  domain: string | null;
  /** Channels asked (service flow); for sites: dns (+ vortex mesh when enabled on the box). */
  channels: Record<Channel, boolean>;
  /** The user named the channels (--tor/--dns/--mesh); false = the default "all". A channel the box reports as failed
   *  fails the result only when it was asked for explicitly (the mesh channel never works on current SecuBox). */
  channelsExplicit?: boolean;
  /** The one write call the run will make. */
  call: { object: string; method: string; params: Record<string, unknown> };
  uciSections: PlannedSection[];
  dnsRecords: { type: 'A'; name: string; zone: string | null; note?: string }[];
  certificates: string[];
  /** Step names in order, as they will be shown. */
  steps: string[];
  warnings: string[];
}

export interface ChannelResult {
  requested: boolean;
  /** true = state read back and present; false = absent; null = cannot be verified on this box. */
  verified: boolean | null;
  detail: string;
}

export interface ExposureResult {
  action: 'emancipate' | 'revoke';
  box: string;
  name: string;
  kind: ExposableKind;
  /** Success, decided from the state read back (never from the box's own exit code / messages). */
  ok: boolean;
  /** The verification read-back ran and confirmed the expected state. */
  verified: boolean;
  steps: Step[];
  channels: Partial<Record<Channel, ChannelResult>>;
  warnings: string[];
  /** What the box itself said (message / last line), for the record. */
  boxSaid: string | null;
  jobId?: string;
  /** The raw output log of the box (CLI output), ANSI stripped. */
  output?: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called with the full step list every time it changes. */
  onStep?: (steps: readonly Step[], current: string | null) => void;
  /** Site flow polling interval (default 1000 ms) and overall timeout (default 180 s). */
  pollIntervalMs?: number;
  timeoutMs?: number;
}
