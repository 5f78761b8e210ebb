import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  GrantableRoleDto,
  RevokeSessionsResult,
  UserAccessInput,
  UserCreateInput,
  UserDto,
  UserListQuery,
  UserUpdateInput,
  UserWithPasswordDto,
} from '@jiuye/contracts';
import { api, type Page } from '../../shared/api/client.ts';

export type User = UserDto;
/** The filters of GET /api/users. */
export type UserFilter = UserListQuery;
/** An account as answered after it was given a one-time password (shown once, never again). */
export type UserWithPassword = UserWithPasswordDto;
export type GrantableRole = GrantableRoleDto;
export type { UserAccessInput, UserCreateInput, UserUpdateInput };

export function useUsers(filter: UserFilter, enabled = true) {
  return useQuery({
    queryKey: ['users', 'list', filter],
    queryFn: () => api.get<Page<User>>('/users', { ...filter }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The roles this user may grant (GET /api/users/roles). */
export function useGrantableRoles(enabled = true) {
  return useQuery({
    queryKey: ['users', 'roles'],
    queryFn: async () => (await api.get<{ items: GrantableRole[] }>('/users/roles')).items,
    staleTime: 300_000,
    enabled,
  });
}

export function useUserMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  return {
    create: useMutation({
      mutationFn: (input: UserCreateInput) => api.post<UserWithPassword>('/users', input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, ...input }: UserUpdateInput & { id: number }) =>
        api.patch<User>(`/users/${id}`, input),
      onSuccess: refresh,
    }),
    grant: useMutation({
      mutationFn: ({ id, ...input }: UserAccessInput & { id: number }) =>
        api.put<UserWithPassword>(`/users/${id}/access`, input),
      onSuccess: refresh,
    }),
    resetPassword: useMutation({
      mutationFn: (id: number) => api.post<UserWithPassword>(`/users/${id}/reset-password`),
      onSuccess: refresh,
    }),
    unlock: useMutation({
      mutationFn: (id: number) => api.post<User>(`/users/${id}/unlock`),
      onSuccess: refresh,
    }),
    revokeSessions: useMutation({
      mutationFn: (id: number) => api.delete<RevokeSessionsResult>(`/users/${id}/sessions`),
    }),
  };
}
