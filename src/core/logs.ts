/**
 * Logs: `logread -e <tag>` (polled; busybox logread has -f but a follow channel would hold the
 * box's only exec slot on dropbear), and the subsystem's own `logs` method as a fallback.
 */
import type { BoxApi } from '../backends/types.js';

export interface LogLine {
  /** Raw line as logread prints it. */
  text: string;
  /** Parsed time when the line has a syslog date, else null. */
  at: string | null;
}

export interface StreamLogsOptions {
  signal: AbortSignal;
  onLine: (line: LogLine) => void;
  /** Lines shown first (default 100). */
  initialLines?: number;
  /** Poll interval (default 2000 ms). */
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

/** Last N lines for a tag (`logread -e tag | tail`, done without a shell). */
export async function readLogs(_box: BoxApi, _tag: string, _opts: { lines?: number; signal?: AbortSignal } = {}): Promise<LogLine[]> {
  throw new Error('not implemented yet');
}

/** Polls logread and calls onLine for each new line until the signal aborts. Resolves on abort. */
export async function streamLogs(_box: BoxApi, _tag: string, _opts: StreamLogsOptions): Promise<void> {
  throw new Error('not implemented yet');
}

/** The subsystem `logs`/`get_logs` ubus method (e.g. luci.haproxy get_logs {lines}); lines of text. */
export async function subsystemLogs(_box: BoxApi, _object: string, _method: string, _opts: { lines?: number; signal?: AbortSignal } = {}): Promise<LogLine[]> {
  throw new Error('not implemented yet');
}
