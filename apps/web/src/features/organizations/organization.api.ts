import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrganizationDto, OrganizationKind } from '@jiuye/contracts';
import { api, type Page } from '../../shared/api/client.ts';

export type Organization = OrganizationDto;

export interface OrganizationFilter {
  regionCode?: string;
  name?: string;
  kind?: OrganizationKind;
  isActive?: 'true' | 'false';
  page: number;
  pageSize: number;
}

export interface OrganizationInput {
  name: string;
  kind: OrganizationKind;
  regionCode: string;
  parentId?: number | null;
  address?: string | null;
  contactPerson?: string | null;
  contactPhone?: string | null;
  serviceArea?: string | null;
}

export function useOrganizations(filter: OrganizationFilter, enabled = true) {
  return useQuery({
    queryKey: ['organizations', 'list', filter],
    queryFn: () => api.get<Page<Organization>>('/organizations', { ...filter }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Writes that refresh every organisation list once they succeed. */
export function useOrganizationMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['organizations'] });
  return {
    create: useMutation({
      mutationFn: (input: OrganizationInput) => api.post<Organization>('/organizations', input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, ...input }: Partial<OrganizationInput> & { id: number; isActive?: boolean }) =>
        api.patch<Organization>(`/organizations/${id}`, input),
      onSuccess: refresh,
    }),
    deactivate: useMutation({
      mutationFn: (id: number) => api.post<Organization>(`/organizations/${id}/deactivate`),
      onSuccess: refresh,
    }),
  };
}
