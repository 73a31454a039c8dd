/**
 * Exposure: list exposable services/sites, plan (dry-run), emancipate / revoke with verification.
 * Screens and `secubox emancipate|revoke` call these same functions.
 */
export * from './types.js';
export { listExposure, findExposable } from './list.js';
export { planEmancipate, planRevoke } from './plan.js';
export { emancipate, revoke } from './run.js';
export { parseSiteLog, SITE_STEPS } from './siteLog.js';
