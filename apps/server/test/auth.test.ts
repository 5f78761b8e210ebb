import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  insertTestUser,
  login,
  sessionCookie,
  testDialects,
  type TestContext,
} from './helper.ts';
import { toBoolean } from '../src/db/create-db.ts';

// 等保 2.0 三级 身份鉴别 and 登录失败处理, proved over HTTP on both dialects.

const PASSWORD = 'Initial-Pass-1';
const COUNTY = '140902000000';

describe.each(testDialects())('login and passwords on %s', (dialect) => {
  let ctx: TestContext;
  let serial = 0;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
  });
  afterAll(async () => ctx?.close());

  /** A fresh county-staff user for each test, so that tests share one database without sharing state. */
  async function newUser(options: { mustChangePassword?: boolean; passwordChangedAt?: string } = {}) {
    const username = `user${++serial}`;
    const id = await insertTestUser(ctx.db, {
      username,
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: [COUNTY],
      ...options,
    });
    return { id, username };
  }

  const postLogin = (username: string, password: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

  const userRow = (id: number) =>
    ctx.db
      .selectFrom('appUser')
      .select(['passwordHash', 'mustChangePassword', 'failedLoginCount', 'lockedUntil', 'passwordChangedAt'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  const lockoutRows = (username: string) =>
    ctx.db
      .selectFrom('loginLockout')
      .select(['ip', 'failedCount', 'lockedUntil'])
      .where('usernameKey', '=', username.toLowerCase())
      .orderBy('ip')
      .execute();

  const loginReasons = async (username: string) =>
    (
      await ctx.db
        .selectFrom('loginLog')
        .select(['reason', 'success'])
        .where('username', '=', username)
        .orderBy('id')
        .execute()
    ).map((row) => `${row.reason}:${toBoolean(row.success)}`);

  const changePassword = (
    agent: Awaited<ReturnType<typeof login>>,
    oldPassword: string,
    newPassword: string,
  ) => agent.request('POST', '/api/auth/password', { oldPassword, newPassword });

  describe('hashing', () => {
    it('stores argon2id hashes, also for a changed password and in the history', async () => {
      const { id, username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      expect((await changePassword(agent, PASSWORD, 'Second-Pass-2')).statusCode).toBe(200);
      const row = await userRow(id);
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.passwordHash).not.toContain('Second-Pass-2');
      const history = await ctx.db
        .selectFrom('passwordHistory')
        .select('passwordHash')
        .where('userId', '=', id)
        .execute();
      expect(history).toHaveLength(2);
      for (const { passwordHash } of history) expect(passwordHash).toMatch(/^\$argon2id\$/);
    });
  });

  describe('same answer for an unknown user and a wrong password', () => {
    it('answers byte-identically and logs the true reason', async () => {
      const { username } = await newUser();
      const inactive = await newUser();
      await ctx.db.updateTable('appUser').set({ isActive: false }).where('id', '=', inactive.id).execute();

      const unknown = await postLogin('nobody-here', PASSWORD);
      const wrong = await postLogin(username, 'Wrong-Pass-9');
      const disabled = await postLogin(inactive.username, PASSWORD);
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json()).toEqual({
        error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误', details: [] },
      });
      for (const other of [wrong, disabled]) {
        expect(other.statusCode).toBe(unknown.statusCode);
        expect(other.body).toBe(unknown.body);
        expect(other.headers['content-type']).toBe(unknown.headers['content-type']);
        expect(other.headers['set-cookie']).toBeUndefined();
      }
      expect(await loginReasons('nobody-here')).toEqual(['unknown_user:false']);
      expect(await loginReasons(username)).toEqual(['wrong_password:false']);
      expect(await loginReasons(inactive.username)).toEqual(['inactive:false']);
    });
  });

  describe('password rules', () => {
    it.each([
      ['shorter than 8 characters', 'Ab1!xyz', '密码长度至少 8 位'],
      [
        'fewer than 3 character classes',
        'alllowercase123',
        '密码须包含大写字母、小写字母、数字、特殊字符中的至少 3 类',
      ],
      ['containing the username', 'Xx-{username}-9', '密码不能包含用户名'],
      ['containing the username in another case', 'Xx-{USERNAME}-9', '密码不能包含用户名'],
    ])('refuses a password %s with WEAK_PASSWORD and changes nothing', async (_label, template, message) => {
      const { id, username } = await newUser();
      const newPassword = template
        .replace('{username}', username)
        .replace('{USERNAME}', username.toUpperCase());
      const agent = await login(ctx.app, username, PASSWORD);
      const before = await userRow(id);
      const response = await changePassword(agent, PASSWORD, newPassword);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('WEAK_PASSWORD');
      expect(response.json().error.details).toContainEqual({ field: 'newPassword', message });
      expect(await userRow(id)).toEqual(before);
      // The session still works and the attempt is in the operation log.
      expect((await agent.request('GET', '/api/auth/session')).statusCode).toBe(200);
      const logged = await ctx.db
        .selectFrom('operationLog')
        .select(['action', 'result', 'detail', 'username'])
        .where('username', '=', username)
        .execute();
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ action: 'auth.password.change', result: 'failure' });
      expect(JSON.parse(logged[0]!.detail!).code).toBe('WEAK_PASSWORD');
    });

    it('accepts 3 classes that are not a common password', async () => {
      const { username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      const response = await changePassword(agent, PASSWORD, 'hbq7-ntzw!lp');
      expect(response.statusCode).toBe(200);
      expect((await postLogin(username, 'hbq7-ntzw!lp')).statusCode).toBe(200);
    });

    // `Password1` passed the 等保 classes and was accepted at the admin's first change.
    it.each(['Password1', 'P@ssw0rd!', 'Qwerty12345!', 'Abcd1234!', 'Password1!'])(
      'refuses the common or easily guessed %s with WEAK_PASSWORD and changes nothing',
      async (weak) => {
        const { id, username } = await newUser();
        const agent = await login(ctx.app, username, PASSWORD);
        const before = await userRow(id);
        const response = await changePassword(agent, PASSWORD, weak);
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toEqual({
          code: 'WEAK_PASSWORD',
          message: '密码过于常见或容易被猜到，请换一个更长、更不规则的密码',
          details: [
            { field: 'newPassword', message: '密码过于常见或容易被猜到，请换一个更长、更不规则的密码' },
          ],
        });
        expect(await userRow(id)).toEqual(before);
      },
    );

    it('refuses a wrong old password, changes no password and counts the failure', async () => {
      const { id, username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      const before = await userRow(id);
      const response = await changePassword(agent, 'Not-The-Old-1', 'Brand-New-Pass-3');
      expect(response.json().error).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        details: [{ field: 'oldPassword', message: '原密码不正确' }],
      });
      expect(await userRow(id)).toEqual(before);
      expect(await lockoutRows(username)).toEqual([{ ip: '127.0.0.1', failedCount: 1, lockedUntil: null }]);
    });
  });

  describe('password history', () => {
    it('refuses the current and the last 5 passwords, allows the 6th most recent', async () => {
      const { username } = await newUser();
      const passwords = [PASSWORD, 'History-Pass-1', 'History-Pass-2', 'History-Pass-3', 'History-Pass-4'];
      const current = 'History-Pass-5';
      let agent = await login(ctx.app, username, PASSWORD);
      for (const [index, next] of [...passwords.slice(1), current].entries()) {
        const response = await changePassword(agent, passwords[index]!, next);
        expect(response.statusCode).toBe(200);
        agent = await login(ctx.app, username, next);
      }
      // Passwords used, newest first: History-Pass-5 (current), -4, -3, -2, -1, Initial-Pass-1 (6th).
      for (const reused of [current, ...passwords.slice(1)]) {
        const response = await changePassword(agent, current, reused);
        expect(response.statusCode, reused).toBe(400);
        expect(response.json().error).toMatchObject({
          code: 'PASSWORD_REUSED',
          details: [{ field: 'newPassword' }],
        });
      }
      const sixth = await changePassword(agent, current, PASSWORD);
      expect(sixth.statusCode).toBe(200);
      expect((await postLogin(username, PASSWORD)).statusCode).toBe(200);
    });
  });

  describe('initial password', () => {
    it('must be changed at first login before anything else', async () => {
      const { id, username } = await newUser({ mustChangePassword: true });
      const response = await postLogin(username, PASSWORD);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        mustChangePassword: true,
        user: { mustChangePassword: true, passwordExpired: false },
      });
      const agent = await login(ctx.app, username, PASSWORD);
      const refused = await agent.request('GET', '/api/audit/operations');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({
        code: 'PASSWORD_CHANGE_REQUIRED',
        message: '首次登录请先修改密码',
      });
      expect((await agent.request('GET', '/api/auth/session')).json().mustChangePassword).toBe(true);

      const changed = await changePassword(agent, PASSWORD, 'My-Own-Pass-7');
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({
        mustChangePassword: false,
        user: { mustChangePassword: false },
      });
      expect(toBoolean((await userRow(id)).mustChangePassword)).toBe(false);
      agent.cookie = sessionCookie(changed);
      agent.csrfToken = changed.json().csrfToken;
      // Past the gate: county staff lack audit:read, so the answer is now FORBIDDEN, not PASSWORD_CHANGE_REQUIRED.
      expect((await agent.request('GET', '/api/audit/operations')).json().error.code).toBe('FORBIDDEN');
    });
  });

  describe('password expiry after 90 days', () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

    it('is not yet expired on day 89', async () => {
      const { username } = await newUser({ passwordChangedAt: daysAgo(89) });
      const response = await postLogin(username, PASSWORD);
      expect(response.json()).toMatchObject({
        mustChangePassword: false,
        user: { mustChangePassword: false, passwordExpired: false },
      });
    });

    it('on day 91 asks for a new password and refuses other APIs', async () => {
      const audit = `auditor${++serial}`;
      await insertTestUser(ctx.db, {
        username: audit,
        password: PASSWORD,
        roles: ['audit_admin'],
        viewScope: ['140000000000'],
        passwordChangedAt: daysAgo(91),
      });
      const response = await postLogin(audit, PASSWORD);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        mustChangePassword: true,
        user: { mustChangePassword: true, passwordExpired: true },
      });
      const agent = await login(ctx.app, audit, PASSWORD);
      const refused = await agent.request('GET', '/api/audit/operations');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({
        code: 'PASSWORD_CHANGE_REQUIRED',
        message: '密码已超过90天未修改，请先修改密码',
      });
      const changed = await changePassword(agent, PASSWORD, 'Fresh-Pass-2026');
      expect(changed.json().user.passwordExpired).toBe(false);
      agent.cookie = sessionCookie(changed);
      expect((await agent.request('GET', '/api/audit/operations')).statusCode).toBe(200);
    });

    it('also ends a session that was open when the password expired', async () => {
      const { id, username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      await ctx.db
        .updateTable('appUser')
        .set({ passwordChangedAt: daysAgo(91) })
        .where('id', '=', id)
        .execute();
      const refused = await agent.request('GET', '/api/audit/operations');
      expect(refused.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect((await agent.request('GET', '/api/auth/session')).json().user.passwordExpired).toBe(true);
    });
  });

  describe('lockout after 5 failed logins', () => {
    it('locks for 30 minutes, refuses even the right password, then lets the user in again', async () => {
      const { id, username } = await newUser();
      for (let attempt = 1; attempt <= 5; attempt++) {
        const response = await postLogin(username, `Wrong-Pass-${attempt}`);
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('INVALID_CREDENTIALS');
      }
      const locked = await userRow(id);
      expect(locked.lockedUntil).not.toBeNull();
      const lockMinutes = (Date.parse(locked.lockedUntil!) - Date.now()) / 60_000;
      expect(lockMinutes).toBeGreaterThan(29);
      expect(lockMinutes).toBeLessThanOrEqual(30);

      const sixth = await postLogin(username, PASSWORD);
      expect(sixth.statusCode).toBe(423);
      expect(sixth.json().error.code).toBe('ACCOUNT_LOCKED');
      expect(sixth.headers['set-cookie']).toBeUndefined();
      expect(await ctx.db.selectFrom('session').select('userId').where('userId', '=', id).execute()).toEqual(
        [],
      );

      // 30 minutes pass.
      await ctx.db
        .updateTable('loginLockout')
        .set({ lockedUntil: new Date(Date.now() - 1000).toISOString() })
        .where('usernameKey', '=', username)
        .execute();
      const after = await postLogin(username, PASSWORD);
      expect(after.statusCode).toBe(200);
      expect(await lockoutRows(username)).toEqual([]);
      expect(await loginReasons(username)).toEqual([
        'wrong_password:false',
        'wrong_password:false',
        'wrong_password:false',
        'wrong_password:false',
        'wrong_password_locked:false',
        'locked:false',
        'ok:true',
      ]);
    });

    it('counts consecutive failures only: a success starts again from zero', async () => {
      const { id, username } = await newUser();
      for (let i = 0; i < 4; i++) await postLogin(username, 'Wrong-Pass-0');
      expect((await postLogin(username, PASSWORD)).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) await postLogin(username, 'Wrong-Pass-0');
      expect((await userRow(id)).lockedUntil).toBeNull();
      expect((await postLogin(username, PASSWORD)).statusCode).toBe(200);
    });

    it('cannot be outrun by parallel attempts', async () => {
      const { id, username } = await newUser();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => postLogin(username, `Wrong-Pass-${i}`)),
      );
      // Each attempt is counted: the fifth locks, and an attempt that looks after it is answered 423.
      for (const answer of answers) expect([401, 423]).toContain(answer.statusCode);
      expect(answers.filter((answer) => answer.statusCode === 401).length).toBeGreaterThanOrEqual(5);
      expect((await userRow(id)).lockedUntil).not.toBeNull();
      expect((await postLogin(username, PASSWORD)).statusCode).toBe(423);
    });
  });
});
