import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { toBoolean } from '../../db/create-db.ts';
import { containsText, startsWithText } from '../../lib/sql-text.ts';
import { regionRangeCondition } from './registry-scope.ts';
import type {
  EmploymentSpellTable,
  LaborerChangeTable,
  LaborerUpdate,
  NewLaborer,
} from './registry.table.ts';
import type { Insertable } from 'kysely';

export interface LaborerListFilter {
  /** Region codes (the caller's view scope, or the part of it asked for). */
  scope: readonly string[];
  /** home: 户籍地 in scope; work: 务工所在地 in scope but 户籍地 not; all: either. */
  visibility: 'all' | 'home' | 'work';
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

function conditions(filter: LaborerListFilter): Expression<SqlBool>[] {
  const home = regionRangeCondition('laborer.region_code', filter.scope);
  const work = regionRangeCondition('laborer.work_region_code', filter.scope);
  const where: Expression<SqlBool>[] = [
    filter.visibility === 'home'
      ? home
      : filter.visibility === 'work'
        ? sql<SqlBool>`(${work} and not ${home})`
        : sql<SqlBool>`(${home} or ${work})`,
  ];
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

function filtered(db: Db, filter: LaborerListFilter) {
  return db
    .selectFrom('laborer')
    .leftJoin('household', 'household.id', 'laborer.householdId')
    .where((eb) => eb.and(conditions(filter)));
}

/** The page query of the labourer list (its compiled SQL is pinned in test/registry-list-sql.test.ts). */
export function laborerPageQuery(db: Db, filter: LaborerListFilter) {
  const direction = filter.order;
  let query = filtered(db, filter)
    .leftJoin('region', 'region.code', 'laborer.regionCode')
    .select(LIST_COLUMNS);
  if (filter.sort === 'name')
    query = query.orderBy('laborer.nameInitials', direction).orderBy('laborer.name', direction);
  else if (filter.sort === 'birthDate') query = query.orderBy('laborer.birthDate', direction);
  else if (filter.sort === 'region') query = query.orderBy('laborer.regionCode', direction);
  else query = query.orderBy('laborer.updatedAt', direction);
  return query
    .orderBy('laborer.id', direction)
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
}

export function laborerCountQuery(db: Db, filter: LaborerListFilter) {
  return filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('total'));
}

export type LaborerListRow = Awaited<ReturnType<ReturnType<typeof laborerPageQuery>['execute']>>[number];

export async function listLaborers(
  db: Db,
  filter: LaborerListFilter,
): Promise<{ rows: LaborerListRow[]; total: number }> {
  const [count, rows] = await Promise.all([
    laborerCountQuery(db, filter).executeTakeFirstOrThrow(),
    laborerPageQuery(db, filter).execute(),
  ]);
  return { rows, total: Number(count.total) };
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
