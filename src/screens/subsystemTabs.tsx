/**
 * Tabs of the generic subsystem screen. Only the active tab is mounted: leaving a tab aborts its
 * fetch / log stream. Each tab handles its keys and hands the rest to `common` (tabs, service actions).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { ServiceAction } from '../backends/types.js';
import type { ServiceState } from '../core/status/index.js';
import { listBoxMethods, methodParams as mapMethodWords, resolveMethod } from '../core/subsystemCalls.js';
import type { Subsystem } from '../registry/index.js';
import { fieldsFromSignature } from '../ui/formModel.js';
import type { KeyEvent } from '../ui/keys.js';
import { match } from '../ui/keymap.js';
import { Table, type Column } from '../ui/Table.js';
import { T, type Tone } from '../ui/theme.js';
import { useList } from '../ui/useList.js';
import { useResource } from '../ui/useResource.js';
import { SERVICE_COLUMNS, serviceKey } from './boxRows.js';
import { LIST, SUBSYSTEM } from './keymap.js';
import { useScreenKeys, useServices } from './services.js';
import { callMethod, kindLabel, mergeBoxMethods, methodKey, methodParams, methodRows, methodsSummary, readConfigs, readStatus, type MethodRow } from './subsystemData.js';
import { TextPane } from './TextPane.js';
import { useLogStream } from './useLogStream.js';

const CONTEXTS = [SUBSYSTEM, LIST];

export interface TabProps {
  box: string;
  sub: Subsystem;
  width: number;
  height: number;
  /** Keys the tab does not use (tab switching, service actions, back…). */
  common: (ev: KeyEvent) => boolean;
}

function errLine(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/** A tab that shows lines fetched from the box (status, config). */
export function LinesTab({ box, sub, width, height, common, what }: TabProps & { what: 'status' | 'config' }) {
  const svc = useServices();
  const res = useResource(async (signal) => {
    const api = await svc.session.open(box);
    return what === 'status' ? readStatus(api, sub, signal) : readConfigs(api, sub, signal);
  }, { intervalMs: what === 'status' ? 5000 : undefined, key: `${box}:${sub.id}:${what}` });
  const lines = useMemo(() => res.data ?? [], [res.data]);
  const list = useList(lines, (l) => l, height - 1);
  useScreenKeys((ev) => {
    if (list.editing()) return list.key(ev, undefined);
    const la = match(LIST, ev);
    return la ? list.key(ev, la) : common(ev);
  }, CONTEXTS, { refresh: res.refresh, box });
  const empty = res.error ? `cannot read: ${res.error.message}` : res.loading ? 'reading…' : 'empty';
  return (
    <Box flexDirection="column" width={width} height={height}>
      {res.error && res.data ? <T tone="err" wrap="truncate-end">{`refresh failed: ${res.error.message} (showing older data)`}</T> : null}
      <TextPane list={list} width={width} height={height - (res.error && res.data ? 1 : 0)} empty={empty} />
    </Box>
  );
}

function kindTone(m: MethodRow): Tone {
  if (m.onBox === 'absent') return 'muted';
  return m.kind === 'write' ? (m.dangerous ? 'err' : 'warn') : m.kind === 'side-effect' ? 'warn' : 'ok';
}

const METHOD_COLUMNS: Column<MethodRow>[] = [
  { key: 'method', title: 'METHOD', min: 14, grow: 1, get: (m) => m.name },
  { key: 'kind', title: 'KIND', width: 7, get: kindLabel, tone: kindTone },
  { key: 'params', title: 'PARAMETERS', min: 10, grow: 2, get: methodParams },
  { key: 'object', title: 'OBJECT', min: 10, grow: 1, drop: 1, get: (m) => m.object },
];

/** The palette's `:SUBSYSTEM METHOD ARGS`: resolve the method and map the words like the CLI does. */
async function methodFromWords(svc: ReturnType<typeof useServices>, box: string, sub: Subsystem, all: readonly MethodRow[], intent: { method: string; words: string[] }): Promise<{ m: MethodRow; args?: Record<string, unknown> }> {
  const target = resolveMethod(sub, intent.method);
  const m: MethodRow = all.find((r) => r.object === target.object && r.name === target.method)
    // a method the registry does not know: a write until proven otherwise (confirmed)
    ?? { name: target.method, object: target.object, params: {}, kind: 'write' };
  if (intent.words.length === 0 && Object.keys(m.params).length > 0) return { m }; // the form asks for them
  const api = await svc.session.open(box);
  return { m, args: await mapMethodWords(api, sub, target, intent.words) };
}

export function MethodsTab({ box, sub, width, height, common, call: intent }: TabProps & { call?: { method: string; words: string[] } | undefined }) {
  const svc = useServices();
  const registry = useMemo(() => methodRows(sub), [sub]);
  // What the box really has: read once when the tab opens (no interval).
  const onBox = useResource(async (signal) => {
    return listBoxMethods(await svc.session.open(box), sub, { signal });
  }, { key: `${box}:${sub.id}:methods` });
  const all = useMemo(() => (onBox.data ? mergeBoxMethods(sub, registry, onBox.data) : registry), [sub, registry, onBox.data]);
  const checked = onBox.data ? 'yes' : onBox.error ? { error: onBox.error.message.split('\n')[0]! } : 'reading';
  const rows = useMemo(() => (svc.readOnly ? all.filter((m) => m.kind === 'read') : all), [all, svc.readOnly]);
  const [result, setResult] = useState<{ title: string; lines: string[] } | null>(null);
  const list = useList(rows, (m) => `${m.name} ${m.object} ${kindLabel(m)} ${methodParams(m)}`, height - 2, { rowKey: methodKey });
  const out = useList(result?.lines ?? [], (l) => l, height - 1);

  const call = async (m: MethodRow, preset?: Record<string, unknown>) => {
    let args: Record<string, unknown> = preset ?? {};
    const label = `${m.object} ${m.name}`;
    if (m.onBox === 'absent') {
      svc.toast(`${m.name} is not on ${box}: its ${m.object} has no such method (another version of ${sub.name}?)`, 'warn');
      return;
    }
    if (m.kind !== 'read') {
      if (svc.readOnly) { svc.toast('read-only: write methods are hidden', 'warn'); return; }
      if (!preset && Object.keys(m.params).length) {
        const v = await svc.form({ title: `ubus call ${label} on ${box}`, fields: fieldsFromSignature(m.params), note: m.kind === 'side-effect' ? `a read that changes the box: ${m.sideEffect ?? 'state'}` : undefined });
        if (!v) return;
        args = v;
      }
      const ok = await svc.confirm({
        action: m.kind === 'side-effect' ? 'Call (changes state)' : 'Call', target: label, box, danger: m.dangerous === true,
        details: [`ubus call ${label} '${JSON.stringify(args)}'`, ...(m.sideEffect ? [`side effect: ${m.sideEffect}`] : [])],
      });
      if (!ok) return;
    } else if (!preset && Object.keys(m.params).length) {
      const v = await svc.form({ title: `ubus call ${label} on ${box}`, fields: fieldsFromSignature(m.params) });
      if (!v) return;
      args = v;
    }
    setResult({ title: `ubus call ${label} '${JSON.stringify(args)}'  (running…)`, lines: [] });
    try {
      const api = await svc.session.open(box);
      const lines = await callMethod(api, sub, m, args);
      setResult({ title: `ubus call ${label} '${JSON.stringify(args)}'`, lines: lines.length ? lines : ['(empty answer)'] });
    } catch (err) {
      setResult({ title: `ubus call ${label}: FAILED`, lines: [errLine(err)] });
    }
  };

  const intentDone = useRef(false);
  useEffect(() => {
    if (!intent || intentDone.current || checked === 'reading') return;
    intentDone.current = true;
    methodFromWords(svc, box, sub, all, intent).then(
      ({ m, args }) => {
        const i = rows.indexOf(m);
        if (i >= 0) list.select(i);
        return call(m, args);
      },
      (err: unknown) => { setResult({ title: `${sub.id} ${intent.method}: FAILED`, lines: [errLine(err)] }); },
    );
  });

  useScreenKeys((ev) => {
    if (result) {
      if (out.editing()) return out.key(ev, undefined);
      if (ev.name === 'esc' || ev.name === 'backspace') { setResult(null); return true; }
      const la = match(LIST, ev);
      return la ? out.key(ev, la) : common(ev);
    }
    if (list.editing()) return list.key(ev, undefined);
    const la = match(LIST, ev);
    if (la) return list.key(ev, la);
    if (match(SUBSYSTEM, ev, svc.readOnly) === 'open') {
      const m = list.current();
      if (m) void call(m);
      return true;
    }
    return common(ev);
  }, CONTEXTS, { box });

  if (result) return <TextPane list={out} width={width} height={height} title={`${result.title}   Esc back`} />;
  const hidden = all.length - rows.length;
  const filterShown = list.filter.editing || list.filter.edit.text !== '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end"><T tone={typeof checked === 'object' ? 'warn' : 'muted'}>{`${methodsSummary(rows, box, checked)} · Enter calls (reads directly; writes: form + confirmation)${hidden ? ` · ${hidden} write methods hidden (read-only)` : ''}`}</T></Text>
      <Table columns={METHOD_COLUMNS} rows={list.rows} rowKey={methodKey} nav={list.nav} width={width} isDim={(m) => m.onBox === 'absent'}
        height={height - 1 - (filterShown ? 1 : 0)} empty={sub.ubus.length ? 'no method' : `${sub.name} has no rpcd object (CLI only)`} />
    </Box>
  );
}

export function ServiceTab({ box, sub, width, height, common, services, onAction }: TabProps & { services: readonly ServiceState[]; onAction: (s: ServiceState | undefined, a: ServiceAction) => void }) {
  const svc = useServices();
  const rows = useMemo(() => sub.services.map((name) => services.find((s) => s.name === name) ?? { name, enabled: false, running: null }), [sub.services, services]);
  const list = useList(rows, (s) => s.name, height - 2, { rowKey: serviceKey });
  useScreenKeys((ev) => {
    if (list.editing()) return list.key(ev, undefined);
    const la = match(LIST, ev);
    if (la) return list.key(ev, la);
    const a = match(SUBSYSTEM, ev, svc.readOnly);
    if (a === 'start' || a === 'stop' || a === 'restart') { onAction(list.current(), a); return true; }
    return common(ev);
  }, CONTEXTS, { box });
  if (sub.services.length === 0) return <T tone="muted">{`${sub.name} has no init service.`}</T>;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end"><T tone="muted">{svc.readOnly ? 'read-only: service actions hidden' : 's start · S stop · R restart (with confirmation)'}</T></Text>
      <Table columns={SERVICE_COLUMNS} rows={list.rows} rowKey={serviceKey} nav={list.nav} width={width} height={height - 1} />
    </Box>
  );
}

export function LogsTab({ box, sub, width, height, common }: TabProps) {
  const svc = useServices();
  const stream = useLogStream(svc.session, box, sub, true);
  const list = useList(stream.lines, (l) => l, height - 2);
  // Follow the newest line unless the user moved up.
  const [follow, setFollow] = useState(true);
  const nav = follow && !list.editing() ? { sel: Math.max(0, list.rows.length - 1), top: Math.max(0, list.rows.length - (height - 2)) } : list.nav;
  useScreenKeys((ev) => {
    if (list.editing()) return list.key(ev, undefined);
    const la = match(LIST, ev);
    if (la) {
      if (follow && la !== 'filter') { list.select(list.rows.length - 1); }
      setFollow(la === 'last');
      return list.key(ev, la);
    }
    return common(ev);
  }, CONTEXTS, { box });
  if (!stream.source) return <T tone="muted">{`${sub.name} has no syslog tag and no logs method.`}</T>;
  const title = `${stream.source}${follow ? ' · following (G)' : ' · paused (G to follow)'}${stream.error ? ` · ${stream.error}` : ''}`;
  return <TextPane list={{ ...list, nav }} width={width} height={height} title={title} empty="no log line yet" />;
}
