/** One job: live steps, verified result, and the box's own output log (scrollable, filterable). */
import { useMemo } from 'react';
import { Box } from 'ink';
import { match } from '../ui/keymap.js';
import { T } from '../ui/theme.js';
import { useList } from '../ui/useList.js';
import { isExposureResult, JobView } from './JobView.js';
import { LIST } from './keymap.js';
import type { Route } from './routes.js';
import { AGE_TICK_MS, LIVE_TICK_MS, useNow, useScreenKeys, useServices, type ScreenProps } from './services.js';
import { TextPane } from './TextPane.js';
import { useJob } from './useJobs.js';

const CONTEXTS = [LIST];

export function JobScreen({ route, width, height }: ScreenProps<Extract<Route, { kind: 'job' }>>) {
  const svc = useServices();
  const job = useJob(svc.jobs, route.jobId);
  const now = useNow(job?.state === 'running' ? LIVE_TICK_MS : AGE_TICK_MS, svc.now);
  const output = useMemo(() => {
    const r = job?.result;
    return isExposureResult(r) && r.output ? r.output.split('\n') : [];
  }, [job?.result]);
  const jobH = job ? Math.min(height - 3, job.steps.length + 8) : 1;
  const list = useList(output, (l) => l, Math.max(1, height - jobH - 2));
  useScreenKeys((ev) => list.key(ev, list.editing() ? undefined : match(LIST, ev)), CONTEXTS, { box: route.box });
  if (!job) return <T tone="muted">{`job ${route.jobId} is gone (finished jobs are kept for a while)`}</T>;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <JobView job={job} width={width} height={jobH} now={now} />
      <TextPane list={list} width={width} height={height - jobH} title="Output of the box" empty={job.state === 'running' ? 'output comes with the result' : 'no output recorded'} />
    </Box>
  );
}
