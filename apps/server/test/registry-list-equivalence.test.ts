import { sql, type Expression, type SqlBool } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import { containsText, startsWithText } from '../src/lib/sql-text.ts';
import {
  countLaborers,
  laborerPageQuery,
  listLaborers,
  occupationPrefix,
  type LaborerFilter,
  type LaborerListFilter,
} from '../src/modules/registry/laborer.repository.ts';
import { regionRangeCondition } from '../src/lib/scope.ts';
import { createMigratedTestDb, testDialects, type TestDb } from './helper.ts';
import {
  CHANGZHENG_EAST,
  DONGDAJIE,
  GUZHONG,
  SHANGHUI,
  XINFU,
  XINZHOU,
  XIURONG,
  YAODU,
  YUANPING_VILLAGE,
} from './registry-fixtures.ts';

// The list asks each region index on its own (UNION ALL of the home and the work-only branch, ids first, the sum of
// the branches' counts). This file holds it to the plain query it replaced: one `home or work` condition, the rows
// joined, ordered and paged in one statement. Same rows, same order, same totals, on each dialect.

const VILLAGES = [DONGDAJIE, GUZHONG, CHANGZHENG_EAST, YUANPING_VILLAGE, SHANGHUI];
const WORK_PLACES = [null, null, DONGDAJIE, GUZHONG, XINFU, YUANPING_VILLAGE, YAODU, '110105000000'];
const STATUSES = ['employed', 'employed', 'unemployed', 'unable'];
const CAPACITIES = ['full', 'full', 'skilled', 'weak_or_half', 'none'];
const EDUCATIONS = [null, '70', '70', '60', '80'];
const WILLINGNESS = [null, 'willing', 'unwilling'];
const NAMES = [
  ['zs', '张三'],
  ['zs', '张山'],
  ['ls', '李四'],
  ['ww', '王五'],
  ['zl', '赵六'],
] as const;
// Few distinct values: ties, so the id's place in each order is tested too.
const UPDATED = ['2026-11-20T08:00:00.000Z', '2026-11-21T08:00:00.000Z', '2026-11-22T08:00:00.000Z'];
const LABORERS = 240;

/** A small deterministic generator (mulberry32): the same data on each dialect and each run. */
function random(seed: number) {
  let state = seed;
  return <T>(values: readonly T[]): T => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return values[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * values.length)]!;
  };
}

async function seed(db: Db): Promise<void> {
  const pick = random(42);
  const householdIds: number[] = [];
  for (const [index, village] of VILLAGES.entries()) {
    for (const type of ['01', '02']) {
      const { id } = await db
        .insertInto('household')
        .values({
          householdNumber: `H${index}${type}`,
          countyCode: village.slice(0, 6),
          regionCode: village,
          householdType: type,
          monitoringCategory: type === '02' ? 'edge' : null,
          riskType: null,
          isRiskEliminated: false,
          riskEliminatedOn: null,
          headName: null,
          createdAt: UPDATED[0]!,
          updatedAt: UPDATED[0]!,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      householdIds.push(id);
    }
  }
  const rows = Array.from({ length: LABORERS }, (_, index) => {
    const householdIndex = index % householdIds.length;
    const [initials, name] = pick(NAMES);
    const work = pick(WORK_PLACES);
    const last4 = String(1000 + (index % 7));
    return {
      householdId: index % 9 === 0 ? null : householdIds[householdIndex]!,
      regionCode: VILLAGES[Math.floor(householdIndex / 2)]!,
      name,
      nameInitials: initials,
      idNumberCipher: `cipher-${index}`,
      idNumberIndex: `index-${index}`,
      idNumberMasked: `1409**********${last4}`,
      idLast4: last4,
      sex: pick(['1', '2']),
      birthDate: pick(['1966-05-01', '1980-01-15', '1990-03-15', '2001-12-31']),
      isDisabled: false,
      isRelocated: false,
      education: pick(EDUCATIONS),
      laborCapacity: pick(CAPACITIES),
      skills: pick([null, '["6-18-01-01"]', '["4-02-03-01"]']),
      trainingWillingness: pick(WILLINGNESS),
      employmentStatus: work === null ? pick(STATUSES.slice(2)) : pick(STATUSES),
      workArea: work === null ? null : 'province',
      workRegionCode: work,
      lastContactOn: pick([null, '2026-01-10', '2026-10-01']),
      createdAt: UPDATED[0]!,
      updatedAt: pick(UPDATED),
    };
  });
  await db.insertInto('laborer').values(rows).execute();
}

// ---------------------------------------------------------------------------------------------------------------
// The reference: the list query before the branches (one statement, `home or work`).

function referenceConditions(filter: LaborerFilter): Expression<SqlBool>[] {
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
  equal('laborer.employment_status', filter.employmentStatus);
  equal('laborer.training_willingness', filter.trainingWillingness);
  if (filter.birthDateMax) where.push(sql<SqlBool>`laborer.birth_date <= ${filter.birthDateMax}`);
  if (filter.lastContactBefore) {
    where.push(
      sql<SqlBool>`(laborer.last_contact_on is null or laborer.last_contact_on <= ${filter.lastContactBefore})`,
    );
  }
  if (filter.occupationCode) {
    const { prefix } = occupationPrefix(filter.occupationCode);
    where.push(sql<SqlBool>`laborer.skills like ${`%"${prefix}%`}`);
  }
  if (filter.q) {
    where.push(
      sql<SqlBool>`(${startsWithText('laborer.name_initials', filter.q)} or ${containsText('laborer.name', filter.q)})`,
    );
  }
  return where;
}

function referenceFiltered(db: Db, filter: LaborerFilter) {
  return db
    .selectFrom('laborer')
    .leftJoin('household', 'household.id', 'laborer.householdId')
    .where((eb) => eb.and(referenceConditions(filter)));
}

async function referenceList(db: Db, filter: LaborerListFilter) {
  let query = referenceFiltered(db, filter)
    .leftJoin('region', 'region.code', 'laborer.regionCode')
    .select([
      'laborer.id',
      'laborer.name',
      'laborer.regionCode',
      'region.name as regionName',
      'household.householdNumber',
      'household.householdType',
      'laborer.employmentStatus',
      'laborer.workRegionCode',
      'laborer.updatedAt',
    ]);
  const direction = filter.order;
  if (filter.sort === 'name')
    query = query.orderBy('laborer.nameInitials', direction).orderBy('laborer.name', direction);
  else if (filter.sort === 'birthDate') query = query.orderBy('laborer.birthDate', direction);
  else if (filter.sort === 'region') query = query.orderBy('laborer.regionCode', direction);
  else query = query.orderBy('laborer.updatedAt', direction);
  const rows = await query
    .orderBy('laborer.id', direction)
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  const { total } = await referenceFiltered(db, filter)
    .select((eb) => eb.fn.countAll().as('total'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

// ---------------------------------------------------------------------------------------------------------------

const SCOPES: Array<readonly string[]> = [[XINFU], [XIURONG], [XINZHOU], [GUZHONG, YAODU], []];
const FILTERS: Array<Partial<LaborerFilter>> = [
  {},
  { employmentStatus: 'employed', laborCapacity: 'full' },
  { employmentStatus: 'unemployed', education: '70' },
  { laborCapacity: 'full', trainingWillingness: 'willing' },
  { householdType: '02' },
  { monitoringCategory: 'edge', employmentStatus: 'employed' },
  { q: 'zs' },
  { birthDateMax: '1990-03-15', lastContactBefore: '2026-06-01' },
  { occupationCode: '6-18-00-00' },
];
const ORDERS: Array<Pick<LaborerListFilter, 'sort' | 'order'>> = [
  { sort: 'updatedAt', order: 'desc' },
  { sort: 'name', order: 'asc' },
  { sort: 'birthDate', order: 'desc' },
  { sort: 'region', order: 'asc' },
];

describe.each(testDialects())('labourer list against the plain query (%s)', (dialect) => {
  let testDb: TestDb;

  beforeAll(async () => {
    testDb = await createMigratedTestDb(dialect);
    await seed(testDb.db);
  });
  afterAll(async () => testDb?.destroy());

  it('seeds labourers registered in and working in each scope', async () => {
    const { db } = testDb;
    const workOnly = await countLaborers(db, { scope: [XINFU], visibility: 'work' });
    const home = await countLaborers(db, { scope: [XINFU], visibility: 'home' });
    expect(workOnly).toBeGreaterThan(5);
    expect(home).toBeGreaterThan(workOnly);
    expect(await countLaborers(db, { scope: [XINFU], visibility: 'all' })).toBe(home + workOnly);
  });

  for (const visibility of ['all', 'home', 'work'] as const) {
    it(`selects, orders and counts the same labourers (visibility ${visibility})`, async () => {
      const { db } = testDb;
      let compared = 0;
      for (const scope of SCOPES) {
        for (const [index, filter] of FILTERS.entries()) {
          for (const order of ORDERS) {
            // Pages of 7: ties of the sort keys fall across page boundaries.
            for (const page of [1, 2, 5]) {
              const asked: LaborerListFilter = { scope, visibility, ...filter, ...order, page, pageSize: 7 };
              const expected = await referenceList(db, asked);
              const actual = await listLaborers(db, asked);
              const label = `${scope.join(',')} filter ${index} ${order.sort} ${order.order} page ${page}`;
              expect(actual.total, label).toBe(expected.total);
              expect(
                actual.rows.map((row) => ({
                  id: row.id,
                  name: row.name,
                  regionCode: row.regionCode,
                  regionName: row.regionName,
                  householdNumber: row.householdNumber,
                  householdType: row.householdType,
                  employmentStatus: row.employmentStatus,
                  workRegionCode: row.workRegionCode,
                  updatedAt: row.updatedAt,
                })),
                label,
              ).toEqual(expected.rows);
              if (expected.rows.length > 0) compared += 1;
            }
          }
        }
      }
      // Most combinations have rows to compare (not a comparison of empty pages).
      expect(compared).toBeGreaterThan(SCOPES.length * FILTERS.length * ORDERS.length);
    });
  }

  it('reads one page of ids before the rows', () => {
    const compiled = laborerPageQuery(testDb.db, {
      scope: [XINFU],
      visibility: 'all',
      sort: 'updatedAt',
      order: 'desc',
      page: 1,
      pageSize: 20,
    }).compile().sql;
    expect(compiled).toMatch(/from \(select .* union all select .* limit .*\) as "matching"/u);
  });
});
