/**
 * Exposure: list exposable services/sites, plan (dry-run), emancipate / revoke with verification.
 * Screens and `secubox emancipate|revoke` call these same functions.
 */
export * from './types.js';
export { listExposure, findExposable, parseExposure, exposureBatch, vhostId, siteId } from './list.js';
export { planEmancipate, planRevoke } from './plan.js';
export { emancipate, revoke } from './run.js';
export { verify, verifyBatch, evaluate, type Verification } from './verify.js';
export { parseSiteLog, parseServiceOutput, boxConclusion, stripAnsi, SITE_STEPS, SERVICE_STEPS } from './siteLog.js';
