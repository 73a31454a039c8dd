/** Fleet: one row per box (reach, model, uptime, load, mem, disk, services, alerts, mesh, data age), refreshed every 10 s. */
import { useCallback, useMemo } from 'react';
import { Box, Text } from 'ink';
import { fleetStatus, pendingSnapshot, type BoxSnapshot } from '../core/status/index.js';
import { FilterBar } from '../ui/FilterBar.js';
import { match } from '../ui/keymap.js';
import { Table } from '../ui/Table.js';
import { T } from '../ui/theme.js';
import { formatAge } from '../ui/text.js';
import { useList } from '../ui/useList.js';
import { useResource } from '../ui/useResource.js';
import { fleetColumns, fleetHaystack, fleetKey, fleetSummary, modelFirmware, REACH_TEXT } from './fleetRows.js';
import { FLEET, LIST } from './keymap.js';
import { AGE_TICK_MS, useNow, useScreenKeys, useServices, type ScreenProps } from './services.js';
import { useSnapshotVersion } from './useSnapshots.js';

export const FLEET_REFRESH_MS = 10_000;
const CONTEXTS = [FLEET, LIST];

export function FleetScreen({ width, height }: ScreenProps) {
  const svc = useServices();
  const entries = useMemo(() => {
    const inv = svc.session.inventory.list();
    if (inv.length) return inv;
    try { return svc.session.resolveTargets({}); } catch { return []; } // on the router itself: `local`
  }, [svc.session]);
  const res = useResource(
    (signal) => fleetStatus(svc.session, entries, svc.subsystems, { store: svc.snapshots, signal, jobs: svc.jobs }),
    { intervalMs: FLEET_REFRESH_MS },
  );
  const version = useSnapshotVersion(svc.snapshots);
  const rows = useMemo(
    () => entries.map((e) => svc.snapshots.get(e.name) ?? pendingSnapshot(e.name, e.host, svc.demo)),
    [entries, svc.snapshots, svc.demo, version, res.at],
  );
  const now = useNow(AGE_TICK_MS, svc.now);
  const columns = useMemo(() => fleetColumns(now, rows), [now, rows]);
  const list = useList(rows, fleetHaystack, Math.max(2, height - 5), { rowKey: fleetKey, persist: { memory: svc.memory, key: 'fleet' } });
  const filterShown = list.filter.editing || list.filter.edit.text !== '';
  const tableH = Math.max(3, height - 3 - (filterShown ? 1 : 0));
  const sel = list.selected;

  const open = useCallback((b: BoxSnapshot | undefined) => {
    if (b) svc.navigate({ type: 'push', route: { kind: 'box', box: b.box } });
  }, [svc]);

  useScreenKeys((ev) => {
    if (list.editing()) return list.key(ev, undefined);
    const la = match(LIST, ev);
    if (la) return list.key(ev, la);
    if (match(FLEET, ev) === 'open') { open(list.current()); return true; }
    return list.key(ev, undefined);
  }, CONTEXTS, { refresh: res.refresh, box: sel?.box });

  if (entries.length === 0) {
    return (
      <Box flexDirection="column" paddingX={1}>
        <Text bold>No box in the inventory yet.</Text>
        <Text>Add one:      secubox box add NAME --host HOST [--user root] [--port 22]</Text>
        <Text>From ssh:     secubox box import-ssh-config</Text>
        <Text>Or try it:    secubox --demo</Text>
      </Box>
    );
  }
  const age = res.at !== undefined ? `refreshed ${formatAge(now - res.at)} ago` : res.loading ? 'refreshing…' : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text bold>{fleetSummary(rows)}</Text>
        <T tone="muted">{`  ${age}${res.loading && res.at !== undefined ? ' · refreshing…' : ''} · every ${FLEET_REFRESH_MS / 1000}s`}</T>
      </Text>
      <FilterBar state={list.filter} compiled={list.compiled} shown={list.rows.length} total={list.total} />
      <Table
        columns={columns} rows={list.rows} rowKey={fleetKey} nav={list.nav} width={width} height={tableH}
        isDim={(s) => s.stale} empty={list.filter.edit.text ? 'no box matches the filter' : 'no box'}
      />
      {sel && <SelectedBox snap={sel} now={now} width={width} />}
    </Box>
  );
}

function SelectedBox({ snap, now, width }: { snap: BoxSnapshot; now: number; width: number }) {
  const r = REACH_TEXT[snap.reach];
  const facts = [snap.host, modelFirmware(snap), snap.meshPeers === null ? '' : `${snap.meshPeers} mesh peer${snap.meshPeers === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>{snap.box}</Text>{'  '}<T tone={r.tone}>{r.text}</T>{'  '}<T tone="muted">{facts}</T>
      </Text>
      <Text wrap="truncate-end">
        {snap.reason ? <T tone="err">{snap.reason}</T> : <T tone="muted">{snap.reach === 'ok' ? 'Enter opens the box' : ' '}</T>}
        {snap.stale && snap.fetchedAt !== null ? <T tone="warn">{`  stale: last good data ${formatAge(now - snap.fetchedAt)} old`}</T> : null}
      </Text>
    </Box>
  );
}
