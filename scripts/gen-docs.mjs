#!/usr/bin/env node
// Regenerate docs/commands.md from the command table (built dist/). Run through `npm run gen` (builds first).
// `node scripts/gen-docs.mjs --check` exits 1 when the committed file differs.
import { readFileSync, writeFileSync } from 'node:fs';

const { renderMarkdown } = await import('../dist/commands/complete/markdown.js');
const { commandTree, PROGRAM_DESCRIPTION } = await import('../dist/commands/help.js');

const target = new URL('../docs/commands.md', import.meta.url);
const text = renderMarkdown(commandTree(), PROGRAM_DESCRIPTION);
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // first run
}
if (process.argv.includes('--check')) {
  if (current !== text) {
    process.stderr.write('docs/commands.md is out of date: run `npm run gen`\n');
    process.exit(1);
  }
  process.stdout.write('docs/commands.md is up to date\n');
} else if (current === text) {
  process.stdout.write('docs/commands.md is up to date\n');
} else {
  writeFileSync(target, text);
  process.stdout.write('wrote docs/commands.md\n');
}
