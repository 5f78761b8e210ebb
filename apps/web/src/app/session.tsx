import { useCallback } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CurrentUser, SessionInfo } from '@jiuye/contracts';
import type { Permission } from '@jiuye/domain/auth/roles.ts';
import { api, ApiError, setCsrfToken } from '../shared/api/client.ts';

export const SESSION_KEY = ['session'] as const;

/** GET /api/auth/session; null when nobody is logged in (or the session expired). */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const info = await api.get<SessionInfo>('/auth/session');
    setCsrfToken(info.csrfToken);
    return info;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

/** Keeps a fresh login or password change as the current session (it carries a new CSRF token). */
export function storeSession(queryClient: QueryClient, info: SessionInfo | null): void {
  setCsrfToken(info?.csrfToken);
  queryClient.setQueryData(SESSION_KEY, info);
}

/** Forgets everything cached for the previous user, keeping only the (empty) session. */
export function clearSession(queryClient: QueryClient): void {
  setCsrfToken(undefined);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  queryClient.setQueryData(SESSION_KEY, null);
}

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** The logged-in user; only for components under the authenticated layout. */
export function useCurrentUser(): CurrentUser {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentUser outside an authenticated route');
  return data.user;
}

export function useCan(): (permission: Permission) => boolean {
  const { data } = useSession();
  const permissions = data?.user.permissions;
  return useCallback((permission: Permission) => permissions?.includes(permission) ?? false, [permissions]);
}

export function useStoreSession(): (info: SessionInfo | null) => void {
  const queryClient = useQueryClient();
  return useCallback((info: SessionInfo | null) => storeSession(queryClient, info), [queryClient]);
}
