/**
 * Confirmation dialog. It always names the box and the target ("Revoke blog on r1?"), defaults to
 * No, and answers to y / n / Esc / ←→ + Enter.
 */
import { Box, Text } from 'ink';
import { T } from './theme.js';
import type { KeyEvent } from './keys.js';

export interface ConfirmRequest {
  /** The verb, e.g. `Revoke`, `Restart service`, `Call luci.crowdsec-dashboard ban`. */
  action: string;
  box: string;
  target: string;
  /** What will happen, one line each. */
  details?: readonly string[];
  danger?: boolean;
  /** The whole question, instead of "ACTION TARGET on box BOX?" (e.g. quitting with jobs running). */
  question?: string;
  /** Shown before the dialogs already open (it answers the key that asked it, e.g. quit). */
  front?: boolean;
}

export interface ConfirmState {
  yes: boolean;
}

export type ConfirmOutcome = 'yes' | 'no' | undefined;

export function confirmKey(s: ConfirmState, k: KeyEvent): { state: ConfirmState; outcome: ConfirmOutcome } {
  if (k.name === 'char' && (k.ch === 'y' || k.ch === 'Y')) return { state: s, outcome: 'yes' };
  if ((k.name === 'char' && (k.ch === 'n' || k.ch === 'N' || k.ch === 'q')) || k.name === 'esc') return { state: s, outcome: 'no' };
  if (k.name === 'enter') return { state: s, outcome: s.yes ? 'yes' : 'no' };
  if (k.name === 'left' || k.name === 'right' || k.name === 'tab' || k.name === 'backtab' || (k.name === 'char' && (k.ch === 'h' || k.ch === 'l'))) {
    return { state: { yes: !s.yes }, outcome: undefined };
  }
  return { state: s, outcome: undefined };
}

/** Lines a confirmation takes within `maxLines` (border included): question, details that fit, a blank, buttons. */
export function confirmLayout(details: number, maxLines = Infinity): { height: number; details: number; blank: boolean } {
  const room = Math.max(2, maxLines - 2) - 2; // border; question and buttons always
  const shown = Math.max(0, Math.min(details, room - 1));
  const blank = room - shown >= 1;
  return { height: 4 + shown + (blank ? 1 : 0), details: shown, blank };
}

export function Confirm({ req, state, width, height }: { req: ConfirmRequest; state: ConfirmState; width: number; height?: number }) {
  const lay = confirmLayout(req.details?.length ?? 0, height);
  return (
    <Box flexDirection="column" borderStyle="double" width={width} height={lay.height} paddingX={1} overflow="hidden">
      {req.question ? <T tone={req.danger ? 'err' : 'warn'} bold wrap="truncate-end">{req.question}</T> : (
        <Text wrap="truncate-end">
          <T tone={req.danger ? 'err' : 'warn'} bold>{req.action}</T>
          {req.target ? <Text>{' '}<Text bold>{req.target}</Text></Text> : null}
          {req.box ? <Text>{' on box '}<Text bold>{req.box}</Text></Text> : null}?
        </Text>
      )}
      {(req.details ?? []).slice(0, lay.details).map((d, i) => <Text key={i} wrap="truncate-end">{`  ${d}`}</Text>)}
      {lay.blank ? <Text> </Text> : null}
      <Text wrap="truncate-end">
        <Text inverse={state.yes} bold={state.yes}>{' Yes (y) '}</Text>{'   '}
        <Text inverse={!state.yes} bold={!state.yes}>{' No (n/Esc) '}</Text>
      </Text>
    </Box>
  );
}
