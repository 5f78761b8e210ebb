import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { regionRangeCondition } from '../../lib/scope.ts';
import { findRegionNames } from '../regions/region.repository.ts';
import type { NewPolicyGrant, NewPolicyValueFile } from './policy.table.ts';

const GRANT_COLUMNS = [
  'id',
  'subjectKind',
  'subjectId',
  'personIdIndex',
  'personIdMasked',
  'regionCode',
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
  return rows.map(normalizeGrant);
}

function normalizeGrant<T extends { amountFen: number | string | bigint; regionCode: string }>(row: T) {
  // PostgreSQL `date` columns come back as text already; SQLite holds the text as written. bigint comes back as
  // text from pg; char(12) is padded.
  return { ...row, amountFen: Number(row.amountFen), regionCode: row.regionCode.trim() };
}
export type GrantRecord = Awaited<ReturnType<typeof listGrantsByPersonIndex>>[number];

export interface GrantListFilter {
  /** The caller's view scope, or the part of it asked for (every list goes through the scope check). */
  scope: readonly string[];
  benefitId?: string | undefined;
  /** Grants whose period starts on or after / on or before these dates. */
  periodFrom?: string | undefined;
  periodTo?: string | undefined;
  /** Blind index of an ID number: exact look-up, the number itself is never stored. */
  personIdIndex?: string | undefined;
  page: number;
  pageSize: number;
}

/** Grants recorded by regions of the scope, latest decision first. */
export async function listGrantsInScope(db: Db, filter: GrantListFilter) {
  let base = db
    .selectFrom('policyGrant')
    .where(regionRangeCondition('policy_grant.region_code', filter.scope));
  if (filter.benefitId) base = base.where('benefitId', '=', filter.benefitId);
  if (filter.periodFrom) base = base.where('periodStart', '>=', filter.periodFrom);
  if (filter.periodTo) base = base.where('periodStart', '<=', filter.periodTo);
  if (filter.personIdIndex) base = base.where('personIdIndex', '=', filter.personIdIndex);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    base
      .select([...GRANT_COLUMNS, 'createdBy'])
      .orderBy('decidedOn', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
  ]);
  return { total: Number(count.total), rows: rows.map(normalizeGrant) };
}

/** Which of these region codes the region table holds. */
export async function findExistingRegionCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(codes)];
  const found = new Set<string>();
  for (let i = 0; i < unique.length; i += 500)
    for (const code of (await findRegionNames(db, unique.slice(i, i + 500))).keys()) found.add(code.trim());
  return found;
}

/**
 * What identifies a grant (the unique grant_key): the same subject, person, benefit, period, amount, months and
 * decision date is the same grant, whether imported twice or imported and recorded. The region is not part of it.
 */
export function grantKeyOf(grant: {
  subjectKind: string;
  subjectId: string | null;
  personIdIndex: string | null;
  benefitId: string;
  periodStart: string;
  periodEnd: string | null;
  amountFen: number;
  months: number | null;
  decidedOn: string;
}): string {
  return crypto
    .createHash('sha256')
    .update(
      JSON.stringify([
        grant.subjectKind,
        grant.subjectId,
        grant.personIdIndex,
        grant.benefitId,
        grant.periodStart,
        grant.periodEnd,
        grant.amountFen,
        grant.months,
        grant.decidedOn,
      ]),
    )
    .digest('base64url');
}

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

/**
 * Grants not held yet; returns how many were written. A grant key written meanwhile (another import of the same
 * ledger committing first) or twice in one file is skipped, not a unique-constraint failure.
 */
export async function insertGrants(db: Db, rows: readonly NewPolicyGrant[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const written = await db
      .insertInto('policyGrant')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('grantKey').doNothing())
      .returning('id')
      .execute();
    inserted += written.length;
  }
  return inserted;
}

/** One grant; undefined when its grant key is already held (the caller answers ALREADY_EXISTS). */
export async function insertGrant(db: Db, row: NewPolicyGrant): Promise<number | undefined> {
  const inserted = await db
    .insertInto('policyGrant')
    .values(row)
    .onConflict((oc) => oc.column('grantKey').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
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
