import { sql, type Expression, type SqlBool } from 'kysely';
import { regionPrefix, simplifyScope } from '@jiuye/domain';

/**
 * The region-scope condition for the big person tables as ranges: `region_code between '140900000000' and
 * '140999999999'` instead of lib/scope.ts's `LIKE '1409%'`, so a B-tree index on the code serves it on both
 * dialects (LIKE with a parameter cannot use one). Same rows: every region code has 12 digits.
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
