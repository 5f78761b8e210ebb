import {
  ADMIN_ROLES,
  canGrantRole,
  checkRoleSet,
  isScopeWithin,
  isWithinScope,
  REGION_LEVEL_NAMES,
  regionLevel,
  ROLE_LABELS,
  ROLE_LEVEL,
  simplifyScope,
  type RegionLevel,
  type Role,
} from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { AppError, type ErrorDetail } from '../../lib/errors.ts';
import { assertFieldsInScope, assertRegionsExist, type RegionField } from '../../lib/scope.ts';
import { recordFailure } from '../audit/audit.service.ts';
import { can, type Actor } from '../auth/actor.ts';
import { replaceUserRoles, replaceUserScope, type UserRecord } from './user.repository.ts';

/**
 * Who may give which rights to whom: 三员分立 (GB/T 22239-2019 8.1.4.2) and "only rights you hold yourself", the
 * checks shared by account creation, changes and 授权.
 */

/**
 * The built-in system administrator created at first start. Nobody else may change it, reset its password or
 * deactivate it, so the platform always keeps one working administrator; a security administrator may still
 * unlock it or end its sessions.
 */
export const BUILT_IN_ADMIN_USERNAME = 'admin';

export interface Access {
  roles: Role[];
  viewScope: string[];
  captureScope: string[];
}

/** The use case being attempted, as its refusal is logged: the route's audit action and the account it is about. */
export interface Attempt {
  action: string;
  targetId?: number;
}

/**
 * canGrantRole (only rights the actor holds, 三员分立), and a staff member creates staff of their own level or below:
 * a county staff member does not appoint 省级工作人员, although the permissions are the same.
 */
export function mayGrant(actor: Actor, role: Role): boolean {
  if (!canGrantRole(actor.roles, role)) return false;
  if (actor.roles.includes('security_admin')) return true;
  const actorLevels = actor.roles.map((r) => ROLE_LEVEL[r]).filter((level) => level !== undefined);
  const roleLevel = ROLE_LEVEL[role];
  return roleLevel === undefined || actorLevels.length === 0 || roleLevel >= Math.min(...actorLevels);
}

/** One of the three administrators (三员), who see the accounts that wait for their grant. */
export function isAdministrator(actor: Actor): boolean {
  return actor.roles.some((role) => (ADMIN_ROLES as readonly Role[]).includes(role));
}

/**
 * Only inside your own scope and only with rights you hold yourself: 三员分立 role sets, roles the actor may grant,
 * known regions, scopes inside the actor's, staff scopes not above the role's level, and a capture scope inside the
 * view scope.
 */
export async function assertGrant(db: Db, actor: Actor, attempt: Attempt, access: Access): Promise<void> {
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
      actor,
      attempt,
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
export async function assertCanManage(
  db: Db,
  actor: Actor,
  attempt: Attempt,
  target: UserRecord,
): Promise<void> {
  if (target.username === BUILT_IN_ADMIN_USERNAME && target.id !== actor.userId) {
    await refuse(db, actor, attempt, '内置系统管理员账号只能由其本人修改');
  }
  // The system administrator manages every account in his scope whatever its roles (he grants none); whoever
  // grants may touch only accounts whose roles they could grant themselves.
  const canManage =
    isScopeWithin(target.viewScope, actor.viewScope) &&
    isScopeWithin(target.captureScope, actor.captureScope) &&
    (can(actor, 'user:grant')
      ? target.roles.every((role) => mayGrant(actor, role))
      : actor.roles.includes('system_admin'));
  if (!canManage) await refuse(db, actor, attempt, '该用户的角色或管辖范围超出您的权限，不能修改');
}

/** For unlocking and ending sessions: the whole account lies inside the actor's scope. */
export async function assertScopeCovers(
  db: Db,
  actor: Actor,
  attempt: Attempt,
  target: UserRecord,
): Promise<void> {
  if (!isScopeWithin(target.viewScope, actor.viewScope)) {
    await refuse(db, actor, attempt, '该用户的管辖范围超出您的范围，不能操作');
  }
}

/**
 * Refuses with FORBIDDEN and logs the attempt with the message and its details, outside any transaction; the
 * error handler then adds no second row for this actor.
 */
export async function refuse(
  db: Db,
  actor: Actor,
  attempt: Attempt,
  message: string,
  details: ErrorDetail[] = [],
): Promise<never> {
  await recordFailure(db, actor, {
    action: attempt.action,
    code: 'FORBIDDEN',
    ...(attempt.targetId === undefined ? {} : { targetType: 'user', targetId: String(attempt.targetId) }),
    detail: { message, details },
  });
  throw new AppError('FORBIDDEN', message, details);
}

export async function writeAccess(db: Db, userId: number, access: Access): Promise<void> {
  await replaceUserRoles(db, userId, access.roles);
  await replaceUserScope(db, userId, 'view', simplifyScope(access.viewScope));
  await replaceUserScope(db, userId, 'capture', simplifyScope(access.captureScope));
}

function scopeFields(field: string, codes: readonly string[]): RegionField[] {
  return codes.map((code, index) => ({ field: `${field}.${index}`, code }));
}
