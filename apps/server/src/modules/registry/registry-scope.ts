import { sql, type Expression, type SqlBool } from 'kysely';
import { regionPrefix, simplifyScope } from '@jiuye/domain';

/**
 * The region-scope condition for the big person tables as ranges: `region_code between '140900000000' and
 * '140999999999'` instead of lib/scope.ts's `LIKE '1409%'`, so a B-tree index on the code serves it on both
 * dialects (LIKE with a parameter cannot use one). Same rows: every region code has 12 digits.
 */
export function regionRangeCondition(column: string, scope: readonly string[]): Expression<SqlBool> {
  const prefixes = simplifyScope(scope).map(regionPrefix);
  if (prefixes.length === 0) return sql<SqlBool>`1 = 0`;
  const ranges = prefixes.map(
    (prefix) =>
      sql<SqlBool>`(${sql.ref(column)} >= ${prefix.padEnd(12, '0')} and ${sql.ref(column)} <= ${prefix.padEnd(12, '9')})`,
  );
  return ranges.length === 1 ? ranges[0]! : sql<SqlBool>`(${sql.join(ranges, sql` or `)})`;
}
