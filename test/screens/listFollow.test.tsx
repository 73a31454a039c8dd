/**
 * useList with a rowKey: the selection follows the item (not the row index) when the rows change
 * under it (a refresh that re-sorts), keeps the same index when the item is gone, and a key in the
 * same chunk as a move acts on the item the cursor is on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useState } from 'react';
import { Text, useInput } from 'ink';
import { resolveNav, useList } from '../../src/ui/useList.js';
import { toKeyEvents } from '../../src/ui/keys.js';
import { renderTui, type Rendered } from './harness.js';

let r: Rendered | undefined;
afterEach(() => { r?.unmount(); r = undefined; });

let setRows: (rows: string[]) => void = () => undefined;
const acted: string[] = [];

function ListProbe({ initial, keyed }: { initial: string[]; keyed: boolean }) {
  const [rows, set] = useState(initial);
  setRows = set;
  const list = useList(rows, (s) => s, 10, keyed ? { rowKey: (s: string) => s } : {});
  useInput((input, key) => {
    for (const ev of toKeyEvents(input, key)) {
      if (ev.name === 'char' && ev.ch === 'j') list.key(ev, 'down');
      else if (ev.name === 'char' && ev.ch === 'R') acted.push(list.current() ?? '-');
    }
  });
  return <Text>{`selected=${list.selected ?? '-'} sel=${list.nav.sel}`}</Text>;
}

describe('useList selection follows the item', () => {
  it('a re-sort keeps the cursor on the same item (rowKey)', async () => {
    r = renderTui(<ListProbe initial={['blog', 'docs', 'gitea', 'nextcloud']} keyed />);
    await r.press('j', 'j', 'j');
    await r.waitText('selected=nextcloud sel=3');
    setRows(['blog', 'docs', 'nextcloud', 'gitea']);
    await r.waitText('selected=nextcloud sel=2');
    acted.length = 0;
    await r.press('R');
    expect(acted).toEqual(['nextcloud']);
    // it keeps following it on later refreshes
    setRows(['nextcloud', 'blog', 'docs', 'gitea']);
    await r.waitText('selected=nextcloud sel=0');
    await r.press('j');
    await r.waitText('selected=blog sel=1');
  });

  it('the selected item disappears: same index, clamped; then that item is followed', async () => {
    r = renderTui(<ListProbe initial={['a', 'b', 'c', 'd']} keyed />);
    await r.press('j', 'j');
    await r.waitText('selected=c sel=2');
    setRows(['a', 'b', 'd']);
    await r.waitText('selected=d sel=2');
    setRows(['d', 'a', 'b']);
    await r.waitText('selected=d sel=0');
    setRows(['a']);
    await r.waitText('selected=a sel=0');
  });

  it('a move and a key in the same chunk after a re-sort: the key acts on the item moved to', async () => {
    r = renderTui(<ListProbe initial={['x', 'y', 'z']} keyed />);
    await r.press('j');
    await r.waitText('selected=y sel=1');
    setRows(['y', 'x', 'z']);
    await r.waitText('selected=y sel=0');
    acted.length = 0;
    r.stdin.write('jR'); // one chunk: the move and the key
    await r.waitText('selected=x sel=1');
    expect(acted).toEqual(['x']);
  });

  it('without a rowKey (text lines) the index is kept', async () => {
    r = renderTui(<ListProbe initial={['l1', 'l2', 'l3']} keyed={false} />);
    await r.press('j');
    await r.waitText('selected=l2 sel=1');
    setRows(['l0', 'l1', 'l2', 'l3']);
    await r.waitText('selected=l1 sel=1');
  });

  it('resolveNav: key found → its index; key gone → same index clamped', () => {
    expect(resolveNav({ nav: { sel: 3, top: 0 }, key: 'n' }, ['b', 'd', 'n', 'g'], 4, 10).sel).toBe(2);
    expect(resolveNav({ nav: { sel: 3, top: 0 }, key: 'gone' }, ['b', 'd', 'g'], 3, 10).sel).toBe(2);
    expect(resolveNav({ nav: { sel: 1, top: 0 }, key: 'x' }, undefined, 3, 10).sel).toBe(1);
  });
});
