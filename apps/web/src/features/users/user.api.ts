import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserDto } from '@jiuye/contracts';
import type { Role } from '@jiuye/domain/auth/roles.ts';
import { api, type Page } from '../../shared/api/client.ts';

export type User = UserDto;

export interface UserFilter {
  regionCode?: string;
  username?: string;
  displayName?: string;
  role?: Role;
  isActive?: 'true' | 'false';
  page: number;
  pageSize: number;
}

export interface UserCreateInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  viewScope: string[];
  captureScope: string[];
  organizationId?: number | null;
  phone?: string | null;
}

export type UserUpdateInput = Partial<Omit<UserCreateInput, 'username' | 'password'>> & {
  isActive?: boolean;
};

export interface GrantableRole {
  role: Role;
  label: string;
  /** Highest region level (1 省 … 5 村) a scope of this role may have; null for non-staff roles. */
  level: number | null;
  isAdmin: boolean;
}

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
      mutationFn: (input: UserCreateInput) => api.post<User>('/users', input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, ...input }: UserUpdateInput & { id: number }) =>
        api.patch<User>(`/users/${id}`, input),
      onSuccess: refresh,
    }),
    resetPassword: useMutation({
      mutationFn: ({ id, password }: { id: number; password: string }) =>
        api.post<User>(`/users/${id}/reset-password`, { password }),
      onSuccess: refresh,
    }),
    unlock: useMutation({
      mutationFn: (id: number) => api.post<User>(`/users/${id}/unlock`),
      onSuccess: refresh,
    }),
    revokeSessions: useMutation({
      mutationFn: (id: number) => api.delete<{ ok: true; sessions: number }>(`/users/${id}/sessions`),
    }),
  };
}
