/**
 * The Prompter of the TUI: host-key trust, passwords/passphrases and confirmations asked in Ink
 * dialogs instead of on the raw terminal (which Ink owns). The question shows the SHA256 fingerprint;
 * the default answer is No.
 */
import type { HostKeyQuestion, Prompter } from '../core/prompt.js';
import type { Services } from './services.js';

export function createTuiPrompter(s: Pick<Services, 'confirm' | 'form'>): Prompter {
  return {
    interactive: true,
    secret: async (question) => {
      const v = await s.form({ title: question.trim(), fields: [{ name: 'secret', label: 'secret', type: 'string' }], secret: true });
      return v ? String(v.secret ?? '') : undefined;
    },
    confirm: (question) => s.confirm({ action: question.replace(/\?\s*$/, ''), box: '', target: '' }),
    trustHostKey: (q: HostKeyQuestion) => s.confirm({
      action: 'Trust the unknown host key of',
      box: q.box,
      target: `${q.host}:${q.port}`,
      details: [
        `${q.keyType} ${q.fingerprint}`,
        `compare with the box's own key before you answer; it will be added to ${q.file ?? '~/.ssh/known_hosts'}`,
      ],
      danger: true,
    }),
  };
}

/** A Prompter whose answers come from whoever is bound (the App once mounted); before that: never trusts. */
export function deferredPrompter(): Prompter & { bind(p: Prompter | null): void } {
  let target: Prompter | null = null;
  return {
    interactive: true,
    bind(p) { target = p; },
    secret: (q) => (target ? target.secret(q) : Promise.resolve(undefined)),
    confirm: (q, d) => (target ? target.confirm(q, d) : Promise.resolve(false)),
    trustHostKey: (q) => (target ? target.trustHostKey(q) : Promise.resolve(false)),
  };
}
