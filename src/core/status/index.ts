/**
 * Box status: one batch (= one exec) per refresh, parsed into a BoxSnapshot.
 * Public API for screens and `secubox status`.
 */
export * from './types.js';
export { SnapshotStore, type HistoryPoint } from './store.js';
export { buildRefreshBatch, parseRefresh, refreshBox, failedSnapshot } from './refresh.js';
export { fleetStatus } from './fleet.js';
export { rememberSnapshotNames } from './names.js';
