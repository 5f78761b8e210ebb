import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWithinScope, simplifyScope } from '@jiuye/domain';
import { generateKeyText, parseKeyRing } from '../src/lib/field-crypto.ts';
import { toLaborerColumns } from '../src/modules/registry/laborer.mapping.ts';
import { listLaborers, type LaborerListFilter } from '../src/modules/registry/laborer.repository.ts';
import { createMigratedTestDb, testDialects, type TestDb } from './helper.ts';
import {
  CHANGZHENG_EAST,
  DONGDAJIE,
  GUZHONG,
  makeIdNumber,
  SHANGHUI,
  YAODU,
  YUANPING_VILLAGE,
} from './registry-fixtures.ts';

// Regions a random scope is drawn from: the province, cities, counties, townships and villages of the test data.
const SCOPE_POOL = [
  '140000000000',
  '140900000000',
  '141000000000',
  '140902000000',
  '140981000000',
  '141002000000',
  '140902001000',
  '140902002000',
  '141002001000',
  DONGDAJIE,
  GUZHONG,
  CHANGZHENG_EAST,
  SHANGHUI,
];
const HOMES = [DONGDAJIE, GUZHONG, CHANGZHENG_EAST, YUANPING_VILLAGE, SHANGHUI];
const WORKS = [null, YAODU, '140902002000', '140981000000', '110105000000'];

interface Person {
  regionCode: string;
  workRegionCode: string | null;
  employmentStatus: string;
}

describe.each(testDialects())('labourer list scope on %s', (dialect) => {
  let testDb: TestDb;
  const people: Person[] = [];

  beforeAll(async () => {
    testDb = await createMigratedTestDb(dialect);
    const ring = parseKeyRing(generateKeyText());
    const now = new Date().toISOString();
    let n = 0;
    for (const home of HOMES) {
      for (const work of WORKS) {
        n += 1;
        const spells = work
          ? [
              {
                startMonth: '2024-01',
                workRegionCode: work,
                workArea: 'province' as const,
                employmentForm: 'employee' as const,
              },
            ]
          : [];
        const columns = toLaborerColumns(
          ring,
          {
            name: `人${n}`,
            idNumber: makeIdNumber('1990-01-01'),
            sex: '1',
            birthDate: '1990-01-01',
            homeRegionCode: home,
            laborCapacity: 'full',
            spells,
          },
          { today: now.slice(0, 10), now, userId: null, householdId: null },
        );
        await testDb.db.insertInto('laborer').values(columns).execute();
        people.push({
          regionCode: home,
          workRegionCode: work,
          employmentStatus: columns.employmentStatus,
        });
      }
    }
  });
  afterAll(async () => testDb?.destroy());

  function expected(person: Person, filter: LaborerListFilter): boolean {
    const home = isWithinScope(person.regionCode, filter.scope);
    const work = person.workRegionCode !== null && isWithinScope(person.workRegionCode, filter.scope);
    const visible =
      filter.visibility === 'home' ? home : filter.visibility === 'work' ? work && !home : home || work;
    return (
      visible &&
      (filter.employmentStatus === undefined || person.employmentStatus === filter.employmentStatus)
    );
  }

  it('returns exactly the rows inside the scope, for random scopes and filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(SCOPE_POOL, { maxLength: 4 }),
        fc.constantFrom('all', 'home', 'work') as fc.Arbitrary<LaborerListFilter['visibility']>,
        fc.option(fc.constantFrom('employed', 'unemployed'), { nil: undefined }),
        async (scope, visibility, employmentStatus) => {
          const filter: LaborerListFilter = {
            scope: simplifyScope(scope),
            visibility,
            employmentStatus,
            sort: 'region',
            order: 'asc',
            page: 1,
            pageSize: 200,
          };
          const { rows, total } = await listLaborers(testDb.db, filter);
          const want = people.filter((person) => expected(person, filter));
          expect(total).toBe(want.length);
          expect(rows).toHaveLength(want.length);
          for (const row of rows) {
            const inHome = isWithinScope(row.regionCode, filter.scope);
            const inWork =
              row.workRegionCode !== null && isWithinScope(row.workRegionCode.trim(), filter.scope);
            expect(inHome || inWork).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
