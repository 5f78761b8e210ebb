import { SESSION_IDLE_MINUTES } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { deleteExpiredSessions } from './session.repository.ts';

/** How often a running server deletes expired sessions (the timer is unref'd: it never keeps the process alive). */
export const SESSION_SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Deletes the sessions the session check would refuse: past the absolute limit (`expiresAt`) or idle for
 * SESSION_IDLE_MINUTES since `lastSeenAt`. Returns how many were deleted.
 */
export async function sweepExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const idleBefore = new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000);
  return deleteExpiredSessions(db, now.toISOString(), idleBefore.toISOString());
}
