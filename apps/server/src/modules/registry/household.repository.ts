import type { HouseholdDto } from '@jiuye/contracts';
import type { Db } from '../../db/database.ts';
import { toBoolean } from '../../db/create-db.ts';
import { containsText, startsWithText } from '../../lib/sql-text.ts';
import { regionRangeCondition } from '../../lib/scope.ts';
import type { HouseholdTable, NewHousehold } from './registry.table.ts';
import { sql, type SqlBool, type Updateable } from 'kysely';

export interface HouseholdFilter {
  scope: readonly string[];
  householdType?: string | undefined;
  monitoringCategory?: string | undefined;
  householdNumber?: string | undefined;
  headName?: string | undefined;
  riskType?: string | undefined;
  isRiskEliminated?: boolean | undefined;
  page: number;
  pageSize: number;
}

const COLUMNS = [
  'household.id',
  'household.householdNumber',
  'household.countyCode',
  'household.regionCode',
  'region.name as regionName',
  'household.householdType',
  'household.monitoringCategory',
  'household.riskType',
  'household.isRiskEliminated',
  'household.riskEliminatedOn',
  'household.headName',
  'household.createdAt',
  'household.updatedAt',
] as const;

function selectHouseholds(db: Db) {
  return db
    .selectFrom('household')
    .leftJoin('region', 'region.code', 'household.regionCode')
    .select(COLUMNS)
    .select((eb) =>
      eb
        .selectFrom('laborer')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('laborer.householdId', '=', 'household.id')
        .as('memberCount'),
    );
}

type HouseholdRow = Awaited<ReturnType<ReturnType<typeof selectHouseholds>['executeTakeFirstOrThrow']>>;

function toDto(row: HouseholdRow): HouseholdDto {
  return {
    ...row,
    countyCode: row.countyCode.trim(),
    regionName: row.regionName ?? null,
    isRiskEliminated: toBoolean(row.isRiskEliminated),
    memberCount: Number(row.memberCount ?? 0),
  };
}

export async function listHouseholds(db: Db, filter: HouseholdFilter) {
  const where = () => {
    const conditions = [regionRangeCondition('household.region_code', filter.scope)];
    if (filter.householdType) conditions.push(equalText('household.household_type', filter.householdType));
    if (filter.monitoringCategory)
      conditions.push(equalText('household.monitoring_category', filter.monitoringCategory));
    if (filter.householdNumber)
      conditions.push(startsWithText('household.household_number', filter.householdNumber));
    if (filter.headName) conditions.push(containsText('household.head_name', filter.headName));
    if (filter.riskType) conditions.push(containsText('household.risk_type', filter.riskType));
    if (filter.isRiskEliminated !== undefined) {
      conditions.push(
        sql<SqlBool>`${sql.ref('household.is_risk_eliminated')} = ${sql.lit(filter.isRiskEliminated)}`,
      );
    }
    return conditions;
  };
  const [count, rows] = await Promise.all([
    db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where((eb) => eb.and(where()))
      .executeTakeFirstOrThrow(),
    selectHouseholds(db)
      .where((eb) => eb.and(where()))
      .orderBy('household.regionCode')
      .orderBy('household.householdNumber')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
  ]);
  return { items: rows.map(toDto), total: Number(count.total) };
}

function equalText(column: string, value: string) {
  return sql<SqlBool>`${sql.ref(column)} = ${value}`;
}

export async function findHousehold(db: Db, id: number): Promise<HouseholdDto | undefined> {
  const row = await selectHouseholds(db).where('household.id', '=', id).executeTakeFirst();
  return row && toDto(row);
}

export async function findHouseholdIdByNumber(
  db: Db,
  countyCode: string,
  householdNumber: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('household')
    .select('id')
    .where('countyCode', '=', countyCode)
    .where('householdNumber', '=', householdNumber)
    .executeTakeFirst();
  return row?.id;
}

export async function insertHousehold(db: Db, values: NewHousehold): Promise<number> {
  const { id } = await db.insertInto('household').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateHousehold(
  db: Db,
  id: number,
  changes: Updateable<HouseholdTable>,
): Promise<void> {
  await db.updateTable('household').set(changes).where('id', '=', id).execute();
}
