/** A state word with a tone and a symbol, readable without colour: `● running`, `○ stopped`, `– not installed`, `✗ error`. */
import { T, type Tone } from './theme.js';

export type BadgeState = 'running' | 'stopped' | 'not-installed' | 'error' | 'unknown' | 'ok' | 'warn' | 'pending' | 'done' | 'failed' | 'skipped';

const BADGES: Record<BadgeState, { sym: string; word: string; tone: Tone }> = {
  running: { sym: '●', word: 'running', tone: 'ok' },
  ok: { sym: '●', word: 'ok', tone: 'ok' },
  done: { sym: '✓', word: 'done', tone: 'ok' },
  stopped: { sym: '○', word: 'stopped', tone: 'warn' },
  warn: { sym: '!', word: 'warning', tone: 'warn' },
  pending: { sym: '…', word: 'pending', tone: 'info' },
  skipped: { sym: '-', word: 'skipped', tone: 'muted' },
  'not-installed': { sym: '–', word: 'not installed', tone: 'muted' },
  error: { sym: '✗', word: 'error', tone: 'err' },
  failed: { sym: '✗', word: 'failed', tone: 'err' },
  unknown: { sym: '?', word: 'unknown', tone: 'muted' },
};

export function badgeText(state: BadgeState, word?: string): string {
  const b = BADGES[state];
  return `${b.sym} ${word ?? b.word}`;
}

export function badgeTone(state: BadgeState): Tone {
  return BADGES[state].tone;
}

export function StatusBadge({ state, word }: { state: BadgeState; word?: string }) {
  return <T tone={badgeTone(state)}>{badgeText(state, word)}</T>;
}
