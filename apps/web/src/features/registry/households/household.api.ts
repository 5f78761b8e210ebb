import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { HouseholdCreateInput, HouseholdUpdateInput } from '@jiuye/contracts';
import { api } from '../../../shared/api/client.ts';
import { registryKeys, type HouseholdDto } from '../shared/registry.api.ts';

export type Household = HouseholdDto;

/** POST /api/households (PATCH takes any part of it). */
export type HouseholdInput = HouseholdCreateInput;

/** 新增户 and 修改户; both refresh every registry query (lists, details, the labourers' family blocks). */
export function useHouseholdMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: registryKeys.all });
  return {
    create: useMutation({
      mutationFn: (input: HouseholdInput) => api.post<Household>('/households', input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, ...input }: HouseholdUpdateInput & { id: number }) =>
        api.patch<Household>(`/households/${id}`, input),
      onSuccess: refresh,
    }),
  };
}
