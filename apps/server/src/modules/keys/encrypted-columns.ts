import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { dialectOf } from '../../db/create-db.ts';

/**
 * Every column that holds encryptField() values (`v1.<keyId>.<iv>.<body>`), with the table's primary key, so the
 * key check, `jiuye keys status` and `jiuye keys rotate` find all of them. A new encrypted column is added here.
 * Values of another form in these columns (import rows kept in clear by older versions) are left alone.
 */
export const ENCRYPTED_COLUMNS: ReadonlyArray<{ table: string; keys: string[]; column: string }> = [
  { table: 'laborer', keys: ['id'], column: 'id_number_cipher' },
  { table: 'laborer', keys: ['id'], column: 'phone_cipher' },
  { table: 'laborer', keys: ['id'], column: 'bank_account_cipher' },
  { table: 'laborer', keys: ['id'], column: 'disability_cipher' },
  // A rejected import row's cells (imports/import-retention.ts protectCells).
  { table: 'import_job_row', keys: ['job_id', 'row_number'], column: 'cells' },
];

export type EncryptedColumn = (typeof ENCRYPTED_COLUMNS)[number];

/**
 * Columns holding blindIndex() values: derived from the ring's index key, so data the key belongs to even where
 * nothing is encrypted (a grant ledger imported before any labourer).
 */
export const BLIND_INDEX_COLUMNS = [
  { table: 'laborer', column: 'id_number_index' },
  { table: 'laborer', column: 'phone_index' },
  { table: 'policy_grant', column: 'person_id_index' },
] as const;

/** The tables of ENCRYPTED_COLUMNS with their columns. */
export function encryptedTables(): Array<{ table: string; keys: string[]; columns: string[] }> {
  const tables = new Map<string, { table: string; keys: string[]; columns: string[] }>();
  for (const { table, keys, column } of ENCRYPTED_COLUMNS) {
    const entry = tables.get(table) ?? { table, keys, columns: [] };
    entry.columns.push(column);
    tables.set(table, entry);
  }
  return [...tables.values()];
}

/** `v1.<keyId>.` — the prefix of every value encrypted under the key (LIKE pattern, `_` escaped). */
export function keyPrefixPattern(keyId: string): string {
  return `v1.${keyId.replaceAll('\\', '\\\\').replaceAll('_', '\\_').replaceAll('%', '\\%')}.%`;
}

export function likeKey(column: string, keyId: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${keyPrefixPattern(keyId)} escape '\\'`;
}

/** An encryptField() value (not null, not an older clear form). */
export function isEncrypted(column: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like 'v1.%'`;
}

/** Is any encrypted or blind-indexed value stored at all? (One look-up per column.) */
export async function hasEncryptedValues(db: Db): Promise<boolean> {
  const tests = [
    ...ENCRYPTED_COLUMNS.map(({ table, column }) => ({ table, where: isEncrypted(column) })),
    ...BLIND_INDEX_COLUMNS.map(({ table, column }) => ({
      table,
      where: sql`${sql.ref(column)} is not null`,
    })),
  ];
  for (const { table, where } of tests) {
    const { rows } = await sql<{ one: number }>`select 1 as one from ${sql.table(table)}
      where ${where} limit 1`.execute(db);
    if (rows.length > 0) return true;
  }
  return false;
}

/** Does any encrypted value use this key? (A scan when none does.) */
export async function hasValuesUnder(db: Db, keyId: string): Promise<boolean> {
  for (const { table, columns } of encryptedTables()) {
    const { rows } = await sql<{ one: number }>`select 1 as one from ${sql.table(table)}
      where ${sql.join(
        columns.map((column) => likeKey(column, keyId)),
        sql` or `,
      )} limit 1`.execute(db);
    if (rows.length > 0) return true;
  }
  return false;
}

/** The key id part of a stored value, as SQL (`v1.k1.…` → `k1`). */
function keyIdExpression(db: Db, column: string): RawBuilder<string> {
  return dialectOf(db) === 'postgres'
    ? sql<string>`split_part(${sql.ref(column)}, '.', 2)`
    : sql<string>`substr(${sql.ref(column)}, 4, instr(substr(${sql.ref(column)}, 4), '.') - 1)`;
}

/** How many values each key id holds, per column (one scan of each column). */
export async function countValuesByKey(
  db: Db,
): Promise<Array<{ table: string; column: string; keyId: string; count: number }>> {
  const result: Array<{ table: string; column: string; keyId: string; count: number }> = [];
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    const { rows } = await sql<{ keyId: string; count: number | string }>`select
        ${keyIdExpression(db, column)} as key_id, count(*) as count
      from ${sql.table(table)} where ${isEncrypted(column)} group by 1`.execute(db);
    for (const row of rows) result.push({ table, column, keyId: row.keyId, count: Number(row.count) });
  }
  return result;
}

/** `order by` the primary key, either way. */
export function orderByKeys(keys: string[], direction: 'asc' | 'desc' = 'asc'): RawBuilder<unknown> {
  return sql`${sql.join(keys.map((key) => sql`${sql.ref(key)} ${sql.raw(direction)}`))}`;
}

/** Up to `limit` values of a column encrypted under the key (the first and the last ones by primary key). */
export async function sampleValuesUnder(
  db: Db,
  { table, keys, column }: EncryptedColumn,
  keyId: string,
  limit: number,
): Promise<string[]> {
  const pick = async (direction: 'asc' | 'desc') =>
    (
      await sql<{ value: string }>`select ${sql.ref(column)} as value from ${sql.table(table)}
        where ${likeKey(column, keyId)} order by ${orderByKeys(keys, direction)} limit ${limit}`.execute(db)
    ).rows.map((row) => row.value);
  return [...new Set([...(await pick('asc')), ...(await pick('desc'))])];
}
