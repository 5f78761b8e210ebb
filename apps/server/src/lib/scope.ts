import { sql, type Expression, type SqlBool } from 'kysely';
import { isRegionCode, isWithinRegion, isWithinScope, regionPrefix, simplifyScope } from '@jiuye/domain';
import type { Db } from '../db/database.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { AppError, notFound, type ErrorDetail } from './errors.ts';

/**
 * The one region-scope check: a row is visible when its 12-digit region code starts with the significant prefix of
 * one of the caller's scope codes. Anything outside answers 404, so nothing leaks.
 */

/** A view scope for reading, a capture scope for entering and changing data (after DHIS2). */
export type ScopeKind = 'view' | 'capture';

/** Whoever holds a scope: an actor, or a user record being checked (a new account's scope). */
export type ScopeHolder = Pick<Actor, 'viewScope' | 'captureScope'>;

/** The region codes of a holder's scope of the given kind. */
export function scopeOf(holder: ScopeHolder, kind: ScopeKind): readonly string[] {
  return kind === 'capture' ? holder.captureScope : holder.viewScope;
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

/**
 * The one region-scope condition in SQL, as ranges: `region_code between '140900000000' and '140999999999'` rather
 * than `LIKE '1409%'`, so that a B-tree index on the code serves it on both dialects (LIKE with a parameter cannot
 * use one). Same rows: every region code has 12 digits. The column is named as in SQL (`laborer.region_code`) or
 * as on the TypeScript side (`userScope.regionCode`): the CamelCasePlugin maps both. False for an empty scope.
 */
export function regionRangeCondition(column: string, scope: readonly string[]): Expression<SqlBool> {
  return anyOf(regionRanges(column, scope));
}

/** One range condition for each region of the simplified scope: disjoint, as no region lies within another. */
function regionRanges(column: string, scope: readonly string[]): Expression<SqlBool>[] {
  return simplifyScope(scope)
    .map(regionPrefix)
    .map(
      (prefix) =>
        sql<SqlBool>`(${sql.ref(column)} >= ${prefix.padEnd(12, '0')} and ${sql.ref(column)} <= ${prefix.padEnd(12, '9')})`,
    );
}

function anyOf(ranges: Expression<SqlBool>[]): Expression<SqlBool> {
  if (ranges.length === 0) return sql<SqlBool>`1 = 0`;
  return ranges.length === 1 ? ranges[0]! : sql<SqlBool>`(${sql.join(ranges, sql` or `)})`;
}

/** Above this many regions in a scope, each side keeps one branch (an OR of its ranges) instead of one per region. */
const MAX_BRANCHES_PER_SIDE = 16;

export type LaborerVisibility = 'all' | 'home' | 'work';

/**
 * The region condition of a labourer filter as disjoint branches, each the range(s) of one index: 户籍地 in scope
 * (home), and 务工所在地 in scope with the 户籍地 outside it (work); visibility all is both. Asked as one
 * `home or work`, SQLite plans a MULTI-INDEX OR that collects rowids and reads every table row of the scope (a
 * covering index does not help it); asked branch by branch (UNION ALL, the sum of the counts), each branch searches
 * its own index and can stay inside it. No row is in both branches, so none is listed or counted twice.
 */
export function visibilityBranches(
  homeColumn: string,
  workColumn: string,
  filter: { scope: readonly string[]; visibility: LaborerVisibility },
): Expression<SqlBool>[] {
  const homeRanges = regionRanges(homeColumn, filter.scope);
  const home = anyOf(homeRanges);
  // A scope of several regions (a user given two counties) also gets a branch per region and side: an OR of ranges
  // inside one branch sends SQLite back to its MULTI-INDEX OR plan, which reads every row of the scope. The ranges
  // are disjoint (simplifyScope), so the branches still share no row.
  const branches = (ranges: Expression<SqlBool>[]) =>
    ranges.length > 1 && ranges.length <= MAX_BRANCHES_PER_SIDE ? ranges : [anyOf(ranges)];
  const homeBranches = branches(homeRanges);
  // The home column is never null (not null in the schema), so `not (home)` is exact.
  const workBranches = branches(regionRanges(workColumn, filter.scope)).map(
    (work) => sql<SqlBool>`(${work} and not (${home}))`,
  );
  if (filter.visibility === 'home') return homeBranches;
  if (filter.visibility === 'work') return workBranches;
  return [...homeBranches, ...workBranches];
}
