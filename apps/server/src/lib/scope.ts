import type { FastifyRequest } from 'fastify';
import { sql, type Expression, type ExpressionBuilder, type SqlBool, type StringReference } from 'kysely';
import { isRegionCode, isWithinRegion, isWithinScope, regionPrefix, simplifyScope } from '@jiuye/domain';
import type { Db } from '../db/database.ts';
import type { AuthUser } from '../modules/users/user-access.repository.ts';
import { AppError, notFound, type ErrorDetail } from './errors.ts';

/**
 * The one region-scope check: a row is visible when its 12-digit region code starts with the significant prefix of
 * one of the caller's scope codes. Anything outside answers 404, so nothing leaks.
 */

/** A view scope for reading, a capture scope for entering and changing data (after DHIS2). */
export type ScopeKind = 'view' | 'capture';

/** Whoever holds a scope: the signed-in user or a request carrying one. */
export type ScopeHolder = FastifyRequest | Pick<AuthUser, 'viewScope' | 'captureScope'>;

/** The signed-in user of a request that passed the auth hook. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.auth) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.auth.user;
}

/** The region codes of a holder's scope of the given kind. */
export function scopeOf(holder: ScopeHolder, kind: ScopeKind): readonly string[] {
  const user = 'viewScope' in holder ? holder : currentUser(holder);
  return kind === 'capture' ? user.captureScope : user.viewScope;
}

export function isInScope(holder: ScopeHolder, regionCode: string, kind: ScopeKind): boolean {
  return isWithinScope(regionCode, scopeOf(holder, kind));
}

/** Throws NOT_FOUND (`{what}不存在或不在您的管辖范围内`) unless the region code lies inside the holder's scope. */
export function assertInScope(
  holder: ScopeHolder,
  regionCode: string | null | undefined,
  kind: ScopeKind,
  what = '记录',
): void {
  if (!regionCode || !isInScope(holder, regionCode, kind)) throw notFound(what);
}

/**
 * `column LIKE 'prefix%' OR …` over the significant prefixes of the scope; false for an empty scope. Region codes
 * are digits only, so the prefixes need no escaping.
 */
export function scopeCondition<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: StringReference<DB, TB>,
  scope: readonly string[],
): Expression<SqlBool> {
  const prefixes = simplifyScope(scope).map(regionPrefix);
  if (prefixes.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or(prefixes.map((prefix) => sql<SqlBool>`${sql.ref(String(column))} like ${`${prefix}%`}`));
}

/**
 * The scope a list endpoint filters by when it takes a `regionCode`: the caller's whole scope without one; the
 * requested region when it lies inside the scope; the parts of the scope inside the requested region when it is
 * wider (a county user asking for the whole city sees their county). A region with nothing in the scope is 404.
 */
export function resolveRegionFilter(
  holder: ScopeHolder,
  requestedCode: string | undefined,
  kind: ScopeKind = 'view',
): string[] {
  const scope = scopeOf(holder, kind);
  if (!requestedCode) return simplifyScope(scope);
  if (!isRegionCode(requestedCode)) throw notFound('区划');
  if (isWithinScope(requestedCode, scope)) return [requestedCode];
  const inside = scope.filter((code) => isWithinRegion(code, requestedCode));
  if (inside.length === 0) throw notFound('区划');
  return simplifyScope(inside);
}

/** A region code of a request body, with the field that carries it (`regionCode`, `viewScope.0` …). */
export interface RegionField {
  field: string;
  code: string;
}

/**
 * Throws INVALID_REGION naming every field whose code is not a region of the 统计用区划代码 table. Region codes
 * are public, so this check comes before the scope check.
 */
export async function assertRegionsExist(db: Db, fields: readonly RegionField[]): Promise<void> {
  if (fields.length === 0) return;
  const wellFormed = [...new Set(fields.map((f) => f.code).filter(isRegionCode))];
  const rows =
    wellFormed.length === 0
      ? []
      : await db.selectFrom('region').select('code').where('code', 'in', wellFormed).execute();
  const known = new Set(rows.map((row) => row.code));
  const details: ErrorDetail[] = fields
    .filter((f) => !known.has(f.code))
    .map((f) => ({ field: f.field, message: `区划代码 ${f.code} 不存在` }));
  if (details.length > 0) throw new AppError('INVALID_REGION', '区划代码不存在', details);
}

/** Details naming each field whose region lies outside the holder's scope of the given kind. */
export function fieldsOutsideScope(
  holder: ScopeHolder,
  fields: readonly RegionField[],
  kind: ScopeKind,
): ErrorDetail[] {
  const scopeName = kind === 'view' ? '查看' : '录入';
  return fields
    .filter((f) => !isInScope(holder, f.code, kind))
    .map((f) => ({ field: f.field, message: `区划 ${f.code} 不在您的${scopeName}范围内` }));
}

/**
 * Throws NOT_FOUND naming every field whose region lies outside the holder's scope: for region codes a request
 * wants to write (a record's region, a new user's scope). Several kinds can be checked at once.
 */
export function assertFieldsInScope(
  holder: ScopeHolder,
  ...checks: Array<{ fields: readonly RegionField[]; kind: ScopeKind }>
): void {
  const details = checks.flatMap(({ fields, kind }) => fieldsOutsideScope(holder, fields, kind));
  if (details.length > 0) throw new AppError('NOT_FOUND', '区划不存在或不在您的管辖范围内', details);
}
