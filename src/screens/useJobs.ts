/** Live job list (JobManager keeps jobs running when screens change; this only watches). */
import { useEffect, useState } from 'react';
import type { JobManager, JobSnapshot } from '../core/jobs.js';

export function useJobs(jobs: JobManager, box?: string): readonly JobSnapshot[] {
  const [list, setList] = useState(() => jobs.list(box === undefined ? {} : { box }));
  useEffect(() => {
    setList(jobs.list(box === undefined ? {} : { box }));
    return jobs.subscribe(() => setList(jobs.list(box === undefined ? {} : { box })));
  }, [jobs, box]);
  return list;
}

export function useJob(jobs: JobManager, id: string | undefined): JobSnapshot | undefined {
  const [job, setJob] = useState(() => (id ? jobs.get(id) : undefined));
  useEffect(() => {
    if (!id) { setJob(undefined); return; }
    setJob(jobs.get(id));
    return jobs.subscribe(() => setJob(jobs.get(id)));
  }, [jobs, id]);
  return job;
}
