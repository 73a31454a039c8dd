/**
 * Generic subsystem screen (any subsystem of the registry): its state badge, then tabs: status
 * (status-like method), methods (reads callable, writes behind form + confirmation), UCI config
 * (read-only), service actions, logs (`logread -e <tag>`, streaming, `/` filter).
 */
import { useCallback, useMemo } from 'react';
import { Box, Text } from 'ink';
import type { ServiceAction } from '../backends/types.js';
import { LAYER_NAMES, type ServiceState } from '../core/status/index.js';
import type { KeyEvent } from '../ui/keys.js';
import { match } from '../ui/keymap.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { useStore } from '../ui/store.js';
import { T } from '../ui/theme.js';
import { SUBSYSTEM } from './keymap.js';
import { SUBSYSTEM_TABS, type Route } from './routes.js';
import { confirmServiceAction } from './serviceActions.js';
import { useServices, type ScreenProps } from './services.js';
import { LinesTab, LogsTab, MethodsTab, ServiceTab } from './subsystemTabs.js';
import { TabBar } from './Tabs.js';
import { useBoxSnapshot } from './useBoxSnapshot.js';

const TABS = SUBSYSTEM_TABS.map((t) => `${t[0]!.toUpperCase()}${t.slice(1)}`);

export function SubsystemScreen({ route, width, height }: ScreenProps<Extract<Route, { kind: 'subsystem' }>>) {
  const svc = useServices();
  const sub = useMemo(() => svc.subsystems.find((s) => s.id === route.id), [svc.subsystems, route.id]);
  const { snap, res } = useBoxSnapshot(svc, route.box);
  const tab = useStore<number, number>((_s, t) => t, () => Math.max(0, SUBSYSTEM_TABS.indexOf(route.intent?.tab ?? 'status')));
  const box = route.box;

  const onAction = useCallback(async (s: ServiceState | undefined, action: ServiceAction) => {
    if (!s) return;
    await confirmServiceAction(svc, box, s.name, action);
    res.refresh();
  }, [svc, box, res]);

  const common = useCallback((ev: KeyEvent): boolean => {
    const a = match(SUBSYSTEM, ev, svc.readOnly);
    if (a === 'nextTab') { tab.dispatch((tab.get() + 1) % TABS.length); return true; }
    if (a === 'prevTab') { tab.dispatch((tab.get() + TABS.length - 1) % TABS.length); return true; }
    if ((a === 'start' || a === 'stop' || a === 'restart') && sub) {
      const name = sub.services[0];
      if (!name) { svc.toast(`${sub.name} has no init service`, 'warn'); return true; }
      void onAction(snap?.services.find((s) => s.name === name) ?? { name, enabled: false, running: null }, a);
      return true;
    }
    return false;
  }, [svc, tab, sub, snap, onAction]);

  if (!sub) return <T tone="err">{`unknown subsystem: ${route.id}`}</T>;
  const st = snap?.subsystems.find((s) => s.id === sub.id);
  const installed = !snap || snap.reach !== 'ok' || st?.state !== 'not-installed';
  const bodyH = Math.max(3, height - 3);
  const t = tab.state;
  const props = { box, sub, width, height: bodyH, common };
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text bold>{sub.name}</Text>{'  '}
        {st ? <StatusBadge state={st.state} /> : <T tone="muted">…</T>}
        <T tone="muted">{`  ${LAYER_NAMES[sub.layer]} · ${sub.objects.join(', ') || 'no rpcd object'}${sub.services.length ? ` · service ${sub.services.join(', ')}` : ''}`}</T>
      </Text>
      <Text wrap="truncate-end"><T tone={installed ? 'muted' : 'warn'}>{installed ? (st?.detail || sub.summary) : `${sub.name} is not installed on ${box}${st?.detail ? ` (${st.detail})` : ''}`}</T></Text>
      <TabBar tabs={TABS.map((label) => ({ label }))} active={t} />
      {t === 0 && <LinesTab key="status" {...props} what="status" />}
      {t === 1 && <MethodsTab key="methods" {...props} call={route.intent?.call} />}
      {t === 2 && <LinesTab key="config" {...props} what="config" />}
      {t === 3 && <ServiceTab key="service" {...props} services={snap?.services ?? []} onAction={(s, a) => void onAction(s, a)} />}
      {t === 4 && <LogsTab key="logs" {...props} />}
    </Box>
  );
}
