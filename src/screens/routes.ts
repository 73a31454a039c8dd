/** Navigation: a stack of routes (breadcrumb = the stack), as a pure reducer. */

export type Route =
  | { kind: 'fleet' }
  | { kind: 'box'; box: string }
  | { kind: 'exposure'; box: string; intent?: ExposureIntent }
  | { kind: 'subsystem'; box: string; id: string; intent?: SubsystemIntent }
  | { kind: 'job'; box: string; jobId: string };

/** A verb handed to the exposure screen by the palette (`:emancipate blog`). */
export interface ExposureIntent {
  verb: 'emancipate' | 'revoke';
  name: string;
  /** Makes a repeated identical command a new intent. */
  nonce: number;
}

/** The tabs of the subsystem screen, in order. */
export const SUBSYSTEM_TABS = ['status', 'methods', 'config', 'service', 'logs'] as const;
export type SubsystemTab = (typeof SUBSYSTEM_TABS)[number];

/** What the palette asks of a subsystem screen: `:crowdsec logs` (a tab), `:crowdsec ban 1.2.3.4` (a call). */
export interface SubsystemIntent {
  tab: SubsystemTab;
  /** A method word and its CLI words, mapped onto the parameters like `secubox SUBSYSTEM METHOD ARGS`. */
  call?: { method: string; words: string[] };
  nonce: number;
}

export type NavAction =
  | { type: 'push'; route: Route }
  | { type: 'pop' }
  | { type: 'reset'; stack: Route[] };

export const FLEET_ROUTE: Route = { kind: 'fleet' };

export function navReduce(stack: readonly Route[], a: NavAction): Route[] {
  switch (a.type) {
    case 'push': return [...stack, a.route];
    case 'pop': return stack.length > 1 ? stack.slice(0, -1) : [...stack];
    case 'reset': return a.stack.length ? a.stack : [FLEET_ROUTE];
  }
}

/** The stack that leads to a route (so that Esc walks back up sensibly after a palette jump). */
export function stackFor(route: Route): Route[] {
  if (route.kind === 'fleet') return [FLEET_ROUTE];
  const box: Route = { kind: 'box', box: route.box };
  if (route.kind === 'box') return [FLEET_ROUTE, box];
  return [FLEET_ROUTE, box, route];
}

export function routeLabel(r: Route, subsystemName?: (id: string) => string | undefined): string {
  switch (r.kind) {
    case 'fleet': return 'Fleet';
    case 'box': return r.box;
    case 'exposure': return 'Exposure';
    case 'subsystem': return subsystemName?.(r.id) ?? r.id;
    case 'job': return `Job ${r.jobId}`;
  }
}

/** The box a route is about (the palette's default target). */
export function routeBox(r: Route | undefined): string | undefined {
  return r && r.kind !== 'fleet' ? r.box : undefined;
}

export function routeKey(r: Route): string {
  switch (r.kind) {
    case 'fleet': return 'fleet';
    case 'box': return `box:${r.box}`;
    case 'exposure': return `exposure:${r.box}`;
    case 'subsystem': return `sub:${r.box}:${r.id}`;
    case 'job': return `job:${r.box}:${r.jobId}`;
  }
}

/** Identity of a mounted screen: a new intent (palette verb) makes a new screen. */
export function screenKey(r: Route): string {
  const intent = r.kind === 'exposure' || r.kind === 'subsystem' ? r.intent : undefined;
  return routeKey(r) + (intent ? `#${intent.nonce}` : '');
}
