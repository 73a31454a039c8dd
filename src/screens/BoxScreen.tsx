/**
 * Box: system (with a load chart), then tabs: subsystems grouped by the four layers (badges),
 * services (start/stop/restart with confirmation), recent alerts, jobs. Refresh every 2 s.
 */
import { useCallback, useMemo } from 'react';
import { Box } from 'ink';
import type { JobSnapshot } from '../core/jobs.js';
import type { ServiceAction } from '../backends/types.js';
import type { ServiceState } from '../core/status/index.js';
import { FilterBar } from '../ui/FilterBar.js';
import { match } from '../ui/keymap.js';
import { Table } from '../ui/Table.js';
import { T } from '../ui/theme.js';
import { useList } from '../ui/useList.js';
import { useStore } from '../ui/store.js';
import { ALERT_COLUMNS, alertKey, alertRows, jobColumns, jobKey, SERVICE_COLUMNS, serviceKey, SUB_COLUMNS, subKey, subsystemRows, type AlertRow, type SubRow } from './boxRows.js';
import { BoxSystem, SYSTEM_LINES } from './BoxSystem.js';
import { confirmServiceAction } from './serviceActions.js';
import { BOX, BOX_SERVICES, LIST } from './keymap.js';
import type { Route } from './routes.js';
import { AGE_TICK_MS, LIVE_TICK_MS, useNow, useScreenKeys, useServices, type ScreenProps } from './services.js';
import { TabBar } from './Tabs.js';
import { useBoxSnapshot } from './useBoxSnapshot.js';
import { useJobs } from './useJobs.js';

const TABS = ['Subsystems', 'Services', 'Alerts', 'Jobs'] as const;
const CONTEXTS = [BOX, LIST];
const SERVICE_CONTEXTS = [BOX_SERVICES, BOX, LIST];

export function BoxScreen({ route, width, height }: ScreenProps<Extract<Route, { kind: 'box' }>>) {
  const svc = useServices();
  const box = route.box;
  const { snap, res } = useBoxSnapshot(svc, box);
  const jobs = useJobs(svc.jobs, box);
  const now = useNow(jobs.some((j) => j.state === 'running') ? LIVE_TICK_MS : AGE_TICK_MS, svc.now);
  const tab = useStore<number, number>((_s, t) => t, () => (svc.memory.get(`box:${box}:tab`) as number | undefined) ?? 0);
  const setTab = (t: number) => { svc.memory.set(`box:${box}:tab`, t); tab.dispatch(t); };

  const subs = useMemo(() => subsystemRows(snap?.subsystems ?? []), [snap?.subsystems]);
  const services = snap?.services ?? [];
  const alerts = useMemo<AlertRow[]>(() => alertRows(snap?.alerts.recent ?? []), [snap?.alerts.recent]);
  const tableH = Math.max(3, height - SYSTEM_LINES - 1);
  const subList = useList(subs, (r) => `${r.name} ${r.id} ${r.state} ${r.detail} ${r.group}`, tableH - 1, { rowKey: subKey, persist: { memory: svc.memory, key: `box:${box}:subs` } });
  const svcList = useList(services, (s) => `${s.name} ${s.running ? 'running' : 'stopped'}`, tableH - 1, { rowKey: serviceKey, persist: { memory: svc.memory, key: `box:${box}:svc` } });
  const alertList = useList(alerts, (a) => `${a.ip ?? ''} ${a.scenario} ${a.source}`, tableH - 1, { rowKey: alertKey });
  const jobList = useList(jobs, (j) => `${j.title} ${j.state} ${j.current ?? ''}`, tableH - 1, { rowKey: jobKey });
  const lists = [subList, svcList, alertList, jobList] as const;
  const jobCols = useMemo(() => jobColumns(now), [now]);

  const serviceAction = useCallback(async (s: ServiceState | undefined, action: ServiceAction) => {
    if (!s) return;
    await confirmServiceAction(svc, box, s.name, action);
    res.refresh();
  }, [svc, box, res]);

  useScreenKeys((ev) => {
    const t = tab.get();
    const list = lists[t]!;
    if (list.editing()) return list.key(ev, undefined);
    const la = match(LIST, ev);
    if (la) return list.key(ev, la);
    const action = match(BOX, ev, svc.readOnly) ?? (t === 1 ? match(BOX_SERVICES, ev, svc.readOnly) : undefined);
    switch (action) {
      case 'nextTab': setTab((t + 1) % TABS.length); return true;
      case 'prevTab': setTab((t + TABS.length - 1) % TABS.length); return true;
      case 'exposure': svc.navigate({ type: 'push', route: { kind: 'exposure', box } }); return true;
      case 'open': {
        if (t === 0) {
          const r = subList.current();
          if (r) svc.navigate({ type: 'push', route: { kind: 'subsystem', box, id: r.id } });
        } else if (t === 3) {
          const j = jobList.current();
          if (j) svc.navigate({ type: 'push', route: { kind: 'job', box, jobId: j.id } });
        }
        return true;
      }
      case 'start': case 'stop': case 'restart':
        void serviceAction(svcList.current(), action);
        return true;
      default: return list.key(ev, undefined);
    }
  }, tab.state === 1 ? SERVICE_CONTEXTS : CONTEXTS, { refresh: res.refresh, box });

  if (!snap) return <T tone="muted">{`connecting to ${box}…`}</T>;
  const t = tab.state;
  const cur = lists[t]!;
  const filterShown = cur.filter.editing || cur.filter.edit.text !== '';
  const th = tableH - (filterShown ? 1 : 0);
  const runningJobs = jobs.filter((j) => j.state === 'running').length;
  const down = services.filter((s) => s.running === false && s.enabled).length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <BoxSystem snap={snap} history={svc.snapshots.history(box)} now={now} width={width} refreshing={res.loading} error={res.error?.message} />
      <TabBar active={t} tabs={[
        { label: TABS[0], count: subs.length, warn: subs.some((s) => s.state === 'error') },
        { label: TABS[1], count: services.length, warn: down > 0 },
        { label: TABS[2], count: snap.alerts.count ?? '—', warn: (snap.alerts.count ?? 0) > 0 },
        { label: TABS[3], count: runningJobs ? `${runningJobs} running` : jobs.length },
      ]} />
      <FilterBar state={cur.filter} compiled={cur.compiled} shown={cur.rows.length} total={cur.total} />
      {t === 0 && <Table<SubRow> columns={SUB_COLUMNS} rows={subList.rows} rowKey={subKey} nav={subList.nav} width={width} height={th}
        empty={snap.reach === 'ok' ? 'no subsystem reported' : `no data: ${snap.reason ?? snap.reach}`} />}
      {t === 1 && <Table<ServiceState> columns={SERVICE_COLUMNS} rows={svcList.rows} rowKey={serviceKey} nav={svcList.nav} width={width} height={th}
        empty="no service reported" />}
      {t === 2 && <Table<AlertRow> columns={ALERT_COLUMNS} rows={alertList.rows} rowKey={alertKey} nav={alertList.nav} width={width} height={th}
        empty={snap.alerts.count === null ? 'CrowdSec not installed or unreadable on this box' : 'no recent alert'} />}
      {t === 3 && <Table<JobSnapshot> columns={jobCols} rows={jobList.rows} rowKey={jobKey} nav={jobList.nav} width={width} height={th}
        empty="no job on this box yet (x → exposure → e emancipate)" />}
    </Box>
  );
}
