import type { AuthUser } from '../modules/users/user-access.repository.ts';
import type { Session } from '../modules/auth/session.table.ts';

/**
 * A short-lived, in-process cache of resolved sessions, so an authenticated request does not cost four queries.
 * Every path that ends sessions (logout, logout-all, password change, role or scope change, deactivation, lockout)
 * goes through session.repository, which evicts here; other changes to a user (display name …) show after at most
 * `maxAgeMs`. With several server processes on one PostgreSQL database, a session ended in one process stays
 * usable in another for at most `maxAgeMs` (JIUYE_SESSION_CACHE_MS, default 5 s; 0 turns the cache off).
 */
interface Entry {
  session: Session;
  user: AuthUser;
  cachedAt: number;
}

const MAX_ENTRIES = 10_000;
const entries = new Map<string, Entry>();

export function getCachedSession(idHash: string, maxAgeMs: number, now: number): Entry | undefined {
  const entry = entries.get(idHash);
  if (!entry) return undefined;
  if (now - entry.cachedAt > maxAgeMs) {
    entries.delete(idHash);
    return undefined;
  }
  return entry;
}

export function cacheSession(idHash: string, session: Session, user: AuthUser, now: number): void {
  if (entries.size >= MAX_ENTRIES) {
    // Maps iterate in insertion order: drop the oldest entry.
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.set(idHash, { session, user, cachedAt: now });
}

export function noteSessionSeen(idHash: string, lastSeenAt: string): void {
  const entry = entries.get(idHash);
  if (entry) entry.session = { ...entry.session, lastSeenAt };
}

export function forgetSession(idHash: string): void {
  entries.delete(idHash);
}

export function forgetUserSessions(userId: number): void {
  for (const [idHash, entry] of entries) if (entry.user.id === userId) entries.delete(idHash);
}
