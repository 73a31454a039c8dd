/**
 * useResource: an explicit refresh asked while a fetch runs is run once that fetch ends (it may have read
 * the box before an action); several such asks make one more fetch, not many.
 */
import { useEffect } from 'react';
import { Text } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { useResource, type Resource } from '../../src/ui/useResource.js';
import { renderTui, type Rendered } from './harness.js';

let r: Rendered | undefined;
afterEach(() => { r?.unmount(); r = undefined; });

describe('useResource', () => {
  it('queues one explicit refresh behind the running fetch', async () => {
    const pending: ((v: number) => void)[] = [];
    let started = 0;
    let res: Resource<number> | undefined;
    function Probe() {
      const x = useResource(() => { started++; return new Promise<number>((ok) => pending.push(ok)); });
      useEffect(() => { res = x; });
      return <Text>{`data=${x.data ?? '-'}`}</Text>;
    }
    r = renderTui(<Probe />, { columns: 40, rows: 5 });
    await r.waitFor(() => started === 1, 'first fetch');
    res!.refresh();
    res!.refresh();
    expect(started).toBe(1); // not two fetches at once
    pending.shift()!(1);
    await r.waitText('data=1');
    await r.waitFor(() => started === 2, 'the queued refresh');
    pending.shift()!(2);
    await r.waitText('data=2');
    await new Promise((ok) => setTimeout(ok, 100));
    expect(started).toBe(2);
  });
});
