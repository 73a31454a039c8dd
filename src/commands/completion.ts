/**
 * `secubox completion bash|zsh|fish`: print the completion script shipped in completions/ (straight to stdout,
 * byte for byte, never through Ink).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../lib/errors.js';
import type { CommandInput } from './spec.js';
import type { Context } from './context.js';

export const SCRIPT_FILES: Readonly<Record<string, string>> = {
  bash: 'secubox.bash',
  zsh: '_secubox',
  fish: 'secubox.fish',
};

/** completions/ at the package root: this file is src/commands/completion.ts or dist/commands/completion.js. */
export function completionScript(shell: string): string {
  const file = Object.hasOwn(SCRIPT_FILES, shell) ? SCRIPT_FILES[shell] : undefined;
  if (!file) throw new UsageError(`no completion script for "${shell}"`, 'use one of: bash, zsh, fish');
  return readFileSync(new URL(`../../completions/${file}`, import.meta.url), 'utf8');
}

export async function run(input: CommandInput, ctx: Context): Promise<number> {
  ctx.stdout.write(completionScript(input.args[0] ?? ''));
  return 0;
}
