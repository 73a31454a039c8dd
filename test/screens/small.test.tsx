/**
 * Small terminals (40×10): the fleet keeps box names readable (other columns dropped or shrunk first),
 * dialogs keep their border, title and help line (fields scroll, details drop), nothing wraps; a choice
 * field never takes free text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../src/core/sessionImpl.js';
import { nonInteractivePrompter } from '../../src/core/prompt.js';
import type { Session } from '../../src/core/session.js';
import { App } from '../../src/screens/App.js';
import { fleetColumns } from '../../src/screens/fleetRows.js';
import { confirmLayout } from '../../src/ui/Confirm.js';
import { formKey, formLayout, formValues, initForm, type Field } from '../../src/ui/formModel.js';
import type { KeyEvent } from '../../src/ui/keys.js';
import { layoutColumns } from '../../src/ui/Table.js';
import { KEY, overlong, renderTui, type Rendered } from './harness.js';

let r: Rendered | undefined;
let session: Session | undefined;
afterEach(async () => { r?.unmount(); r = undefined; await session?.close(); session = undefined; });

const key = (name: KeyEvent['name'], ch = ''): KeyEvent => ({ name, ch, ctrl: false, meta: false });

/** Frame checks at W×H: no line too long, no more lines than the terminal, dialog borders closed. */
function intact(f: string, w: number, h: number): void {
  expect(overlong(f, w)).toEqual([]);
  expect(f.split('\n').length).toBeLessThanOrEqual(h - 1);
  const top = f.split('\n').filter((l) => /^[╭╔]/.test(l)).length;
  const bottom = f.split('\n').filter((l) => /^[╰╚]/.test(l)).length;
  expect(bottom).toBe(top);
}

describe('40×10', () => {
  it('fleet: every box name in full; the emancipate form keeps its title, fields (scrolled) and border', async () => {
    session = await openSession({ env: {}, demo: true, prompter: nonInteractivePrompter });
    r = renderTui(<App session={session} color={false} size={{ columns: 40, rows: 9 }} />, { columns: 40, rows: 10 });
    let f = await r.waitText(/demo-alpha\s+● ok/);
    for (const b of ['demo-alpha', 'demo-bravo', 'demo-charlie']) expect(f).toContain(b);
    intact(f, 40, 10);
    await r.press(KEY.enter);
    await r.waitText(/load \d/);
    await r.press('x');
    await r.waitText('docs');
    await r.press('j', 'e');
    f = await r.waitText('Emancipate site docs on demo-alpha');
    expect(f).toMatch(/› publish as\s+site/);
    expect(f).toContain('1-2/6 · Enter submit');
    intact(f, 40, 10);
    // typed text does not go into the choice field; its first letter picks a choice
    r.stdin.write('xyz?');
    await r.press('s');
    f = await r.waitText(/› publish as\s+service ←→/);
    expect(f).not.toContain('xyz');
    // move to the last field: the fields scroll, the title stays
    await r.press(KEY.tab, KEY.tab, KEY.tab, KEY.tab, KEY.tab);
    f = await r.waitText('5-6/6');
    expect(f).toMatch(/› mesh/);
    expect(f).toContain('Emancipate site docs on demo-alpha');
    intact(f, 40, 10);
    await r.press(KEY.esc);
  }, 30_000);
});

describe('layout helpers', () => {
  it('the BOX column (keep) shrinks only when nothing else can; low-value columns are dropped first', () => {
    const cols = layoutColumns(fleetColumns(0, [{ box: 'demo-charlie', host: 'h' } as never]), 40);
    expect(cols.map((c) => c.key)).toEqual(['name', 'reach', 'svc', 'alerts']);
    expect(cols.find((c) => c.key === 'name')!.w).toBe(12);
    const tight = layoutColumns(fleetColumns(0, [{ box: 'demo-charlie', host: 'h' } as never]), 24);
    expect(tight.find((c) => c.key === 'name')!.w).toBe(12);
  });

  it('formLayout: title and help always; fields scroll around the focus; the note only when all fields fit', () => {
    expect(formLayout(6, true, 0)).toEqual({ height: 11, noteShown: true, top: 0, rows: 6 });
    expect(formLayout(6, true, 0, 6)).toEqual({ height: 6, noteShown: false, top: 0, rows: 2 });
    expect(formLayout(6, true, 5, 6)).toMatchObject({ top: 4, rows: 2 });
    expect(formLayout(2, true, 0, 7)).toMatchObject({ height: 7, noteShown: true, rows: 2 });
  });

  it('confirmLayout: details dropped before the question and the buttons', () => {
    expect(confirmLayout(2)).toEqual({ height: 7, details: 2, blank: true });
    expect(confirmLayout(2, 5)).toEqual({ height: 5, details: 0, blank: true });
    expect(confirmLayout(3, 4)).toEqual({ height: 4, details: 0, blank: false });
  });

  it('a choice field changes only with ←/→, Space or the first letter of a choice', () => {
    const fields: Field[] = [{ name: 'as', type: 'choice', choices: ['site', 'service', 'mesh'] }];
    let s = initForm(fields);
    for (const ch of 'xyz?') s = formKey(s, key('char', ch)).state;
    s = formKey(s, key('backspace')).state;
    expect(formValues(s).values).toEqual({ as: 'site' });
    s = formKey(s, key('char', 's')).state;
    expect(formValues(s).values).toEqual({ as: 'service' });
    s = formKey(s, key('char', 's')).state;
    expect(formValues(s).values).toEqual({ as: 'site' });
    s = formKey(s, key('char', 'M')).state;
    expect(formValues(s).values).toEqual({ as: 'mesh' });
    s = formKey(s, key('right')).state;
    expect(formValues(s).values).toEqual({ as: 'site' });
    s = formKey(s, key('left')).state;
    expect(formValues(s).values).toEqual({ as: 'mesh' });
  });
});
