/**
 * Status snapshot types: what the fleet screen, the box screen and `secubox status` show.
 * Core never imports src/registry: callers pass the subsystems to probe as `SubsystemProbe`s
 * (the registry's `Subsystem` type extends this one).
 */

export type Layer = 1 | 2 | 3 | 4;

export const LAYER_NAMES: Readonly<Record<Layer, string>> = {
  1: 'Core Mesh',
  2: 'AI Gateway',
  3: 'MirrorNetworking',
  4: 'Roadmap',
};

/** The minimum core needs to know about a subsystem to report its state. */
export interface SubsystemProbe {
  id: string;
  name: string;
  layer: Layer;
  /** rpcd objects of this subsystem (the first is the main one). */
  objects: readonly string[];
  /** The status-like pure read used by refreshes (never a write, never a `[side effect]` read). */
  status?: { object: string; method: string; params?: Record<string, unknown> };
  /** procd init scripts (`/etc/init.d/<name>`). */
  services: readonly string[];
  /** CLIs (`/usr/sbin/<name>`), used only to tell "installed" when there is neither rpcd object nor init script. */
  clis?: readonly string[];
}

export type Reach = 'ok' | 'auth' | 'host-key' | 'unknown-host' | 'unreachable' | 'timeout' | 'pending';

export type SubsystemState = 'running' | 'stopped' | 'not-installed' | 'error';

export interface SystemInfo {
  /** Board model, e.g. `GL.iNet GL-MT6000` (system board `model`, else /tmp/sysinfo/model). */
  model: string | null;
  /** Board name, e.g. `glinet,gl-mt6000`. */
  board: string | null;
  /** e.g. `OpenWrt 24.10.0 r28427-6df0e3d02a` */
  firmware: string | null;
  /** OpenWrt release version alone, e.g. `24.10.0`. */
  release: string | null;
  kernel: string | null;
  hostname: string | null;
  uptimeS: number | null;
  /** 1, 5, 15 min load averages. */
  load: [number, number, number] | null;
  /** Bytes. */
  mem: { total: number; available: number } | null;
  /** Bytes, of /overlay (else /). */
  disk: { total: number; used: number; mount: string } | null;
}

export interface ServiceState {
  name: string;
  enabled: boolean;
  /** null when it cannot be told (procd's `service list` unavailable). */
  running: boolean | null;
}

export interface SubsystemStatus {
  id: string;
  name: string;
  layer: Layer;
  state: SubsystemState;
  /** One short human line ("crowdsec stopped, bouncer stopped", "rpcd: Method not found"). */
  detail: string;
}

export interface AlertSummary {
  /** Total known alerts (CrowdSec), null when unknown (CrowdSec not installed / unreadable). */
  count: number | null;
  recent: { at: string | null; source: string; scenario: string; ip: string | null }[];
}

export interface JobSummary {
  id: string;
  kind: string;
  title: string;
  state: 'running' | 'ok' | 'failed' | 'cancelled';
}

export interface BoxSnapshot {
  box: string;
  host: string;
  reach: Reach;
  /** Why it is not reachable / what failed, in one line; null when all is fine. */
  reason: string | null;
  /** ms since epoch of the data (the last successful refresh for stale snapshots); null = never fetched. */
  fetchedAt: number | null;
  /** True when the box could not be refreshed and this is older data. */
  stale: boolean;
  /** True for the simulated demo fleet. */
  demo?: boolean;
  system: SystemInfo;
  services: ServiceState[];
  subsystems: SubsystemStatus[];
  alerts: AlertSummary;
  /** Mesh peers other than the box itself (luci.secubox-p2p get_peers); null when unknown. */
  meshPeers: number | null;
  /** Jobs (emancipate/revoke…) running or finished for this box, from the JobManager when given. */
  jobs: JobSummary[];
  /** rpcd objects present on the box (`ubus list`), for the generic subsystem screen. */
  objects: string[];
}

export interface RefreshOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Box screen detail: also fetch the recent CrowdSec alerts (costs a cscli run on the box). */
  detail?: boolean;
}

export interface FleetStatusOptions extends RefreshOptions {
  concurrency?: number;
  /** Keeps last snapshots (a SnapshotStore); unreachable boxes get their last one back, marked stale. */
  store?: { get(box: string): BoxSnapshot | undefined; put(snap: BoxSnapshot): BoxSnapshot };
  /** Called as soon as each box's snapshot is ready (the fleet screen updates row by row). */
  onSnapshot?: (snap: BoxSnapshot) => void;
  /** Fill `jobs` from here. */
  jobs?: { list(filter?: { box?: string }): readonly { id: string; kind: string; title: string; state: JobSummary['state']; box: string }[] };
}

export function emptySystem(): SystemInfo {
  return { model: null, board: null, firmware: null, release: null, kernel: null, hostname: null, uptimeS: null, load: null, mem: null, disk: null };
}

export function pendingSnapshot(box: string, host: string, demo?: boolean): BoxSnapshot {
  return {
    box, host, reach: 'pending', reason: null, fetchedAt: null, stale: false, ...(demo ? { demo } : {}),
    system: emptySystem(), services: [], subsystems: [], alerts: { count: null, recent: [] }, meshPeers: null, jobs: [], objects: [],
  };
}
