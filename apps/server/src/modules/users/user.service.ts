import type { z } from 'zod';
import type { userCreateSchema, userListQuerySchema, userUpdateSchema } from '@jiuye/contracts';
import { simplifyScope } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isInScope, resolveRegionFilter } from '../../lib/scope.ts';
import { recordOperation } from '../audit/audit.service.ts';
import { can, type Actor } from '../auth/actor.ts';
import { storePassword } from '../auth/auth.service.ts';
import { hashPassword, NO_PASSWORD } from '../auth/password-hash.ts';
import { deleteUserSessions } from '../auth/session.repository.ts';
import { findOrganization } from '../organizations/organization.repository.ts';
import { newOneTimePassword, withOneTimePassword, type UserWithPassword } from './one-time-password.ts';
import {
  assertCanManage,
  assertGrant,
  isAdministrator,
  refuse,
  writeAccess,
  type Access,
} from './user-authority.ts';
import {
  findUser,
  findUserIdByUsername,
  insertUser,
  listUsers,
  updateUser,
  type UserRecord,
} from './user.repository.ts';

type ListQuery = z.infer<typeof userListQuerySchema>;
type CreateInput = z.infer<typeof userCreateSchema>;
type UpdateInput = z.infer<typeof userUpdateSchema>;

const WHAT = '用户';

export async function listVisibleUsers(db: Db, actor: Actor, query: ListQuery) {
  const scope = resolveRegionFilter(actor, query.regionCode, 'view');
  const { items, total } = await listUsers(db, {
    scope,
    // Accounts waiting for their grant (待授权) have no scope yet: the administrators see them at the top of their
    // own scope (the region tree's root) or without a region filter.
    includeUnscoped:
      isAdministrator(actor) &&
      (query.regionCode === undefined || actor.viewScope.includes(query.regionCode)),
    username: query.username || undefined,
    displayName: query.displayName || undefined,
    role: query.role,
    isActive: query.isActive === undefined ? undefined : query.isActive === 'true',
    page: query.page,
    pageSize: query.pageSize,
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** A user is visible when one of their view-scope codes lies inside the actor's view scope; else 404. */
export async function getUser(db: Db, actor: Actor, id: number): Promise<UserRecord> {
  const user = await findUser(db, id);
  const isVisible =
    user !== undefined &&
    (user.id === actor.userId ||
      user.viewScope.some((code) => isInScope(actor, code, 'view')) ||
      (user.viewScope.length === 0 && isAdministrator(actor)));
  if (!isVisible) throw notFound(WHAT);
  return user;
}

/**
 * 三员分立 (GB/T 22239-2019 8.1.4.2): the system administrator creates an account with its profile only: no role,
 * no scope, no password (待授权) until a security administrator grants it. Managing staff (user:grant) create their
 * subordinates with roles and scopes within their own rights, and the account gets a generated one-time password,
 * answered once. Nobody chooses another's password.
 */
export async function createUser(db: Db, actor: Actor, input: CreateInput): Promise<UserWithPassword> {
  const attempt = { action: 'user.create' };
  const grants = can(actor, 'user:grant');
  const asked = (['roles', 'viewScope', 'captureScope'] as const).filter((key) => input[key] !== undefined);
  if (!grants && asked.length > 0) {
    await refuse(
      db,
      actor,
      attempt,
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
  if (grants) await assertGrant(db, actor, attempt, access);
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
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    // The one-time password goes into the history too, and must be changed at first login.
    if (passwordHash !== NO_PASSWORD) await storePassword(trx, newId, passwordHash, true);
    await writeAccess(trx, newId, access);
    await recordOperation(trx, actor, {
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

export async function changeUser(db: Db, actor: Actor, id: number, input: UpdateInput): Promise<UserRecord> {
  const attempt = { action: 'user.update', targetId: id };
  const target = await getUser(db, actor, id);
  const asked = (['roles', 'viewScope', 'captureScope'] as const).filter((key) => input[key] !== undefined);
  if (asked.length > 0 && !can(actor, 'user:grant')) {
    // 三员分立: roles and scopes are the security administrator's (授权), never the system administrator's.
    await refuse(
      db,
      actor,
      attempt,
      '系统管理员不能修改角色或管辖范围，请由安全管理员授权（三员分立）',
      asked.map((field) => ({ field, message: '您不能修改角色或管辖范围' })),
    );
  }
  const { access, fields, changes, isAccessChanged } = planChange(target, input);

  if (target.id === actor.userId) {
    // Nobody strips or deactivates their own account (and so locks the region out of its administrator).
    const own = Object.keys(changes).filter(
      (key) => !['displayName', 'phone', 'organizationId'].includes(key),
    );
    if (own.length > 0) {
      await refuse(
        db,
        actor,
        attempt,
        '不能修改自己的角色、管辖范围或停用自己的账号',
        own.map((field) => ({ field, message: '不能修改自己账号的此项' })),
      );
    }
  } else {
    await assertCanManage(db, actor, attempt, target);
  }
  if (isAccessChanged) await assertGrant(db, actor, attempt, access);
  if (changes.organizationId && fields.organizationId !== null) {
    await assertOrganization(db, actor, fields.organizationId);
  }
  const endsSessions = isAccessChanged || changes.isActive?.to === false;

  await db.transaction().execute(async (trx) => {
    const hasFieldChanges = Object.keys(changes).some((key) => key in fields);
    if (hasFieldChanges || isAccessChanged) await updateUser(trx, id, { ...fields, updatedAt: nowIso() });
    if (isAccessChanged) await writeAccess(trx, id, access);
    const sessionsEnded = endsSessions ? await deleteUserSessions(trx, id) : 0;
    await recordOperation(trx, actor, {
      action: changes.isActive?.to === false ? 'user.deactivate' : 'user.update',
      targetType: 'user',
      targetId: id,
      detail: { username: target.username, changes, sessionsEnded },
    });
  });
  return (await findUser(db, id))!;
}

/** The account after the change, and what changed (for the log, and to know whether sessions end). */
export function planChange(target: UserRecord, input: UpdateInput) {
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

async function assertOrganization(db: Db, actor: Actor, organizationId: number): Promise<void> {
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

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}
