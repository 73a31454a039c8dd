/**
 * THE keymap: every key of the TUI, per context. The footer and the `?` help are rendered from it,
 * and every screen resolves its keys through it (no key is hard-coded elsewhere, except text typed
 * into inputs). `write: true` bindings are hidden and refused in --read-only.
 */
import type { KeyContext } from '../ui/keymap.js';

export type GlobalAction = 'quit' | 'help' | 'palette' | 'back' | 'toggleLog' | 'focusLog' | 'refresh';
export type ListAction = 'up' | 'down' | 'pgup' | 'pgdn' | 'first' | 'last' | 'filter';
export type FleetAction = 'open';
export type BoxAction = 'open' | 'exposure' | 'nextTab' | 'prevTab' | 'start' | 'stop' | 'restart' | 'logs';
export type ExposureAction = 'emancipate' | 'revoke' | 'jobs';
export type SubsystemAction = 'open' | 'nextTab' | 'prevTab' | 'start' | 'stop' | 'restart';
export type LogPanelAction = 'copy' | 'up' | 'down' | 'first' | 'last' | 'unfocus';

export const GLOBAL: KeyContext<GlobalAction> = {
  id: 'global',
  title: 'Everywhere',
  bindings: [
    { keys: ['?'], action: 'help', help: 'show this help', footer: 'help' },
    { keys: [':'], action: 'palette', help: 'command palette: the CLI verbs (:box r1, :emancipate blog, :crowdsec ban IP, :service NAME restart…)', footer: 'cmd' },
    { keys: ['esc', 'backspace'], action: 'back', help: 'back to the previous screen', footer: 'back' },
    { keys: ['L'], action: 'toggleLog', help: 'show/hide the command log (every call made to a box)', footer: 'calls' },
    { keys: ['`'], action: 'focusLog', help: 'move the cursor into the command log (y copies a call)' },
    { keys: ['r', 'C-r'], action: 'refresh', help: 'refresh now' },
    { keys: ['q', 'C-c'], action: 'quit', help: 'quit (Ctrl-C: quit with exit code 130)', footer: 'quit' },
  ],
};

export const LIST: KeyContext<ListAction> = {
  id: 'list',
  title: 'Lists',
  bindings: [
    { keys: ['up', 'k'], action: 'up', help: 'move up' },
    { keys: ['down', 'j'], action: 'down', help: 'move down' },
    { keys: ['pgup', 'C-b'], action: 'pgup', help: 'page up' },
    { keys: ['pgdn', 'C-f', 'space'], action: 'pgdn', help: 'page down' },
    { keys: ['g', 'home'], action: 'first', help: 'first row' },
    { keys: ['G', 'end'], action: 'last', help: 'last row' },
    { keys: ['/'], action: 'filter', help: 'filter rows (regex; start with ! to invert)', footer: 'filter' },
  ],
};

export const FLEET: KeyContext<FleetAction> = {
  id: 'fleet',
  title: 'Fleet',
  bindings: [
    { keys: ['enter', 'right', 'l'], action: 'open', help: 'open the selected box', footer: 'open' },
  ],
};

export const BOX: KeyContext<BoxAction> = {
  id: 'box',
  title: 'Box',
  bindings: [
    { keys: ['enter', 'right', 'l'], action: 'open', help: 'open the selected subsystem / show the selected job', footer: 'open' },
    { keys: ['x'], action: 'exposure', help: 'exposure: emancipate / revoke services and sites', footer: 'exposure' },
    { keys: ['tab'], action: 'nextTab', help: 'next tab (subsystems, services, alerts, jobs)', footer: 'tab' },
    { keys: ['backtab'], action: 'prevTab', help: 'previous tab' },
  ],
};

/** Box screen, Services tab. */
export const BOX_SERVICES: KeyContext<BoxAction> = {
  id: 'box-services',
  title: 'Box: services tab',
  bindings: [
    { keys: ['s'], action: 'start', help: 'start the selected service (confirmation)', footer: 'start', write: true },
    { keys: ['S'], action: 'stop', help: 'stop the selected service (confirmation)', footer: 'stop', write: true },
    { keys: ['R'], action: 'restart', help: 'restart the selected service (confirmation)', footer: 'restart', write: true },
  ],
};

export const EXPOSURE: KeyContext<ExposureAction> = {
  id: 'exposure',
  title: 'Exposure',
  bindings: [
    { keys: ['e'], action: 'emancipate', help: 'emancipate the selected service/site (form → confirm → live steps)', footer: 'emancipate', write: true },
    { keys: ['R'], action: 'revoke', help: 'revoke the selected service/site (confirmation)', footer: 'revoke', write: true },
    { keys: ['J'], action: 'jobs', help: 'show the last job of this box (steps and result)' },
  ],
};

export const SUBSYSTEM: KeyContext<SubsystemAction> = {
  id: 'subsystem',
  title: 'Subsystem',
  bindings: [
    { keys: ['tab'], action: 'nextTab', help: 'next tab (status, methods, config, service, logs)', footer: 'tab' },
    { keys: ['backtab'], action: 'prevTab', help: 'previous tab' },
    { keys: ['enter'], action: 'open', help: 'call the selected method (write methods: form + confirmation)', footer: 'call' },
    { keys: ['s'], action: 'start', help: 'start its service (confirmation)', write: true },
    { keys: ['S'], action: 'stop', help: 'stop its service (confirmation)', write: true },
    { keys: ['R'], action: 'restart', help: 'restart its service (confirmation)', write: true },
  ],
};

export const LOG_PANEL: KeyContext<LogPanelAction> = {
  id: 'calls',
  title: 'Command log (after `)',
  bindings: [
    { keys: ['up', 'k'], action: 'up', help: 'older call' },
    { keys: ['down', 'j'], action: 'down', help: 'newer call' },
    { keys: ['g'], action: 'first', help: 'oldest call' },
    { keys: ['G'], action: 'last', help: 'newest call' },
    { keys: ['y'], action: 'copy', help: 'copy the selected call as a shell line (file + OSC 52 clipboard)', footer: 'copy' },
    { keys: ['esc', '`', 'tab'], action: 'unfocus', help: 'back to the screen', footer: 'back' },
  ],
};

/** Dialog keys, for the help only (dialogs are text inputs: their keys are fixed). */
export const DIALOGS: KeyContext = {
  id: 'dialogs',
  title: 'Dialogs, forms, filter and palette',
  bindings: [
    { keys: ['enter'], action: 'submit', help: 'confirm / submit / run' },
    { keys: ['esc'], action: 'cancel', help: 'cancel' },
    { keys: ['y', 'n'], action: 'answer', help: 'answer a confirmation' },
    { keys: ['tab', 'down', 'up'], action: 'field', help: 'next / previous form field; Tab completes in the palette' },
    { keys: ['space'], action: 'toggle', help: 'toggle a checkbox, cycle a choice' },
  ],
};
