import { Migrator, type Kysely, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_RULESET } from '@jiuye/domain/policy/index.ts';
import * as foundation from '../src/db/migrations/2026_11_22_000000_foundation.ts';
import * as registry from '../src/db/migrations/2026_11_22_010000_registry.ts';
import * as registryImport from '../src/db/migrations/2026_11_22_020000_registry_import.ts';
import * as registryPerformance from '../src/db/migrations/2026_11_22_030000_registry_performance.ts';
import * as policyGrants from '../src/db/migrations/2026_11_22_040000_policy_grants.ts';
import * as policyGrantRegion from '../src/db/migrations/2026_11_22_060000_policy_grant_region.ts';
import { nowIso } from '../src/db/create-db.ts';
import { importRegions } from '../src/modules/regions/region.import.ts';
import { idNumberIndexOf } from '../src/modules/registry/laborer.mapping.ts';
import {
  createTestApp,
  createTestDb,
  insertTestUser,
  login,
  TEST_REGION_PREFIXES,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import {
  CHANGZHENG_EAST,
  DONGDAJIE,
  makeIdNumber,
  PASSWORD,
  SHANGHUI,
  XINFU,
  XINZHOU,
  XIURONG,
  YAODU,
} from './registry-fixtures.ts';

/**
 * The grant ledger's region scope (lists show the grants of the view scope; writes stay inside the capture scope),
 * the upload and list routes, and recording a grant from an evaluation.
 */

const HEADER = ['证件号码', '待遇', '所属期起', '金额（元）', '决定日期', '依据'];
const label = (benefitId: string) => SEED_RULESET.index.benefits.get(benefitId)!.label;

function csv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return rows
    .map((row) => row.map((cell) => `"${String(cell).replaceAll('"', '""')}"`).join(','))
    .join('\r\n');
}

/** A multipart/form-data body with one file part. */
function multipart(fileName: string, content: string | Buffer) {
  const boundary = `----jiuye${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDialects())('grant ledger: scope, upload, list, record on %s', (dialect) => {
  let ctx: TestContext;
  let county: Agent; // county_staff of 忻府区 (capture = view = 忻府区)
  let linfen: Agent; // county_staff of 尧都区
  let city: Agent; // city_staff of 忻州市: a single region, but not a county
  let township: Agent; // township_staff of 秀容街道: policy:read only
  let xinfuIdNumber: string;
  let xinfuLaborerId: number;
  let yaoduIdNumber: string;
  const strangerIdNumber = makeIdNumber('1979-01-02'); // not in the registry

  async function createLaborer(agent: Agent, regionCode: string, name: string, idNumber: string) {
    const household = await agent.request('POST', '/api/households', {
      householdNumber: `H-${idNumber.slice(-6)}`,
      regionCode,
      householdType: 'alleviated',
    });
    expect(household.statusCode, household.body).toBe(201);
    const laborer = await agent.request('POST', '/api/laborers', {
      regionCode,
      householdId: household.json().id,
      name,
      idNumber,
      laborCapacity: 'full',
      spells: [
        {
          startMonth: '2026-02',
          employmentForm: 'employee',
          workArea: 'out_of_province',
          workRegionCode: '110105000000',
          employerName: '北京某物业公司',
          channel: 'migrant_work',
        },
      ],
      confirmWarnings: true,
    });
    expect(laborer.statusCode, laborer.body).toBe(201);
    return laborer.json().id as number;
  }

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const users = [
      { username: 'xinfu', roles: ['county_staff'], viewScope: [XINFU] },
      { username: 'yaodu', roles: ['county_staff'], viewScope: [YAODU] },
      { username: 'xinzhou', roles: ['city_staff'], viewScope: [XINZHOU] },
      { username: 'xiurong', roles: ['township_staff'], viewScope: [XIURONG] },
    ];
    for (const user of users) await insertTestUser(ctx.db, { ...user, password: PASSWORD });
    [county, linfen, city, township] = await Promise.all([
      login(ctx.app, 'xinfu', PASSWORD),
      login(ctx.app, 'yaodu', PASSWORD),
      login(ctx.app, 'xinzhou', PASSWORD),
      login(ctx.app, 'xiurong', PASSWORD),
    ]);
    xinfuIdNumber = makeIdNumber('1985-07-09');
    xinfuLaborerId = await createLaborer(county, DONGDAJIE, '赵六', xinfuIdNumber);
    yaoduIdNumber = makeIdNumber('1988-04-01', '1', '141002');
    await createLaborer(linfen, SHANGHUI, '钱七', yaoduIdNumber);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const upload = (agent: Agent, fileName: string, content: string | Buffer) => {
    const { body, headers } = multipart(fileName, content);
    return agent.request('POST', '/api/policy/grants/import', body, headers);
  };
  const grantCount = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('policyGrant')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('the library tells each case’s facts, caps and exclusivity, and the facts of each subject kind', async () => {
    const response = await township.request('GET', '/api/policy/library');
    expect(response.statusCode, response.body).toBe(200);
    const library = response.json();
    const person = library.factsBySubjectKind.find(
      (k: { subjectKind: string }) => k.subjectKind === 'person',
    );
    expect(person.facts).toContainEqual({
      name: 'departureDate',
      benefitIds: expect.arrayContaining(['cross_province_transport']),
    });
    const transport = library.benefits.find((b: { id: string }) => b.id === 'cross_province_transport');
    const limits = transport.cases.flatMap((c: { limits: unknown[] }) => c.limits);
    expect(limits.length).toBeGreaterThan(0);
    expect(limits[0]).toMatchObject({
      measure: expect.any(String),
      period: expect.stringMatching(/^(year|lifetime)$/u),
      maxParam: expect.any(String),
      benefitIds: expect.arrayContaining(['cross_province_transport']),
    });
    expect(transport.cases[0].facts).toContain('departureDate');
    const absorption = library.benefits.find((b: { id: string }) => b.id === 'absorption_subsidy');
    expect(absorption.cases.some((c: { exclusions: unknown[] }) => c.exclusions.length > 0)).toBe(true);
  });

  describe('region scope of an import', () => {
    it('refuses rows outside the capture scope, naming row and column, and writes nothing', async () => {
      const file = csv([
        [...HEADER, '区划代码'],
        // 2: fine — 忻府区's own labourer, region from the registry
        [xinfuIdNumber, label('free_training'), '2025-03-01', '0', '2025-03-02', '', ''],
        // 3: 尧都区's labourer, no region given: takes 尧都区, outside 忻府区
        [yaoduIdNumber, label('free_training'), '2025-03-01', '0', '2025-03-02', '', ''],
        // 4: region named, in 临汾市
        [strangerIdNumber, label('free_training'), '2025-03-01', '0', '2025-03-02', '', YAODU],
        // 5: a code that is no region; 6: a city code (not county or finer)
        [strangerIdNumber, label('free_training'), '2025-04-01', '0', '2025-04-02', '', '140999'],
        [strangerIdNumber, label('free_training'), '2025-05-01', '0', '2025-05-02', '', '1409'],
      ]);
      const response = await upload(county, 'scope.csv', file);
      expect(response.statusCode, response.body).toBe(422);
      const error = response.json().error;
      expect(error.code).toBe('FILE_REJECTED');
      const at = (row: number) =>
        error.details.filter(
          (d: { row?: number; field?: string }) => d.row === row && d.field === '区划代码',
        );
      expect(at(2)).toEqual([]);
      expect(at(3)[0].message).toContain('第3行 区划代码：');
      expect(at(3)[0].message).toContain('录入范围以外');
      // The other county's code is not disclosed.
      expect(at(3)[0].message).not.toContain('141002');
      expect(at(4)[0].message).toContain('不在您的录入范围内');
      expect(at(5)[0].message).toContain('不存在');
      expect(at(6)[0].message).toContain('县级或以下');
      expect(await grantCount()).toBe(0);
      // The refusal is in the operation log, with the rows named.
      const log = await ctx.db
        .selectFrom('operationLog')
        .select(['result', 'detail'])
        .where('action', '=', 'policy.grants.import')
        .execute();
      expect(log).toHaveLength(1);
      expect(log[0]!.result).not.toBe('success');
    });

    it('asks a user of a wider scope to name the region of a person not in the registry', async () => {
      const file = csv([
        HEADER,
        [strangerIdNumber, label('free_training'), '2025-03-01', '0', '2025-03-02', ''],
      ]);
      const refused = await upload(city, 'city.csv', file);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error.details).toEqual([
        expect.objectContaining({
          row: 2,
          field: '区划代码',
          message: expect.stringContaining('第2行 区划代码：'),
        }),
      ]);
      const named = csv([
        [...HEADER, '发放地'],
        [strangerIdNumber, label('free_training'), '2025-03-01', '0', '2025-03-02', '', '140902'],
      ]);
      const accepted = await upload(city, 'city-named.csv', named);
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json()).toEqual({ rows: 1, inserted: 1, skipped: 0 });
      const row = await ctx.db
        .selectFrom('policyGrant')
        .select(['regionCode', 'personIdMasked', 'origin'])
        .executeTakeFirstOrThrow();
      expect({ ...row, regionCode: row.regionCode.trim() }).toEqual({
        regionCode: XINFU,
        personIdMasked: `${strangerIdNumber.slice(0, 4)}**********${strangerIdNumber.slice(-4)}`,
        origin: 'import',
      });
    });

    it('gives a county clerk’s rows their own county, and a registered person’s rows the 户籍地', async () => {
      const file = csv([
        HEADER,
        [
          strangerIdNumber,
          label('cross_province_transport'),
          '2025-02-01',
          '800',
          '2025-02-10',
          '忻府区台账',
        ],
        [xinfuIdNumber, label('training_living_allowance'), '2025-05-01', '180', '2025-06-01', ''],
      ]);
      const response = await upload(county, '忻府区台账.csv', `\uFEFF${file}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ rows: 2, inserted: 2, skipped: 0 });
      const rows = await ctx.db
        .selectFrom('policyGrant')
        .select(['benefitId', 'regionCode'])
        .where('benefitId', 'in', ['cross_province_transport', 'training_living_allowance'])
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [r.benefitId, r.regionCode.trim()])).toEqual([
        ['cross_province_transport', XINFU],
        ['training_living_allowance', DONGDAJIE],
      ]);
      const log = await ctx.db
        .selectFrom('operationLog')
        .select(['detail'])
        .where('action', '=', 'policy.grants.import')
        .where('result', '=', 'success')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(log.detail ?? '{}')).toMatchObject({ file: '忻府区台账.csv', inserted: 2 });
    });
  });

  describe('the upload route', () => {
    it('is refused without policy:grant (403) and for a hostile file, and hands out the template', async () => {
      const file = csv([
        HEADER,
        [xinfuIdNumber, label('free_training'), '2024-03-01', '0', '2024-03-02', ''],
      ]);
      const before = await grantCount();
      const refused = await upload(township, 'a.csv', file);
      expect(refused.statusCode).toBe(403);
      expect((await township.request('GET', '/api/policy/grants/template')).statusCode).toBe(403);
      const xls = await upload(
        county,
        'old.xls',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      );
      expect(xls.statusCode).toBe(400);
      expect(xls.json().error.message).toContain('.xls');
      const notMultipart = await county.request('POST', '/api/policy/grants/import', {});
      expect(notMultipart.statusCode).toBe(400);
      expect(await grantCount()).toBe(before);

      const template = await county.request('GET', '/api/policy/grants/template');
      expect(template.statusCode).toBe(200);
      expect(template.headers['content-type']).toContain('spreadsheetml');
      expect(template.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    });

    it('answers 422 naming every bad cell, changing nothing; then the fixed file imports', async () => {
      const before = await grantCount();
      const bad = csv([
        HEADER,
        [xinfuIdNumber, label('free_training'), '2024-06-01', '0', '2024-06-02', ''],
        [xinfuIdNumber, '不存在的补贴', '2024-07-01', '0', '2024-07-02', ''],
        [xinfuIdNumber, label('free_training'), '2024-13-01', 'abc', '2024-08-02', ''],
      ]);
      const refused = await upload(county, 'bad.csv', bad);
      expect(refused.statusCode, refused.body).toBe(422);
      const details = refused.json().error.details as Array<{ row: number; field: string; message: string }>;
      expect(details.map((d) => [d.row, d.field])).toEqual([
        [3, '待遇'],
        [4, '所属期起'],
        [4, '金额（元）'],
      ]);
      expect(await grantCount()).toBe(before);
      const fixed = bad
        .replace('不存在的补贴', label('free_training'))
        .replace('2024-13-01', '2024-08-01')
        .replace('abc', '0');
      const accepted = await upload(county, 'fixed.csv', fixed);
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json()).toEqual({ rows: 3, inserted: 3, skipped: 0 });
      expect(await grantCount()).toBe(before + 3);
    });
  });

  describe('the grant list', () => {
    it('shows the grants of the caller’s scope with masked ID numbers, filtered', async () => {
      const all = await county.request('GET', '/api/policy/grants?pageSize=100');
      expect(all.statusCode, all.body).toBe(200);
      const page = all.json();
      expect(page.total).toBe(page.items.length);
      expect(page.total).toBeGreaterThanOrEqual(6);
      for (const item of page.items) expect(item.regionCode.startsWith('140902')).toBe(true);
      expect(all.body).not.toContain(xinfuIdNumber);
      expect(all.body).not.toContain(strangerIdNumber);
      expect(all.body).not.toContain('personIdIndex');
      const own = page.items.find((i: { benefitId: string }) => i.benefitId === 'training_living_allowance');
      expect(own).toMatchObject({
        personName: '赵六',
        laborerId: xinfuLaborerId,
        personIdMasked: `${xinfuIdNumber.slice(0, 4)}**********${xinfuIdNumber.slice(-4)}`,
        regionCode: DONGDAJIE,
        benefitLabel: label('training_living_allowance'),
        amountFen: 18_000,
      });
      // Latest decision first.
      const dates = page.items.map((i: { decidedOn: string }) => i.decidedOn);
      expect(dates).toEqual([...dates].sort().reverse());

      // An ID number travels in the body (POST …/search), never in a URL; the other filters work there too.
      const byPerson = await county.request('POST', '/api/policy/grants/search', {
        idNumber: strangerIdNumber.toLowerCase(),
      });
      expect(byPerson.statusCode, byPerson.body).toBe(200);
      expect(byPerson.json().items.length).toBeGreaterThanOrEqual(2);
      for (const item of byPerson.json().items) expect(item.personName).toBeNull();
      const byBenefit = await county.request('GET', '/api/policy/grants?benefitId=cross_province_transport');
      expect(byBenefit.json().items.map((i: { benefitId: string }) => i.benefitId)).toEqual([
        'cross_province_transport',
      ]);
      const byPeriod = await county.request(
        'GET',
        '/api/policy/grants?periodFrom=2024-06-01&periodTo=2024-08-31',
      );
      expect(byPeriod.json().total).toBe(3);
      const paged = await county.request('GET', '/api/policy/grants?page=2&pageSize=2');
      expect(paged.json()).toMatchObject({ page: 2, pageSize: 2, total: page.total });
      expect(paged.json().items).toHaveLength(2);

      const searchedPage = await county.request('POST', '/api/policy/grants/search', {
        idNumber: strangerIdNumber,
        page: 1,
        pageSize: 1,
      });
      expect(searchedPage.json()).toMatchObject({ page: 1, pageSize: 1, total: byPerson.json().total });
      const badId = await county.request('POST', '/api/policy/grants/search', { idNumber: '123' });
      expect(badId.statusCode).toBe(400);
      expect(badId.json().error.details[0].field).toBe('idNumber');
    });

    it('shows another county nothing of these, and answers 404 for a region outside the scope', async () => {
      const other = await linfen.request('GET', '/api/policy/grants');
      expect(other.statusCode).toBe(200);
      expect(other.json()).toMatchObject({ total: 0, items: [] });
      const byId = await linfen.request('POST', '/api/policy/grants/search', { idNumber: xinfuIdNumber });
      expect(byId.json().total).toBe(0);
      expect((await linfen.request('GET', `/api/policy/grants?regionCode=${XINFU}`)).statusCode).toBe(404);
      // A township sees its own part of the county only.
      const part = await township.request('GET', '/api/policy/grants');
      expect(part.statusCode).toBe(200);
      for (const item of part.json().items) expect(item.regionCode.startsWith('140902001')).toBe(true);
      expect(part.json().total).toBeGreaterThan(0);
      expect(
        (await township.request('GET', `/api/policy/grants?regionCode=${CHANGZHENG_EAST}`)).statusCode,
      ).toBe(404);
    });
  });

  describe('recording a grant from an evaluation', () => {
    const evaluateTransport = (agent: Agent) =>
      agent.request('POST', '/api/policy/evaluate', {
        laborerId: xinfuLaborerId,
        asOf: '2026-03-15',
        benefitIds: ['cross_province_transport'],
      });

    it('records an applicable grant; the second evaluation shows the cap, and a second recording is refused', async () => {
      const first = await evaluateTransport(county);
      expect(first.statusCode, first.body).toBe(200);
      const evaluated = first.json();
      expect(evaluated.results[0]).toMatchObject({ status: 'eligible', amountFen: 80_000 });

      const denied = await township.request('POST', '/api/policy/grants', {
        laborerId: xinfuLaborerId,
        benefitId: 'cross_province_transport',
        asOf: '2026-03-15',
        rulesetVersion: evaluated.rulesetVersion,
      });
      expect(denied.statusCode).toBe(403);

      const stale = await county.request('POST', '/api/policy/grants', {
        laborerId: xinfuLaborerId,
        benefitId: 'cross_province_transport',
        asOf: '2026-03-15',
        rulesetVersion: 'not-the-version',
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('rulesetVersion');

      const tooMuch = await county.request('POST', '/api/policy/grants', {
        laborerId: xinfuLaborerId,
        benefitId: 'cross_province_transport',
        asOf: '2026-03-15',
        amountFen: 90_000,
        rulesetVersion: evaluated.rulesetVersion,
      });
      expect(tooMuch.statusCode).toBe(400);
      expect(tooMuch.json().error.details[0].field).toBe('amountFen');

      const recorded = await county.request('POST', '/api/policy/grants', {
        laborerId: xinfuLaborerId,
        benefitId: 'cross_province_transport',
        asOf: '2026-03-15',
        rulesetVersion: evaluated.rulesetVersion,
        decidedOn: '2026-03-16',
        source: '忻人社〔2026〕1号',
      });
      expect(recorded.statusCode, recorded.body).toBe(201);
      expect(recorded.json()).toMatchObject({
        benefitId: 'cross_province_transport',
        amountFen: 80_000,
        periodStart: '2026-03-15',
        decidedOn: '2026-03-16',
        regionCode: DONGDAJIE,
        origin: 'decision',
        rulesetVersion: evaluated.rulesetVersion,
        personName: '赵六',
      });
      const audit = await ctx.db
        .selectFrom('operationLog')
        .select(['targetId', 'result'])
        .where('action', '=', 'policy.grants.record')
        .where('result', '=', 'success')
        .execute();
      expect(audit).toEqual([{ targetId: String(recorded.json().id), result: 'success' }]);

      const second = await evaluateTransport(county);
      expect(second.json().results[0].status).toBe('cap_reached');

      const again = await county.request('POST', '/api/policy/grants', {
        laborerId: xinfuLaborerId,
        benefitId: 'cross_province_transport',
        asOf: '2026-03-15',
        rulesetVersion: evaluated.rulesetVersion,
        decidedOn: '2026-03-17',
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toContain('现在不能享受');
      expect(again.json().error.details[0]).toMatchObject({ field: 'benefitId', code: 'cap_reached' });
      const held = await ctx.db
        .selectFrom('policyGrant')
        .select('id')
        .where('benefitId', '=', 'cross_province_transport')
        .where('personIdIndex', '=', idNumberIndexOf(ctx.keyRing, xinfuIdNumber))
        .execute();
      expect(held).toHaveLength(1);
    });

    it('answers 404 for a labourer outside the view scope and refuses a region outside the capture scope', async () => {
      const outside = await linfen.request('POST', '/api/policy/grants', {
        laborerId: xinfuLaborerId,
        benefitId: 'free_training',
        asOf: '2026-03-15',
        rulesetVersion: SEED_RULESET.version,
      });
      expect(outside.statusCode).toBe(404);
      const region = await county.request('POST', '/api/policy/grants', {
        laborerId: xinfuLaborerId,
        benefitId: 'free_training',
        asOf: '2026-03-15',
        rulesetVersion: SEED_RULESET.version,
        regionCode: YAODU,
      });
      expect(region.statusCode).toBe(404);
      expect(region.json().error.details[0].field).toBe('regionCode');
    });
  });
});

describe.each(testDialects())('migration 2026_11_22_060000 on %s', (dialect) => {
  it('gives older grants the labourer’s 户籍地, else the importer’s only county, else the unknown region', async () => {
    const testDb = await createTestDb(dialect);
    try {
      const migrations: Record<string, Migration> = {
        '2026_11_22_000000_foundation': foundation,
        '2026_11_22_010000_registry': registry,
        '2026_11_22_020000_registry_import': registryImport,
        '2026_11_22_030000_registry_performance': registryPerformance,
        '2026_11_22_040000_policy_grants': policyGrants,
        '2026_11_22_060000_policy_grant_region': policyGrantRegion,
      };
      const migrator = new Migrator({ db: testDb.db, provider: { getMigrations: async () => migrations } });
      const before = await migrator.migrateTo('2026_11_22_040000_policy_grants');
      expect(before.error).toBeUndefined();
      await importRegions(testDb.db, { prefixes: TEST_REGION_PREFIXES });
      // The raw tables, as the migration sees them (snake_case, no typed schema).
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const db = testDb.db.withoutPlugins() as unknown as Kysely<any>;
      const now = nowIso();
      const countyUser = await insertTestUser(testDb.db, {
        username: 'county',
        password: PASSWORD,
        roles: ['county_staff'],
        viewScope: [XINFU],
      });
      const cityUser = await insertTestUser(testDb.db, {
        username: 'city',
        password: PASSWORD,
        roles: ['city_staff'],
        viewScope: [XINZHOU],
      });
      await db
        .insertInto('laborer')
        .values({
          region_code: DONGDAJIE,
          name: '孙八',
          name_initials: 'sb',
          id_number_cipher: 'x',
          id_number_index: 'index-registered',
          id_number_masked: '1409**********0001',
          id_last4: '0001',
          sex: '1',
          birth_date: '1980-01-01',
          labor_capacity: 'full',
          employment_status: 'unemployed',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const grant = (key: string, personIdIndex: string | null, createdBy: number | null) => ({
        subject_kind: 'person',
        person_id_index: personIdIndex,
        benefit_id: 'free_training',
        period_start: '2025-01-01',
        amount_fen: 0,
        decided_on: '2025-01-02',
        origin: 'import',
        grant_key: key,
        created_by: createdBy,
        created_at: now,
      });
      await db
        .insertInto('policy_grant')
        .values([
          grant('registered', 'index-registered', cityUser),
          grant('county-import', 'index-stranger', countyUser),
          grant('city-import', 'index-stranger', cityUser),
          grant('nobody', null, null),
        ])
        .execute();
      const after = await migrator.migrateToLatest();
      expect(after.error).toBeUndefined();
      const rows = await db
        .selectFrom('policy_grant')
        .select(['grant_key', 'region_code', 'person_id_masked'])
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [r.grant_key, String(r.region_code).trim(), r.person_id_masked])).toEqual([
        ['registered', DONGDAJIE, '1409**********0001'],
        ['county-import', XINFU, null],
        ['city-import', '000000000000', null],
        ['nobody', '000000000000', null],
      ]);
      const down = await migrator.migrateTo('2026_11_22_040000_policy_grants');
      expect(down.error).toBeUndefined();
    } finally {
      await testDb.destroy();
    }
  });
});
