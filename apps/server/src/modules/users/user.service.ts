import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type {
  userAccessSchema,
  userCreateSchema,
  userListQuerySchema,
  userUpdateSchema,
  UserDto,
} from '@jiuye/contracts';
import {
  ADMIN_ROLES,
  canGrantRole,
  checkRoleSet,
  hasPermission,
  isAdminRole,
  isScopeWithin,
  isWithinScope,
  REGION_LEVEL_NAMES,
  regionLevel,
  ROLE_LABELS,
  ROLE_LEVEL,
  ROLES,
  simplifyScope,
  type RegionLevel,
  type Role,
} from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import { AppError, notFound, type ErrorDetail } from '../../lib/errors.ts';
import {
  assertFieldsInScope,
  assertRegionsExist,
  currentUser,
  isInScope,
  resolveRegionFilter,
  type RegionField,
} from '../../lib/scope.ts';
import { recordFailure, recordOperation } from '../audit/audit.service.ts';
import { assertStrongPassword, storePassword } from '../auth/auth.service.ts';
import { clearAllLoginFailures, usernameKey } from '../auth/login-attempt.repository.ts';
import { hashPassword, NO_PASSWORD } from '../auth/password-hash.ts';
import { generatePassword } from '../auth/password-generator.ts';
import { deleteUserSessions } from '../auth/session.repository.ts';
import { findOrganization } from '../organizations/organization.repository.ts';
import type { AuthUser } from './user-access.repository.ts';
import {
  clearLockout,
  findUser,
  findUserIdByUsername,
  insertUser,
  listUsers,
  replaceUserRoles,
  replaceUserScope,
  updateUser,
  type UserRecord,
} from './user.repository.ts';

type ListQuery = z.infer<typeof userListQuerySchema>;
type CreateInput = z.infer<typeof userCreateSchema>;
type UpdateInput = z.infer<typeof userUpdateSchema>;
type AccessInput = z.infer<typeof userAccessSchema>;

/** An account as answered, with the one-time password when this request issued one (shown once). */
export type UserWithPassword = UserDto & { oneTimePassword?: string };

/**
 * The built-in system administrator created at first start. Nobody else may change it, reset its password or
 * deactivate it, so the platform always keeps one working administrator; a security administrator may still
 * unlock it or end its sessions.
 */
export const BUILT_IN_ADMIN_USERNAME = 'admin';

const WHAT = '用户';

interface Access {
  roles: Role[];
  viewScope: string[];
  captureScope: string[];
}

export async function listVisibleUsers(db: Db, request: FastifyRequest, query: ListQuery) {
  const scope = resolveRegionFilter(request, query.regionCode, 'view');
  const { items, total } = await listUsers(db, {
    scope,
    // Accounts waiting for their grant (待授权) have no scope yet: the administrators see them at the top of their
    // own scope (the region tree's root) or without a region filter.
    includeUnscoped:
      isAdministrator(currentUser(request)) &&
      (query.regionCode === undefined || currentUser(request).viewScope.includes(query.regionCode)),
    username: query.username || undefined,
    displayName: query.displayName || undefined,
    role: query.role,
    isActive: query.isActive === undefined ? undefined : query.isActive === 'true',
    page: query.page,
    pageSize: query.pageSize,
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** A user is visible when one of their view-scope codes lies inside the caller's view scope; else 404. */
export async function getUser(db: Db, request: FastifyRequest, id: number): Promise<UserRecord> {
  const actor = currentUser(request);
  const user = await findUser(db, id);
  const isVisible =
    user !== undefined &&
    (user.id === actor.id ||
      user.viewScope.some((code) => isInScope(actor, code, 'view')) ||
      (user.viewScope.length === 0 && isAdministrator(actor)));
  if (!isVisible) throw notFound(WHAT);
  return user;
}

/** The roles the caller may grant, for the role picker (三员分立 and “only rights you hold”). */
export function listGrantableRoles(request: FastifyRequest) {
  const actor = currentUser(request);
  return ROLES.filter((role) => mayGrant(actor, role)).map((role) => ({
    role,
    label: ROLE_LABELS[role],
    level: ROLE_LEVEL[role] ?? null,
    isAdmin: isAdminRole(role),
  }));
}

/**
 * 三员分立 (GB/T 22239-2019 8.1.4.2): the system administrator creates an account with its profile only: no role,
 * no scope, no password (待授权) until a security administrator grants it. Managing staff (user:grant) create their
 * subordinates with roles and scopes within their own rights, and the account gets a generated one-time password,
 * answered once. Nobody chooses another's password.
 */
export async function createUser(
  db: Db,
  request: FastifyRequest,
  input: CreateInput,
): Promise<UserWithPassword> {
  const actor = currentUser(request);
  const grants = hasPermission(actor.roles, 'user:grant');
  const asked = (['roles', 'viewScope', 'captureScope'] as const).filter((key) => input[key] !== undefined);
  if (!grants && asked.length > 0) {
    await refuse(
      db,
      request,
      '系统管理员不能授予角色或管辖范围，账号由安全管理员授权（三员分立）',
      asked.map((field) => ({ field, message: '您不能授予角色或管辖范围' })),
    );
  }
  if (grants) {
    const missing = (['roles', 'viewScope'] as const).filter((key) => input[key] === undefined);
    if (missing.length > 0) {
      const message = missing.includes('roles') ? '请至少选择一个角色' : '请至少选择一个查看范围';
      throw new AppError(
        'VALIDATION_FAILED',
        message,
        missing.map((field) => ({
          field,
          message: field === 'roles' ? '请至少选择一个角色' : '请至少选择一个查看范围',
        })),
      );
    }
  }
  const access: Access = {
    roles: [...new Set(input.roles ?? [])],
    viewScope: input.viewScope ?? [],
    captureScope: input.captureScope ?? [],
  };
  await assertUsernameFree(db, input.username);
  if (grants) await assertGrant(db, request, actor, access);
  if (input.organizationId) await assertOrganization(db, actor, input.organizationId);
  const oneTimePassword = grants ? newOneTimePassword(input.username, input.displayName) : undefined;
  const passwordHash = oneTimePassword === undefined ? NO_PASSWORD : await hashPassword(oneTimePassword);

  const id = await db.transaction().execute(async (trx) => {
    await assertUsernameFree(trx, input.username);
    const now = nowIso();
    const newId = await insertUser(trx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      passwordChangedAt: now,
      mustChangePassword: true,
      failedLoginCount: 0,
      organizationId: input.organizationId ?? null,
      phone: input.phone || null,
      isActive: true,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    // The one-time password goes into the history too, and must be changed at first login.
    if (passwordHash !== NO_PASSWORD) await storePassword(trx, newId, passwordHash, true);
    await writeAccess(trx, newId, access);
    await recordOperation(trx, request, {
      action: 'user.create',
      targetType: 'user',
      targetId: newId,
      detail: {
        username: input.username,
        roles: access.roles,
        viewScope: simplifyScope(access.viewScope),
        captureScope: simplifyScope(access.captureScope),
        organizationId: input.organizationId ?? null,
        oneTimePasswordIssued: oneTimePassword !== undefined,
      },
    });
    return newId;
  });
  return withOneTimePassword((await findUser(db, id))!, oneTimePassword);
}

export async function changeUser(
  db: Db,
  request: FastifyRequest,
  id: number,
  input: UpdateInput,
): Promise<UserRecord> {
  const actor = currentUser(request);
  const target = await getUser(db, request, id);
  const asked = (['roles', 'viewScope', 'captureScope'] as const).filter((key) => input[key] !== undefined);
  if (asked.length > 0 && !hasPermission(actor.roles, 'user:grant')) {
    // 三员分立: roles and scopes are the security administrator's (授权), never the system administrator's.
    await refuse(
      db,
      request,
      '系统管理员不能修改角色或管辖范围，请由安全管理员授权（三员分立）',
      asked.map((field) => ({ field, message: '您不能修改角色或管辖范围' })),
    );
  }
  const { access, fields, changes, isAccessChanged } = planChange(target, input);

  if (target.id === actor.id) {
    // Nobody strips or deactivates their own account (and so locks the region out of its administrator).
    const own = Object.keys(changes).filter(
      (key) => !['displayName', 'phone', 'organizationId'].includes(key),
    );
    if (own.length > 0) {
      await refuse(
        db,
        request,
        '不能修改自己的角色、管辖范围或停用自己的账号',
        own.map((field) => ({ field, message: '不能修改自己账号的此项' })),
      );
    }
  } else {
    await assertCanManage(db, request, actor, target);
  }
  if (isAccessChanged) await assertGrant(db, request, actor, access);
  if (changes.organizationId && fields.organizationId !== null) {
    await assertOrganization(db, actor, fields.organizationId);
  }
  const endsSessions = isAccessChanged || changes.isActive?.to === false;

  await db.transaction().execute(async (trx) => {
    const hasFieldChanges = Object.keys(changes).some((key) => key in fields);
    if (hasFieldChanges || isAccessChanged) await updateUser(trx, id, { ...fields, updatedAt: nowIso() });
    if (isAccessChanged) await writeAccess(trx, id, access);
    const sessionsEnded = endsSessions ? await deleteUserSessions(trx, id) : 0;
    await recordOperation(trx, request, {
      action: changes.isActive?.to === false ? 'user.deactivate' : 'user.update',
      targetType: 'user',
      targetId: id,
      detail: { username: target.username, changes, sessionsEnded },
    });
  });
  return (await findUser(db, id))!;
}

/** The account after the change, and what changed (for the log, and to know whether sessions end). */
function planChange(target: UserRecord, input: UpdateInput) {
  // As sent, so that error details name the fields of the request (`viewScope.2`); stored simplified.
  const access: Access = {
    roles: input.roles ? [...new Set(input.roles)] : target.roles,
    viewScope: input.viewScope ?? target.viewScope,
    captureScope: input.captureScope ?? target.captureScope,
  };
  const stored = {
    roles: access.roles,
    viewScope: simplifyScope(access.viewScope),
    captureScope: simplifyScope(access.captureScope),
  };
  const fields = {
    displayName: input.displayName ?? target.displayName,
    phone: input.phone === undefined ? target.phone : input.phone || null,
    organizationId: input.organizationId === undefined ? target.organizationId : input.organizationId,
    isActive: input.isActive ?? target.isActive,
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['roles', 'viewScope', 'captureScope'] as const) {
    if (!sameSet(stored[key], target[key])) changes[key] = { from: target[key], to: stored[key] };
  }
  const isAccessChanged = Object.keys(changes).length > 0;
  for (const key of Object.keys(fields) as Array<keyof typeof fields>) {
    if (fields[key] !== target[key]) changes[key] = { from: target[key], to: fields[key] };
  }
  return { access, fields, changes, isAccessChanged };
}

/**
 * 授权 (GB/T 22239-2019 8.1.4.2, 安全管理员): sets an account's roles and scopes. An account that has no password yet
 * (created by the system administrator) gets its one-time password here, answered once. Ends the account's
 * sessions when its access changes.
 */
export async function grantAccess(
  db: Db,
  request: FastifyRequest,
  id: number,
  input: AccessInput,
): Promise<UserWithPassword> {
  const actor = currentUser(request);
  const target = await getUser(db, request, id);
  if (target.id === actor.id) {
    await refuse(db, request, '不能修改自己的角色或管辖范围', [
      { field: 'roles', message: '不能修改自己账号的此项' },
    ]);
  }
  await assertCanManage(db, request, actor, target);
  const { access, changes, isAccessChanged } = planChange(target, input);
  await assertGrant(db, request, actor, access);
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
    await recordOperation(trx, request, {
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
 * ONE_TIME_PASSWORD_HOURS; the user's sessions end. Nobody chooses it (三员分立, GB/T 22239-2019 8.1.4.2).
 */
export async function resetUserPassword(
  db: Db,
  request: FastifyRequest,
  id: number,
): Promise<UserWithPassword> {
  const actor = currentUser(request);
  const target = await getUser(db, request, id);
  if (target.id === actor.id) {
    await refuse(db, request, '请通过“修改密码”修改自己的密码', [
      { field: 'password', message: '不能重置自己的密码' },
    ]);
  }
  await assertCanManage(db, request, actor, target);
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
    await recordOperation(trx, request, {
      action: 'user.password.reset',
      targetType: 'user',
      targetId: id,
      detail: { username: target.username, sessionsEnded, oneTimePasswordIssued: true },
    });
  });
  return withOneTimePassword((await findUser(db, id))!, oneTimePassword);
}

/**
 * A generated password (first-start.ts) checked like any other, the common-password check included; the
 * generator's 16 random characters of four classes pass it, so the loop is a guard, not a search.
 */
function newOneTimePassword(username: string, displayName: string): string {
  for (;;) {
    const password = generatePassword();
    try {
      assertStrongPassword(password, username, 'password', [displayName]);
      return password;
    } catch {
      // Drawn again: a random password that happens to contain the username or a dictionary word.
    }
  }
}

function withOneTimePassword(user: UserRecord, oneTimePassword: string | undefined): UserWithPassword {
  return oneTimePassword === undefined ? user : { ...user, oneTimePassword };
}

/** 等保 登录失败处理: lifts the lock of repeated failed logins before it runs out. */
export async function unlockUser(db: Db, request: FastifyRequest, id: number): Promise<UserRecord> {
  const actor = currentUser(request);
  const target = await getUser(db, request, id);
  await assertScopeCovers(db, request, actor, target);
  await db.transaction().execute(async (trx) => {
    await clearLockout(trx, id, nowIso());
    await clearAllLoginFailures(trx, usernameKey(target.username));
    await recordOperation(trx, request, {
      action: 'user.unlock',
      targetType: 'user',
      targetId: id,
      detail: { username: target.username, lockedUntil: target.lockedUntil ?? null },
    });
  });
  return (await findUser(db, id))!;
}

/** Ends every session of a user (a security administrator's response to a suspected compromise). */
export async function revokeUserSessions(db: Db, request: FastifyRequest, id: number): Promise<number> {
  const actor = currentUser(request);
  const target = await getUser(db, request, id);
  await assertScopeCovers(db, request, actor, target);
  return db.transaction().execute(async (trx) => {
    const sessions = await deleteUserSessions(trx, id);
    await recordOperation(trx, request, {
      action: 'user.sessions.revoke',
      targetType: 'user',
      targetId: id,
      detail: { username: target.username, sessions },
    });
    return sessions;
  });
}

/**
 * Only inside your own scope and only with rights you hold yourself: 三员分立 role sets, roles the actor may grant,
 * known regions, scopes inside the actor's, staff scopes not above the role's level, and a capture scope inside the
 * view scope.
 */
async function assertGrant(db: Db, request: FastifyRequest, actor: AuthUser, access: Access): Promise<void> {
  const roleSetProblem = checkRoleSet(access.roles);
  if (roleSetProblem === 'empty') {
    throw new AppError('VALIDATION_FAILED', '请至少选择一个角色', [
      { field: 'roles', message: '请至少选择一个角色' },
    ]);
  }
  if (roleSetProblem === 'admin_combined') {
    const message = '系统管理员、安全管理员、审计管理员三员分立，不能与其他角色兼任';
    throw new AppError('VALIDATION_FAILED', message, [{ field: 'roles', message }]);
  }
  const ungrantable = access.roles
    .map((role, index) => ({ role, index }))
    .filter(({ role }) => !mayGrant(actor, role));
  if (ungrantable.length > 0) {
    await refuse(
      db,
      request,
      '您不能授予超出自身权限的角色',
      ungrantable.map(({ role, index }) => ({
        field: `roles.${index}`,
        message: `您不能授予“${ROLE_LABELS[role]}”角色`,
      })),
    );
  }

  const view = scopeFields('viewScope', access.viewScope);
  const capture = scopeFields('captureScope', access.captureScope);
  await assertRegionsExist(db, [...view, ...capture]);
  assertFieldsInScope(actor, { fields: view, kind: 'view' }, { fields: capture, kind: 'capture' });

  const levelDetails = staffLevelProblems(access.roles, [...view, ...capture]);
  const captureDetails = capture
    .filter((f) => !isWithinScope(f.code, access.viewScope))
    .map((f) => ({ field: f.field, message: `录入范围 ${f.code} 须在查看范围之内` }));
  const details = [...levelDetails, ...captureDetails];
  if (details.length > 0) {
    throw new AppError('VALIDATION_FAILED', details[0]!.message, details);
  }
}

/** A staff role works at one level (ROLE_LEVEL): its scope may be that level or below, never above. */
function staffLevelProblems(roles: readonly Role[], fields: readonly RegionField[]): ErrorDetail[] {
  const staff = roles
    .filter((role) => ROLE_LEVEL[role] !== undefined)
    .sort((a, b) => ROLE_LEVEL[a]! - ROLE_LEVEL[b]!);
  const senior = staff[0];
  if (senior === undefined) return [];
  const level = ROLE_LEVEL[senior]! as RegionLevel;
  return fields
    .filter((f) => regionLevel(f.code) < level)
    .map((f) => ({
      field: f.field,
      message: `${ROLE_LABELS[senior]}的管辖范围不能高于${REGION_LEVEL_NAMES[level]}级（${f.code} 是${REGION_LEVEL_NAMES[regionLevel(f.code)]}级区划）`,
    }));
}

/**
 * Whether the actor may change an account: the account's scopes lie inside the actor's and its roles are ones the
 * actor could grant; the built-in admin is changed only by itself.
 */
async function assertCanManage(
  db: Db,
  request: FastifyRequest,
  actor: AuthUser,
  target: UserRecord,
): Promise<void> {
  if (target.username === BUILT_IN_ADMIN_USERNAME && target.id !== actor.id) {
    await refuse(db, request, '内置系统管理员账号只能由其本人修改');
  }
  // The system administrator manages every account in his scope whatever its roles (he grants none); whoever
  // grants may touch only accounts whose roles they could grant themselves.
  const canManage =
    isScopeWithin(target.viewScope, actor.viewScope) &&
    isScopeWithin(target.captureScope, actor.captureScope) &&
    (hasPermission(actor.roles, 'user:grant')
      ? target.roles.every((role) => mayGrant(actor, role))
      : actor.roles.includes('system_admin'));
  if (!canManage) await refuse(db, request, '该用户的角色或管辖范围超出您的权限，不能修改');
}

/** For unlocking and ending sessions: the whole account lies inside the actor's scope. */
async function assertScopeCovers(
  db: Db,
  request: FastifyRequest,
  actor: AuthUser,
  target: UserRecord,
): Promise<void> {
  if (!isScopeWithin(target.viewScope, actor.viewScope)) {
    await refuse(db, request, '该用户的管辖范围超出您的范围，不能操作');
  }
}

async function assertOrganization(db: Db, actor: AuthUser, organizationId: number): Promise<void> {
  const organization = await findOrganization(db, organizationId);
  if (!organization || !isInScope(actor, organization.regionCode, 'view')) {
    throw new AppError('NOT_FOUND', '机构不存在或不在您的管辖范围内', [
      { field: 'organizationId', message: '机构不存在或不在您的管辖范围内' },
    ]);
  }
  if (!organization.isActive) {
    throw new AppError('VALIDATION_FAILED', '所选机构已停用', [
      { field: 'organizationId', message: `${organization.name}已停用` },
    ]);
  }
}

async function assertUsernameFree(db: Db, username: string): Promise<void> {
  if ((await findUserIdByUsername(db, username)) !== undefined) {
    throw new AppError('ALREADY_EXISTS', `用户名 ${username} 已被使用`, [
      { field: 'username', message: '用户名已被使用' },
    ]);
  }
}

async function writeAccess(db: Db, userId: number, access: Access): Promise<void> {
  await replaceUserRoles(db, userId, access.roles);
  await replaceUserScope(db, userId, 'view', simplifyScope(access.viewScope));
  await replaceUserScope(db, userId, 'capture', simplifyScope(access.captureScope));
}

/**
 * Refuses with FORBIDDEN and logs the attempt. The error handler leaves FORBIDDEN to whoever raised it (the auth
 * hook logs its own), so the refusal is logged here, outside any transaction.
 */
async function refuse(
  db: Db,
  request: FastifyRequest,
  message: string,
  details: ErrorDetail[] = [],
): Promise<never> {
  const action = request.routeOptions.config.audit ?? `${request.method} ${request.routeOptions.url}`;
  await recordFailure(db, request, {
    action,
    code: 'FORBIDDEN',
    ...(request.params && typeof request.params === 'object' && 'id' in request.params
      ? { targetType: 'user', targetId: String(request.params.id) }
      : {}),
    detail: { message, details },
  });
  throw new AppError('FORBIDDEN', message, details);
}

function scopeFields(field: string, codes: readonly string[]): RegionField[] {
  return codes.map((code, index) => ({ field: `${field}.${index}`, code }));
}

/**
 * canGrantRole (only rights the actor holds, 三员分立), and a staff member creates staff of their own level or below:
 * a county staff member does not appoint 省级工作人员, although the permissions are the same.
 */
function mayGrant(actor: AuthUser, role: Role): boolean {
  if (!canGrantRole(actor.roles, role)) return false;
  if (actor.roles.includes('security_admin')) return true;
  const actorLevels = actor.roles.map((r) => ROLE_LEVEL[r]).filter((level) => level !== undefined);
  const roleLevel = ROLE_LEVEL[role];
  return roleLevel === undefined || actorLevels.length === 0 || roleLevel >= Math.min(...actorLevels);
}

/** One of the three administrators (三员), who see the accounts that wait for their grant. */
function isAdministrator(actor: AuthUser): boolean {
  return actor.roles.some((role) => (ADMIN_ROLES as readonly Role[]).includes(role));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}
