/**
 * Stand-in sessions for screen tests that do not need box data: the real session implementation
 * (core/sessionImpl) over a throwaway inventory (temp XDG_CONFIG_HOME), with scripted fake transports.
 */
import { openSession, setSessionTestHooks } from '../../src/core/sessionImpl.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInventory } from '../../src/core/inventoryStore.js';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import type { Session } from '../../src/core/session.js';
import { UnreachableError } from '../../src/lib/errors.js';
import { fakeTransport, type FakeTransport } from '../helpers/fakeTransport.js';
import type { BoxEntry } from '../../src/core/inventory.js';

export interface StubFleet {
  session: Session;
  transports: Map<string, FakeTransport>;
  /** From now on, every call to this box fails as unreachable (the network went away). */
  cut(name: string): void;
}

/**
 * Boxes named in `dead` are unreachable (connection refused); the others answer every call with
 * an empty output and exit 1 (a box where nothing is installed).
 */
export interface StubOptions {
  /** Every call answers after this delay (a slow box). */
  delayMs?: number;
}

export async function stubFleet(names: string[], dead: string[] = [], opts: StubOptions = {}): Promise<StubFleet> {
  const entries: BoxEntry[] = names.map((name, i) => ({ name, host: `127.0.0.${i + 1}`, tags: [] }));
  const transports = new Map<string, FakeTransport>();
  const cutBoxes = new Set<string>();
  const home = mkdtempSync(join(tmpdir(), 'secubox-screens-'));
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config') };
  const inv = openInventory({ env });
  for (const e of entries) inv.add(e);
  setSessionTestHooks({
    onRouter: () => false,
    transport: ({ entry }) => {
      if (dead.includes(entry.name)) throw new UnreachableError(entry.name, 'network', `cannot connect to ${entry.host}:22: connection refused`);
      const t = fakeTransport([{ argv: () => true, times: Infinity, result: { code: 1 }, ...(opts.delayMs ? { delayMs: opts.delayMs } : {}) }], { ordered: false });
      const down = () => new UnreachableError(entry.name, 'network', `lost the connection to ${entry.host}:22`);
      const exec = t.exec.bind(t);
      const batch = t.batch!.bind(t);
      t.exec = (argv, o) => (cutBoxes.has(entry.name) ? Promise.reject(down()) : exec(argv, o));
      t.batch = (calls, o) => (cutBoxes.has(entry.name) ? Promise.reject(down()) : batch(calls, o));
      transports.set(entry.name, t);
      return t;
    },
  });
  const session = await openSession({ env, demo: false, prompter: nonInteractivePrompter });
  return { session, transports, cut: (name) => { cutBoxes.add(name); } };
}

export function clearStubs(): void {
  setSessionTestHooks({});
}
