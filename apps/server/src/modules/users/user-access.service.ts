import type { z } from 'zod';
import type { userAccessSchema } from '@jiuye/contracts';
import { isAdminRole, ROLE_LABELS, ROLE_LEVEL, ROLES } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import { AppError } from '../../lib/errors.ts';
import { recordOperation } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { storePassword } from '../auth/auth.service.ts';
import { clearAllLoginFailures, usernameKey } from '../auth/login-attempt.repository.ts';
import { hashPassword } from '../auth/password-hash.ts';
import { deleteUserSessions } from '../auth/session.repository.ts';
import { newOneTimePassword, withOneTimePassword, type UserWithPassword } from './one-time-password.ts';
import {
  assertCanManage,
  assertGrant,
  assertScopeCovers,
  mayGrant,
  refuse,
  writeAccess,
} from './user-authority.ts';
import { clearLockout, findUser, updateUser, type UserRecord } from './user.repository.ts';
import { getUser, planChange } from './user.service.ts';

/**
 * The security administrator's part of 三员分立 (GB/T 22239-2019 8.1.4.2): 授权 (roles and scopes), one-time
 * passwords, unlocking and ending sessions.
 */

type AccessInput = z.infer<typeof userAccessSchema>;

/** The roles the actor may grant, for the role picker (三员分立 and “only rights you hold”). */
export function listGrantableRoles(actor: Actor) {
  return ROLES.filter((role) => mayGrant(actor, role)).map((role) => ({
    role,
    label: ROLE_LABELS[role],
    level: ROLE_LEVEL[role] ?? null,
    isAdmin: isAdminRole(role),
  }));
}

/**
 * 授权: sets an account's roles and scopes. An account that has no password yet (created by the system
 * administrator) gets its one-time password here, answered once. Ends the account's sessions when its access
 * changes.
 */
export async function grantAccess(
  db: Db,
  actor: Actor,
  id: number,
  input: AccessInput,
): Promise<UserWithPassword> {
  const attempt = { action: 'user.grant', targetId: id };
  const target = await getUser(db, actor, id);
  if (target.id === actor.userId) {
    await refuse(db, actor, attempt, '不能修改自己的角色或管辖范围', [
      { field: 'roles', message: '不能修改自己账号的此项' },
    ]);
  }
  await assertCanManage(db, actor, attempt, target);
  const { access, changes, isAccessChanged } = planChange(target, input);
  await assertGrant(db, actor, attempt, access);
  const oneTimePassword = target.hasPassword
    ? undefined
    : newOneTimePassword(target.username, target.displayName);
  const passwordHash = oneTimePassword === undefined ? undefined : await hashPassword(oneTimePassword);

  await db.transaction().execute(async (trx) => {
    if (isAccessChanged) {
      await updateUser(trx, id, { updatedAt: nowIso() });
      await writeAccess(trx, id, access);
    }
    if (passwordHash !== undefined) await storePassword(trx, id, passwordHash, true);
    const sessionsEnded = isAccessChanged ? await deleteUserSessions(trx, id) : 0;
    await recordOperation(trx, actor, {
      action: 'user.grant',
      targetType: 'user',
      targetId: id,
      detail: {
        username: target.username,
        changes,
        oneTimePasswordIssued: oneTimePassword !== undefined,
        sessionsEnded,
      },
    });
  });
  return withOneTimePassword((await findUser(db, id))!, oneTimePassword);
}

/**
 * 重置密码: a generated one-time password, answered once, that must be changed at the next login and expires after
 * ONE_TIME_PASSWORD_HOURS; the user's sessions end. Nobody chooses it.
 */
export async function resetUserPassword(db: Db, actor: Actor, id: number): Promise<UserWithPassword> {
  const attempt = { action: 'user.password.reset', targetId: id };
  const target = await getUser(db, actor, id);
  if (target.id === actor.userId) {
    await refuse(db, actor, attempt, '请通过“修改密码”修改自己的密码', [
      { field: 'password', message: '不能重置自己的密码' },
    ]);
  }
  await assertCanManage(db, actor, attempt, target);
  if (target.roles.length === 0) {
    throw new AppError('VALIDATION_FAILED', '该账号尚未授权，请先授予角色（授权时生成一次性密码）', [
      { field: 'roles', message: '账号尚未授权' },
    ]);
  }
  const oneTimePassword = newOneTimePassword(target.username, target.displayName);
  const passwordHash = await hashPassword(oneTimePassword);
  await db.transaction().execute(async (trx) => {
    await storePassword(trx, id, passwordHash, true);
    const sessionsEnded = await deleteUserSessions(trx, id);
    await recordOperation(trx, actor, {
      action: 'user.password.reset',
      targetType: 'user',
      targetId: id,
      detail: { username: target.username, sessionsEnded, oneTimePasswordIssued: true },
    });
  });
  return withOneTimePassword((await findUser(db, id))!, oneTimePassword);
}

/** 等保 登录失败处理: lifts the lock of repeated failed logins before it runs out. */
export async function unlockUser(db: Db, actor: Actor, id: number): Promise<UserRecord> {
  const target = await getUser(db, actor, id);
  await assertScopeCovers(db, actor, { action: 'user.unlock', targetId: id }, target);
  await db.transaction().execute(async (trx) => {
    await clearLockout(trx, id, nowIso());
    await clearAllLoginFailures(trx, usernameKey(target.username));
    await recordOperation(trx, actor, {
      action: 'user.unlock',
      targetType: 'user',
      targetId: id,
      detail: { username: target.username, lockedUntil: target.lockedUntil ?? null },
    });
  });
  return (await findUser(db, id))!;
}

/** Ends every session of a user (a security administrator's response to a suspected compromise). */
export async function revokeUserSessions(db: Db, actor: Actor, id: number): Promise<number> {
  const target = await getUser(db, actor, id);
  await assertScopeCovers(db, actor, { action: 'user.sessions.revoke', targetId: id }, target);
  return db.transaction().execute(async (trx) => {
    const sessions = await deleteUserSessions(trx, id);
    await recordOperation(trx, actor, {
      action: 'user.sessions.revoke',
      targetType: 'user',
      targetId: id,
      detail: { username: target.username, sessions },
    });
    return sessions;
  });
}
