/**
 * The session: inventory + one pooled BoxApi per box (local, ssh or sim transport), fan-in of every box's
 * CallEvents, close() closing them all. Contract in core/session.ts.
 */
import { createBox } from '../backends/box.js';
import type { SshTarget } from '../backends/ssh/types.js';
import type { BoxApi, CallEvent, CallListener, Transport } from '../backends/types.js';
import { LOCAL_BOX, type BoxEntry, type Inventory } from './inventory.js';
import { MemoryInventory, openInventory } from './inventoryStore.js';
import type { Prompter } from './prompt.js';
import type { Session, SessionOptions, TargetSelection } from './session.js';
import { homeOf, sshEndpoint, type SshEndpoint } from './sessionSsh.js';
import { detectRouter, lookupBox, resolveTargets } from './targets.js';

/** What a transport factory gets to build the transport of one box. */
export interface TransportRequest {
  entry: BoxEntry;
  env: Readonly<Record<string, string | undefined>>;
  acceptNew: boolean;
  prompter: Prompter;
  timeoutMs?: number;
}
export type TransportFactory = (req: TransportRequest) => Transport | Promise<Transport>;

// ---- test-only seam -------------------------------------------------------------------------------------------
interface TestHooks {
  transport?: TransportFactory;
  onRouter?: () => boolean;
}
let testHooks: TestHooks = {};
/**
 * TEST ONLY: replace how transports are built (a scripted fake box) and how "am I on a router" is answered.
 * Call with `{}` to restore the real behaviour. Never used by production code.
 */
export function setSessionTestHooks(hooks: TestHooks): void {
  testHooks = { ...hooks };
}
// ---------------------------------------------------------------------------------------------------------------

function toSshTarget(ep: SshEndpoint, req: TransportRequest, jump: SshTarget | undefined): SshTarget {
  const t: SshTarget = {
    box: ep.box,
    host: ep.host,
    port: ep.port,
    user: ep.user,
    identityFiles: ep.identityFiles,
    knownHostsFiles: ep.knownHostsFiles,
    acceptNew: req.acceptNew,
    prompter: req.prompter,
  };
  if (jump !== undefined) t.jump = jump;
  // the session's env decides (tests pass their own env): no SSH_AUTH_SOCK there = no agent
  t.agentSocket = req.env.SSH_AUTH_SOCK ?? '';
  if (req.timeoutMs !== undefined) t.connectTimeoutMs = req.timeoutMs;
  if (ep.hostKeyAlias !== undefined) t.hostKeyAlias = ep.hostKeyAlias;
  return t;
}

async function realTransport(req: TransportRequest): Promise<Transport> {
  if (req.entry.host === 'local') {
    const { createLocalTransport } = await import('../backends/local.js');
    return createLocalTransport();
  }
  const { createSshTransport } = await import('../backends/ssh/transport.js');
  const ep = sshEndpoint(req.entry, req.env);
  let jump: SshTarget | undefined;
  for (const j of ep.jumps) {
    jump = toSshTarget(j, req, jump);
    // `box trust` takes boxes, not their jump hosts: a connection from a terminal asks about the jump's key
    jump.trustHint = `connect from a terminal (\`secubox exec --box ${req.entry.name} -- true\`: it shows the fingerprint of ${j.host} and asks)`;
  }
  return createSshTransport(toSshTarget(ep, req, jump));
}

interface DemoSource {
  entries: BoxEntry[];
  transport(name: string): Transport;
}

async function loadDemo(): Promise<DemoSource> {
  const { demoFleet } = await import('../backends/sim/index.js');
  const fleet = demoFleet();
  return {
    entries: fleet.entries.map((e) => ({ ...e, tags: [...e.tags] })),
    transport: (name) => fleet.transport(name),
  };
}

class SessionImpl implements Session {
  readonly inventory: Inventory;
  readonly demo: boolean;
  readonly #opts: SessionOptions;
  readonly #demo: DemoSource | undefined;
  readonly #boxes = new Map<string, Promise<BoxApi>>();
  readonly #listeners = new Set<CallListener>();
  #closed = false;

  constructor(opts: SessionOptions, inventory: Inventory, demo: DemoSource | undefined) {
    this.#opts = opts;
    this.inventory = inventory;
    this.demo = demo !== undefined;
    this.#demo = demo;
  }

  where(entry: BoxEntry): string {
    if (entry.host === LOCAL_BOX.host) return entry.host;
    if (this.demo) return `${entry.user ?? 'root'}@${entry.host}`; // simulated: no port, no ssh config
    try {
      const ep = sshEndpoint(entry, this.#opts.env);
      return `${ep.user}@${ep.host}:${ep.port}${ep.jumps.length ? ` via ${ep.jumps.map((j) => j.host).join(', ')}` : ''}`;
    } catch {
      return entry.host; // a malformed jump spec: open() reports it
    }
  }

  resolveTargets(sel: TargetSelection): BoxEntry[] {
    return resolveTargets(sel, this.inventory, {
      onRouter: () => !this.demo && (testHooks.onRouter ?? (() => detectRouter(this.#opts.env)))(),
    });
  }

  open(box: string | BoxEntry): Promise<BoxApi> {
    if (this.#closed) return Promise.reject(new Error('session is closed'));
    const entry = typeof box === 'string' ? lookupBox(box, this.inventory) : box;
    let p = this.#boxes.get(entry.name);
    if (!p) {
      p = this.#create(entry);
      this.#boxes.set(entry.name, p);
      // a failed creation is not cached: the next open() tries again
      p.catch(() => this.#boxes.delete(entry.name));
    }
    return p;
  }

  async #create(entry: BoxEntry): Promise<BoxApi> {
    const req: TransportRequest = {
      entry,
      env: this.#opts.env,
      acceptNew: this.#opts.acceptNew === true,
      prompter: this.#opts.prompter,
    };
    if (this.#opts.timeoutMs !== undefined) req.timeoutMs = this.#opts.timeoutMs;
    let transport: Transport;
    if (testHooks.transport) transport = await testHooks.transport(req);
    else if (this.#demo && entry.host !== 'local') transport = this.#demo.transport(entry.name);
    else transport = await realTransport(req);
    const api = createBox(entry.name, transport, this.#opts.timeoutMs !== undefined ? { defaultTimeoutMs: this.#opts.timeoutMs } : {});
    api.onCall((ev: CallEvent) => {
      for (const l of this.#listeners) {
        try {
          l(ev);
        } catch {
          /* a listener's bug must not break the call */
        }
      }
    });
    return api;
  }

  onCall(listener: CallListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const all = [...this.#boxes.values()];
    this.#boxes.clear();
    await Promise.allSettled(all.map(async (p) => (await p).close()));
    this.#listeners.clear();
  }
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  if (opts.demo) {
    const demo = await loadDemo();
    const inv = new MemoryInventory(demo.entries, { path: '(demo fleet, in memory)', defaultBox: demo.entries[0]?.name });
    return new SessionImpl(opts, inv, demo);
  }
  return new SessionImpl(opts, openInventory({ env: opts.env }), undefined);
}

/** The SSH endpoint a box resolves to (for `box trust` and messages); undefined for `local`. */
export function endpointOf(entry: BoxEntry, env: Readonly<Record<string, string | undefined>>): SshEndpoint | undefined {
  return entry.host === LOCAL_BOX.host ? undefined : sshEndpoint(entry, env);
}

export { homeOf };
