/** The App's layout: header (name, DEMO, breadcrumb, jobs), body, command log, dialogs, footer / palette / toast. */
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { Breadcrumb } from '../ui/Breadcrumb.js';
import { CommandLog } from '../ui/CommandLog.js';
import { Confirm, confirmLayout } from '../ui/Confirm.js';
import { Footer } from '../ui/Footer.js';
import { Form } from '../ui/Form.js';
import { formLayout } from '../ui/formModel.js';
import { HelpOverlay } from '../ui/HelpOverlay.js';
import { LineInput } from '../ui/LineInput.js';
import type { KeyContext } from '../ui/keymap.js';
import { T } from '../ui/theme.js';
import { truncate } from '../ui/text.js';
import type { CallEvent } from '../backends/types.js';
import type { AppState, Dialog } from './appState.js';
import { paletteHelp } from './palette.js';

/** Lines the open dialog takes, at most `maxLines` (it scrolls or drops details to fit). */
export function dialogHeight(d: Dialog | undefined, maxLines = Infinity): number {
  if (!d) return 0;
  if (d.kind === 'confirm') return confirmLayout(d.req.details?.length ?? 0, maxLines).height;
  return formLayout(d.req.fields.length, Boolean(d.req.note), d.state.focus, maxLines).height;
}

/** Room for a dialog: everything but the header, the footer (or palette), the command log and one body line. */
function dialogRoom(height: number, state: AppState): number {
  return height - 1 - (state.palette ? 2 : 1) - logHeight(height, state.log.open) - 1;
}

export function logHeight(rows: number, open: boolean): number {
  return open ? Math.max(3, Math.min(9, Math.floor(rows / 3))) : 0;
}

export interface FrameProps {
  width: number;
  height: number;
  state: AppState;
  crumbs: string[];
  demo: boolean;
  readOnly: boolean;
  runningJobs: number;
  contexts: readonly KeyContext[];
  helpContexts: readonly KeyContext[];
  calls: readonly CallEvent[];
  callCount: number;
  callSel: number;
  /** Rendered screen (already sized to the body). */
  children: ReactNode;
  bodyHeight: number;
}

function Header({ width, crumbs, demo, readOnly, runningJobs }: { width: number; crumbs: string[]; demo: boolean; readOnly: boolean; runningJobs: number }) {
  const right = [runningJobs ? `${runningJobs} job${runningJobs > 1 ? 's' : ''} running` : '', readOnly ? 'READ-ONLY' : ''].filter(Boolean).join(' · ');
  return (
    <Box width={width} height={1}>
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Text wrap="truncate-end">
          <Text bold>secubox</Text>
          {demo ? <Text> <T tone="demo" bold inverse>{' DEMO '}</T></Text> : null}
          <T tone="muted">{' │ '}</T>
        </Text>
        <Breadcrumb parts={crumbs} />
      </Box>
      {right ? <Box flexShrink={0} marginLeft={1}><T tone={runningJobs ? 'info' : 'warn'} bold>{right}</T></Box> : null}
    </Box>
  );
}

function PaletteLine({ state, width }: { state: NonNullable<AppState['palette']>; width: number }) {
  const cands = state.candidates.slice(0, 12).join('  ');
  return (
    <Box flexDirection="column" width={width} height={2}>
      {state.error
        ? <T tone="err" wrap="truncate-end">{state.error}</T>
        : <T tone="muted" wrap="truncate-end">{cands ? `Tab: ${cands}` : 'Enter run · Tab complete · Esc cancel · e.g. box NAME, emancipate NAME, status, log, quit'}</T>}
      <Text wrap="truncate-end"><T tone="accent" bold>:</T><LineInput value={state.edit} /></Text>
    </Box>
  );
}

export function AppFrame(p: FrameProps) {
  const { state, width } = p;
  const dialog = state.dialogs[0];
  const lh = logHeight(p.height, state.log.open);
  return (
    <Box flexDirection="column" width={width} height={p.height} overflow="hidden">
      <Header width={width} crumbs={p.crumbs} demo={p.demo} readOnly={p.readOnly} runningJobs={p.runningJobs} />
      {/* The screen stays mounted under the help (its state and refresh go on); it is only hidden. */}
      <Box width={width} height={p.bodyHeight} overflow="hidden" flexDirection="column" display={state.help ? 'none' : 'flex'}>
        {p.children}
      </Box>
      {state.help ? <HelpOverlay contexts={p.helpContexts} readOnly={p.readOnly} width={width} height={p.bodyHeight} offset={state.help.offset} commands={paletteHelp(p.readOnly)} /> : null}
      {dialog?.kind === 'confirm' && <Confirm req={dialog.req} state={dialog.state} width={width} height={dialogRoom(p.height, state)} />}
      {dialog?.kind === 'form' && <Form title={dialog.req.title} note={dialog.req.note} state={dialog.state} width={width} secret={dialog.req.secret} height={dialogRoom(p.height, state)} />}
      {lh > 0 && <CommandLog events={p.calls} total={p.callCount} sel={p.callSel} focused={state.log.focus} width={width} height={lh} />}
      {state.palette
        ? <PaletteLine state={state.palette} width={width} />
        : state.toast
          ? <T tone={state.toast.tone} wrap="truncate-end">{truncate(state.toast.text, width)}</T>
          : <Footer contexts={p.contexts} readOnly={p.readOnly} width={width} />}
    </Box>
  );
}

export function frameBodyHeight(height: number, state: AppState): number {
  const dialog = dialogHeight(state.dialogs[0], dialogRoom(height, state));
  const chrome = 1 + (state.palette ? 2 : 1) + logHeight(height, state.log.open) + dialog;
  return Math.max(dialog ? 1 : 3, height - chrome);
}
