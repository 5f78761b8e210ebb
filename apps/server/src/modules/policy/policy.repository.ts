import type { Db } from '../../db/database.ts';
import type { NewPolicyGrant, NewPolicyValueFile } from './policy.table.ts';

const GRANT_COLUMNS = [
  'id',
  'subjectKind',
  'subjectId',
  'personIdIndex',
  'benefitId',
  'periodStart',
  'periodEnd',
  'amountFen',
  'months',
  'decidedOn',
  'rulesetVersion',
  'source',
  'origin',
  'createdAt',
] as const;

/** Grants about one labourer (by the blind index of the ID number), oldest decision first. */
export async function listGrantsByPersonIndex(db: Db, personIdIndex: string) {
  const rows = await db
    .selectFrom('policyGrant')
    .select(GRANT_COLUMNS)
    .where('personIdIndex', '=', personIdIndex)
    .orderBy('decidedOn')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    ...row,
    // PostgreSQL `date` columns come back as text already; SQLite holds the text as written.
    amountFen: Number(row.amountFen),
  }));
}
export type GrantRecord = Awaited<ReturnType<typeof listGrantsByPersonIndex>>[number];

/** Which of these grant keys the ledger already holds. */
export async function findExistingGrantKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('policyGrant')
      .select('grantKey')
      .where('grantKey', 'in', keys.slice(i, i + 500))
      .execute();
    for (const row of rows) found.add(row.grantKey);
  }
  return found;
}

export async function insertGrants(db: Db, rows: readonly NewPolicyGrant[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('policyGrant')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export async function countGrants(db: Db): Promise<number> {
  const row = await db
    .selectFrom('policyGrant')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

const VALUE_FILE_COLUMNS = [
  'id',
  'documentId',
  'documentTitle',
  'valueCount',
  'rulesetVersion',
  'createdBy',
  'createdAt',
] as const;

export async function listValueFiles(db: Db) {
  return db.selectFrom('policyValueFile').select(VALUE_FILE_COLUMNS).orderBy('id').execute();
}

/** The stored files' contents in the order they were added (to rebuild the ruleset). */
export async function listValueFileContents(db: Db): Promise<Array<{ id: number; content: string }>> {
  return db.selectFrom('policyValueFile').select(['id', 'content']).orderBy('id').execute();
}

/** Changes whenever a file is added: the ruleset cache key. */
export async function valueFilesStamp(db: Db): Promise<string> {
  const row = await db
    .selectFrom('policyValueFile')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('id').as('lastId')])
    .executeTakeFirstOrThrow();
  return `${Number(row.count)}:${row.lastId ?? 0}`;
}

export async function insertValueFile(db: Db, row: NewPolicyValueFile): Promise<number> {
  const { id } = await db.insertInto('policyValueFile').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}
