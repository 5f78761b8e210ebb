import { sql } from 'kysely';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { toBoolean } from '../../db/create-db.ts';

export interface LoginCandidate {
  id: number;
  username: string;
  displayName: string;
  /** '' for an account that has no password yet (待授权). */
  passwordHash: string;
  passwordExpiresAt: string | null;
  isActive: boolean;
}

/** The key failures are counted under: the name as typed, whether or not an account has it. */
export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

export async function findLoginCandidate(db: Db, username: string): Promise<LoginCandidate | undefined> {
  const row = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'displayName', 'passwordHash', 'passwordExpiresAt', 'isActive'])
    .where('username', '=', username)
    .executeTakeFirst();
  return row && { ...row, isActive: toBoolean(row.isActive) };
}

/** Until when the name is locked for logins from this address, or undefined when it is not locked at `now`. */
export async function findLoginLock(
  db: Db,
  key: string,
  ip: string,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('loginLockout')
    .select('lockedUntil')
    .where('usernameKey', '=', key)
    .where('ip', '=', ip)
    .where('lockedUntil', '>', now)
    .executeTakeFirst();
  return row?.lockedUntil ?? undefined;
}

/**
 * Counts one more failed login of a name from an address in a single statement (an upsert), so that parallel
 * attempts cannot overwrite each other's count; the attempt that reaches the limit locks the name for that address
 * until `lockUntil` and starts the count again. A count idle for LOCKOUT_MINUTES starts again too, and such rows
 * are swept here. Returns whether this attempt locked the name.
 */
export async function recordLoginFailure(
  db: Db,
  key: string,
  ip: string,
  now: Date,
): Promise<{ locked: boolean; lockedUntil: string | null }> {
  const nowText = now.toISOString();
  const staleBefore = new Date(now.getTime() - LOCKOUT_MINUTES * 60_000).toISOString();
  const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
  await db
    .deleteFrom('loginLockout')
    .where('lastFailedAt', '<', staleBefore)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', nowText)]))
    .execute();
  const count = sql.ref('loginLockout.failedCount');
  const reachesLimit = sql<boolean>`${count} + 1 >= ${MAX_FAILED_LOGINS}`;
  const row = await db
    .insertInto('loginLockout')
    .values({
      usernameKey: key,
      ip,
      failedCount: 1,
      lockedUntil: null,
      lastFailedAt: nowText,
    })
    .onConflict((oc) =>
      oc.columns(['usernameKey', 'ip']).doUpdateSet((eb) => ({
        failedCount: eb
          .case()
          .when(reachesLimit)
          .then(0)
          .else(eb(eb.ref('loginLockout.failedCount'), '+', 1))
          .end(),
        lockedUntil: eb
          .case()
          .when(reachesLimit)
          .then(sql<string>`${lockUntil}`)
          .else(eb.ref('loginLockout.lockedUntil'))
          .end(),
        lastFailedAt: nowText,
      })),
    )
    .returning(['failedCount', 'lockedUntil'])
    .executeTakeFirstOrThrow();
  const locked = row.failedCount === 0 && row.lockedUntil !== null && row.lockedUntil === lockUntil;
  return { locked, lockedUntil: row.lockedUntil };
}

/**
 * Ends the count of failures of a name from an address after a right password, unless a parallel attempt locked it
 * in the meantime. Returns false when the name is locked for that address at `now`.
 */
export async function clearLoginFailures(db: Db, key: string, ip: string, now: string): Promise<boolean> {
  if ((await findLoginLock(db, key, ip, now)) !== undefined) return false;
  await db
    .deleteFrom('loginLockout')
    .where('usernameKey', '=', key)
    .where('ip', '=', ip)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', now)]))
    .execute();
  return (await findLoginLock(db, key, ip, now)) === undefined;
}

/** The security administrator's unlock: every address's count and lock of the account's name. */
export async function clearAllLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('loginLockout').where('usernameKey', '=', key).execute();
}

/** The latest lock of a name from any address (shown in the user list, lifted by unlocking). */
export async function noteAccountLock(db: Db, userId: number, lockedUntil: string): Promise<void> {
  await db.updateTable('appUser').set({ lockedUntil }).where('id', '=', userId).execute();
}
