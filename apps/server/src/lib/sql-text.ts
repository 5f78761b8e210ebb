import { sql, type Expression, type SqlBool } from 'kysely';

/** `lower(column) LIKE '%term%'` with the term's own wildcards escaped; the same on both dialects. */
export function containsText(column: string, term: string): Expression<SqlBool> {
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** `column LIKE 'term%'` with the term's wildcards escaped (pinyin initials, 户编号 prefixes). */
export function startsWithText(column: string, term: string): Expression<SqlBool> {
  const pattern = `${term.replace(/[\\%_]/g, '\\$&')}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
