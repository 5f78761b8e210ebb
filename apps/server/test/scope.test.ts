import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/lib/errors.ts';
import { nowIso } from '../src/db/create-db.ts';
import {
  assertFieldsInScope,
  assertInScope,
  assertRegionsExist,
  fieldsOutsideScope,
  regionRangeCondition,
  resolveRegionFilter,
} from '../src/lib/scope.ts';
import { actorOf, type Actor } from '../src/modules/auth/actor.ts';
import { createMigratedTestDb, testDialects, type TestDb } from './helper.ts';

const SHANXI = '140000000000';
const XINZHOU = '140900000000'; // 忻州市
const XINFU = '140902000000'; // 忻府区
const XIURONG = '140902001000'; // 忻府区秀容街道
const XIURONG_VILLAGE = '140902001002'; // 秀容街道东大街社区
const YUANPING = '140981000000'; // 原平市 (忻州市)
const YAODU = '141002000000'; // 尧都区 (临汾市)

/** Catches the AppError a function throws, or undefined. */
function thrown(fn: () => unknown): AppError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return undefined;
}

const county = { viewScope: [XINFU], captureScope: [XIURONG] };

describe('assertInScope', () => {
  it.each([
    { code: XINFU, kind: 'view', inside: true, why: 'the scope region itself' },
    { code: XIURONG, kind: 'view', inside: true, why: 'a township of the county' },
    { code: XIURONG_VILLAGE, kind: 'view', inside: true, why: 'a village of the county' },
    { code: XINZHOU, kind: 'view', inside: false, why: 'the city above the county' },
    { code: YUANPING, kind: 'view', inside: false, why: 'another county of the city' },
    { code: YAODU, kind: 'view', inside: false, why: 'a county of another city' },
    { code: XINFU, kind: 'capture', inside: false, why: 'capture scope is only the township' },
    { code: XIURONG_VILLAGE, kind: 'capture', inside: true, why: 'a village of the capture township' },
    { code: '', kind: 'view', inside: false, why: 'no region at all' },
  ] as const)('$code ($kind): $why', ({ code, kind, inside }) => {
    const error = thrown(() => assertInScope(county, code, kind, '劳动力'));
    if (inside) expect(error).toBeUndefined();
    else {
      expect(error?.code).toBe('NOT_FOUND');
      expect(error?.statusCode).toBe(404);
      expect(error?.message).toBe('劳动力不存在或不在您的管辖范围内');
    }
  });

  it('treats null and undefined as outside, and an empty scope as containing nothing', () => {
    expect(thrown(() => assertInScope(county, null, 'view'))?.code).toBe('NOT_FOUND');
    expect(thrown(() => assertInScope(county, undefined, 'view'))?.code).toBe('NOT_FOUND');
    expect(thrown(() => assertInScope({ viewScope: [], captureScope: [] }, XINFU, 'view'))?.message).toBe(
      '记录不存在或不在您的管辖范围内',
    );
  });

  it('reads the scope of the actor of a request', () => {
    const actor: Actor = {
      userId: 1,
      username: 'xinfu',
      displayName: '忻府区工作人员',
      organizationId: null,
      roles: ['county_staff'],
      permissions: new Set(),
      ...county,
      requestId: 'req-1',
      ip: '127.0.0.1',
      channel: 'web',
    };
    const request = { actor } as never;
    expect(thrown(() => assertInScope(actorOf(request), XIURONG, 'view'))).toBeUndefined();
    expect(thrown(() => assertInScope(actorOf(request), YUANPING, 'view'))?.code).toBe('NOT_FOUND');
    expect(thrown(() => assertInScope(actorOf({} as never), XINFU, 'view'))?.code).toBe('UNAUTHENTICATED');
  });
});

describe('resolveRegionFilter', () => {
  const twoTownships = { viewScope: [XIURONG, '140902002000'], captureScope: [] };
  it.each([
    { holder: county, requested: undefined, expected: [XINFU], why: 'no filter: the whole scope' },
    { holder: county, requested: XIURONG, expected: [XIURONG], why: 'inside: the requested region' },
    { holder: county, requested: XINFU, expected: [XINFU], why: 'the scope region itself' },
    { holder: county, requested: XINZHOU, expected: [XINFU], why: 'wider: the part of the scope inside it' },
    { holder: county, requested: SHANXI, expected: [XINFU], why: 'the province: still only the county' },
    {
      holder: twoTownships,
      requested: XINFU,
      expected: [XIURONG, '140902002000'],
      why: 'wider than a scope of two townships',
    },
    {
      holder: { viewScope: [XIURONG, XINFU, XIURONG_VILLAGE], captureScope: [] },
      requested: undefined,
      expected: [XINFU],
      why: 'overlapping scope codes collapse',
    },
  ])('$why', ({ holder, requested, expected }) => {
    expect(resolveRegionFilter(holder, requested)).toEqual(expected);
  });

  it.each([
    { requested: YUANPING, why: 'another county' },
    { requested: YAODU, why: 'another city' },
    { requested: '140902000001', why: 'not a region code (village 001 of a county)' },
  ])('404 for $why', ({ requested }) => {
    const error = thrown(() => resolveRegionFilter(county, requested));
    expect(error?.code).toBe('NOT_FOUND');
  });

  it('uses the capture scope when asked', () => {
    expect(resolveRegionFilter(county, undefined, 'capture')).toEqual([XIURONG]);
    expect(thrown(() => resolveRegionFilter(county, '140902002000', 'capture'))?.code).toBe('NOT_FOUND');
  });
});

describe('fieldsOutsideScope / assertFieldsInScope', () => {
  it('names every field outside, per kind', () => {
    const fields = [
      { field: 'viewScope.0', code: XIURONG },
      { field: 'viewScope.1', code: YAODU },
    ];
    expect(fieldsOutsideScope(county, fields, 'view')).toEqual([
      { field: 'viewScope.1', message: `区划 ${YAODU} 不在您的查看范围内` },
    ]);
    const error = thrown(() =>
      assertFieldsInScope(
        county,
        { fields, kind: 'view' },
        { fields: [{ field: 'captureScope.0', code: XINFU }], kind: 'capture' },
      ),
    );
    expect(error?.code).toBe('NOT_FOUND');
    expect(error?.details.map((d) => d.field)).toEqual(['viewScope.1', 'captureScope.0']);
    expect(thrown(() => assertFieldsInScope(county, { fields: fields.slice(0, 1), kind: 'view' }))).toBe(
      undefined,
    );
  });
});

describe.each(testDialects())('scope queries on %s', (dialect) => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createMigratedTestDb(dialect);
    const now = nowIso();
    for (const [name, regionCode] of [
      ['忻州市园', XINZHOU],
      ['忻府区中心', XINFU],
      ['秀容站', XIURONG],
      ['东大街专人', XIURONG_VILLAGE],
      ['原平市中心', YUANPING],
      ['尧都区中心', YAODU],
    ] as const) {
      await testDb.db
        .insertInto('organization')
        .values({ name, kind: 'hr_bureau', regionCode, isActive: true, createdAt: now, updatedAt: now })
        .execute();
    }
  });
  afterAll(async () => testDb?.destroy());

  const namesIn = async (scope: string[]) =>
    (
      await testDb.db
        .selectFrom('organization')
        .select('name')
        .where(regionRangeCondition('organization.regionCode', scope))
        .orderBy('regionCode')
        .execute()
    ).map((row) => row.name);

  it('selects the rows whose region lies in the scope', async () => {
    expect(await namesIn([XINFU])).toEqual(['忻府区中心', '秀容站', '东大街专人']);
    expect(await namesIn([XIURONG, YAODU])).toEqual(['秀容站', '东大街专人', '尧都区中心']);
    expect(await namesIn([XINZHOU])).toEqual([
      '忻州市园',
      '忻府区中心',
      '秀容站',
      '东大街专人',
      '原平市中心',
    ]);
    expect(await namesIn([SHANXI])).toHaveLength(6);
    expect(await namesIn([])).toEqual([]);
  });

  it('compiles to ranges over the significant prefixes, one per region of the simplified scope', () => {
    const compiled = testDb.db
      .selectFrom('organization')
      .select('id')
      .where(regionRangeCondition('organization.regionCode', [XIURONG, YAODU, XIURONG_VILLAGE]))
      .compile();
    const [p1, p2, p3, p4] = dialect === 'postgres' ? ['$1', '$2', '$3', '$4'] : ['?', '?', '?', '?'];
    const column = '"organization"."region_code"';
    expect(compiled.sql).toBe(
      `select "id" from "organization" where ((${column} >= ${p1} and ${column} <= ${p2}) or (${column} >= ${p3} and ${column} <= ${p4}))`,
    );
    expect(compiled.parameters).toEqual(['140902001000', '140902001999', '141002000000', '141002999999']);
    const single = testDb.db
      .selectFrom('organization')
      .select('id')
      .where(regionRangeCondition('organization.regionCode', [XINFU]))
      .compile();
    expect(single.sql).toBe(
      `select "id" from "organization" where (${column} >= ${p1} and ${column} <= ${p2})`,
    );
    expect(single.parameters).toEqual(['140902000000', '140902999999']);
    const empty = testDb.db
      .selectFrom('organization')
      .select('id')
      .where(regionRangeCondition('organization.regionCode', []))
      .compile();
    expect(empty.sql).toBe('select "id" from "organization" where 1 = 0');
  });

  it('assertRegionsExist names each unknown code', async () => {
    await expect(
      assertRegionsExist(testDb.db, [
        { field: 'viewScope.0', code: XIURONG },
        { field: 'viewScope.1', code: '140902999000' },
        { field: 'viewScope.2', code: '1409' },
      ]),
    ).rejects.toMatchObject({
      code: 'INVALID_REGION',
      details: [
        { field: 'viewScope.1', message: '区划代码 140902999000 不存在' },
        { field: 'viewScope.2', message: '区划代码 1409 不存在' },
      ],
    });
    await expect(assertRegionsExist(testDb.db, [{ field: 'regionCode', code: XINFU }])).resolves.toBe(
      undefined,
    );
  });
});
