import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../shared/api/client.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { registryKeys } from '../shared/registry.api.ts';
import { rememberedJob, rememberJob, useImportJob } from './import.api.ts';

/** A running job whose count has not moved for this long was probably cut off (a server restart). */
const STALLED_AFTER_MS = 20_000;

/**
 * The import job the dialog shows: the one remembered in this browser until it finishes or disappears, polled while
 * it runs; tells the page once a real run has finished, and notices a run whose count no longer moves.
 */
export function useTrackedImportJob(onImported: (() => void) | undefined) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  // A real run left unfinished in this browser is shown again when the dialog opens.
  const [jobId, setJobId] = useState<number | undefined>(() => rememberedJob(user.id));
  const jobQuery = useImportJob(jobId);
  const job = jobQuery.data;

  // Forget a remembered job that finished or no longer exists (not one the server could not answer about: a
  // restarting server is exactly when the job may need 继续).
  const isGone = jobQuery.error instanceof ApiError && jobQuery.error.status === 404;
  useEffect(() => {
    if (jobId === undefined || rememberedJob(user.id) !== jobId) return;
    if (isGone || (job && !job.dryRun && job.status === 'finished')) rememberJob(user.id, undefined);
  }, [jobId, job, isGone, user.id]);
  useEffect(() => {
    if (isGone) setJobId(undefined);
  }, [isGone]);

  // Tell the page once a real run has finished, so its list shows the new people.
  const reported = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!job || job.dryRun || job.status !== 'finished' || reported.current === job.id) return;
    reported.current = job.id;
    void queryClient.invalidateQueries({ queryKey: registryKeys.all });
    onImported?.();
  }, [job, onImported, queryClient]);

  // A running job whose count stays put for a while was probably interrupted: offer 继续.
  const lastMoveAt = useRef(Date.now());
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (job?.status !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, [job?.status]);
  const processedRows = job?.processedRows;
  useEffect(() => {
    if (processedRows !== undefined) lastMoveAt.current = Date.now();
  }, [processedRows]);
  const isStalled = job?.status === 'running' && now - lastMoveAt.current > STALLED_AFTER_MS;

  return {
    jobId,
    setJobId,
    jobQuery,
    job,
    isGone,
    isStalled,
    /** A resumed run starts its stall clock again. */
    markMoving: () => {
      lastMoveAt.current = Date.now();
    },
  };
}
