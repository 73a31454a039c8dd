/**
 * The Methods tab shows what the BOX has (its `ubus -v list OBJECT`, read once when the tab opens): the
 * registry's methods the box lacks are dimmed, marked `absent` and not callable; methods only the box has
 * are listed as `unknown` (treated as writes: confirmed); an unreadable list falls back to the registry's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../src/core/sessionImpl.js';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import type { Session } from '../../src/core/session.js';
import { App } from '../../src/screens/App.js';
import { SUBSYSTEMS, type Subsystem } from '../../src/registry/index.js';
import { mergeBoxMethods, methodRows } from '../../src/screens/subsystemData.js';
import { KEY, renderTui, type Rendered } from './harness.js';
import { clearStubs, stubFleet } from './stubs.js';

let r: Rendered | undefined;
let session: Session | undefined;
afterEach(async () => { r?.unmount(); r = undefined; await session?.close(); session = undefined; clearStubs(); });

const META = SUBSYSTEMS.find((s) => s.id === 'metablogizer')!;
const methodsOf = (box: string, id = 'metablogizer') => [{ kind: 'fleet' as const }, { kind: 'subsystem' as const, box, id, intent: { tab: 'methods' as const, nonce: 1 } }];

async function demo(subsystems?: readonly Subsystem[]): Promise<{ r: Rendered; calls: string[] }> {
  session = await openSession({ env: {}, demo: true, prompter: nonInteractivePrompter });
  const calls: string[] = [];
  session.onCall((ev) => calls.push(ev.label));
  r = renderTui(<App session={session} color={false} initialStack={methodsOf('demo-alpha')} {...(subsystems ? { subsystems } : {})} />, { columns: 100, rows: 40 });
  return { r, calls };
}

describe('Methods tab: the box\'s own methods', () => {
  it('MetaBlogizer: 7 on the box, the registry\'s others dimmed as absent; Enter on one says it is not there', async () => {
    const { r, calls } = await demo();
    let f = await r.waitText('7 methods on demo-alpha · 23 not on this box (dimmed)');
    expect(f).toMatch(/get_site\s+read/);
    expect(f).toMatch(/delete_site\s+absent/);
    // the box's methods come first
    expect(f.indexOf('unpublish_site')).toBeLessThan(f.indexOf('delete_site'));
    expect(calls.filter((c) => c.startsWith('ubus -v list'))).toEqual(['ubus -v list luci.metablogizer']);
    await r.press('/');
    r.stdin.write('delete_site');
    await r.press(KEY.enter);
    await r.waitText(/1\/30|delete_site\s+absent/);
    await r.press(KEY.enter);
    f = await r.waitText('delete_site is not on demo-alpha');
    expect(f).not.toContain('ubus call luci.metablogizer delete_site on demo-alpha'); // no form
    expect(calls.some((c) => c.includes('delete_site'))).toBe(false);
  }, 30_000);

  it('a method only the box has is listed as unknown and treated as a write (form, then confirmation)', async () => {
    const trimmed: Subsystem = { ...META, ubus: META.ubus.map((o) => ({ ...o, methods: o.methods.filter((m) => m.name !== 'unpublish_site') })) };
    const { r } = await demo(SUBSYSTEMS.map((s) => (s.id === 'metablogizer' ? trimmed : s)));
    let f = await r.waitText('6 methods on demo-alpha · 1 unknown to secubox (calls confirmed)');
    expect(f).toMatch(/unpublish_site\s+unknown\s+id:String/);
    await r.press('/');
    r.stdin.write('unpublish');
    await r.press(KEY.enter);
    await r.waitText(/unpublish_site\s+unknown/);
    await r.press(KEY.enter);
    await r.waitText('ubus call luci.metablogizer unpublish_site on demo-alpha');
    r.stdin.write('blog');
    await r.press(KEY.enter);
    f = await r.waitText('on box demo-alpha?');
    expect(f).toContain('Call luci.metablogizer unpublish_site');
    await r.press('n');
  }, 30_000);

  it('the box\'s list cannot be read: the registry\'s list with a note', async () => {
    const { session: s } = await stubFleet(['alpha']);
    r = renderTui(<App session={s} color={false} initialStack={methodsOf('alpha')} />, { columns: 100, rows: 40 });
    const f = await r.waitText('30 methods known to secubox · cannot read alpha\'s own list');
    expect(f).toMatch(/delete_site\s+WRITE!/);
    expect(f).not.toContain('absent');
  }, 30_000);

  it('mergeBoxMethods: a missing object makes all its methods absent', () => {
    const rows = mergeBoxMethods(META, methodRows(META), { objects: {}, missing: ['luci.metablogizer'] });
    expect(rows).toHaveLength(30);
    expect(rows.every((m) => m.onBox === 'absent')).toBe(true);
  });
});
