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

/** An account as answered after it was given a one-time password (shown once, never again). */
export type UserWithPassword = User & { oneTimePassword?: string };

/**
 * A new account. 三员分立: the system administrator sends the profile only; managing staff send roles and scopes
 * too. Nobody sends a password: the server generates a one-time password.
 */
export interface UserCreateInput {
  username: string;
  displayName: string;
  roles?: Role[];
  viewScope?: string[];
  captureScope?: string[];
  organizationId?: number | null;
  phone?: string | null;
}

export type UserUpdateInput = Partial<Omit<UserCreateInput, 'username'>> & {
  isActive?: boolean;
};

/** 授权: roles and scopes (the security administrator, or managing staff). */
export interface UserAccessInput {
  roles: Role[];
  viewScope: string[];
  captureScope: string[];
}

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
      mutationFn: (id: number) => api.delete<{ ok: true; sessions: number }>(`/users/${id}/sessions`),
    }),
  };
}
