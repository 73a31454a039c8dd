/**
 * A session: the inventory plus a pool of open boxes (one transport per box, reused by every call,
 * command and screen). Commands get it from ctx.session(); the TUI gets it as a prop.
 * Implementation: core/sessionImpl.ts (loaded lazily so that `--version` / `__complete` stay cheap).
 */
import type { BoxApi, CallListener } from '../backends/types.js';
import type { BoxEntry, Inventory } from './inventory.js';
import type { Prompter } from './prompt.js';

export interface TargetSelection {
  box?: string;      // comma-separated names
  group?: string;    // comma-separated tags (a box with any of them)
  all?: boolean;
}

export interface SessionOptions {
  env: Readonly<Record<string, string | undefined>>;
  demo: boolean;
  /** --accept-new: trust (and record) an unknown host key, never a changed one. */
  acceptNew?: boolean;
  prompter: Prompter;
  /** Per-call default timeout. */
  timeoutMs?: number;
}

export interface Session {
  readonly inventory: Inventory;
  readonly demo: boolean;
  /** Boxes to act on: explicit names, a group, all, else the default box, else `local` on a router. UsageError when none. */
  resolveTargets(sel: TargetSelection): BoxEntry[];
  /** Open (or reuse) the connection to a box. UnreachableError (exit 3) on network/auth/host-key failure. */
  open(box: string | BoxEntry): Promise<BoxApi>;
  /** Where a box is reached, as messages and tables show it: `root@10.0.0.1:22 via bastion`, `local`, the demo host. */
  where(entry: BoxEntry): string;
  onCall(listener: CallListener): () => void;
  close(): Promise<void>;
}
