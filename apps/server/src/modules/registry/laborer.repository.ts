import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { toBoolean } from '../../db/create-db.ts';
import { containsText, startsWithText } from '../../lib/sql-text.ts';
import { regionRangeCondition, visibilityBranches, type LaborerVisibility } from '../../lib/scope.ts';
import type {
  EmploymentSpellTable,
  LaborerChangeTable,
  LaborerUpdate,
  NewLaborer,
} from './registry.table.ts';
import type { Insertable } from 'kysely';

/** The labourers a filter selects: the list's and the export's. */
export interface LaborerFilter {
  /** Region codes (the caller's view scope, or the part of it asked for). */
  scope: readonly string[];
  /** home: 户籍地 in scope; work: 务工所在地 in scope but 户籍地 not; all: either. */
  visibility: LaborerVisibility;
  q?: string | undefined;
  householdType?: string | undefined;
  monitoringCategory?: string | undefined;
  laborCapacity?: string | undefined;
  education?: string | undefined;
  health?: string | undefined;
  employmentStatus?: string | undefined;
  workArea?: string | undefined;
  trainingWillingness?: string | undefined;
  jobIntention?: string | undefined;
  occupationCode?: string | undefined;
  /** Born on or before (age at least …). */
  birthDateMax?: string | undefined;
  /** Born after (age at most …). */
  birthDateAfter?: string | undefined;
  /** Last contact on or before this date, or never. */
  lastContactBefore?: string | undefined;
}

export interface LaborerListFilter extends LaborerFilter {
  sort: 'name' | 'birthDate' | 'updatedAt' | 'region';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** A 大典 code as a prefix: a class (trailing -00 groups) matches every code under it. */
export function occupationPrefix(code: string): { prefix: string; exact: boolean } {
  const trimmed = code.replace(/(-00)+$/, '');
  return trimmed === code ? { prefix: code, exact: true } : { prefix: `${trimmed}-`, exact: false };
}

/** Every condition of the filter but the region's (that one picks the branch: see visibilityBranches). */
function filterConditions(filter: LaborerFilter): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  const equal = (column: string, value: string | undefined) => {
    if (value !== undefined) where.push(sql<SqlBool>`${sql.ref(column)} = ${value}`);
  };
  equal('household.household_type', filter.householdType);
  equal('household.monitoring_category', filter.monitoringCategory);
  equal('laborer.labor_capacity', filter.laborCapacity);
  equal('laborer.education', filter.education);
  equal('laborer.health', filter.health);
  equal('laborer.employment_status', filter.employmentStatus);
  equal('laborer.work_area', filter.workArea);
  equal('laborer.training_willingness', filter.trainingWillingness);
  equal('laborer.job_intention', filter.jobIntention);
  if (filter.birthDateMax)
    where.push(sql<SqlBool>`${sql.ref('laborer.birth_date')} <= ${filter.birthDateMax}`);
  if (filter.birthDateAfter)
    where.push(sql<SqlBool>`${sql.ref('laborer.birth_date')} > ${filter.birthDateAfter}`);
  if (filter.lastContactBefore) {
    where.push(
      sql<SqlBool>`(${sql.ref('laborer.last_contact_on')} is null or ${sql.ref('laborer.last_contact_on')} <= ${filter.lastContactBefore})`,
    );
  }
  if (filter.occupationCode) {
    const { prefix, exact } = occupationPrefix(filter.occupationCode);
    where.push(
      exact
        ? sql<SqlBool>`(${sql.ref('laborer.intended_occupation_code')} = ${prefix} or ${sql.ref('laborer.skills')} like ${`%"${prefix}"%`})`
        : sql<SqlBool>`(${sql.ref('laborer.intended_occupation_code')} like ${`${prefix}%`} or ${sql.ref('laborer.skills')} like ${`%"${prefix}%`})`,
    );
  }
  const q = filter.q?.trim();
  if (q) {
    if (/^\d{3}[\dXx]$/.test(q))
      where.push(sql<SqlBool>`${sql.ref('laborer.id_last4')} = ${q.toUpperCase()}`);
    else if (/^[A-Za-z]{1,20}$/.test(q)) {
      where.push(
        sql<SqlBool>`(${startsWithText('laborer.name_initials', q.toLowerCase())} or ${containsText('laborer.name', q)})`,
      );
    } else where.push(containsText('laborer.name', q));
  }
  return where;
}

/**
 * One branch of the filter: the labourers of one region condition (visibilityBranches) that pass every other
 * condition. The household is joined only for a household filter, so the common filters stay inside the laborer
 * indexes (2026_11_22_030000_registry_performance.ts).
 */
function branchQuery(db: Db, filter: LaborerFilter, region: Expression<SqlBool>) {
  const byHousehold = filter.householdType !== undefined || filter.monitoringCategory !== undefined;
  return db
    .selectFrom('laborer')
    .$if(byHousehold, (query) => query.leftJoin('household', 'household.id', 'laborer.householdId'))
    .where((eb) => eb.and([region, ...filterConditions(filter)]));
}

function branchQueries(db: Db, filter: LaborerFilter) {
  return visibilityBranches('laborer.region_code', 'laborer.work_region_code', filter).map((region) =>
    branchQuery(db, filter, region),
  );
}

/** The columns of a sort, before the id (the tie-break of every order). */
const SORT_KEYS = {
  name: ['nameInitials', 'name'],
  birthDate: ['birthDate'],
  region: ['regionCode'],
  updatedAt: ['updatedAt'],
} as const satisfies Record<LaborerListFilter['sort'], readonly string[]>;
export type LaborerSortKey = (typeof SORT_KEYS)[keyof typeof SORT_KEYS][number];

export interface LaborerIdOrder {
  /** Columns of laborer to order by, each selected under its own name; the id always comes last. */
  keys: readonly LaborerSortKey[];
  direction: 'asc' | 'desc';
  limit: number;
  offset?: number;
  /** Keyset: only ids above this one (the export's batches, in id order). */
  afterId?: number;
}

/**
 * The ids (and sort keys) of one page of the labourers a filter selects, ordered: a UNION ALL of the disjoint
 * branches (visibilityBranches), each one range of its own index. Only ids and sort keys are selected, so for the
 * common filters and the default order the home branch is answered from laborer_region_idx alone; the wide rows
 * are read for the page only (laborerPageQuery).
 */
export function laborerIdsQuery(db: Db, filter: LaborerFilter, order: LaborerIdOrder) {
  const branches = branchQueries(db, filter).map((branch) =>
    branch
      .select((eb) => [
        eb.ref('laborer.id').as('id'),
        ...order.keys.map((key) => eb.ref(`laborer.${key}`).as(key)),
      ])
      .$if(order.afterId !== undefined, (query) => query.where('laborer.id', '>', order.afterId!)),
  );
  let query = branches.slice(1).reduce((union, branch) => union.unionAll(branch), branches[0]!);
  // A compound's ORDER BY names its result columns (SQLite refuses a table-qualified term there).
  for (const key of order.keys) query = query.orderBy(sql.ref(key), order.direction);
  return query
    .orderBy(sql.ref('id'), order.direction)
    .limit(order.limit)
    .offset(order.offset ?? 0);
}

const LIST_COLUMNS = [
  'laborer.id',
  'laborer.name',
  'laborer.sex',
  'laborer.birthDate',
  'laborer.idNumberMasked',
  'laborer.phoneMasked',
  'laborer.regionCode',
  'region.name as regionName',
  'laborer.householdId',
  'household.householdNumber',
  'household.householdType',
  'laborer.relationToHead',
  'laborer.laborCapacity',
  'laborer.education',
  'laborer.health',
  'laborer.employmentStatus',
  'laborer.workArea',
  'laborer.workRegionCode',
  'laborer.trainingWillingness',
  'laborer.jobIntention',
  'laborer.intendedOccupationCode',
  'laborer.lastContactOn',
  'laborer.updatedAt',
] as const;

/**
 * The page query of the labourer list (its compiled SQL is pinned in test/registry-list-sql.test.ts): the page's
 * ids first (laborerIdsQuery), then their rows by primary key with the household and the region, in the same order.
 */
export function laborerPageQuery(db: Db, filter: LaborerListFilter) {
  const keys = SORT_KEYS[filter.sort];
  const ids = laborerIdsQuery(db, filter, {
    keys,
    direction: filter.order,
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  });
  let query = db
    .selectFrom(ids.as('matching'))
    .innerJoin('laborer', 'laborer.id', 'matching.id')
    .leftJoin('household', 'household.id', 'laborer.householdId')
    .leftJoin('region', 'region.code', 'laborer.regionCode')
    .select(LIST_COLUMNS);
  for (const key of keys) query = query.orderBy(sql.ref(`matching.${key}`), filter.order);
  return query.orderBy('matching.id', filter.order);
}

/** How many labourers the filter selects: the sum of the branches' counts (they share no row). */
export function laborerCountQuery(db: Db, filter: LaborerFilter) {
  const counts = branchQueries(db, filter).map(
    (branch) => sql`${branch.select((eb) => eb.fn.countAll().as('n'))}`,
  );
  return db.selectNoFrom(sql<number | string | bigint>`${sql.join(counts, sql` + `)}`.as('total'));
}

export type LaborerListRow = Awaited<ReturnType<ReturnType<typeof laborerPageQuery>['execute']>>[number];

export async function countLaborers(db: Db, filter: LaborerFilter): Promise<number> {
  return Number((await laborerCountQuery(db, filter).executeTakeFirstOrThrow()).total);
}

export async function listLaborers(
  db: Db,
  filter: LaborerListFilter,
): Promise<{ rows: LaborerListRow[]; total: number }> {
  const [total, rows] = await Promise.all([
    countLaborers(db, filter),
    laborerPageQuery(db, filter).execute(),
  ]);
  return { rows, total };
}

export async function findLaborer(db: Db, id: number) {
  const row = await db
    .selectFrom('laborer')
    .leftJoin('region', 'region.code', 'laborer.regionCode')
    .leftJoin('region as workRegion', 'workRegion.code', 'laborer.workRegionCode')
    .selectAll('laborer')
    .select(['region.name as regionName', 'workRegion.name as workRegionName'])
    .where('laborer.id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      ...row,
      isDisabled: toBoolean(row.isDisabled),
      isRelocated: toBoolean(row.isRelocated),
    }
  );
}
export type LaborerRecord = NonNullable<Awaited<ReturnType<typeof findLaborer>>>;

export async function findLaborerIdByIdNumberIndex(
  db: Db,
  idNumberIndex: string,
): Promise<{ id: number; regionCode: string } | undefined> {
  return db
    .selectFrom('laborer')
    .select(['id', 'regionCode'])
    .where('idNumberIndex', '=', idNumberIndex)
    .executeTakeFirst();
}

export async function listSpells(db: Db, laborerId: number) {
  const rows = await db
    .selectFrom('employmentSpell')
    .leftJoin('region', 'region.code', 'employmentSpell.workRegionCode')
    .select([
      'employmentSpell.id',
      'employmentSpell.startMonth',
      'employmentSpell.endMonth',
      'employmentSpell.employmentForm',
      'employmentSpell.workArea',
      'employmentSpell.workRegionCode',
      'region.name as workRegionName',
      'employmentSpell.employerName',
      'employmentSpell.industry',
      'employmentSpell.channel',
      'employmentSpell.monthlyIncomeFen',
      'employmentSpell.isOrganizedTransport',
      'employmentSpell.hasTransportSubsidy',
      'employmentSpell.hasContract',
      'employmentSpell.hasSocialInsurance',
    ])
    .where('employmentSpell.laborerId', '=', laborerId)
    .orderBy('employmentSpell.startMonth')
    .orderBy('employmentSpell.id')
    .execute();
  return rows.map((row) => ({
    ...row,
    startMonth: row.startMonth.trim(),
    endMonth: row.endMonth?.trim() ?? null,
    workRegionCode: row.workRegionCode.trim(),
    workRegionName: row.workRegionName ?? null,
    isOrganizedTransport: toBoolean(row.isOrganizedTransport),
    hasTransportSubsidy: toBoolean(row.hasTransportSubsidy),
    hasContract: toBoolean(row.hasContract),
    hasSocialInsurance: toBoolean(row.hasSocialInsurance),
  }));
}
export type SpellRecord = Awaited<ReturnType<typeof listSpells>>[number];

export async function insertLaborer(db: Db, values: NewLaborer): Promise<number> {
  const { id } = await db.insertInto('laborer').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateLaborer(db: Db, id: number, changes: LaborerUpdate): Promise<void> {
  await db.updateTable('laborer').set(changes).where('id', '=', id).execute();
}

export async function replaceSpells(
  db: Db,
  laborerId: number,
  spells: Array<Omit<Insertable<EmploymentSpellTable>, 'laborerId'>>,
): Promise<void> {
  await db.deleteFrom('employmentSpell').where('laborerId', '=', laborerId).execute();
  if (spells.length > 0) {
    await db
      .insertInto('employmentSpell')
      .values(spells.map((spell) => ({ ...spell, laborerId })))
      .execute();
  }
}

export async function insertChanges(db: Db, rows: Array<Insertable<LaborerChangeTable>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('laborerChange')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export async function listChanges(db: Db, laborerId: number, page: number, pageSize: number) {
  const [count, items] = await Promise.all([
    db
      .selectFrom('laborerChange')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('laborerId', '=', laborerId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('laborerChange')
      .select(['id', 'changedAt', 'userId', 'username', 'source', 'field', 'oldValue', 'newValue'])
      .where('laborerId', '=', laborerId)
      .orderBy('changedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { items, total: Number(count.total) };
}

/** Members of a household, masked (for the detail pages). */
export async function listHouseholdMembers(db: Db, householdId: number) {
  return db
    .selectFrom('laborer')
    .select([
      'id',
      'name',
      'sex',
      'birthDate',
      'idNumberMasked',
      'relationToHead',
      'laborCapacity',
      'employmentStatus',
    ])
    .where('householdId', '=', householdId)
    .orderBy('relationToHead')
    .orderBy('birthDate')
    .orderBy('id')
    .execute();
}

/** Household numbers of other labourers with this phone (blind index), inside the given scope. */
export async function findHouseholdsByPhoneIndex(
  db: Db,
  phoneIndex: string,
  scope: readonly string[],
  exceptLaborerId: number | undefined,
): Promise<string[]> {
  let query = db
    .selectFrom('laborer')
    .innerJoin('household', 'household.id', 'laborer.householdId')
    .select('household.householdNumber')
    .distinct()
    .where('laborer.phoneIndex', '=', phoneIndex)
    .where(() => regionRangeCondition('laborer.region_code', scope));
  if (exceptLaborerId !== undefined) query = query.where('laborer.id', '<>', exceptLaborerId);
  return (await query.execute()).map((row) => row.householdNumber);
}

export async function findExistingOccupationCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('occupation')
    .select('code')
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Set(rows.map((row) => row.code));
}
