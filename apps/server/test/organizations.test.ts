import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBoolean } from '../src/db/create-db.ts';
import {
  ADMIN_PASSWORD,
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';

const PASSWORD = 'Staff-Pass-2026';
const XINZHOU = '140900000000'; // 忻州市
const XINFU = '140902000000'; // 忻府区
const XIURONG = '140902001000'; // 忻府区秀容街道
const CHANGZHENG = '140902002000'; // 忻府区长征街街道
const XIURONG_VILLAGE = '140902001002'; // 东大街社区
const YUANPING = '140981000000'; // 原平市
const YAODU = '141002000000'; // 尧都区 (临汾市)

describe.each(testDialects())('organizations on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Agent;
  let county: Agent; // county_staff of 忻府区
  let township: Agent; // township_staff of 秀容街道
  let village: Agent; // village_staff of 东大街社区
  let countyCenterId: number;
  let yuanpingCenterId: number;

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await insertTestUser(ctx.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: [XINFU],
    });
    await insertTestUser(ctx.db, {
      username: 'xiurong',
      password: PASSWORD,
      roles: ['township_staff'],
      viewScope: [XIURONG],
    });
    await insertTestUser(ctx.db, {
      username: 'dongdajie',
      password: PASSWORD,
      roles: ['village_staff'],
      viewScope: [XIURONG_VILLAGE],
    });
    [admin, county, township, village] = await Promise.all([
      login(ctx.app, 'admin', ADMIN_PASSWORD),
      login(ctx.app, 'xinfu', PASSWORD),
      login(ctx.app, 'xiurong', PASSWORD),
      login(ctx.app, 'dongdajie', PASSWORD),
    ]);
    const yuanping = await admin.request('POST', '/api/organizations', {
      name: '原平市就业帮扶服务中心',
      kind: 'county_service_center',
      regionCode: YUANPING,
    });
    expect(yuanping.statusCode).toBe(201);
    yuanpingCenterId = yuanping.json().id;
  });
  afterAll(async () => ctx?.close());

  const organizationRows = (name: string) =>
    ctx.db
      .selectFrom('organization')
      .select(['id', 'name', 'kind', 'regionCode', 'parentId', 'isActive'])
      .where('name', '=', name)
      .execute();
  const logRows = (action: string) =>
    ctx.db
      .selectFrom('operationLog')
      .select(['username', 'action', 'result', 'targetId', 'detail'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  it('county staff creates the county centre and a township station under it', async () => {
    const response = await county.request('POST', '/api/organizations', {
      name: '忻府区就业帮扶服务中心',
      kind: 'county_service_center',
      regionCode: XINFU,
      contactPerson: '王主任',
      contactPhone: '',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      name: '忻府区就业帮扶服务中心',
      kind: 'county_service_center',
      regionCode: XINFU,
      regionName: '忻府区',
      parentId: null,
      contactPerson: '王主任',
      contactPhone: null,
      isActive: true,
    });
    countyCenterId = body.id;
    const [row] = await organizationRows('忻府区就业帮扶服务中心');
    expect(row).toMatchObject({ id: countyCenterId, regionCode: XINFU, parentId: null });
    expect(toBoolean(row!.isActive)).toBe(true);
    const logs = await logRows('organization.create');
    expect(logs.at(-1)).toMatchObject({
      username: 'xinfu',
      result: 'success',
      targetId: String(countyCenterId),
    });

    const station = await county.request('POST', '/api/organizations', {
      name: '秀容街道就业服务站',
      kind: 'township_service_station',
      regionCode: XIURONG,
      parentId: countyCenterId,
    });
    expect(station.statusCode).toBe(201);
    expect(station.json()).toMatchObject({ parentId: countyCenterId, parentName: '忻府区就业帮扶服务中心' });
  });

  it('refuses a kind that does not fit the region level, naming the field', async () => {
    const response = await county.request('POST', '/api/organizations', {
      name: '错级服务站',
      kind: 'township_service_station',
      regionCode: XINFU,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'kind', message: '乡镇就业服务站须设在乡级区划' }],
    });
    expect(await organizationRows('错级服务站')).toEqual([]);
    expect((await logRows('organization.create')).at(-1)).toMatchObject({
      username: 'xinfu',
      result: 'failure',
    });
  });

  it('refuses an unknown region code with INVALID_REGION naming regionCode', async () => {
    const response = await county.request('POST', '/api/organizations', {
      name: '不存在的站',
      kind: 'township_service_station',
      regionCode: '140902999000',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'INVALID_REGION',
      details: [{ field: 'regionCode' }],
    });
    expect(await organizationRows('不存在的站')).toEqual([]);
  });

  it('answers 404 for a region outside the capture scope, writes nothing and logs the attempt', async () => {
    const before = (await logRows('organization.create')).length;
    const response = await county.request('POST', '/api/organizations', {
      name: '尧都区就业帮扶服务中心',
      kind: 'county_service_center',
      regionCode: YAODU,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'NOT_FOUND', details: [{ field: 'regionCode' }] });
    expect(await organizationRows('尧都区就业帮扶服务中心')).toEqual([]);
    const logs = await logRows('organization.create');
    expect(logs).toHaveLength(before + 1);
    expect(logs.at(-1)).toMatchObject({ username: 'xinfu', result: 'failure' });
    expect(JSON.parse(logs.at(-1)!.detail!)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers 404 for a parent outside the scope', async () => {
    const response = await county.request('POST', '/api/organizations', {
      name: '长征街街道就业服务站',
      kind: 'township_service_station',
      regionCode: CHANGZHENG,
      parentId: yuanpingCenterId,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.details).toEqual([
      { field: 'parentId', message: '上级机构不存在或不在您的管辖范围内' },
    ]);
  });

  it('refuses a parent whose region does not contain the organisation', async () => {
    const response = await admin.request('POST', '/api/organizations', {
      name: '长征街街道就业服务站',
      kind: 'township_service_station',
      regionCode: CHANGZHENG,
      parentId: yuanpingCenterId,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({ field: 'parentId' });
  });

  it('refuses a duplicate name in the same region', async () => {
    const response = await county.request('POST', '/api/organizations', {
      name: '忻府区就业帮扶服务中心',
      kind: 'hr_bureau',
      regionCode: XINFU,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ field: 'name' }] });
  });

  it('village staff may not create organisations (403, logged)', async () => {
    const response = await village.request('POST', '/api/organizations', {
      name: '东大街社区就业服务专人',
      kind: 'village_service_specialist',
      regionCode: XIURONG_VILLAGE,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
    expect((await logRows('organization.create')).at(-1)).toMatchObject({
      username: 'dongdajie',
      result: 'failure',
    });
  });

  it('lists only the organisations within the view scope, with filters', async () => {
    const names = async (agent: Agent, query = '') => {
      const response = await agent.request('GET', `/api/organizations${query}`);
      expect(response.statusCode).toBe(200);
      return response.json() as { items: Array<{ name: string; regionName: string }>; total: number };
    };
    const forCounty = await names(county);
    expect(forCounty.items.map((o) => o.name)).toEqual(['忻府区就业帮扶服务中心', '秀容街道就业服务站']);
    expect(forCounty.total).toBe(2);
    expect(forCounty.items[1]!.regionName).toBe('秀容街道');
    expect((await names(admin)).total).toBe(3);
    expect((await names(township)).items.map((o) => o.name)).toEqual(['秀容街道就业服务站']);
    expect((await names(county, `?regionCode=${XIURONG}`)).items.map((o) => o.name)).toEqual([
      '秀容街道就业服务站',
    ]);
    // A wider region narrows to the part of the scope inside it.
    expect((await names(county, `?regionCode=${XINZHOU}`)).total).toBe(2);
    expect((await names(county, '?kind=county_service_center')).items.map((o) => o.name)).toEqual([
      '忻府区就业帮扶服务中心',
    ]);
    expect((await names(admin, '?name=原平')).items.map((o) => o.name)).toEqual(['原平市就业帮扶服务中心']);
    expect((await names(admin, '?name=%25')).total).toBe(0);
    expect((await names(admin, '?pageSize=1&page=2')).items).toHaveLength(1);
    expect((await names(admin, '?isActive=false')).total).toBe(0);

    const outside = await county.request('GET', `/api/organizations?regionCode=${YUANPING}`);
    expect(outside.statusCode).toBe(404);
  });

  it('get answers 404 outside the view scope', async () => {
    const inside = await county.request('GET', `/api/organizations/${countyCenterId}`);
    expect(inside.statusCode).toBe(200);
    expect(inside.json()).toMatchObject({ id: countyCenterId, regionName: '忻府区' });
    const outside = await county.request('GET', `/api/organizations/${yuanpingCenterId}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error).toMatchObject({
      code: 'NOT_FOUND',
      message: '机构不存在或不在您的管辖范围内',
    });
    expect((await county.request('GET', '/api/organizations/999999')).statusCode).toBe(404);
  });

  it('updates within the capture scope; a township cannot touch the county centre', async () => {
    const response = await county.request('PATCH', `/api/organizations/${countyCenterId}`, {
      address: '忻州市忻府区和平街1号',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().address).toBe('忻州市忻府区和平街1号');
    const log = (await logRows('organization.update')).at(-1)!;
    expect(log).toMatchObject({ username: 'xinfu', result: 'success', targetId: String(countyCenterId) });
    expect(JSON.parse(log.detail!).changes.address).toEqual({ from: null, to: '忻州市忻府区和平街1号' });

    const denied = await township.request('PATCH', `/api/organizations/${countyCenterId}`, { name: '改名' });
    expect(denied.statusCode).toBe(404);
    const moved = await county.request('PATCH', `/api/organizations/${yuanpingCenterId}`, { name: '改名' });
    expect(moved.statusCode).toBe(404);
    const away = await admin.request('PATCH', `/api/organizations/${countyCenterId}`, { regionCode: YAODU });
    expect(away.statusCode).toBe(409); // it has an active station below it
    const [row] = await organizationRows('忻府区就业帮扶服务中心');
    expect(row!.regionCode).toBe(XINFU);
  });

  it('refuses to make an organisation its own ancestor', async () => {
    const [station] = await organizationRows('秀容街道就业服务站');
    const hrBureau = await county.request('POST', '/api/organizations', {
      name: '忻府区人力资源和社会保障局',
      kind: 'hr_bureau',
      regionCode: XINFU,
      parentId: countyCenterId,
    });
    expect(hrBureau.statusCode).toBe(201);
    const cycle = await county.request('PATCH', `/api/organizations/${countyCenterId}`, {
      parentId: hrBureau.json().id,
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details[0]).toMatchObject({
      field: 'parentId',
      message: '上级机构不能是本机构的下级机构',
    });
    const self = await county.request('PATCH', `/api/organizations/${station!.id}`, {
      parentId: station!.id,
    });
    expect(self.statusCode).toBe(400);
  });

  it('deactivates only after the organisations below it', async () => {
    const refused = await county.request('POST', `/api/organizations/${countyCenterId}/deactivate`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT');
    const [station] = await organizationRows('秀容街道就业服务站');
    const [bureau] = await organizationRows('忻府区人力资源和社会保障局');
    for (const id of [station!.id, bureau!.id]) {
      const response = await county.request('POST', `/api/organizations/${id}/deactivate`);
      expect(response.statusCode).toBe(200);
      expect(response.json().isActive).toBe(false);
    }
    const done = await county.request('POST', `/api/organizations/${countyCenterId}/deactivate`);
    expect(done.statusCode).toBe(200);
    const [row] = await organizationRows('忻府区就业帮扶服务中心');
    expect(toBoolean(row!.isActive)).toBe(false);
    expect((await logRows('organization.deactivate')).filter((l) => l.result === 'success')).toHaveLength(3);
    const inactive = await county.request('GET', '/api/organizations?isActive=false');
    expect(inactive.json().total).toBe(3);
    // An inactive parent is not offered any more.
    const child = await county.request('POST', '/api/organizations', {
      name: '长征街街道就业服务站',
      kind: 'township_service_station',
      regionCode: CHANGZHENG,
      parentId: countyCenterId,
    });
    expect(child.statusCode).toBe(400);
    expect(child.json().error.details[0]).toMatchObject({ field: 'parentId', message: '上级机构已停用' });
  });
});
