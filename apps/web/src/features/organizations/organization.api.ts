import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  OrganizationCreateInput,
  OrganizationDto,
  OrganizationListQuery,
  OrganizationUpdateInput,
} from '@jiuye/contracts';
import { api, type Page } from '../../shared/api/client.ts';

export type Organization = OrganizationDto;
export type OrganizationFilter = OrganizationListQuery;
export type OrganizationInput = OrganizationCreateInput;

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
      mutationFn: ({ id, ...input }: OrganizationUpdateInput & { id: number }) =>
        api.patch<Organization>(`/organizations/${id}`, input),
      onSuccess: refresh,
    }),
    deactivate: useMutation({
      mutationFn: (id: number) => api.post<Organization>(`/organizations/${id}/deactivate`),
      onSuccess: refresh,
    }),
  };
}
