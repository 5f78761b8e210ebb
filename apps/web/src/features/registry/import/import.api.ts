import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportJob, ImportRow, ImportRowOutcome, ImportRowsQuery } from '@jiuye/contracts';
import { api, type Page } from '../../../shared/api/client.ts';

export type { ImportJob, ImportRow, ImportRowOutcome };

export const TEMPLATE_URL = '/api/registry/import/template';
export const errorWorkbookUrl = (jobId: number) => `/api/registry/import/${jobId}/errors.xlsx`;

export interface ImportUpload {
  file: File;
  dryRun: boolean;
  update: boolean;
}

/**
 * POST /api/registry/import as multipart. The server checks the file before
 * creating the job, so a wrong or hostile file is refused here with its Chinese message.
 */
function uploadImport(upload: ImportUpload): Promise<ImportJob> {
  const body = new FormData();
  // Fields first: the server reads the parts in order.
  body.append('dryRun', String(upload.dryRun));
  body.append('update', String(upload.update));
  body.append('file', upload.file, upload.file.name);
  return api.upload<ImportJob>('/registry/import', body);
}

export function useImportUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadImport,
    onSuccess: (job) => queryClient.setQueryData(['registry', 'import', job.id], job),
  });
}

/** The job, polled every second while it runs. */
export function useImportJob(jobId: number | undefined) {
  return useQuery({
    queryKey: ['registry', 'import', jobId],
    queryFn: () => api.get<ImportJob>(`/registry/import/${jobId}`),
    enabled: jobId !== undefined,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
    refetchOnWindowFocus: false,
  });
}

export type ImportRowFilter = ImportRowsQuery;

export function useImportRows(jobId: number | undefined, filter: ImportRowFilter, enabled: boolean) {
  return useQuery({
    queryKey: ['registry', 'import', jobId, 'rows', filter],
    queryFn: () => api.get<Page<ImportRow>>(`/registry/import/${jobId}/rows`, { ...filter }),
    enabled: enabled && jobId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useResumeImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: number) => api.post<ImportJob>(`/registry/import/${jobId}/resume`),
    onSuccess: (job) => queryClient.setQueryData(['registry', 'import', job.id], job),
  });
}

/** The last real (not dry) run of this user in this browser, offered again when it did not finish. */
const LAST_JOB_KEY = (userId: number) => `jiuye.registry.import.${userId}`;

export function rememberJob(userId: number, jobId: number | undefined): void {
  if (jobId === undefined) localStorage.removeItem(LAST_JOB_KEY(userId));
  else localStorage.setItem(LAST_JOB_KEY(userId), String(jobId));
}

export function rememberedJob(userId: number): number | undefined {
  const value = Number(localStorage.getItem(LAST_JOB_KEY(userId)));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
