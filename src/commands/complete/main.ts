/**
 * `secubox __complete -- <words...>`: the fast path bin/secubox imports directly (no commander, zod, conf,
 * ssh2, ink or react). Prints candidates as `value<TAB>description` lines and always exits 0: an unknown
 * word or an unreadable file yields no candidates, never an error or a stack.
 */
import { COMMANDS, GROUPS } from '../table/index.js';
import { complete, formatCompletion, type Candidate, type CompletionResult } from './engine.js';
import { buildTree } from './tree.js';

export const HELP_TOPICS: readonly Candidate[] = [
  { value: 'exit-codes', description: 'what each exit code means' },
  { value: 'subsystems', description: 'every subsystem verb with what it is' },
  { value: 'legacy', description: "the groups of the box's own secubox CLI" },
];

/** Complete `words` (after `secubox`, the last one being the word under the cursor) against the real table. */
export function completeWords(words: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<CompletionResult> {
  const args = words[0] === '--' ? words.slice(1) : words;
  // the registry facts are imported only by a TAB that needs them
  const registry = async () => (await import('./subsystems.js')).loadRegistryInfo(env);
  return complete(args, { env, root: buildTree(COMMANDS, GROUPS), registry, helpTopics: HELP_TOPICS });
}

export async function completeMain(words: readonly string[], out: { write(s: string): unknown } = process.stdout): Promise<void> {
  let text = '';
  try {
    text = formatCompletion(await completeWords(words));
  } catch (err) {
    if (process.env.SECUBOX_COMPLETE_DEBUG) process.stderr.write(`secubox __complete: ${String(err)}\n`);
  }
  if (text) out.write(text);
}
