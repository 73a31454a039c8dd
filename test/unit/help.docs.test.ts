/** docs/commands.md must be what the table gives today: run `npm run gen` after changing a verb. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchor, renderMarkdown } from '../../src/commands/complete/markdown.js';
import { buildTree, leaves } from '../../src/commands/complete/tree.js';
import { PROGRAM_DESCRIPTION, commandTree } from '../../src/commands/help.js';
import { FIXTURE_COMMANDS, FIXTURE_GROUPS } from './complete.fixture.js';

describe('docs/commands.md', () => {
  it('is up to date with the command table (run `npm run gen` if this fails)', () => {
    const expected = renderMarkdown(commandTree(), PROGRAM_DESCRIPTION);
    const actual = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
    if (actual !== expected) {
      expect.fail('docs/commands.md is out of date with src/commands/table: run `npm run gen` and commit docs/commands.md');
    }
  });

  it('documents every visible verb with usage, options, examples, JSON fields and exit codes', () => {
    const root = buildTree(FIXTURE_COMMANDS, FIXTURE_GROUPS);
    const md = renderMarkdown(root, 'desc');
    for (const n of leaves(root)) {
      const title = `secubox ${n.path.join(' ')}`;
      expect(md).toContain(`## \`${title}\``);
      expect(md).toContain(`](#${anchor(title)})`);
    }
    expect(md).not.toContain('__complete');
    expect(md).toContain('| `--format <fmt>` | output format (one of: table, tsv, json) (default: table) |');
    expect(md).toContain('**Target options**');
    expect(md).toContain('**JSON fields** (`--json`): `box`, `reach`, `uptime`, `load`');
    expect(md).toContain('**Exit codes**: 0 ok, 1 error, 2 usage, 3 unreachable, 4 partial');
    expect(md).toContain('```sh\nsecubox status --all\n```');
    expect(md).toContain('Aliases: `ls`.');
    expect(anchor('secubox box import-ssh-config')).toBe('secubox-box-import-ssh-config');
  });
});
