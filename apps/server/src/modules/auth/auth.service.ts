import {
  checkPasswordStrength,
  isPasswordExpired,
  ONE_TIME_PASSWORD_HOURS,
  PASSWORD_HISTORY_SIZE,
  PASSWORD_PROBLEM_MESSAGES,
  sortedPermissionsOf,
  type PasswordProblem,
} from '@jiuye/domain';
import type { CurrentUser, SessionInfo } from '@jiuye/contracts';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import { AppError } from '../../lib/errors.ts';
import { insertLoginLog } from '../audit/audit.repository.ts';
import { recordOperation } from '../audit/audit.service.ts';
import { findAuthUser, type AuthUser } from '../users/user-access.repository.ts';
import type { Actor } from './actor.ts';
import { deleteSession, deleteUserSessions } from './session.repository.ts';
import {
  clearLoginFailures,
  findLoginCandidate,
  findLoginLock,
  noteAccountLock,
  recordLoginFailure,
  usernameKey,
} from './login-attempt.repository.ts';
import { hashPassword, NO_PASSWORD, verifyDummy, verifyPassword } from './password-hash.ts';
import { isGuessablePassword } from './password-guessability.ts';
import type { Session } from './session.table.ts';

/** Where the login log says an attempt came from: the client address and browser. */
export interface Client {
  ip: string;
  userAgent: string | null;
}

const INVALID_CREDENTIALS = () => new AppError('INVALID_CREDENTIALS', '用户名或密码错误');

function accountLocked(lockedUntil: string, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60_000));
  return new AppError('ACCOUNT_LOCKED', `账号因连续登录失败已被锁定，请 ${minutes} 分钟后再试`, [
    { message: `锁定至 ${lockedUntil}`, lockedUntil },
  ]);
}

export function toCurrentUser(user: AuthUser, passwordExpired: boolean): CurrentUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    permissions: [...sortedPermissionsOf(user.roles)],
    viewScope: user.viewScope,
    captureScope: user.captureScope,
    organizationId: user.organizationId,
    mustChangePassword: user.mustChangePassword || passwordExpired,
    passwordExpired,
  };
}

export function toSessionInfo(
  user: AuthUser,
  session: Session,
  csrfToken: string,
  passwordExpired: boolean,
): SessionInfo {
  const current = toCurrentUser(user, passwordExpired);
  return {
    user: current,
    csrfToken,
    mustChangePassword: current.mustChangePassword,
    expiresAt: session.expiresAt,
  };
}

/**
 * 等保 2.0 三级 8.1.4.1 身份鉴别 and 登录失败处理: one answer for an unknown user, an inactive
 * one, one without a password yet (待授权), an expired one-time password and a wrong password, in the time of one
 * argon2 verification. Failures are counted per name as typed and client address, known or not: five lock that
 * name for that address for 30 minutes (423 for everyone alike), so a stranger cannot lock the owner out from
 * hers. Every attempt goes to the login log.
 */
export async function login(
  db: Db,
  client: Client,
  input: { username: string; password: string; previousSessionIdHash?: string | undefined },
): Promise<{ user: AuthUser; passwordExpired: boolean }> {
  const { ip, userAgent } = client;
  const key = usernameKey(input.username);
  const fail = async (userId: number | null, reason: string) =>
    insertLoginLog(db, {
      username: input.username.slice(0, 64),
      userId,
      success: false,
      reason,
      ip,
      userAgent,
    });

  const user = await findLoginCandidate(db, input.username);
  // Verified before any other check, so that every path spends the time of one argon2 verification.
  let isValid = false;
  if (user && user.passwordHash !== NO_PASSWORD) {
    isValid = await verifyPassword(user.passwordHash, input.password);
  } else {
    await verifyDummy(input.password);
  }
  const now = new Date();

  const lockedUntil = await findLoginLock(db, key, ip, now.toISOString());
  if (lockedUntil !== undefined) {
    await fail(user?.id ?? null, 'locked');
    throw accountLocked(lockedUntil, now);
  }
  const reason = !user
    ? 'unknown_user'
    : user.passwordHash === NO_PASSWORD
      ? 'no_password'
      : !isValid
        ? 'wrong_password'
        : !user.isActive
          ? 'inactive'
          : user.passwordExpiresAt !== null && Date.parse(user.passwordExpiresAt) <= now.getTime()
            ? 'one_time_password_expired'
            : undefined;
  if (reason !== undefined) {
    const failure = await recordLoginFailure(db, key, ip, now);
    if (failure.locked && user) await noteAccountLock(db, user.id, failure.lockedUntil!);
    await fail(user?.id ?? null, failure.locked ? `${reason}_locked` : reason);
    throw INVALID_CREDENTIALS();
  }
  const known = user!;
  if (!(await clearLoginFailures(db, key, ip, now.toISOString()))) {
    // A parallel attempt locked the name while this one was being verified.
    await fail(known.id, 'locked');
    throw accountLocked((await findLoginLock(db, key, ip, now.toISOString())) ?? now.toISOString(), now);
  }

  // The session this browser had before, if any, ends here: a login never continues an earlier session (the route
  // then starts a new one).
  if (input.previousSessionIdHash) await deleteSession(db, input.previousSessionIdHash);
  const authUser = (await findAuthUser(db, known.id))!;
  await insertLoginLog(db, {
    username: input.username,
    userId: known.id,
    success: true,
    reason: 'ok',
    ip,
    userAgent,
  });
  return { user: authUser, passwordExpired: isPasswordExpired(authUser.passwordChangedAt, now) };
}

/** Writes the login-log record of an attempt refused by the rate limit, naming the account it was for. */
export async function recordRateLimitedLogin(db: Db, client: Client, username: unknown): Promise<void> {
  await insertLoginLog(db, {
    username: typeof username === 'string' ? username.trim().slice(0, 64) : '',
    userId: null,
    success: false,
    reason: 'rate_limited',
    ip: client.ip,
    userAgent: client.userAgent,
  });
}

/**
 * Throws WEAK_PASSWORD naming each rule the password breaks: the 等保 complexity rule (password-policy.ts) and,
 * when that holds, the common-password check (password-guessability.ts).
 */
export function assertStrongPassword(
  password: string,
  username: string,
  field = 'newPassword',
  otherInputs: readonly string[] = [],
): void {
  const problems: PasswordProblem[] = checkPasswordStrength(password, username);
  if (problems.length === 0 && isGuessablePassword(password, [username, ...otherInputs])) {
    problems.push('too_common');
  }
  if (problems.length > 0) {
    throw new AppError(
      'WEAK_PASSWORD',
      problems.includes('too_common') ? PASSWORD_PROBLEM_MESSAGES.too_common : '密码不符合安全要求',
      problems.map((problem) => ({ field, message: PASSWORD_PROBLEM_MESSAGES[problem] })),
    );
  }
}

/**
 * Sets a password and keeps it in the history, which forbids reusing any of the last five. A password that must be
 * changed is a one-time password: it expires after ONE_TIME_PASSWORD_HOURS unless `expiresAt` says otherwise
 * (null: never, for the built-in administrator's first password).
 */
export async function storePassword(
  db: Db,
  userId: number,
  passwordHash: string,
  mustChangePassword: boolean,
  expiresAt: string | null = mustChangePassword ? oneTimePasswordExpiry(new Date()) : null,
): Promise<void> {
  const now = nowIso();
  await db
    .updateTable('appUser')
    .set({
      passwordHash,
      passwordChangedAt: now,
      mustChangePassword,
      passwordExpiresAt: expiresAt,
      updatedAt: now,
    })
    .where('id', '=', userId)
    .execute();
  await db.insertInto('passwordHistory').values({ userId, passwordHash, createdAt: now }).execute();
}

export function oneTimePasswordExpiry(now: Date): string {
  return new Date(now.getTime() + ONE_TIME_PASSWORD_HOURS * 3_600_000).toISOString();
}

/**
 * Changes the actor's own password and ends every session of the account; the route continues the current one
 * under a new id. A wrong old password that reaches the failure limit answers ACCOUNT_LOCKED, the sessions ended.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  client: Client,
  input: { oldPassword: string; newPassword: string },
): Promise<AuthUser> {
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'displayName', 'passwordHash'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.passwordHash, input.oldPassword))) {
    // A wrong old password counts as a failed login of the name from this address: whoever holds a stolen session
    // cannot guess the password without limit. Reaching the limit locks the name there and ends all its sessions.
    const now = new Date();
    const failure = await recordLoginFailure(db, usernameKey(user.username), client.ip, now);
    const locked = failure.locked;
    if (locked) await noteAccountLock(db, user.id, failure.lockedUntil!);
    await insertLoginLog(db, {
      username: user.username,
      userId: user.id,
      success: false,
      reason: locked ? 'wrong_old_password_locked' : 'wrong_old_password',
      ip: client.ip,
      userAgent: client.userAgent,
    });
    if (locked) {
      await deleteUserSessions(db, user.id);
      throw accountLocked(failure.lockedUntil ?? now.toISOString(), now);
    }
    throw new AppError('INVALID_CREDENTIALS', '原密码不正确', [
      { field: 'oldPassword', message: '原密码不正确' },
    ]);
  }
  assertStrongPassword(input.newPassword, user.username, 'newPassword', [user.displayName]);
  const history = await db
    .selectFrom('passwordHistory')
    .select('passwordHash')
    .where('userId', '=', user.id)
    .orderBy('id', 'desc')
    .limit(PASSWORD_HISTORY_SIZE)
    .execute();
  for (const { passwordHash } of [{ passwordHash: user.passwordHash }, ...history]) {
    if (await verifyPassword(passwordHash, input.newPassword)) {
      throw new AppError('PASSWORD_REUSED', `新密码不能与最近 ${PASSWORD_HISTORY_SIZE} 次使用过的密码相同`, [
        { field: 'newPassword', message: '不能使用最近用过的密码' },
      ]);
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await storePassword(trx, user.id, passwordHash, false);
    // Every other session ends with the old password; this one continues under a new id.
    await deleteUserSessions(trx, user.id);
    await recordOperation(trx, actor, {
      action: 'auth.password.change',
      targetType: 'user',
      targetId: user.id,
    });
  });
  return (await findAuthUser(db, user.id))!;
}

/** Ends the session the actor came with (its cookie is the route's). */
export async function logout(db: Db, actor: Actor, client: Client, sessionIdHash: string): Promise<void> {
  await deleteSession(db, sessionIdHash);
  await insertLoginLog(db, {
    username: actor.username,
    userId: actor.userId,
    success: true,
    reason: 'logout',
    ip: client.ip,
    userAgent: client.userAgent,
  });
}

/** Ends every session of the actor's account, this one included; answers how many there were. */
export async function logoutEverywhere(db: Db, actor: Actor, client: Client): Promise<number> {
  // Ending every session is a security action of its own: it goes to the operation log as well.
  const count = await db.transaction().execute(async (trx) => {
    const ended = await deleteUserSessions(trx, actor.userId);
    await recordOperation(trx, actor, {
      action: 'auth.logout_all',
      targetType: 'user',
      targetId: actor.userId,
      detail: { sessions: ended },
    });
    return ended;
  });
  await insertLoginLog(db, {
    username: actor.username,
    userId: actor.userId,
    success: true,
    reason: 'logout_all',
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return count;
}
