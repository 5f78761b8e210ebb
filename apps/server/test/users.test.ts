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
const SHANXI = '140000000000';
const XINZHOU = '140900000000'; // 忻州市
const XINFU = '140902000000'; // 忻府区
const XIURONG = '140902001000'; // 忻府区秀容街道
const CHANGZHENG = '140902002000'; // 忻府区长征街街道
const XIURONG_VILLAGE = '140902001002'; // 东大街社区
const YUANPING = '140981000000'; // 原平市
const YAODU_TOWNSHIP = '141002001000'; // 临汾市尧都区解放路街道

describe.each(testDialects())('users on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Agent;
  let county: Agent; // county_staff of 忻府区
  let village: Agent; // village_staff of 东大街社区
  let security: Agent; // security_admin of the province
  let initial = ''; // the one-time password xiurong1 was created with
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    const staff: Array<[string, string, string[]]> = [
      ['xinfu', 'county_staff', [XINFU]],
      ['dongdajie', 'village_staff', [XIURONG_VILLAGE]],
      ['anquan', 'security_admin', [SHANXI]],
      ['shenji', 'audit_admin', [SHANXI]],
      ['xitong2', 'system_admin', [SHANXI]],
      ['xinzhou', 'city_staff', [XINZHOU]],
      ['yuanping', 'county_staff', [YUANPING]],
      ['liangxian', 'township_staff', [CHANGZHENG, YUANPING]],
    ];
    for (const [username, role, viewScope] of staff) {
      ids[username] = await insertTestUser(ctx.db, {
        username,
        password: PASSWORD,
        roles: [role],
        viewScope,
      });
    }
    ids.admin = (
      await ctx.db
        .selectFrom('appUser')
        .select('id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow()
    ).id;
    [admin, county, village, security] = await Promise.all([
      login(ctx.app, 'admin', ADMIN_PASSWORD),
      login(ctx.app, 'xinfu', PASSWORD),
      login(ctx.app, 'dongdajie', PASSWORD),
      login(ctx.app, 'anquan', PASSWORD),
    ]);
  });
  afterAll(async () => ctx?.close());

  const userRow = (username: string) =>
    ctx.db
      .selectFrom('appUser')
      .select([
        'id',
        'username',
        'displayName',
        'mustChangePassword',
        'isActive',
        'createdBy',
        'lockedUntil',
        'failedLoginCount',
      ])
      .where('username', '=', username)
      .executeTakeFirst();
  const logRows = (action: string) =>
    ctx.db
      .selectFrom('operationLog')
      .select(['username', 'action', 'result', 'targetId', 'detail'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();
  const sessionCount = async (userId: number) =>
    Number(
      (
        await ctx.db
          .selectFrom('session')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('userId', '=', userId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const township = (username: string, overrides: Record<string, unknown> = {}) => ({
    username,
    displayName: '乡镇专干',
    roles: ['township_staff'],
    viewScope: [XIURONG],
    captureScope: [XIURONG],
    ...overrides,
  });

  /** Asserts a refused creation: status, code, fields, no account written, one more failure row in the log. */
  async function expectRefused(
    agent: Agent,
    body: Record<string, unknown>,
    expected: { status: number; code: string; fields?: string[] },
  ) {
    const existing = await userRow(String(body.username));
    const before = (await logRows('user.create')).length;
    const response = await agent.request('POST', '/api/users', body);
    expect(response.statusCode).toBe(expected.status);
    const error = response.json().error;
    expect(error.code).toBe(expected.code);
    if (expected.fields)
      expect(error.details.map((d: { field: string }) => d.field)).toEqual(expected.fields);
    expect(await userRow(String(body.username))).toEqual(existing);
    const logs = await logRows('user.create');
    expect(logs).toHaveLength(before + 1);
    expect(logs.at(-1)).toMatchObject({ result: 'failure' });
    expect(JSON.parse(logs.at(-1)!.detail!).code).toBe(expected.code);
    return error as { message: string; details: Array<{ field: string; message: string }> };
  }

  it('county staff creates a township user in one of its townships', async () => {
    const response = await county.request(
      'POST',
      '/api/users',
      township('xiurong1', { phone: '13800000000' }),
    );
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      username: 'xiurong1',
      displayName: '乡镇专干',
      roles: ['township_staff'],
      viewScope: [XIURONG],
      captureScope: [XIURONG],
      phone: '13800000000',
      isActive: true,
      isLocked: false,
      mustChangePassword: true,
      status: 'active',
      hasPassword: true,
    });
    expect(body).not.toHaveProperty('passwordHash');
    ids.xiurong1 = body.id;
    // The server chose the password (nobody chooses another's), answered it once, and it expires in 72 hours.
    initial = body.oneTimePassword;
    expect(initial).toMatch(/^[A-Za-z0-9!@#%*_+-]{16}$/);
    const expiresIn = Date.parse(body.passwordExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(71.9 * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(72 * 3_600_000);
    expect((await county.request('GET', `/api/users/${body.id}`)).json()).not.toHaveProperty(
      'oneTimePassword',
    );

    const row = await userRow('xiurong1');
    expect(toBoolean(row!.mustChangePassword)).toBe(true);
    expect(row!.createdBy).toBe(ids.xinfu);
    const roles = await ctx.db.selectFrom('userRole').select('role').where('userId', '=', body.id).execute();
    expect(roles).toEqual([{ role: 'township_staff' }]);
    const scopes = await ctx.db
      .selectFrom('userScope')
      .select(['kind', 'regionCode'])
      .where('userId', '=', body.id)
      .orderBy('kind')
      .execute();
    expect(scopes).toEqual([
      { kind: 'capture', regionCode: XIURONG },
      { kind: 'view', regionCode: XIURONG },
    ]);
    const history = await ctx.db
      .selectFrom('passwordHistory')
      .select('passwordHash')
      .where('userId', '=', body.id)
      .execute();
    expect(history).toHaveLength(1);
    expect(history[0]!.passwordHash).toMatch(/^\$argon2id\$/);
    const [log] = await logRows('user.create');
    expect(log).toMatchObject({ username: 'xinfu', result: 'success', targetId: String(body.id) });
    expect(log!.detail).not.toContain(initial);
    expect(JSON.parse(log!.detail!)).toMatchObject({ oneTimePasswordIssued: true });
  });

  it('refuses a scope in 临汾 or in another county: 404, nothing written, attempt logged', async () => {
    const linfen = await expectRefused(
      county,
      township('linfen1', { viewScope: [YAODU_TOWNSHIP], captureScope: [] }),
      {
        status: 404,
        code: 'NOT_FOUND',
        fields: ['viewScope.0'],
      },
    );
    expect(linfen.details[0]!.message).toBe(`区划 ${YAODU_TOWNSHIP} 不在您的查看范围内`);
    await expectRefused(
      county,
      township('yuanping2', { roles: ['county_staff'], viewScope: [YUANPING], captureScope: [YUANPING] }),
      { status: 404, code: 'NOT_FOUND', fields: ['viewScope.0', 'captureScope.0'] },
    );
    expect(await logRows('user.create')).toEqual(
      expect.arrayContaining([expect.objectContaining({ username: 'xinfu', result: 'failure' })]),
    );
  });

  it('village staff cannot create users (403)', async () => {
    const before = (await logRows('user.create')).length;
    const response = await village.request(
      'POST',
      '/api/users',
      township('cun2', { viewScope: [XIURONG_VILLAGE] }),
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
    expect(await userRow('cun2')).toBeUndefined();
    const logs = await logRows('user.create');
    expect(logs).toHaveLength(before + 1);
    expect(logs.at(-1)).toMatchObject({ username: 'dongdajie', result: 'failure' });
  });

  it('county staff cannot grant audit_admin, nor a role above their own level', async () => {
    const error = await expectRefused(county, township('shenji2', { roles: ['audit_admin'] }), {
      status: 403,
      code: 'FORBIDDEN',
      fields: ['roles.0'],
    });
    expect(error.details[0]!.message).toBe('您不能授予“审计管理员”角色');
    await expectRefused(county, township('sheng2', { roles: ['township_staff', 'province_staff'] }), {
      status: 403,
      code: 'FORBIDDEN',
      fields: ['roles.1'],
    });
  });

  it('staff must send roles and a view scope with a new account', async () => {
    await expectRefused(
      county,
      { username: 'wujuese', displayName: '无角色' },
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['roles', 'viewScope'],
      },
    );
  });

  it('refuses a duplicate username, whatever its case', async () => {
    await expectRefused(county, township('xiurong1'), {
      status: 409,
      code: 'ALREADY_EXISTS',
      fields: ['username'],
    });
    await expectRefused(county, township('XiuRong1'), {
      status: 409,
      code: 'ALREADY_EXISTS',
      fields: ['username'],
    });
  });

  it('refuses a password chosen by the creator, naming the field', async () => {
    const error = await expectRefused(county, township('ziding', { password: 'Ziding-Mima-2026' }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['body.password'],
    });
    expect(error.details[0]!.message).toBe('密码由系统生成（一次性密码，只显示一次），不能指定');
  });

  it('refuses an unknown region code with INVALID_REGION naming the scope field', async () => {
    await expectRefused(
      county,
      township('buzai', { viewScope: [XIURONG, '140902999000'], captureScope: [] }),
      {
        status: 400,
        code: 'INVALID_REGION',
        fields: ['viewScope.1'],
      },
    );
  });

  it('refuses a scope above the staff role level, and a capture scope outside the view scope', async () => {
    const error = await expectRefused(
      county,
      township('gaoji', { viewScope: [XINFU], captureScope: [XIURONG] }),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['viewScope.0'],
      },
    );
    expect(error.details[0]!.message).toBe('乡镇工作人员的管辖范围不能高于乡级（140902000000 是县级区划）');
    await expectRefused(county, township('luru', { captureScope: [CHANGZHENG] }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['captureScope.0'],
    });
  });

  it('lists only the users within the view scope', async () => {
    const usernames = async (agent: Agent, query = '') => {
      const response = await agent.request('GET', `/api/users${query}`);
      expect(response.statusCode).toBe(200);
      return (response.json().items as Array<{ username: string }>).map((u) => u.username).sort();
    };
    // liangxian has one township of 忻府区 in their scope, so 忻府区 sees them; admin, the city and 原平 not.
    expect(await usernames(county)).toEqual(['dongdajie', 'liangxian', 'xinfu', 'xiurong1']);
    expect((await usernames(admin)).length).toBe(10);
    expect(await usernames(county, `?regionCode=${XIURONG}`)).toEqual(['dongdajie', 'xiurong1']);
    expect(await usernames(county, '?role=township_staff')).toEqual(['liangxian', 'xiurong1']);
    expect(await usernames(county, '?username=XIU')).toEqual(['xiurong1']);
    expect(await usernames(admin, '?isActive=false')).toEqual([]);
    const page = await county.request('GET', '/api/users?pageSize=2&page=2');
    expect(page.json()).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(page.json().items).toHaveLength(2);
    expect((await county.request('GET', `/api/users?regionCode=${YUANPING}`)).statusCode).toBe(404);
  });

  it('get answers 404 for a user outside the scope', async () => {
    const inside = await county.request('GET', `/api/users/${ids.xiurong1}`);
    expect(inside.statusCode).toBe(200);
    expect(inside.json().username).toBe('xiurong1');
    for (const id of [ids.admin, ids.yuanping, ids.xinzhou, 999999]) {
      const response = await county.request('GET', `/api/users/${id}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatchObject({
        code: 'NOT_FOUND',
        message: '用户不存在或不在您的管辖范围内',
      });
    }
  });

  it('offers only the roles the caller may grant', async () => {
    const roles = async (agent: Agent) =>
      ((await agent.request('GET', '/api/users/roles')).json().items as Array<{ role: string }>).map(
        (r) => r.role,
      );
    expect(await roles(county)).toEqual([
      'county_staff',
      'township_staff',
      'village_staff',
      'employer',
      'training_provider',
    ]);
    // 三员分立: the security administrator grants every role, the system administrator none.
    expect(await roles(security)).toHaveLength(10);
    expect((await admin.request('GET', '/api/users/roles')).statusCode).toBe(403);
    const response = await county.request('GET', '/api/users/roles');
    expect(response.json().items[1]).toEqual({
      role: 'township_staff',
      label: '乡镇工作人员',
      level: 4,
      isAdmin: false,
    });
    expect((await village.request('GET', '/api/users/roles')).statusCode).toBe(403);
  });

  it('the created user must change the password at first login', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'xiurong1', password: initial },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().mustChangePassword).toBe(true);
    const user = await login(ctx.app, 'xiurong1', initial);
    const blocked = await user.request('GET', '/api/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await user.request('POST', '/api/auth/password', {
      oldPassword: initial,
      newPassword: 'Xiurong-Xin-2026',
    });
    expect(changed.statusCode).toBe(200);
    const fresh = await login(ctx.app, 'xiurong1', 'Xiurong-Xin-2026');
    const list = await fresh.request('GET', '/api/users');
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .items.map((u: { username: string }) => u.username)
        .sort(),
    ).toEqual(['dongdajie', 'xiurong1']);
    expect(toBoolean((await userRow('xiurong1'))!.mustChangePassword)).toBe(false);
  });

  it('changing roles or scopes ends the sessions; deactivation ends them and blocks login', async () => {
    await login(ctx.app, 'xiurong1', 'Xiurong-Xin-2026');
    const sessions = await sessionCount(ids.xiurong1!);
    expect(sessions).toBeGreaterThan(0);
    const renamed = await county.request('PATCH', `/api/users/${ids.xiurong1}`, { displayName: '秀容专干' });
    expect(renamed.statusCode).toBe(200);
    expect(await sessionCount(ids.xiurong1!)).toBeGreaterThan(0);

    const moved = await county.request('PATCH', `/api/users/${ids.xiurong1}`, {
      viewScope: [XIURONG, CHANGZHENG],
      captureScope: [CHANGZHENG],
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      displayName: '秀容专干',
      viewScope: [XIURONG, CHANGZHENG],
      captureScope: [CHANGZHENG],
    });
    expect(await sessionCount(ids.xiurong1!)).toBe(0);
    const update = (await logRows('user.update')).filter((l) => l.result === 'success').at(-1)!;
    expect(JSON.parse(update.detail!)).toMatchObject({
      changes: { viewScope: { from: [XIURONG], to: [XIURONG, CHANGZHENG] } },
      sessionsEnded: sessions,
    });

    const outside = await county.request('PATCH', `/api/users/${ids.xiurong1}`, { viewScope: [YUANPING] });
    expect(outside.statusCode).toBe(404);

    await login(ctx.app, 'xiurong1', 'Xiurong-Xin-2026');
    const off = await county.request('PATCH', `/api/users/${ids.xiurong1}`, { isActive: false });
    expect(off.statusCode).toBe(200);
    expect(off.json().isActive).toBe(false);
    expect(await sessionCount(ids.xiurong1!)).toBe(0);
    expect((await logRows('user.deactivate')).at(-1)).toMatchObject({ result: 'success', username: 'xinfu' });
    const refused = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'xiurong1', password: 'Xiurong-Xin-2026' },
    });
    expect(refused.statusCode).toBe(401);
    const on = await county.request('PATCH', `/api/users/${ids.xiurong1}`, { isActive: true });
    expect(on.statusCode).toBe(200);
  });

  it('nobody strips or deactivates their own account', async () => {
    const before = (await logRows('user.update')).length;
    const off = await county.request('PATCH', `/api/users/${ids.xinfu}`, { isActive: false });
    expect(off.statusCode).toBe(403);
    expect(off.json().error.details).toEqual([{ field: 'isActive', message: '不能修改自己账号的此项' }]);
    const strip = await county.request('PATCH', `/api/users/${ids.xinfu}`, { roles: ['township_staff'] });
    expect(strip.statusCode).toBe(403);
    const logs = await logRows('user.update');
    expect(logs).toHaveLength(before + 2);
    expect(logs.slice(-2).every((l) => l.result === 'failure' && l.username === 'xinfu')).toBe(true);
    const row = await userRow('xinfu');
    expect(toBoolean(row!.isActive)).toBe(true);
    const own = await county.request('PATCH', `/api/users/${ids.xinfu}`, {
      displayName: '忻府区专干',
      phone: '0350-1234567',
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ displayName: '忻府区专干', roles: ['county_staff'] });
  });

  it('a visible user whose scope reaches beyond the caller cannot be changed (403)', async () => {
    const response = await county.request('PATCH', `/api/users/${ids.liangxian}`, { displayName: '改名' });
    expect(response.statusCode).toBe(403);
    expect((await logRows('user.update')).at(-1)).toMatchObject({
      result: 'failure',
      targetId: String(ids.liangxian),
    });
    expect((await userRow('liangxian'))!.displayName).toBe('liangxian');
  });

  it('only admin itself changes the built-in admin', async () => {
    const other = await login(ctx.app, 'xitong2', PASSWORD);
    const reset = await security.request('POST', `/api/users/${ids.admin}/reset-password`);
    expect(reset.statusCode).toBe(403);
    const off = await other.request('PATCH', `/api/users/${ids.admin}`, { isActive: false });
    expect(off.statusCode).toBe(403);
    const own = await admin.request('PATCH', `/api/users/${ids.admin}`, { displayName: '超级管理员' });
    expect(own.statusCode).toBe(200);
  });

  it('resets a password: must change at next login, sessions ended, history kept', async () => {
    await login(ctx.app, 'dongdajie', PASSWORD);
    const response = await county.request('POST', `/api/users/${ids.dongdajie}/reset-password`);
    expect(response.statusCode).toBe(200);
    expect(response.json().mustChangePassword).toBe(true);
    const oneTime: string = response.json().oneTimePassword;
    expect(oneTime).toHaveLength(16);
    expect(await sessionCount(ids.dongdajie!)).toBe(0);
    const history = await ctx.db
      .selectFrom('passwordHistory')
      .select('id')
      .where('userId', '=', ids.dongdajie!)
      .execute();
    expect(history).toHaveLength(2);
    expect((await logRows('user.password.reset')).at(-1)).toMatchObject({
      result: 'success',
      username: 'xinfu',
    });
    expect(JSON.stringify(await logRows('user.password.reset'))).not.toContain(oneTime);
    // The one-time password signs in, and must be changed first.
    const first = await login(ctx.app, 'dongdajie', oneTime);
    expect((await first.request('GET', '/api/users')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const chosen = await county.request('POST', `/api/users/${ids.dongdajie}/reset-password`, {
      password: 'Chongzhi-Mima-2026',
    });
    expect(chosen.statusCode).toBe(400);
    expect(chosen.json().error.details).toEqual([
      { field: 'body.password', message: '密码由系统生成（一次性密码，只显示一次），不能指定' },
    ]);
    const self = await county.request('POST', `/api/users/${ids.xinfu}/reset-password`);
    expect(self.statusCode).toBe(403);
  });

  it('security admin unlocks a locked user', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'yuanping', password: 'Wrong-Pass-2026' },
      });
      expect(wrong.statusCode).toBe(401);
    }
    const locked = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'yuanping', password: PASSWORD },
    });
    expect(locked.statusCode).toBe(423);
    const listed = await security.request('GET', `/api/users/${ids.yuanping}`);
    expect(listed.json().isLocked).toBe(true);

    expect((await county.request('POST', `/api/users/${ids.yuanping}/unlock`)).statusCode).toBe(404);
    expect((await admin.request('POST', `/api/users/${ids.yuanping}/unlock`)).statusCode).toBe(403);

    const response = await security.request('POST', `/api/users/${ids.yuanping}/unlock`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ username: 'yuanping', isLocked: false, lockedUntil: null });
    const row = await userRow('yuanping');
    expect(row).toMatchObject({ lockedUntil: null, failedLoginCount: 0 });
    expect((await logRows('user.unlock')).at(-1)).toMatchObject({
      username: 'anquan',
      result: 'success',
      targetId: String(ids.yuanping),
    });
    await login(ctx.app, 'yuanping', PASSWORD);
  });

  it('security admin ends the sessions of a user', async () => {
    await login(ctx.app, 'yuanping', PASSWORD);
    const response = await security.request('DELETE', `/api/users/${ids.yuanping}/sessions`);
    expect(response.statusCode).toBe(200);
    expect(response.json().sessions).toBeGreaterThanOrEqual(2);
    expect(await sessionCount(ids.yuanping!)).toBe(0);
    expect((await county.request('DELETE', `/api/users/${ids.xiurong1}/sessions`)).statusCode).toBe(403);
  });
});

// The walk-around of 三员分立 found in a probe: the system administrator created a province account with a
// password of his choosing, signed in as it and read the whole province. GB/T 22239-2019 8.1.4.2 separates the
// 系统管理员 (accounts), 安全管理员 (roles, scopes, passwords) and 审计管理员 (the logs). Each step of the walk-around
// is refused here, and the auditor sees each attempt.
describe.each(testDialects())('三员分立 on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Agent;
  let security: Agent;
  let auditor: Agent;
  let county: Agent;
  const issued: string[] = []; // every one-time password answered, none of which may reach the log

  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    for (const [username, role] of [
      ['anquan', 'security_admin'],
      ['shenji', 'audit_admin'],
    ] as const) {
      await insertTestUser(ctx.db, { username, password: PASSWORD, roles: [role], viewScope: [SHANXI] });
    }
    await insertTestUser(ctx.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: [XINFU],
    });
    [admin, security, auditor, county] = await Promise.all([
      login(ctx.app, 'admin', ADMIN_PASSWORD),
      login(ctx.app, 'anquan', PASSWORD),
      login(ctx.app, 'shenji', PASSWORD),
      login(ctx.app, 'xinfu', PASSWORD),
    ]);
  });
  afterAll(async () => ctx?.close());

  const postLogin = (username: string, password: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const account = (username: string) =>
    ctx.db
      .selectFrom('appUser')
      .select(['id', 'passwordHash', 'mustChangePassword', 'passwordExpiresAt'])
      .where('username', '=', username)
      .executeTakeFirst();
  const accessOf = async (id: number) => ({
    roles: await ctx.db.selectFrom('userRole').select('role').where('userId', '=', id).execute(),
    scopes: await ctx.db.selectFrom('userScope').select('regionCode').where('userId', '=', id).execute(),
  });

  it('refuses each step of the walk-around, and the account he creates cannot sign in', async () => {
    // 1. An account with a password of his choosing: the field is refused.
    const withPassword = await admin.request('POST', '/api/users', {
      username: 'shengji',
      displayName: '省级账号',
      password: 'Xuanding-Mima-2026',
    });
    expect(withPassword.statusCode).toBe(400);
    expect(withPassword.json().error.details).toEqual([
      { field: 'body.password', message: '密码由系统生成（一次性密码，只显示一次），不能指定' },
    ]);
    expect(await account('shengji')).toBeUndefined();

    // 2. An account with a province role and scope: refused, nothing written.
    const withRoles = await admin.request('POST', '/api/users', {
      username: 'shengji',
      displayName: '省级账号',
      roles: ['province_staff'],
      viewScope: [SHANXI],
    });
    expect(withRoles.statusCode).toBe(403);
    expect(withRoles.json().error).toMatchObject({
      code: 'FORBIDDEN',
      details: [
        { field: 'roles', message: '您不能授予角色或管辖范围' },
        { field: 'viewScope', message: '您不能授予角色或管辖范围' },
      ],
    });
    expect(await account('shengji')).toBeUndefined();

    // 3. The profile alone: created, with no role, no scope and no password (待授权).
    const created = await admin.request('POST', '/api/users', {
      username: 'shengji',
      displayName: '省级账号',
      phone: '13900000000',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      username: 'shengji',
      roles: [],
      viewScope: [],
      status: 'pending',
      hasPassword: false,
      passwordExpiresAt: null,
    });
    expect(created.json()).not.toHaveProperty('oneTimePassword');
    const id: number = created.json().id;
    expect((await account('shengji'))!.passwordHash).toBe('');
    expect(await accessOf(id)).toEqual({ roles: [], scopes: [] });

    // 4. It cannot sign in: the answer of an unknown name.
    const unknown = await postLogin('nobody-at-all', 'Xuanding-Mima-2026');
    const attempt = await postLogin('shengji', 'Xuanding-Mima-2026');
    expect(attempt.statusCode).toBe(401);
    expect(attempt.body).toBe(unknown.body);

    // 5. PATCH of roles or scopes: refused. The profile and the switch stay his.
    const patchRoles = await admin.request('PATCH', `/api/users/${id}`, {
      roles: ['province_staff'],
      viewScope: [SHANXI],
    });
    expect(patchRoles.statusCode).toBe(403);
    expect(
      (await admin.request('PATCH', `/api/users/${id}`, { displayName: '省级专干', phone: null })).json(),
    ).toMatchObject({ displayName: '省级专干', phone: null, roles: [] });
    expect((await admin.request('PATCH', `/api/users/${id}`, { isActive: false })).json().status).toBe(
      'inactive',
    );
    expect((await admin.request('PATCH', `/api/users/${id}`, { isActive: true })).json().status).toBe(
      'pending',
    );

    // 6. The grant and the password routes are the security administrator's.
    const grant = await admin.request('PUT', `/api/users/${id}/access`, {
      roles: ['province_staff'],
      viewScope: [SHANXI],
    });
    expect(grant.statusCode).toBe(403);
    const reset = await admin.request('POST', `/api/users/${id}/reset-password`);
    expect(reset.statusCode).toBe(403);
    expect(await accessOf(id)).toEqual({ roles: [], scopes: [] });
    expect((await account('shengji'))!.passwordHash).toBe('');

    // The security administrator creates no account.
    const byUsers = await security.request('POST', '/api/users', { username: 'anquan2', displayName: '二' });
    expect(byUsers.statusCode).toBe(403);
    expect(await account('anquan2')).toBeUndefined();
  });

  it('the security administrator authorises it: a one-time password that works once and must be changed', async () => {
    const { id } = (await account('shengji'))!;
    // Staff do not see an account without a scope; the administrators do.
    expect((await county.request('GET', `/api/users/${id}`)).statusCode).toBe(404);
    const pending = await security.request('GET', '/api/users?username=shengji');
    expect(pending.json().items).toHaveLength(1);

    // 三员 are still never combined.
    const combined = await security.request('PUT', `/api/users/${id}/access`, {
      roles: ['system_admin', 'audit_admin'],
      viewScope: [SHANXI],
    });
    expect(combined.statusCode).toBe(400);
    expect(combined.json().error.message).toContain('三员分立');

    const granted = await security.request('PUT', `/api/users/${id}/access`, {
      roles: ['province_staff'],
      viewScope: [SHANXI],
      captureScope: [SHANXI],
    });
    expect(granted.statusCode).toBe(200);
    const oneTime: string = granted.json().oneTimePassword;
    issued.push(oneTime);
    expect(oneTime).toMatch(/^[A-Za-z0-9!@#%*_+-]{16}$/);
    expect(granted.json()).toMatchObject({
      roles: ['province_staff'],
      viewScope: [SHANXI],
      status: 'active',
      hasPassword: true,
      mustChangePassword: true,
    });
    const row = (await account('shengji'))!;
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(oneTime);
    const expiresIn = Date.parse(row.passwordExpiresAt!) - Date.now();
    expect(expiresIn).toBeGreaterThan(71.9 * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(72 * 3_600_000);

    // Changing the grant again issues no new password.
    const again = await security.request('PUT', `/api/users/${id}/access`, {
      roles: ['province_staff'],
      viewScope: [SHANXI],
    });
    expect(again.json()).not.toHaveProperty('oneTimePassword');

    // The one-time password signs in once; nothing but the change is allowed; after it, it no longer works.
    const first = await login(ctx.app, 'shengji', oneTime);
    const blocked = await first.request('GET', '/api/laborers');
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await first.request('POST', '/api/auth/password', {
      oldPassword: oneTime,
      newPassword: 'Ziji-Xuan-Mima-2026',
    });
    expect(changed.statusCode).toBe(200);
    expect((await account('shengji'))!.passwordExpiresAt).toBeNull();
    expect((await postLogin('shengji', oneTime)).statusCode).toBe(401);
    expect((await postLogin('shengji', 'Ziji-Xuan-Mima-2026')).statusCode).toBe(200);
  });

  it('a one-time password expires after 72 hours unchanged', async () => {
    const { id } = (await account('shengji'))!;
    const reset = await security.request('POST', `/api/users/${id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const oneTime: string = reset.json().oneTimePassword;
    issued.push(oneTime);
    await ctx.db
      .updateTable('appUser')
      .set({ passwordExpiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    const expired = await postLogin('shengji', oneTime);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('INVALID_CREDENTIALS');
    const [last] = await ctx.db
      .selectFrom('loginLog')
      .select('reason')
      .where('username', '=', 'shengji')
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    expect(last!.reason).toBe('one_time_password_expired');
  });

  it('the auditor reads every attempt, refused or done, and no password', async () => {
    const response = await auditor.request('GET', '/api/audit/operations?action=user&pageSize=100');
    expect(response.statusCode).toBe(200);
    const rows = (
      response.json().items as Array<{ username: string; action: string; result: string; detail: string }>
    )
      .map((row) => ({ ...row, code: row.detail ? JSON.parse(row.detail).code : undefined }))
      .reverse();
    const seen = rows.map(
      (row) => `${row.username} ${row.action} ${row.result}${row.code ? ` ${row.code}` : ''}`,
    );
    expect(seen).toEqual([
      'admin user.create failure VALIDATION_FAILED',
      'admin user.create failure FORBIDDEN',
      'admin user.create success',
      'admin user.update failure FORBIDDEN',
      'admin user.update success',
      'admin user.deactivate success',
      'admin user.update success',
      'admin user.grant failure FORBIDDEN',
      'admin user.password.reset failure FORBIDDEN',
      'anquan user.create failure FORBIDDEN',
      'anquan user.grant failure VALIDATION_FAILED',
      'anquan user.grant success',
      'anquan user.grant success',
      'anquan user.password.reset success',
    ]);
    const everything = JSON.stringify(await ctx.db.selectFrom('operationLog').selectAll().execute());
    expect(issued).toHaveLength(2);
    for (const password of [...issued, 'Xuanding-Mima-2026', 'Ziji-Xuan-Mima-2026']) {
      expect(everything).not.toContain(password);
    }
  });
});
