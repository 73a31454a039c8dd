/**
 * How core/backends ask the user something (passphrase, password, host-key trust, confirmation)
 * without knowing whether they run under a plain command (readline on the TTY) or the TUI (a dialog).
 * A Prompter that cannot ask (no TTY) must throw / return false: never guess, never accept silently.
 */
import type { HostKeyPrompt } from '../backends/ssh/types.js';

/** What the user is asked before a host key is trusted (the transport's own type: one definition). */
export type HostKeyQuestion = HostKeyPrompt;

export interface Prompter {
  /** True when a human can answer (TTY or TUI). */
  readonly interactive: boolean;
  secret(question: string): Promise<string | undefined>;
  confirm(question: string, defaultYes?: boolean): Promise<boolean>;
  trustHostKey(q: HostKeyQuestion): Promise<boolean>;
}

/** For scripts / CI: never asks, never trusts. */
export const nonInteractivePrompter: Prompter = {
  interactive: false,
  secret: async () => undefined,
  confirm: async () => false,
  trustHostKey: async () => false,
};
