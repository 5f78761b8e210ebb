import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blindIndex } from '../src/lib/field-crypto.ts';
import {
  ADMIN_PASSWORD,
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import {
  CHANGZHENG,
  CHANGZHENG_EAST,
  DONGDAJIE,
  GUZHONG,
  laborerBody,
  makeIdNumber,
  outsideSpell,
  PASSWORD,
  SHANGHUI,
  XINFU,
  XINZHOU,
  XIURONG,
  YAODU,
  YUANPING_VILLAGE,
} from './registry-fixtures.ts';

describe.each(testDialects())('registry on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Agent;
  let county: Agent; // county_staff of 忻府区
  let township: Agent; // township_staff of 秀容街道
  let city: Agent; // city_staff of 忻州市
  let linfen: Agent; // county_staff of 尧都区 (临汾市)

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const users = [
      { username: 'xinfu', roles: ['county_staff'], viewScope: [XINFU] },
      { username: 'xiurong', roles: ['township_staff'], viewScope: [XIURONG] },
      { username: 'xinzhou', roles: ['city_staff'], viewScope: [XINZHOU] },
      { username: 'yaodu', roles: ['county_staff'], viewScope: [YAODU] },
    ];
    for (const user of users) await insertTestUser(ctx.db, { ...user, password: PASSWORD });
    [admin, county, township, city, linfen] = await Promise.all([
      login(ctx.app, 'admin', ADMIN_PASSWORD),
      login(ctx.app, 'xinfu', PASSWORD),
      login(ctx.app, 'xiurong', PASSWORD),
      login(ctx.app, 'xinzhou', PASSWORD),
      login(ctx.app, 'yaodu', PASSWORD),
    ]);
  });
  afterAll(async () => ctx?.close());

  async function createLaborer(agent: Agent, overrides: Record<string, unknown> = {}) {
    const response = await agent.request('POST', '/api/laborers', laborerBody(overrides));
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number; [key: string]: unknown };
  }

  describe('reference data', () => {
    it('serves every code list with labels, order and era', async () => {
      const response = await county.request('GET', '/api/dictionaries');
      expect(response.statusCode).toBe(200);
      const { dictionaries } = response.json();
      expect(dictionaries.labor_capacity.map((item: { code: string }) => item.code)).toEqual([
        'full',
        'skilled',
        'weak_or_half',
        'lost',
        'none',
      ]);
      expect(dictionaries.monitoring_category[2]).toMatchObject({
        code: 'sudden_hardship',
        label: '突发严重困难户',
        eraFrom: '2021-01-01',
      });
      expect(Object.keys(dictionaries)).toContain('service_need');
    });

    it('loads the 2022 大典 with its levels, parents and L/S flags, idempotently', async () => {
      const count = await ctx.db
        .selectFrom('occupation')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(2047);
      const { seedRegistryReferenceData } = await import('../src/modules/registry/reference-data.ts');
      await seedRegistryReferenceData(ctx.db);
      const again = await ctx.db
        .selectFrom('occupation')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(again.n)).toBe(2047);

      const roots = await county.request('GET', '/api/occupations');
      expect(roots.json().items).toHaveLength(8);
      const search = await county.request('GET', '/api/occupations?q=保洁员');
      expect(search.json().items[0]).toMatchObject({
        code: '4-09-08-01',
        name: '保洁员',
        level: 4,
        parentCode: '4-09-08-00',
        isGreen: true,
        isDigital: false,
        hasChildren: false,
      });
      const both = await county.request('GET', '/api/occupations?q=2-02-02-07');
      expect(both.json().items[0]).toMatchObject({
        name: '地理信息系统工程技术人员',
        isGreen: true,
        isDigital: true,
      });
      const children = await county.request('GET', '/api/occupations?parent=6-18-02-00');
      expect(children.json().items.map((item: { code: string }) => item.code)).toContain('6-18-02-04');
    });
  });

  describe('households', () => {
    it('creates a household in a village of the capture scope; 户编号 unique within the county', async () => {
      const created = await township.request('POST', '/api/households', {
        householdNumber: '140902001002-0001',
        regionCode: DONGDAJIE,
        householdType: 'monitored',
        monitoringCategory: 'edge_at_risk',
        headName: '李四',
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ countyCode: '140902', memberCount: 0, isRiskEliminated: false });

      const duplicate = await county.request('POST', '/api/households', {
        householdNumber: '140902001002-0001',
        regionCode: CHANGZHENG_EAST,
        householdType: 'alleviated',
      });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error).toMatchObject({
        code: 'ALREADY_EXISTS',
        details: [{ field: 'householdNumber' }],
      });
      // Another county may use the same number.
      const elsewhere = await linfen.request('POST', '/api/households', {
        householdNumber: '140902001002-0001',
        regionCode: SHANGHUI,
        householdType: 'alleviated',
      });
      expect(elsewhere.statusCode).toBe(201);
    });

    it('refuses a region above the village, an unknown code, and one outside the capture scope', async () => {
      const body = { householdNumber: 'H-X', householdType: 'alleviated' };
      const township_ = await county.request('POST', '/api/households', { ...body, regionCode: XIURONG });
      expect(township_.statusCode).toBe(400);
      expect(township_.json().error.details[0]).toMatchObject({
        field: 'regionCode',
        code: 'region_not_village',
      });
      const outside = await township.request('POST', '/api/households', {
        ...body,
        regionCode: CHANGZHENG_EAST,
      });
      expect(outside.statusCode).toBe(404);
      const badType = await county.request('POST', '/api/households', {
        ...body,
        regionCode: DONGDAJIE,
        householdType: 'rich',
      });
      expect(badType.statusCode).toBe(400);
      expect(badType.json().error.details[0]).toMatchObject({ field: 'householdType', code: 'invalid_code' });
    });

    it('lists by filters inside the scope and shows members in the detail', async () => {
      const household = await county.request('POST', '/api/households', {
        householdNumber: 'CZ-0007',
        regionCode: CHANGZHENG_EAST,
        householdType: 'alleviated',
        headName: '王五',
      });
      const householdId = household.json().id;
      await createLaborer(county, {
        regionCode: CHANGZHENG_EAST,
        householdId,
        name: '王五',
        relationToHead: '02',
      });
      const list = await county.request('GET', '/api/households?headName=王&householdType=alleviated');
      expect(list.json().items.map((h: { householdNumber: string }) => h.householdNumber)).toEqual([
        'CZ-0007',
      ]);
      expect(list.json().items[0].memberCount).toBe(1);
      const fromTownship = await township.request('GET', '/api/households?householdNumber=CZ');
      expect(fromTownship.json().total).toBe(0);
      expect((await township.request('GET', `/api/households/${householdId}`)).statusCode).toBe(404);
      const detail = await county.request('GET', `/api/households/${householdId}`);
      expect(detail.json().members).toEqual([
        expect.objectContaining({
          name: '王五',
          relationToHead: '02',
          idNumberMasked: expect.stringMatching(/^1409\*{10}/),
        }),
      ]);
    });

    it('filters by risk type and whether the risk is eliminated', async () => {
      const make = (householdNumber: string, riskType: string, isRiskEliminated: boolean) =>
        county.request('POST', '/api/households', {
          householdNumber,
          regionCode: CHANGZHENG_EAST,
          householdType: 'monitored',
          riskType,
          isRiskEliminated,
          ...(isRiskEliminated ? { riskEliminatedOn: '2025-06-30' } : {}),
        });
      for (const response of [
        await make('RISK-1', '因病', false),
        await make('RISK-2', '因病', true),
        await make('RISK-3', '因残', false),
      ])
        expect(response.statusCode, response.body).toBe(201);
      const numbers = async (query: string) =>
        (await county.request('GET', `/api/households?householdNumber=RISK&${query}`))
          .json()
          .items.map((h: { householdNumber: string }) => h.householdNumber)
          .sort();
      expect(await numbers(`riskType=${encodeURIComponent('病')}`)).toEqual(['RISK-1', 'RISK-2']);
      expect(await numbers('isRiskEliminated=false')).toEqual(['RISK-1', 'RISK-3']);
      expect(await numbers(`isRiskEliminated=true&riskType=${encodeURIComponent('因病')}`)).toEqual([
        'RISK-2',
      ]);
      const bad = await county.request('GET', '/api/households?isRiskEliminated=maybe');
      expect(bad.statusCode).toBe(400);
    });
  });

  describe('create a labourer', () => {
    it('stores the ID number encrypted, indexed and masked; derives sex, birth date, initials and status', async () => {
      const idNumber = makeIdNumber('1988-07-09', '2');
      const created = await createLaborer(township, {
        name: '单丽',
        idNumber: idNumber.toLowerCase(),
        sex: '2',
        phone: '138 0350 1234',
        bankAccount: '6222 0206 0000 0000 000',
        education: '70',
        skills: ['6-18-02-04'],
        jobIntention: 'migrant',
        serviceNeeds: ['job_referral'],
        spells: [outsideSpell()],
        confirmWarnings: true,
      });
      const row = await ctx.db
        .selectFrom('laborer')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.idNumberCipher).not.toContain(idNumber);
      expect(row.idNumberCipher).not.toContain(idNumber.slice(6, 14));
      expect(row.idNumberIndex).toBe(blindIndex(ctx.keyRing, 'idNumber', idNumber));
      expect(row).toMatchObject({
        idNumberMasked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
        idLast4: idNumber.slice(-4),
        sex: '2',
        birthDate: '1988-07-09',
        nameInitials: 'sl',
        phoneMasked: '138****1234',
        employmentStatus: 'employed',
        workArea: 'province',
        regionCode: DONGDAJIE,
      });
      expect(row.phoneCipher).not.toContain('13803501234');
      expect(row.workRegionCode?.trim()).toBe(YAODU);
      const spells = await ctx.db
        .selectFrom('employmentSpell')
        .selectAll()
        .where('laborerId', '=', created.id)
        .execute();
      expect(spells).toHaveLength(1);
      expect(spells[0]).toMatchObject({
        startMonth: '2024-03',
        monthlyIncomeFen: 450_000,
        channel: 'migrant_work',
      });

      const history = await ctx.db
        .selectFrom('laborerChange')
        .select(['field', 'oldValue', 'newValue', 'source', 'username'])
        .where('laborerId', '=', created.id)
        .execute();
      const idChange = history.find((change) => change.field === 'idNumber');
      expect(idChange).toMatchObject({ oldValue: null, newValue: row.idNumberMasked, username: 'xiurong' });
      expect(JSON.stringify(history)).not.toContain(idNumber);
      expect(JSON.stringify(history)).not.toContain('13803501234');
      const log = await ctx.db
        .selectFrom('operationLog')
        .select(['action', 'result', 'detail'])
        .where('action', '=', 'registry.laborer.create')
        .where('targetId', '=', String(created.id))
        .execute();
      expect(log).toHaveLength(1);
      expect(log[0]!.detail).not.toContain(idNumber);
    });

    it('converts a 15-digit number', async () => {
      const created = await createLaborer(county, { name: '老号', idNumber: '140902650315101' });
      expect(created).toMatchObject({ basic: { birthDate: '1965-03-15', sex: '1' } });
    });

    const spell = outsideSpell;
    it.each([
      {
        why: 'check digit',
        body: { idNumber: '140902199003150011' },
        field: 'idNumber',
        code: 'id_number_check_digit',
      },
      {
        why: 'declared sex',
        body: { idNumber: makeIdNumber('1990-01-01', '1'), sex: '2' },
        field: 'sex',
        code: 'sex_mismatch',
      },
      {
        why: 'declared birth date',
        body: { idNumber: makeIdNumber('1990-01-01', '1'), birthDate: '1990-01-02' },
        field: 'birthDate',
        code: 'birth_date_mismatch',
      },
      { why: 'phone', body: { phone: '12345' }, field: 'phone', code: 'phone_format' },
      {
        why: 'bank account',
        body: { bankAccount: '12AB' },
        field: 'bankAccount',
        code: 'bank_account_format',
      },
      { why: 'dictionary code', body: { education: '99' }, field: 'education', code: 'invalid_code' },
      { why: 'occupation', body: { skills: ['9-99-99-99'] }, field: 'skills[0]', code: 'occupation_unknown' },
      {
        why: 'intended occupation',
        body: { intendedOccupationCode: '9-99-99-99' },
        field: 'intendedOccupationCode',
        code: 'occupation_unknown',
      },
      {
        why: 'work region too coarse',
        body: { spells: [spell({ workRegionCode: '140000000000', workArea: 'township' })] },
        field: 'spells[0].workRegionCode',
        code: 'work_region_too_coarse',
      },
      {
        why: 'work region of no province',
        body: { spells: [spell({ workRegionCode: '990100000000', workArea: 'out_of_province' })] },
        field: 'spells[0].workRegionCode',
        code: 'work_region_unknown',
      },
      {
        why: 'work region missing from a loaded province',
        body: { spells: [spell({ workRegionCode: '140999000000', workArea: 'province' })] },
        field: 'spells[0].workRegionCode',
        code: 'work_region_unknown',
      },
      {
        why: 'welfare post outside the county',
        body: { spells: [spell({ channel: 'welfare_post' })] },
        field: 'spells[0].channel',
        code: 'channel_outside_county',
      },
      {
        why: 'overlapping spells',
        body: {
          spells: [spell({ startMonth: '2023-01', endMonth: '2024-06' }), spell({ startMonth: '2024-01' })],
        },
        field: 'spells[1].startMonth',
        code: 'spells_overlap',
      },
      {
        why: 'work before 16',
        body: { idNumber: makeIdNumber('2010-05-01'), spells: [spell({ startMonth: '2025-01' })] },
        field: 'spells[0].startMonth',
        code: 'work_before_16',
      },
      {
        why: 'transport subsidy within the county',
        body: {
          spells: [spell({ workArea: 'county', workRegionCode: '140902002000', hasTransportSubsidy: true })],
        },
        field: 'spells[0].hasTransportSubsidy',
        code: 'transport_subsidy_within_county',
      },
      {
        why: 'planned work without service need',
        body: { jobIntention: 'migrant' },
        field: 'serviceNeeds',
        code: 'service_need_missing',
      },
      {
        why: 'employed without labour capacity',
        body: { laborCapacity: 'none', spells: [spell()] },
        field: 'laborCapacity',
        code: 'employed_without_capacity',
      },
      {
        why: 'work area against work region',
        body: { spells: [spell({ workArea: 'out_of_province' })] },
        field: 'spells[0].workArea',
        code: 'work_area_mismatch',
      },
    ])('refuses with 400 and writes nothing: $why', async ({ body, field, code }) => {
      const before = await ctx.db
        .selectFrom('laborer')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const response = await county.request(
        'POST',
        '/api/laborers',
        laborerBody({ ...body, confirmWarnings: true }),
      );
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.details).toContainEqual(expect.objectContaining({ field, code }));
      const after = await ctx.db
        .selectFrom('laborer')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('takes a work place in a province whose regions are not loaded by its province alone', async () => {
      const response = await county.request(
        'POST',
        '/api/laborers',
        laborerBody({
          confirmWarnings: true,
          spells: [outsideSpell({ workRegionCode: '110105000000', workArea: 'out_of_province' })],
        }),
      );
      expect(response.statusCode, response.body).toBe(201);
    });

    it('asks to confirm warnings (409) and saves once they are confirmed', async () => {
      const body = laborerBody({ name: '低收入', spells: [outsideSpell({ monthlyIncomeFen: 5_000 })] });
      const first = await county.request('POST', '/api/laborers', body);
      expect(first.statusCode).toBe(409);
      expect(first.json().error).toMatchObject({
        code: 'CONFIRMATION_REQUIRED',
        details: [{ field: 'spells[0].monthlyIncomeFen', code: 'income_out_of_range', severity: 'warning' }],
      });
      const wrongCode = await county.request('POST', '/api/laborers', {
        ...body,
        confirmWarnings: ['other'],
      });
      expect(wrongCode.statusCode).toBe(409);
      const confirmed = await county.request('POST', '/api/laborers', {
        ...body,
        confirmWarnings: ['income_out_of_range'],
      });
      expect(confirmed.statusCode, confirmed.body).toBe(201);

      // Editing another field does not ask again for the warning already confirmed; a new warning is asked for.
      const id = confirmed.json().id as number;
      const edited = await county.request('PATCH', `/api/laborers/${id}`, { education: '60' });
      expect(edited.statusCode, edited.body).toBe(200);
      const lower = await county.request('PATCH', `/api/laborers/${id}`, {
        spells: [
          outsideSpell({ monthlyIncomeFen: 5_000 }),
          outsideSpell({ startMonth: '2020-01', endMonth: '2020-06', monthlyIncomeFen: 4_000 }),
        ],
      });
      expect(lower.statusCode, lower.body).toBe(409);
      expect(lower.json().error.details).toEqual([
        expect.objectContaining({ field: 'spells[1].monthlyIncomeFen', code: 'income_out_of_range' }),
      ]);
    });

    it('flags one phone across several households', async () => {
      const [first, second] = await Promise.all(
        ['PH-1', 'PH-2'].map((householdNumber) =>
          county.request('POST', '/api/households', {
            householdNumber,
            regionCode: GUZHONG,
            householdType: 'alleviated',
          }),
        ),
      );
      await createLaborer(county, {
        regionCode: GUZHONG,
        householdId: first!.json().id,
        phone: '13912345678',
      });
      const response = await county.request(
        'POST',
        '/api/laborers',
        laborerBody({ regionCode: GUZHONG, householdId: second!.json().id, phone: '139-1234-5678' }),
      );
      expect(response.statusCode).toBe(409);
      expect(response.json().error.details).toEqual([
        expect.objectContaining({
          code: 'phone_shared_by_households',
          message: expect.stringContaining('PH-1'),
        }),
      ]);
    });

    it('refuses a region that is not a village or outside the capture scope', async () => {
      const township_ = await county.request('POST', '/api/laborers', laborerBody({ regionCode: XIURONG }));
      expect(township_.statusCode).toBe(400);
      const outside = await township.request(
        'POST',
        '/api/laborers',
        laborerBody({ regionCode: CHANGZHENG_EAST }),
      );
      expect(outside.statusCode).toBe(404);
    });
  });

  describe('one ID number exists once', () => {
    it('names the holding region inside the view scope only', async () => {
      const idNumber = makeIdNumber('1979-11-30', '1');
      await createLaborer(township, { idNumber, name: '赵六' });
      const inScope = await city.request(
        'POST',
        '/api/laborers',
        laborerBody({ idNumber, regionCode: YUANPING_VILLAGE }),
      );
      expect(inScope.statusCode).toBe(409);
      expect(inScope.json().error.code).toBe('ID_NUMBER_EXISTS');
      expect(inScope.json().error.message).toContain('东大街社区');

      const outside = await linfen.request(
        'POST',
        '/api/laborers',
        laborerBody({ idNumber, regionCode: SHANGHUI }),
      );
      expect(outside.statusCode).toBe(409);
      expect(outside.json().error).toMatchObject({
        code: 'ID_NUMBER_EXISTS',
        details: [{ field: 'idNumber', message: '已在其他地区登记', canRequestTransfer: true }],
      });
      expect(outside.body).not.toMatch(/忻|东大街|1409|laborerId/);
    });

    it('lets only one of two simultaneous registrations of a number through', async () => {
      const idNumber = makeIdNumber('1981-08-08', '1');
      const responses = await Promise.all([
        county.request('POST', '/api/laborers', laborerBody({ idNumber, name: '并发甲' })),
        county.request('POST', '/api/laborers', laborerBody({ idNumber, name: '并发乙' })),
      ]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
      expect(responses.find((response) => response.statusCode === 409)!.json().error.code).toBe(
        'ID_NUMBER_EXISTS',
      );
    });

    it('transfers on request once the holding region accepts, and not when it refuses', async () => {
      const idNumber = makeIdNumber('1985-02-14', '2');
      const held = await createLaborer(township, { idNumber, name: '钱七' });

      const request = await linfen.request('POST', '/api/registry/transfers', {
        idNumber,
        toRegionCode: SHANGHUI,
        reason: '已在尧都区长期居住',
      });
      expect(request.statusCode, request.body).toBe(201);
      expect(request.json()).toMatchObject({ status: 'pending', fromRegionCode: null, laborerName: null });
      const again = await linfen.request('POST', '/api/registry/transfers', {
        idNumber,
        toRegionCode: SHANGHUI,
        reason: '重复申请',
      });
      expect(again.statusCode).toBe(409);

      // The requester cannot decide; the holding region sees it as incoming.
      expect(
        (await linfen.request('POST', `/api/registry/transfers/${request.json().id}/accept`, {})).statusCode,
      ).toBe(404);
      const incoming = await township.request(
        'GET',
        '/api/registry/transfers?direction=incoming&status=pending',
      );
      expect(incoming.json().items).toContainEqual(
        expect.objectContaining({ id: request.json().id, laborerName: '钱七', fromRegionCode: DONGDAJIE }),
      );
      const accepted = await township.request('POST', `/api/registry/transfers/${request.json().id}/accept`, {
        note: '同意',
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json().status).toBe('accepted');

      expect((await linfen.request('GET', `/api/laborers/${held.id}`)).json().regionCode).toBe(SHANGHUI);
      expect((await township.request('GET', `/api/laborers/${held.id}`)).statusCode).toBe(404);
      // The region it left keeps the decided request in its incoming list, with the name it held.
      const decided = await township.request(
        'GET',
        '/api/registry/transfers?direction=incoming&status=accepted',
      );
      expect(decided.json()).toMatchObject({
        total: 1,
        items: [
          expect.objectContaining({
            id: request.json().id,
            status: 'accepted',
            fromRegionCode: DONGDAJIE,
            laborerName: expect.any(String),
          }),
        ],
      });
      expect(
        (await linfen.request('GET', '/api/registry/transfers?direction=incoming&status=accepted')).json()
          .items,
      ).toEqual([]);
      const history = await linfen.request('GET', `/api/laborers/${held.id}/history`);
      expect(history.json().items).toContainEqual(
        expect.objectContaining({
          field: 'regionCode',
          oldValue: DONGDAJIE,
          newValue: SHANGHUI,
          source: 'transfer',
        }),
      );

      const other = makeIdNumber('1986-02-14', '2');
      await createLaborer(township, { idNumber: other, name: '孙八' });
      const second = await linfen.request('POST', '/api/registry/transfers', {
        idNumber: other,
        toRegionCode: SHANGHUI,
        reason: '申请转入',
      });
      const refusalWithoutNote = await township.request(
        'POST',
        `/api/registry/transfers/${second.json().id}/refuse`,
        {},
      );
      expect(refusalWithoutNote.statusCode).toBe(400);
      const refused = await township.request('POST', `/api/registry/transfers/${second.json().id}/refuse`, {
        note: '本人仍在本村居住',
      });
      expect(refused.json()).toMatchObject({ status: 'refused', decisionNote: '本人仍在本村居住' });
      const outgoing = await linfen.request(
        'GET',
        '/api/registry/transfers?direction=outgoing&status=refused',
      );
      expect(outgoing.json().items).toEqual([
        expect.objectContaining({ id: second.json().id, fromRegionCode: null, laborerName: null }),
      ]);
    });
  });

  describe('list', () => {
    it('finds by pinyin initials, name part and the last 4 ID characters, always masked', async () => {
      const idNumber = makeIdNumber('1992-04-01', '1', '140902');
      await createLaborer(county, {
        name: '张三丰',
        idNumber,
        phone: '13700001111',
        regionCode: CHANGZHENG_EAST,
      });
      const byInitials = await county.request('GET', '/api/laborers?q=zsf');
      expect(byInitials.json().items.map((item: { name: string }) => item.name)).toEqual(['张三丰']);
      const byPrefix = await county.request('GET', '/api/laborers?q=ZS&regionCode=' + CHANGZHENG);
      expect(byPrefix.json().items.map((item: { name: string }) => item.name)).toContain('张三丰');
      const byLast4 = await county.request('GET', `/api/laborers?q=${idNumber.slice(-4)}`);
      expect(byLast4.json().items).toContainEqual(expect.objectContaining({ name: '张三丰' }));
      const byName = await county.request('GET', `/api/laborers?q=${encodeURIComponent('三丰')}`);
      expect(byName.json().total).toBe(1);
      const body = byName.body;
      expect(body).not.toContain(idNumber);
      expect(body).not.toContain('13700001111');
      expect(byName.json().items[0]).toMatchObject({ phoneMasked: '137****1111', isReadOnly: false });
    });

    it('filters by age range on its boundaries', async () => {
      const { yearsAgo } = await import('./registry-fixtures.ts');
      const sixteen = yearsAgo(16); // 16 today
      const fifteen = yearsAgo(16, 1); // 16 tomorrow
      await createLaborer(county, {
        name: '刚满',
        idNumber: makeIdNumber(sixteen),
        regionCode: CHANGZHENG_EAST,
      });
      await createLaborer(county, {
        name: '未满',
        idNumber: makeIdNumber(fifteen),
        regionCode: CHANGZHENG_EAST,
      });
      const names = async (query: string) =>
        (await county.request('GET', `/api/laborers?regionCode=${CHANGZHENG}&${query}`))
          .json()
          .items.map((item: { name: string }) => item.name);
      expect(await names('ageMin=16&ageMax=16')).toEqual(['刚满']);
      expect(await names('ageMax=15')).toEqual(['未满']);
      expect(await names('ageMin=16')).toContain('刚满');
      expect(await names('ageMin=16')).not.toContain('未满');
    });

    it('filters by status, capacity, occupation class and days since contact', async () => {
      await createLaborer(county, {
        name: '焊工甲',
        regionCode: CHANGZHENG_EAST,
        laborCapacity: 'skilled',
        skills: ['6-18-02-04'],
        lastContactOn: '2020-01-01',
        spells: [outsideSpell()],
      });
      const query = `regionCode=${CHANGZHENG}&employmentStatus=employed&laborCapacity=skilled`;
      const names = async (extra: string) =>
        (await county.request('GET', `/api/laborers?${query}&${extra}`))
          .json()
          .items.map((i: { name: string }) => i.name);
      expect(await names('occupationCode=6-18-00-00')).toEqual(['焊工甲']);
      expect(await names('occupationCode=6-18-02-04')).toEqual(['焊工甲']);
      expect(await names('occupationCode=4-00-00-00')).toEqual([]);
      expect(await names('noContactDays=30&workArea=province')).toEqual(['焊工甲']);
      expect(await names('trainingWillingness=willing')).toEqual([]);
    });

    it('keeps a township user in the township, and 404s a region outside the scope', async () => {
      const list = await township.request('GET', '/api/laborers?pageSize=200&visibility=home');
      expect(list.statusCode).toBe(200);
      for (const item of list.json().items) expect(item.regionCode.startsWith('140902001')).toBe(true);
      expect((await township.request('GET', `/api/laborers?regionCode=${CHANGZHENG}`)).statusCode).toBe(404);
    });

    it('shows an employed labourer to the work region, read-only', async () => {
      const worker = await createLaborer(county, { name: '外出工', spells: [outsideSpell()] });
      const list = await linfen.request('GET', '/api/laborers?q=wcg');
      expect(list.json().items).toEqual([expect.objectContaining({ id: worker.id, isReadOnly: true })]);
      const homeOnly = await linfen.request('GET', '/api/laborers?q=wcg&visibility=home');
      expect(homeOnly.json().total).toBe(0);
      const detail = await linfen.request('GET', `/api/laborers/${worker.id}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({ isReadOnly: true, canEdit: false, family: { household: null } });
      expect(
        (await linfen.request('PATCH', `/api/laborers/${worker.id}`, { education: '60' })).statusCode,
      ).toBe(404);
      expect((await linfen.request('GET', `/api/laborers/${worker.id}/history`)).statusCode).toBe(404);
    });
  });

  describe('detail, reveal, edit and history', () => {
    it('groups the detail as on the paper form and answers 404 outside the scope', async () => {
      const created = await createLaborer(county, {
        name: '周九',
        education: '60',
        trainingWillingness: 'willing',
      });
      const detail = await county.request('GET', `/api/laborers/${created.id}`);
      expect(detail.json()).toMatchObject({
        canEdit: true,
        basic: { name: '周九', education: '60' },
        intention: { trainingWillingness: 'willing' },
        employment: { status: 'unemployed', spells: [] },
      });
      for (const [method, url, body] of [
        ['GET', `/api/laborers/${created.id}`, undefined],
        ['PATCH', `/api/laborers/${created.id}`, { education: '70' }],
        ['POST', `/api/laborers/${created.id}/reveal`, { field: 'idNumber', purpose: '核对身份' }],
        ['GET', `/api/laborers/${created.id}/history`, undefined],
      ] as const) {
        const response = await linfen.request(method, url, body);
        expect(response.statusCode, `${method} ${url}`).toBe(404);
      }
      // 东大街 is in the township's scope; 长征东街 is not.
      const elsewhere = await createLaborer(county, { regionCode: CHANGZHENG_EAST });
      expect((await township.request('GET', `/api/laborers/${elsewhere.id}`)).statusCode).toBe(404);
      expect(
        (await township.request('PATCH', `/api/laborers/${elsewhere.id}`, { name: 'x' })).statusCode,
      ).toBe(404);
    });

    it('reveals a value in full only with the permission and a purpose, and logs the read', async () => {
      const idNumber = makeIdNumber('1975-06-01', '1');
      const created = await createLaborer(township, { idNumber, phone: '13512345678', name: '吴十' });
      const denied = await township.request('POST', `/api/laborers/${created.id}/reveal`, {
        field: 'idNumber',
        purpose: '核对身份',
      });
      expect(denied.statusCode).toBe(403);
      const noPurpose = await county.request('POST', `/api/laborers/${created.id}/reveal`, {
        field: 'idNumber',
        purpose: '看',
      });
      expect(noPurpose.statusCode).toBe(400);
      const revealed = await county.request('POST', `/api/laborers/${created.id}/reveal`, {
        field: 'idNumber',
        purpose: '补贴发放核对',
      });
      expect(revealed.json()).toEqual({ field: 'idNumber', value: idNumber });
      const phone = await county.request('POST', `/api/laborers/${created.id}/reveal`, {
        field: 'phone',
        purpose: '电话回访',
      });
      expect(phone.json().value).toBe('13512345678');
      const log = await ctx.db
        .selectFrom('sensitiveReadLog')
        .select(['username', 'targetType', 'targetId', 'field', 'purpose'])
        .where('targetId', '=', String(created.id))
        .orderBy('id')
        .execute();
      expect(log).toEqual([
        {
          username: 'xinfu',
          targetType: 'laborer',
          targetId: String(created.id),
          field: 'idNumber',
          purpose: '补贴发放核对',
        },
        {
          username: 'xinfu',
          targetType: 'laborer',
          targetId: String(created.id),
          field: 'phone',
          purpose: '电话回访',
        },
      ]);
      expect(
        (
          await admin.request('POST', `/api/laborers/${created.id}/reveal`, {
            field: 'phone',
            purpose: '查看一下',
          })
        ).statusCode,
      ).toBe(403);
    });

    it('records each changed field with who and when, sensitive values masked', async () => {
      const created = await createLaborer(township, { name: '郑一', phone: '13600000001', education: '80' });
      const patched = await township.request(
        'PATCH',
        `/api/laborers/${created.id}`,
        { phone: '13600000002', education: '70', spells: [outsideSpell()] },
        { 'x-jiuye-client': 'web' },
      );
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json().employment.status).toBe('employed');
      const history = await township.request('GET', `/api/laborers/${created.id}/history?pageSize=100`);
      const edits = history
        .json()
        .items.filter((item: { source: string }) => item.source === 'web')
        .map(({ field, oldValue, newValue, username }: Record<string, string>) => ({
          field,
          oldValue,
          newValue,
          username,
        }));
      expect(edits).toEqual(
        expect.arrayContaining([
          { field: 'phone', oldValue: '136****0001', newValue: '136****0002', username: 'xiurong' },
          { field: 'education', oldValue: '80', newValue: '70', username: 'xiurong' },
          { field: 'employmentStatus', oldValue: 'unemployed', newValue: 'employed', username: 'xiurong' },
        ]),
      );
      expect(edits.map((edit: { field: string }) => edit.field).sort()).toEqual(
        ['education', 'employmentStatus', 'phone', 'spells'].sort(),
      );
      expect(history.body).not.toContain('13600000002');
      const unchanged = await township.request('PATCH', `/api/laborers/${created.id}`, { education: '70' });
      expect(unchanged.statusCode).toBe(200);
      const after = await township.request('GET', `/api/laborers/${created.id}/history?pageSize=100`);
      expect(after.json().total).toBe(history.json().total);
      const log = await ctx.db
        .selectFrom('operationLog')
        .select('detail')
        .where('action', '=', 'registry.laborer.update')
        .where('targetId', '=', String(created.id))
        .orderBy('id')
        .execute();
      expect(log).toHaveLength(2);
    });

    it('checks the whole record again on edit', async () => {
      const created = await createLaborer(county, { name: '冯二' });
      const response = await county.request('PATCH', `/api/laborers/${created.id}`, {
        laborCapacity: 'none',
        spells: [outsideSpell()],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toContainEqual(
        expect.objectContaining({ code: 'employed_without_capacity' }),
      );
      const taken = makeIdNumber('1970-01-01');
      await createLaborer(county, { idNumber: taken });
      const duplicate = await county.request('PATCH', `/api/laborers/${created.id}`, { idNumber: taken });
      expect(duplicate.json().error.code).toBe('ID_NUMBER_EXISTS');
    });
  });
});
