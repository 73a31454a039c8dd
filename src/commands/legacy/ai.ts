import { makeRun } from '../legacy.js';

export const run = makeRun('ai');
