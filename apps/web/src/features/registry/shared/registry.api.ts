import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DictionariesDto,
  DictionaryItemDto,
  HouseholdDetailDto,
  HouseholdDto,
  HouseholdListQuery,
  HouseholdMemberDto,
  LaborerChangeDto,
  LaborerCreateInput,
  LaborerDetailDto,
  LaborerExportBody,
  LaborerListItemDto,
  LaborerListQuery,
  LaborerUpdateInput,
  OccupationDto,
  OccupationListDto,
  RevealInput,
  RevealResultDto,
  SensitiveField,
  TransferCreateInput,
  TransferDto,
} from '@jiuye/contracts';
import { api, type DownloadedFile, type Page, type QueryParams } from '../../../shared/api/client.ts';

/**
 * Query hooks of the registry API (/api/laborers, /api/households, /api/dictionaries, /api/occupations,
 * /api/registry/transfers) shared by the registry pages. Every query key starts with 'registry', so a write can
 * refresh everything the registry pages show at once.
 */

/** One code of a code list. */
export type DictionaryItem = DictionaryItemDto;
/** Items of each code list by type (education, labor_capacity, work_area …), in display order. */
export type Dictionaries = DictionariesDto['dictionaries'];

export type HouseholdMember = HouseholdMemberDto;
/** GET /api/households/:id. */
export type HouseholdDetail = HouseholdDetailDto;
/** One change of GET /api/laborers/:id/history; values are codes, sensitive ones masked. */
export type LaborerChange = LaborerChangeDto;
export type {
  HouseholdDto,
  LaborerDetailDto,
  LaborerListItemDto,
  OccupationDto,
  SensitiveField,
  TransferDto,
};

/** The list filters (GET /api/laborers); page, size and sort optional. */
export type LaborerFilter = Partial<LaborerListQuery>;
/** The filters of GET /api/households; page and size optional. */
export type HouseholdFilter = Partial<HouseholdListQuery>;

const REFERENCE_STALE = 3_600_000;

export const registryKeys = {
  all: ['registry'] as const,
  dictionaries: ['registry', 'dictionaries'] as const,
  occupations: (query: { parent?: string; q?: string; limit?: number }) =>
    ['registry', 'occupations', query] as const,
  laborers: (filter: LaborerFilter) => ['registry', 'laborers', 'list', filter] as const,
  laborer: (id: number) => ['registry', 'laborers', 'one', id] as const,
  history: (id: number, page: number, pageSize: number) =>
    ['registry', 'laborers', 'history', id, page, pageSize] as const,
  households: (query: HouseholdFilter) => ['registry', 'households', 'list', query] as const,
  household: (id: number) => ['registry', 'households', 'one', id] as const,
};

/** Every code list (GET /api/dictionaries), by type, in display order. */
export function useDictionaries() {
  return useQuery({
    queryKey: registryKeys.dictionaries,
    queryFn: async () => (await api.get<DictionariesDto>('/dictionaries')).dictionaries,
    staleTime: REFERENCE_STALE,
  });
}

/** Children of an occupation, the 大类 (no parent and no q), or a search by name part / code beginning. */
export function useOccupations(query: { parent?: string; q?: string; limit?: number }, enabled = true) {
  return useQuery({
    queryKey: registryKeys.occupations(query),
    queryFn: async () => (await api.get<OccupationListDto>('/occupations', { ...query })).items,
    staleTime: REFERENCE_STALE,
    enabled,
  });
}

/** One occupation by its exact code (the API has no single-code route: a code search, then the exact match). */
export function useOccupation(code: string | null | undefined) {
  return useQuery({
    queryKey: registryKeys.occupations({ q: code ?? '', limit: 20 }),
    queryFn: async () =>
      (await api.get<OccupationListDto>('/occupations', { q: code ?? '', limit: 20 })).items,
    staleTime: REFERENCE_STALE,
    enabled: Boolean(code),
    select: (items) => items.find((item) => item.code === code),
  });
}

/** Query parameters of a labourer filter: empty values left out. */
export function laborerQueryParams(filter: LaborerFilter): QueryParams {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as QueryParams;
}

export function useLaborers(filter: LaborerFilter, enabled = true) {
  return useQuery({
    queryKey: registryKeys.laborers(filter),
    queryFn: () => api.get<Page<LaborerListItemDto>>('/laborers', laborerQueryParams(filter)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Query options of one labourer (GET /api/laborers/:id), also for queryClient.fetchQuery. */
export function laborerQuery(id: number) {
  return queryOptions({
    queryKey: registryKeys.laborer(id),
    queryFn: () => api.get<LaborerDetailDto>(`/laborers/${id}`),
  });
}

export function useLaborer(id: number | undefined) {
  return useQuery({ ...laborerQuery(id ?? 0), enabled: id !== undefined && id > 0 });
}

export function useLaborerHistory(id: number, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: registryKeys.history(id, page, pageSize),
    queryFn: () => api.get<Page<LaborerChange>>(`/laborers/${id}/history`, { page, pageSize }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useHouseholds(query: HouseholdFilter, enabled = true) {
  return useQuery({
    queryKey: registryKeys.households(query),
    queryFn: () => api.get<Page<HouseholdDto>>('/households', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useHousehold(id: number | null | undefined) {
  return useQuery({
    queryKey: registryKeys.household(id ?? 0),
    queryFn: () => api.get<HouseholdDetail>(`/households/${id}`),
    enabled: typeof id === 'number' && id > 0,
  });
}

/** Filters of the xlsx export: the list's, plus full ID numbers with a purpose (needs registry:reveal). */
export type LaborerExportFilter = LaborerFilter & Pick<LaborerExportBody, 'reveal' | 'purpose'>;

/**
 * Downloads the xlsx export (POST /api/laborers/export.xlsx) with the list's filters in the JSON body; page and
 * sort are not sent. The purpose of a revealing export goes in the body, never in a URL (OWASP ASVS V8.3.1).
 */
export function downloadLaborerExport(filter: LaborerExportFilter): Promise<DownloadedFile> {
  const { page: _page, pageSize: _pageSize, sort: _sort, order: _order, ...rest } = filter;
  return api.download('/laborers/export.xlsx', laborerQueryParams(rest), 'laborers.xlsx');
}

/** Create, change and reveal a labourer; request a transfer. Writes refresh every registry query. */
export function useLaborerMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: registryKeys.all });
  return {
    create: useMutation({
      mutationFn: (input: LaborerCreateInput) => api.post<LaborerDetailDto>('/laborers', input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, ...input }: LaborerUpdateInput & { id: number }) =>
        api.patch<LaborerDetailDto>(`/laborers/${id}`, input),
      onSuccess: refresh,
    }),
    reveal: useMutation({
      mutationFn: ({ id, field, purpose }: RevealInput & { id: number }) =>
        api.post<RevealResultDto>(`/laborers/${id}/reveal`, { field, purpose }),
    }),
    requestTransfer: useMutation({
      mutationFn: (input: TransferCreateInput) => api.post<TransferDto>('/registry/transfers', input),
      onSuccess: refresh,
    }),
  };
}
