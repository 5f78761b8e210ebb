import type { Db } from '../../db/database.ts';
import type { Session } from './session.table.ts';
import { forgetSession, forgetUserSessions, noteSessionSeen } from '../../lib/session-cache.ts';

export async function insertSession(db: Db, session: Session): Promise<void> {
  await db.insertInto('session').values(session).execute();
}

export async function findSession(db: Db, idHash: string): Promise<Session | undefined> {
  return db
    .selectFrom('session')
    .select(['idHash', 'userId', 'csrfTokenHash', 'createdAt', 'lastSeenAt', 'expiresAt', 'ip', 'userAgent'])
    .where('idHash', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('session').set({ lastSeenAt }).where('idHash', '=', idHash).execute();
  noteSessionSeen(idHash, lastSeenAt);
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  forgetSession(idHash);
  await db.deleteFrom('session').where('idHash', '=', idHash).execute();
  // Again after the delete: a request resolved in between may have cached the session anew.
  forgetSession(idHash);
}

export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  forgetUserSessions(userId);
  const result = await db.deleteFrom('session').where('userId', '=', userId).executeTakeFirst();
  forgetUserSessions(userId);
  return Number(result.numDeletedRows);
}

/** Deletes the sessions past their absolute limit or idle since `idleBefore`; returns how many. */
export async function deleteExpiredSessions(db: Db, now: string, idleBefore: string): Promise<number> {
  const result = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', idleBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
