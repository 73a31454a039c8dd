/**
 * Background refresh: one batch (= one exec) per box per refresh, never two in flight, aborted when
 * the screen is left, and keys are handled while a slow refresh is running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/screens/App.js';
import { KEY, renderTui, type Rendered } from './harness.js';
import { clearStubs, stubFleet } from './stubs.js';
import { FLEET_ROUTE } from '../../src/screens/routes.js';
import { buildRefreshBatch } from '../../src/core/status/index.js';
import { SUBSYSTEMS } from '../../src/registry/index.js';

let r: Rendered | undefined;
afterEach(() => { r?.unmount(); r = undefined; clearStubs(); });

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe('box screen refresh', () => {
  it('costs exactly one batch exec per refresh (every 2 s)', async () => {
    const { session, transports } = await stubFleet(['alpha']);
    r = renderTui(<App session={session} color={false} initialStack={[FLEET_ROUTE, { kind: 'box', box: 'alpha' }]} />, { columns: 100, rows: 30 });
    await r.waitText('Subsystems');
    const t = transports.get('alpha')!;
    await r.waitFor(() => t.rounds.length >= 1, 'first refresh');
    const before = t.rounds.length;
    await sleep(4300);
    const rounds = t.rounds.slice(before);
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    expect(rounds.length).toBeLessThanOrEqual(3);
    const size = buildRefreshBatch(SUBSYSTEMS, { detail: true }).length;
    for (const round of rounds) {
      expect(round.kind).toBe('batch');
      expect(round.size).toBeGreaterThan(5);
      expect(round.size).toBeLessThanOrEqual(size);
    }
  }, 20_000);

  it('a slow box: intervals are skipped while a refresh runs, keys answer at once, leaving aborts it', async () => {
    const { session, transports } = await stubFleet(['alpha'], [], { delayMs: 1500 });
    r = renderTui(<App session={session} color={false} initialStack={[FLEET_ROUTE, { kind: 'box', box: 'alpha' }]} />, { columns: 100, rows: 30 });
    await r.waitFor(() => (transports.get('alpha')?.rounds.length ?? 0) >= 1, 'first refresh started');
    const t = transports.get('alpha')!;
    // A refresh is in flight (each of its calls takes 1.5 s): keys still work immediately.
    const t0 = Date.now();
    await r.press('?');
    await r.waitText('Everywhere', 1000);
    await r.press(KEY.esc);
    expect(Date.now() - t0).toBeLessThan(1000);
    // Two refresh intervals pass while the first batch is still running: they are skipped.
    await sleep(4500);
    expect(t.rounds).toHaveLength(1);
    // Leave the screen: the running refresh is aborted (its calls stop; only the fleet's refresh runs).
    const before = t.calls.length;
    await r.press(KEY.esc);
    await r.waitText('Fleet');
    await sleep(2000);
    expect(t.rounds.length).toBe(2); // the fleet screen's own first refresh
    expect(t.calls.length - before).toBeLessThanOrEqual(3); // ≈ 2 s of 1.5 s calls, the box batch added none
  }, 30_000);
});
