import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BenefitResultDto,
  LaborerListItemDto,
  PolicyGrantDto,
  PolicyGrantImportSummaryDto,
  PolicyGrantPageDto,
  PolicyGrantRecordInput,
  PolicyEvaluateInput,
  PolicyEvaluationDto,
  PolicyLibraryDto,
  PolicyGrantQuery,
  PolicyValueFileDto,
  PolicyValuesFileInput,
  PolicyWhatIfStartedDto,
} from '@jiuye/contracts';
import { api, type Page } from '../../shared/api/client.ts';
import type { WhatIfJob, WhatIfStartInput } from './policy-whatif.types.ts';

/**
 * Query hooks of the policy API (/api/policy/…): the library, evaluation, administrator value files and what-if
 * runs. Every key starts with 'policy', so adding values refreshes everything the policy pages show.
 */

export type PolicyLibrary = PolicyLibraryDto;
export type LibraryParameter = PolicyLibraryDto['parameters'][number];
export type LibraryParameterValue = LibraryParameter['values'][number];
export type LibraryBenefit = PolicyLibraryDto['benefits'][number];
export type LibraryDocument = PolicyLibraryDto['documents'][number];
export type LibraryFact = PolicyLibraryDto['facts'][number];
export type PolicyEvaluation = PolicyEvaluationDto;
export type BenefitResult = BenefitResultDto;
export type { PolicyEvaluateInput, PolicyValuesFileInput };
export type PolicyGrant = PolicyGrantDto;
export type PolicyGrantImportSummary = PolicyGrantImportSummaryDto;

export type PolicyValueFile = PolicyValueFileDto;

export const policyKeys = {
  all: ['policy'] as const,
  library: ['policy', 'library'] as const,
  valueFiles: ['policy', 'value-files'] as const,
  laborers: (q: string) => ['policy', 'laborers', q] as const,
  whatIf: (jobId: string) => ['policy', 'whatif', jobId] as const,
  grants: ['policy', 'grants'] as const,
  grantList: (filter: GrantFilter) => ['policy', 'grants', filter] as const,
};

export const GRANT_TEMPLATE_URL = '/api/policy/grants/template';

/** The filters of POST /api/policy/grants/search (an exact ID number travels in the body). */
export type GrantFilter = PolicyGrantQuery;

/**
 * POST /api/policy/grants/search: the grants recorded by the regions of the user's scope (ID numbers masked). A POST
 * because the filter may hold a full ID number, which must not travel in a URL.
 */
export function usePolicyGrants(filter: GrantFilter) {
  return useQuery({
    queryKey: policyKeys.grantList(filter),
    queryFn: () => api.post<PolicyGrantPageDto>('/policy/grants/search', filter),
    placeholderData: keepPreviousData,
  });
}

/**
 * POST /api/policy/grants/import as multipart: the summary, or an ApiError whose details name every bad row and
 * column (422), the whole file refused.
 */
function uploadGrants(file: File): Promise<PolicyGrantImportSummaryDto> {
  const body = new FormData();
  body.append('file', file, file.name);
  return api.upload<PolicyGrantImportSummaryDto>('/policy/grants/import', body);
}

export function useUploadGrants() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadGrants,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policyKeys.grants }),
  });
}

/** POST /api/policy/grants: records a grant decided on an evaluation (409 with the engine's reason when refused). */
export function useRecordGrant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PolicyGrantRecordInput) => api.post<PolicyGrantDto>('/policy/grants', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policyKeys.grants }),
  });
}

/** GET /api/policy/library: documents, parameters with every value, benefits with their cases, facts. */
export function usePolicyLibrary() {
  return useQuery({
    queryKey: policyKeys.library,
    queryFn: () => api.get<PolicyLibraryDto>('/policy/library'),
    staleTime: 300_000,
  });
}

/** POST /api/policy/evaluate: a scenario or a registry labourer, every benefit with its explanation. */
export function useEvaluatePolicy() {
  return useMutation({
    mutationFn: (input: PolicyEvaluateInput) => api.post<PolicyEvaluationDto>('/policy/evaluate', input),
  });
}

/** POST /api/policy/values: an administrator's parameter-value file (refused whole, 400 naming each value). */
export function useAddPolicyValues() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: PolicyValuesFileInput) => api.post<PolicyValueFile>('/policy/values', file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

/** Labourers of the registry matching a name, its pinyin initials or the last 4 ID digits (the evaluator's picker). */
export function useLaborerSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: policyKeys.laborers(text),
    queryFn: () =>
      api.get<Page<LaborerListItemDto>>('/laborers', { q: text || undefined, page: 1, pageSize: 20 }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** POST /api/policy/whatif: starts a run over the registry; 202 { jobId }. */
export function useStartWhatIf() {
  return useMutation({
    mutationFn: (input: WhatIfStartInput) => api.post<PolicyWhatIfStartedDto>('/policy/whatif', input),
  });
}

/** GET /api/policy/whatif/:jobId, polled every second while the run is going. */
export function useWhatIfJob(jobId: string | undefined) {
  return useQuery({
    queryKey: policyKeys.whatIf(jobId ?? ''),
    queryFn: () => api.get<WhatIfJob>(`/policy/whatif/${jobId}`),
    enabled: Boolean(jobId),
    refetchInterval: (query) => (query.state.data?.status === 'running' || !query.state.data ? 1000 : false),
    retry: false,
  });
}
