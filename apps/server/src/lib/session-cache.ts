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
/**
 * Keyed by the cookie value, so a cached request skips hashing it; the index by id hash serves the evictions, which
 * only know the hash. Both live in this process only and for at most `maxAgeMs`, like the session row they copy.
 */
const entries = new Map<string, Entry>();
const tokenByHash = new Map<string, string>();

function drop(token: string, entry: Entry): void {
  entries.delete(token);
  if (tokenByHash.get(entry.session.idHash) === token) tokenByHash.delete(entry.session.idHash);
}

export function getCachedSession(token: string, maxAgeMs: number, now: number): Entry | undefined {
  const entry = entries.get(token);
  if (!entry) return undefined;
  if (now - entry.cachedAt > maxAgeMs) {
    drop(token, entry);
    return undefined;
  }
  return entry;
}

export function cacheSession(token: string, session: Session, user: AuthUser, now: number): void {
  if (entries.size >= MAX_ENTRIES) {
    // Maps iterate in insertion order: drop the oldest entry.
    const oldest = entries.entries().next().value;
    if (oldest) drop(oldest[0], oldest[1]);
  }
  entries.set(token, { session, user, cachedAt: now });
  tokenByHash.set(session.idHash, token);
}

export function noteSessionSeen(idHash: string, lastSeenAt: string): void {
  const token = tokenByHash.get(idHash);
  const entry = token === undefined ? undefined : entries.get(token);
  if (entry) entry.session = { ...entry.session, lastSeenAt };
}

export function forgetSession(idHash: string): void {
  const token = tokenByHash.get(idHash);
  const entry = token === undefined ? undefined : entries.get(token);
  if (token !== undefined && entry) drop(token, entry);
  tokenByHash.delete(idHash);
}

export function forgetUserSessions(userId: number): void {
  for (const [token, entry] of entries) if (entry.user.id === userId) drop(token, entry);
}
