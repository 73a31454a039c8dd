/**
 * Exposure (the main job): exposed services and MetaBlogizer sites with their channels (Tor .onion,
 * DNS/SSL domain + certificate, mesh) and state. `e` emancipates (form → confirmation → live steps
 * → verified result), `R` revokes; the job lives in the JobManager and survives leaving the screen.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { listExposure, type Exposable } from '../core/exposure/index.js';
import { FilterBar } from '../ui/FilterBar.js';
import { match } from '../ui/keymap.js';
import { Table } from '../ui/Table.js';
import { T } from '../ui/theme.js';
import { formatAge } from '../ui/text.js';
import { useList } from '../ui/useList.js';
import { useResource } from '../ui/useResource.js';
import { emancipateFlow, revokeFlow } from './exposureFlow.js';
import { exposureColumns, exposureHaystack, exposureKey } from './exposureRows.js';
import { JobView } from './JobView.js';
import { EXPOSURE, LIST } from './keymap.js';
import type { Route } from './routes.js';
import { AGE_TICK_MS, LIVE_TICK_MS, useNow, useScreenKeys, useServices, type ScreenProps } from './services.js';
import { useJob, useJobs } from './useJobs.js';

export const EXPOSURE_REFRESH_MS = 10_000;
const CONTEXTS = [EXPOSURE, LIST];
const DETAIL_LINES = 3;

export function ExposureScreen({ route, width, height }: ScreenProps<Extract<Route, { kind: 'exposure' }>>) {
  const svc = useServices();
  const box = route.box;
  const res = useResource(async (signal) => {
    const api = await svc.session.open(box);
    return listExposure(api, { signal });
  }, { intervalMs: EXPOSURE_REFRESH_MS, key: box });
  const items = useMemo(() => res.data?.items ?? [], [res.data]);
  useEffect(() => { if (res.data) svc.exposables.set(box, items.map((i) => i.name)); }, [svc, box, res.data, items]);

  // The job shown in the lower pane: the one started here, else the newest exposure job of this box.
  const boxJobs = useJobs(svc.jobs, box);
  const [jobId, setJobId] = useState<string | undefined>(undefined);
  const shownId = jobId ?? boxJobs.find((j) => j.kind === 'emancipate' || j.kind === 'revoke')?.id;
  const job = useJob(svc.jobs, shownId);
  const now = useNow(job?.state === 'running' ? LIVE_TICK_MS : AGE_TICK_MS, svc.now);
  const busy = useRef(false);

  // Refresh the list when a job ends (its result changes the state).
  const lastState = useRef(job?.state);
  useEffect(() => {
    if (lastState.current === 'running' && job && job.state !== 'running') res.refresh();
    lastState.current = job?.state;
  }, [job, res]);

  const jobH = job ? Math.min(Math.max(4, job.steps.length + 4), Math.floor(height / 2)) : 0;
  const tableH = Math.max(3, height - 1 - DETAIL_LINES - jobH);
  const list = useList(items, exposureHaystack, tableH - 1, { rowKey: exposureKey, persist: { memory: svc.memory, key: `exposure:${box}` } });
  const columns = useMemo(() => exposureColumns(items), [items]);

  const start = useCallback(async (verb: 'emancipate' | 'revoke', name: string, item: Exposable | undefined) => {
    if (busy.current) return;
    busy.current = true;
    try {
      const id = verb === 'emancipate' ? await emancipateFlow(svc, box, name, item) : await revokeFlow(svc, box, name, item);
      if (id) setJobId(id);
    } finally {
      busy.current = false;
    }
  }, [svc, box]);

  // A verb handed over by the palette (`:emancipate blog`): run it once the list is known.
  const intentDone = useRef(false);
  useEffect(() => {
    const intent = route.intent;
    if (!intent || intentDone.current || (res.data === undefined && res.error === undefined)) return;
    intentDone.current = true;
    const item = items.find((i) => i.name === intent.name || i.id === intent.name);
    void start(intent.verb, intent.name, item);
  }, [route.intent, res.data, res.error, items, start]);

  useScreenKeys((ev) => {
    if (list.editing()) return list.key(ev, undefined);
    const la = match(LIST, ev);
    if (la) return list.key(ev, la);
    switch (match(EXPOSURE, ev, svc.readOnly)) {
      case 'emancipate': case 'revoke': {
        const item = list.current();
        if (!item) { svc.toast('nothing selected', 'warn'); return true; }
        void start(match(EXPOSURE, ev, svc.readOnly) as 'emancipate' | 'revoke', item.name, item);
        return true;
      }
      case 'jobs': {
        if (shownId) svc.navigate({ type: 'push', route: { kind: 'job', box, jobId: shownId } });
        else svc.toast('no job yet on this box', 'muted');
        return true;
      }
      default: return list.key(ev, undefined);
    }
  }, CONTEXTS, { refresh: res.refresh, box });

  const sel = list.selected;
  const filterShown = list.filter.editing || list.filter.edit.text !== '';
  const warnings = res.data?.warnings ?? [];
  const status = res.error
    ? <T tone="err">{`cannot list exposure on ${box}: ${res.error.message}${res.data ? ' (showing older data)' : ''}`}</T>
    : <T tone="muted">{res.at ? `${items.length} exposable · updated ${formatAge(now - res.at)} ago${res.loading ? ' ⟳' : ''}${warnings.length ? ` · ${warnings.join(' · ')}` : ''}` : `reading exposure of ${box}…`}</T>;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">{status}</Text>
      <FilterBar state={list.filter} compiled={list.compiled} shown={list.rows.length} total={list.total} />
      <Table columns={columns} rows={list.rows} rowKey={exposureKey} nav={list.nav} width={width}
        height={tableH - (filterShown ? 1 : 0)} empty={res.data ? 'no exposable service or site on this box' : 'loading…'} />
      <Box flexDirection="column" height={DETAIL_LINES} width={width}>
        {sel ? <Detail item={sel} /> : null}
      </Box>
      {job ? <JobView job={job} width={width} height={jobH} now={now} /> : null}
    </Box>
  );
}

function Detail({ item }: { item: Exposable }) {
  const c = item.channels;
  return (
    <>
      <Text wrap="truncate-end">
        <Text bold>{item.name}</Text><T tone="muted">{` ${item.kind}${item.id ? ` (${item.id})` : ''}${item.port !== null ? ` · port ${item.port}` : ''}${item.detail ? ` · ${item.detail}` : ''}`}</T>
      </Text>
      <Text wrap="truncate-end">
        <T tone={c.tor.enabled ? 'ok' : 'muted'}>{`tor: ${c.tor.enabled ? c.tor.detail || 'on' : 'off'}`}</T>
        <T tone="muted">{'  ·  '}</T>
        <T tone={c.mesh.enabled ? 'ok' : 'muted'}>{`mesh: ${c.mesh.enabled ? c.mesh.detail || 'on' : 'off'}`}</T>
      </Text>
      <Text wrap="truncate-end">
        <T tone={c.dns.enabled ? 'ok' : 'muted'}>{`dns/ssl: ${c.dns.enabled ? c.dns.detail || item.domain || 'on' : 'off'}`}</T>
        {item.certificate ? <T tone="muted">{`  cert: ${item.certificate}`}</T> : null}
      </Text>
    </>
  );
}
