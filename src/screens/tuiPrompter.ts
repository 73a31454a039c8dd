/**
 * The Prompter of the TUI: host-key trust, passwords/passphrases and confirmations asked in Ink
 * dialogs instead of on the raw terminal (which Ink owns). The question shows the SHA256 fingerprint;
 * the default answer is No.
 */
import type { HostKeyQuestion, Prompter } from '../core/prompt.js';
import type { Services } from './services.js';

export function createTuiPrompter(s: Pick<Services, 'confirm' | 'form'>): Prompter {
  // The fleet refreshes every few seconds and each connection attempt may ask again: an answer of
  // "no" (or Esc) is remembered for the session, so a declined key or password is not asked in a loop.
  const declinedKeys = new Set<string>();
  const declinedSecrets = new Set<string>();
  return {
    interactive: true,
    secret: async (question) => {
      if (declinedSecrets.has(question)) return undefined;
      const v = await s.form({ title: question.trim(), fields: [{ name: 'secret', label: 'secret', type: 'string' }], secret: true });
      if (!v) declinedSecrets.add(question);
      return v ? String(v.secret ?? '') : undefined;
    },
    confirm: (question) => s.confirm({ action: question.replace(/\?\s*$/, ''), box: '', target: '' }),
    trustHostKey: async (q: HostKeyQuestion) => {
      const id = `${q.box} ${q.host}:${q.port} ${q.fingerprint}`;
      if (declinedKeys.has(id)) return false;
      const yes = await trust(q);
      if (!yes) declinedKeys.add(id);
      return yes;
    },
  };

  function trust(q: HostKeyQuestion): Promise<boolean> {
    return s.confirm({
      action: 'Trust the unknown host key of',
      box: q.box,
      target: `${q.host}:${q.port}`,
      details: [
        `${q.keyType} ${q.fingerprint}`,
        `compare with the box's own key before you answer; it will be added to ${q.file ?? '~/.ssh/known_hosts'}`,
      ],
      danger: true,
    });
  }
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
