import { sql } from 'kysely';
import { MAX_FAILED_LOGINS } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { toBoolean } from '../../db/create-db.ts';

export interface LoginCandidate {
  id: number;
  passwordHash: string;
  lockedUntil: string | null;
  isActive: boolean;
}

export async function findLoginCandidate(db: Db, username: string): Promise<LoginCandidate | undefined> {
  const row = await db
    .selectFrom('appUser')
    .select(['id', 'passwordHash', 'lockedUntil', 'isActive'])
    .where('username', '=', username)
    .executeTakeFirst();
  return row && { ...row, isActive: toBoolean(row.isActive) };
}

export async function findLockedUntil(db: Db, userId: number): Promise<string | null> {
  const row = await db
    .selectFrom('appUser')
    .select('lockedUntil')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.lockedUntil ?? null;
}

/**
 * Counts one more failed login in a single statement, so that parallel attempts cannot overwrite each other's
 * count; the attempt that reaches the limit locks the account until `lockUntil` and starts the count again.
 * Returns whether this attempt locked the account.
 */
export async function recordFailedLogin(db: Db, userId: number, lockUntil: string): Promise<boolean> {
  const reachesLimit = sql<boolean>`${sql.ref('failedLoginCount')} + 1 >= ${MAX_FAILED_LOGINS}`;
  const row = await db
    .updateTable('appUser')
    .set((eb) => ({
      failedLoginCount: eb
        .case()
        .when(reachesLimit)
        .then(0)
        .else(eb('failedLoginCount', '+', 1))
        .end(),
      lockedUntil: eb
        .case()
        .when(reachesLimit)
        .then(sql<string>`${lockUntil}`)
        .else(eb.ref('lockedUntil'))
        .end(),
    }))
    .where('id', '=', userId)
    .returning(['failedLoginCount', 'lockedUntil'])
    .executeTakeFirst();
  return row !== undefined && row.failedLoginCount === 0 && row.lockedUntil !== null;
}

/**
 * Ends the count of failures after a right password, unless a parallel attempt locked the account in the meantime.
 * Returns false when the account is locked at `now`.
 */
export async function clearFailedLogins(db: Db, userId: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('appUser')
    .set({ failedLoginCount: 0, lockedUntil: null })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
