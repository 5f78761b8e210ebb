import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionLevel } from '@jiuye/domain';
import type { Dialect } from '../src/db/database.ts';
import {
  childRegionsQuery,
  countRegions,
  searchRegionsQuery,
} from '../src/modules/regions/region.repository.ts';
import {
  importRegions,
  listDivisionProvinces,
  readDivisionRows,
} from '../src/modules/regions/region.import.ts';
import { parseProvinceCodes } from '../src/modules/regions/region.cli.ts';
import { isRegionCode } from '@jiuye/domain';
import {
  ADMIN_PASSWORD,
  createTestApp,
  insertTestUser,
  login,
  TEST_REGION_PREFIXES,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';

const SHANXI = '140000000000';
const XINZHOU = '140900000000';
const XINFU = '140902000000';
const XIURONG = '140902001000';
const DONGDAJIE = '140902001002';
const LINFEN = '141000000000';
const YAODU = '141002000000';

/** Positional parameters as each dialect writes them. */
function forDialect(dialect: Dialect, text: string): string {
  let n = 0;
  return dialect === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
}

describe.each(testDialects())('regions on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Agent;
  let xinzhou: Agent;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await insertTestUser(ctx.db, {
      username: 'xinzhou_city',
      password: 'City-Staff-2026',
      roles: ['city_staff'],
      viewScope: [XINZHOU],
    });
    admin = await login(ctx.app, 'admin', ADMIN_PASSWORD);
    xinzhou = await login(ctx.app, 'xinzhou_city', 'City-Staff-2026');
  });
  afterAll(async () => ctx?.close());

  describe('children', () => {
    it('answers the roots of the view scope without a parent', async () => {
      const mine = await xinzhou.request('GET', '/api/regions/children');
      expect(mine.statusCode).toBe(200);
      expect(mine.json()).toEqual([
        { code: XINZHOU, name: '忻州市', level: 2, parentCode: SHANXI, hasChildren: true },
      ]);
      const all = await admin.request('GET', '/api/regions/children');
      expect(all.json()).toEqual([
        { code: SHANXI, name: '山西省', level: 1, parentCode: null, hasChildren: true },
      ]);
    });

    it('lists the children of a node in code order, with hasChildren', async () => {
      const response = await xinzhou.request('GET', `/api/regions/children?parent=${XINZHOU}`);
      expect(response.statusCode).toBe(200);
      const counties = response.json() as Array<{ code: string; name: string; hasChildren: boolean }>;
      expect(counties).toHaveLength(15);
      expect(counties[0]).toEqual({
        code: XINFU,
        name: '忻府区',
        level: 3,
        parentCode: XINZHOU,
        hasChildren: true,
      });
      expect(counties.map((c) => c.code)).toEqual(counties.map((c) => c.code).toSorted());
      expect(counties.map((c) => c.name)).toContain('原平市');

      const villages = await xinzhou.request('GET', `/api/regions/children?parent=${XIURONG}`);
      expect(villages.statusCode).toBe(200);
      expect(villages.json()).toContainEqual({
        code: DONGDAJIE,
        name: '东大街社区居民委员会',
        level: 5,
        parentCode: XIURONG,
        hasChildren: false,
      });
      const none = await xinzhou.request('GET', `/api/regions/children?parent=${DONGDAJIE}`);
      expect(none.statusCode).toBe(200);
      expect(none.json()).toEqual([]);
    });

    it('answers 404 outside the view scope, for its ancestors and for unknown codes', async () => {
      for (const parent of [LINFEN, SHANXI, '140999000000']) {
        const response = await xinzhou.request('GET', `/api/regions/children?parent=${parent}`);
        expect(response.statusCode, parent).toBe(404);
        expect(response.json().error.code).toBe('NOT_FOUND');
      }
      const wider = await admin.request('GET', `/api/regions/children?parent=${LINFEN}`);
      expect(wider.statusCode).toBe(200);
      expect(wider.json()).toContainEqual(expect.objectContaining({ code: YAODU, name: '尧都区' }));
    });

    it('refuses an ill-formed parent code, naming the field', async () => {
      for (const parent of ['1409', '14090000000x', '140900000001', '000000000000']) {
        const response = await xinzhou.request('GET', `/api/regions/children?parent=${parent}`);
        expect(response.statusCode, parent).toBe(400);
        expect(response.json().error).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [expect.objectContaining({ field: 'querystring.parent' })],
        });
      }
    });

    it('needs a session', async () => {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/regions/children' });
      expect(response.statusCode).toBe(401);
    });
  });

  describe('one region and its path', () => {
    it('answers a region of the scope and 404 outside it', async () => {
      const xinfu = await xinzhou.request('GET', `/api/regions/${XINFU}`);
      expect(xinfu.statusCode).toBe(200);
      expect(xinfu.json()).toEqual({
        code: XINFU,
        name: '忻府区',
        level: 3,
        parentCode: XINZHOU,
        hasChildren: true,
      });
      for (const code of [YAODU, SHANXI, '140902999000']) {
        const response = await xinzhou.request('GET', `/api/regions/${code}`);
        expect(response.statusCode, code).toBe(404);
        expect(response.json().error.code).toBe('NOT_FOUND');
      }
    });

    it('lists the path from the province down, marking the ancestors above the scope', async () => {
      const response = await xinzhou.request('GET', `/api/regions/${DONGDAJIE}/path`);
      expect(response.statusCode).toBe(200);
      const path = response.json() as Array<{ code: string; name: string; isWithinScope: boolean }>;
      expect(path.map((r) => [r.code, r.name, r.isWithinScope])).toEqual([
        [SHANXI, '山西省', false],
        [XINZHOU, '忻州市', true],
        [XINFU, '忻府区', true],
        [XIURONG, '秀容街道', true],
        [DONGDAJIE, '东大街社区居民委员会', true],
      ]);
      const own = await admin.request('GET', `/api/regions/${SHANXI}/path`);
      expect(own.json()).toEqual([
        { code: SHANXI, name: '山西省', level: 1, parentCode: null, hasChildren: true, isWithinScope: true },
      ]);
      const outside = await xinzhou.request('GET', `/api/regions/${YAODU}/path`);
      expect(outside.statusCode).toBe(404);
    });

    it('refuses ill-formed codes, naming the field', async () => {
      for (const url of ['/api/regions/abc', '/api/regions/1409', `/api/regions/140900000001/path`]) {
        const response = await xinzhou.request('GET', url);
        expect(response.statusCode, url).toBe(400);
        expect(response.json().error.details).toEqual([expect.objectContaining({ field: 'params.code' })]);
      }
    });
  });

  describe('search', () => {
    it('finds names within the scope, higher levels first, with their full path', async () => {
      const response = await xinzhou.request('GET', `/api/regions/search?q=${encodeURIComponent('忻府')}`);
      expect(response.statusCode).toBe(200);
      const results = response.json() as Array<{ code: string; path: string; level: number }>;
      expect(results[0]).toEqual({
        code: XINFU,
        name: '忻府区',
        level: 3,
        parentCode: XINZHOU,
        path: '山西省/忻州市/忻府区',
      });
      expect(results.map((r) => r.level)).toEqual(results.map((r) => r.level).toSorted());
      expect(results.every((r) => r.code.startsWith('1409'))).toBe(true);
    });

    it('finds nothing outside the scope', async () => {
      const url = `/api/regions/search?q=${encodeURIComponent('尧都')}`;
      const mine = await xinzhou.request('GET', url);
      expect(mine.statusCode).toBe(200);
      expect(mine.json()).toEqual([]);
      const all = (await admin.request('GET', url)).json() as Array<{ code: string; path: string }>;
      expect(all[0]).toMatchObject({ code: YAODU, path: '山西省/临汾市/尧都区' });
      expect(all.find((r) => r.code === '141022103207')?.path).toMatch(
        /^山西省\/临汾市\/翼城县\/.+\/尧都村委会$/,
      );
    });

    it('applies the limit and takes LIKE wildcards literally', async () => {
      const limited = await xinzhou.request(
        'GET',
        `/api/regions/search?q=${encodeURIComponent('村')}&limit=5`,
      );
      expect(limited.json()).toHaveLength(5);
      for (const q of ['%', '_', '\\']) {
        const response = await admin.request('GET', `/api/regions/search?q=${encodeURIComponent(q)}`);
        expect(response.statusCode, q).toBe(200);
        expect(response.json(), q).toEqual([]);
      }
    });

    it('refuses a missing or oversized query, naming the field', async () => {
      for (const [url, field] of [
        ['/api/regions/search', 'querystring.q'],
        ['/api/regions/search?q=%20', 'querystring.q'],
        ['/api/regions/search?q=a&limit=101', 'querystring.limit'],
      ] as const) {
        const response = await xinzhou.request('GET', url);
        expect(response.statusCode, url).toBe(400);
        expect(response.json().error.details).toContainEqual(expect.objectContaining({ field }));
      }
    });
  });

  it('documents the four routes in the OpenAPI document', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = response.json().paths as Record<string, Record<string, { tags?: string[] }>>;
    for (const url of [
      '/api/regions/children',
      '/api/regions/search',
      '/api/regions/{code}',
      '/api/regions/{code}/path',
    ]) {
      expect(paths[url]?.get?.tags, url).toEqual(['regions']);
    }
  });

  describe('queries', () => {
    it('keeps the compiled SQL of the tree and search queries', () => {
      const children = childRegionsQuery(ctx.db, XINZHOU).compile();
      expect(children.sql).toBe(
        forDialect(
          dialect,
          'select "region"."code", "region"."name", "region"."level", "region"."parent_code", exists (select ' +
            '"child"."code" from "region" as "child" where "child"."parent_code" = "region"."code") as ' +
            '"has_children" from "region" where "region"."parent_code" = ? order by "region"."code"',
        ),
      );
      expect(children.parameters).toEqual([XINZHOU]);

      const search = searchRegionsQuery(ctx.db, {
        text: '忻%',
        scope: [XINZHOU, LINFEN],
        limit: 20,
      }).compile();
      expect(search.sql).toBe(
        forDialect(
          dialect,
          'select "region"."code", "region"."name", "region"."level", "region"."parent_code" from "region" ' +
            'where ("region"."code" between ? and ? or "region"."code" between ? and ?) ' +
            `and "region"."name" like ? escape '\\' order by "region"."level", "region"."code" limit ?`,
        ),
      );
      expect(search.parameters).toEqual([
        '140900000000',
        '140999999999',
        '141000000000',
        '141099999999',
        '%忻\\%%',
        20,
      ]);
    });

    it.runIf(dialect === 'sqlite')('uses the indexes on SQLite', async () => {
      const plan = async (query: CompiledQuery) =>
        (
          await ctx.db.executeQuery(
            CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
          )
        ).rows
          .map((row) => (row as { detail: string }).detail)
          .join('\n');
      const children = childRegionsQuery(ctx.db, XINZHOU).compile();
      const search = searchRegionsQuery(ctx.db, { text: '忻', scope: [XINZHOU], limit: 20 }).compile();
      expect(await plan(children)).toMatch(
        /SEARCH region USING INDEX region_parent_code_idx \(parent_code=\?\)/,
      );
      expect(await plan(children)).toMatch(
        /SEARCH child USING INDEX region_parent_code_idx \(parent_code=\?\)/,
      );
      expect(await plan(search)).toMatch(
        /SEARCH region USING INDEX sqlite_autoindex_region_1 \(code>\? AND code<\?\)/,
      );
    });
  });

  describe('import', () => {
    it('re-imports without changing or duplicating anything, and repairs a changed name', async () => {
      const before = await countRegions(ctx.db);
      const again = await importRegions(ctx.db, { prefixes: TEST_REGION_PREFIXES });
      expect(again).toMatchObject({ total: before, changed: 0 });
      expect(await countRegions(ctx.db)).toBe(before);

      await ctx.db.updateTable('region').set({ name: '改错的名字' }).where('code', '=', XINFU).execute();
      const progress: number[] = [];
      const repaired = await importRegions(ctx.db, {
        prefixes: TEST_REGION_PREFIXES,
        onProgress: (done) => progress.push(done),
      });
      expect(repaired.changed).toBe(1);
      expect(progress.at(-1)).toBe(before);
      const row = await ctx.db
        .selectFrom('region')
        .select(['name', 'level', 'parentCode'])
        .where('code', '=', XINFU)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ name: '忻府区', level: 3, parentCode: XINZHOU });
    });

    it('adds a city next to the regions already there, and keeps the indexes of the first bulk load', async () => {
      const before = await countRegions(ctx.db);
      const result = await importRegions(ctx.db, { prefixes: ['1401'] });
      expect(result.changed).toBe(result.total - 1); // 山西省 was there already
      expect(await countRegions(ctx.db)).toBe(before + result.changed);
      const taiyuan = await admin.request('GET', '/api/regions/140100000000');
      expect(taiyuan.json()).toMatchObject({ name: '太原市', hasChildren: true });

      const indexes =
        dialect === 'postgres'
          ? sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'region'`
          : sql<{
              name: string;
            }>`select name from sqlite_master where type = 'index' and tbl_name = 'region'`;
      const names = (await indexes.execute(ctx.db)).rows.map((row) => row.name);
      expect(names).toEqual(expect.arrayContaining(['region_parent_code_idx', 'region_name_idx']));
    });
  });
});

describe('region source data', () => {
  it('reads all of China as a consistent tree: unique 12-digit codes, each parent present', async () => {
    const rows = await readDivisionRows({ all: true });
    expect(rows.length).toBeGreaterThan(600_000);
    const codes = new Set(rows.map((row) => row.code));
    expect(codes.size).toBe(rows.length);
    const broken = rows.filter(
      (row) =>
        !isRegionCode(row.code) ||
        row.level !== regionLevel(row.code) ||
        (row.parentCode === null ? row.level !== 1 : !codes.has(row.parentCode)),
    );
    expect(broken).toEqual([]);
    // 东莞市 has no counties: its towns hang from the city, which is there once.
    expect(rows.filter((row) => row.code === '441900000000')).toEqual([
      { code: '441900000000', name: '东莞市', level: 2, parentCode: '440000000000' },
    ]);
    expect(rows.find((row) => row.code === '441900003000')?.parentCode).toBe('441900000000');
  });

  it('tells well-formed codes from ill-formed ones', () => {
    // 140900001000 has the form of a town of a city without counties: well-formed, and 404 as it does not exist.
    const wellFormed = [
      '140000000000',
      '140900000000',
      '140902001002',
      '441900003000',
      '441900003001',
      '140900001000',
    ];
    for (const code of wellFormed) expect(isRegionCode(code), code).toBe(true);
    for (const code of [
      '000000000000',
      '140900000001',
      '140902000001',
      '140002000000',
      '441900000001',
      '1409',
    ]) {
      expect(isRegionCode(code), code).toBe(false);
    }
  });

  it('reads a prefix with its ancestors only', async () => {
    const rows = await readDivisionRows({ prefixes: ['140902'] });
    expect(rows.slice(0, 3).map((row) => row.name)).toEqual(['山西省', '忻州市', '忻府区']);
    expect(rows.every((row) => row.code.startsWith('140902') || row.level < 3)).toBe(true);
  });

  it('checks province codes for the command line', () => {
    const provinces = listDivisionProvinces();
    expect(provinces).toHaveLength(31);
    expect(provinces).toContainEqual({ code: '14', name: '山西省' });
    expect(parseProvinceCodes(['14', '61,62'], provinces)).toEqual({ codes: ['14', '61', '62'] });
    expect(parseProvinceCodes(['14，14'], provinces)).toEqual({ codes: ['14'] });
    expect(parseProvinceCodes(['99', '1409'], provinces)).toEqual({
      error: expect.stringContaining('未知的省级区划代码：99、1409'),
    });
  });
});
