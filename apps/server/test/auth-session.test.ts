import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  insertTestUser,
  login,
  sessionCookie,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import { hashCsrfToken, hashSessionId } from '../src/plugins/auth.ts';

// Sessions, logout and CSRF: server-side sessions with a fresh id at login, 30-minute idle and
// 12-hour absolute timeouts, logout of one or all sessions, and a CSRF token on every state-changing request.

const PASSWORD = 'Session-Pass-1';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe.each(testDialects())('sessions on %s', (dialect) => {
  let ctx: TestContext;
  let serial = 0;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
  });
  afterAll(async () => ctx?.close());

  async function newUser() {
    const username = `sess${++serial}`;
    const id = await insertTestUser(ctx.db, {
      username,
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    return { id, username };
  }

  const sessionsOf = (userId: number) =>
    ctx.db
      .selectFrom('session')
      .select(['idHash', 'csrfTokenHash', 'createdAt', 'lastSeenAt', 'expiresAt'])
      .where('userId', '=', userId)
      .execute();

  const cookieValue = (agent: Agent) => agent.cookie.slice('jiuye_sid='.length);
  const whoAmI = (agent: Agent) => agent.request('GET', '/api/auth/session');

  const expectExpired = async (agent: Agent) => {
    const response = await whoAmI(agent);
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({
      code: 'SESSION_EXPIRED',
      message: '登录已过期，请重新登录',
    });
  };

  it('sets an HttpOnly, SameSite=Strict cookie on / and keeps only a hash of the id', async () => {
    const { id, username } = await newUser();
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === 'jiuye_sid')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeUndefined(); // secureCookies is off in this app: see security.test.ts
    expect(cookie.value.length).toBeGreaterThanOrEqual(43); // 32 random bytes
    const [session] = await sessionsOf(id);
    expect(session!.idHash).toBe(hashSessionId(cookie.value));
    expect(session!.idHash).not.toBe(cookie.value);
    // The CSRF token is stored hashed: the row holds its SHA-256, never the token.
    const csrfToken: string = response.json().csrfToken;
    expect(session!.csrfTokenHash).toBe(hashCsrfToken(csrfToken));
    expect(session!.csrfTokenHash).not.toBe(csrfToken);
    expect(JSON.stringify(await ctx.db.selectFrom('session').selectAll().execute())).not.toContain(csrfToken);
    // After a reload the page asks for its session and gets the same token back.
    const again = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      headers: { cookie: `jiuye_sid=${cookie.value}` },
    });
    expect(again.json().csrfToken).toBe(csrfToken);
    expect(Date.parse(session!.expiresAt) - Date.parse(session!.createdAt)).toBe(12 * 3_600_000);
  });

  it('answers 401 UNAUTHENTICATED without a cookie and SESSION_EXPIRED for an unknown one', async () => {
    const none = await ctx.app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
    const forged = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      cookies: { jiuye_sid: 'forged-session-id' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('SESSION_EXPIRED');
  });

  describe('timeouts', () => {
    it('keeps a session used within 30 minutes and moves its last use', async () => {
      const { id, username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      await ctx.db
        .updateTable('session')
        .set({ lastSeenAt: minutesAgo(29) })
        .where('userId', '=', id)
        .execute();
      expect((await whoAmI(agent)).statusCode).toBe(200);
      const [session] = await sessionsOf(id);
      expect(Date.now() - Date.parse(session!.lastSeenAt)).toBeLessThan(60_000);
    });

    it('ends a session idle for 30 minutes: 401 SESSION_EXPIRED, row gone, attempt logged', async () => {
      const { id, username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      await ctx.db
        .updateTable('session')
        .set({ lastSeenAt: minutesAgo(31) })
        .where('userId', '=', id)
        .execute();
      await expectExpired(agent);
      expect(await sessionsOf(id)).toEqual([]);
      const logged = await ctx.db
        .selectFrom('operationLog')
        .select(['action', 'result', 'detail'])
        .where('action', '=', 'GET /api/auth/session')
        .where('result', '=', 'failure')
        .execute();
      expect(logged.some((row) => JSON.parse(row.detail!).code === 'SESSION_EXPIRED')).toBe(true);
    });

    it('ends a session 12 hours after login however busy it is', async () => {
      const { id, username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      await ctx.db
        .updateTable('session')
        .set({ createdAt: minutesAgo(12 * 60 + 1), expiresAt: minutesAgo(1), lastSeenAt: minutesAgo(0) })
        .where('userId', '=', id)
        .execute();
      await expectExpired(agent);
      expect(await sessionsOf(id)).toEqual([]);
    });

    it('ends the sessions of a deactivated user', async () => {
      const { id, username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      await ctx.db.updateTable('appUser').set({ isActive: false }).where('id', '=', id).execute();
      await expectExpired(agent);
      expect(await sessionsOf(id)).toEqual([]);
    });
  });

  describe('a new session id at every login', () => {
    it('never reuses the session the browser brings along', async () => {
      const { id, username } = await newUser();
      const first = await login(ctx.app, username, PASSWORD);
      const again = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
        headers: { cookie: first.cookie },
      });
      expect(again.statusCode).toBe(200);
      const second = sessionCookie(again);
      expect(second).not.toBe(first.cookie);
      expect(again.json().csrfToken).not.toBe(first.csrfToken);
      // The earlier session of this browser is over; only the new one exists.
      await expectExpired(first);
      const sessions = await sessionsOf(id);
      expect(sessions.map((s) => s.idHash)).toEqual([hashSessionId(second.slice('jiuye_sid='.length))]);
    });

    it('gives two browsers two independent sessions', async () => {
      const { id, username } = await newUser();
      const a = await login(ctx.app, username, PASSWORD);
      const b = await login(ctx.app, username, PASSWORD);
      expect(cookieValue(a)).not.toBe(cookieValue(b));
      expect((await whoAmI(a)).statusCode).toBe(200);
      expect((await whoAmI(b)).statusCode).toBe(200);
      expect(await sessionsOf(id)).toHaveLength(2);
    });
  });

  describe('logout', () => {
    it('ends this session only and clears the cookie', async () => {
      const { id, username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      const other = await login(ctx.app, username, PASSWORD);
      const response = await agent.request('POST', '/api/auth/logout');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true });
      const cleared = response.cookies.find((c) => c.name === 'jiuye_sid')!;
      expect(cleared.value).toBe('');
      expect(cleared.expires!.getTime()).toBeLessThan(Date.now());
      await expectExpired(agent);
      expect((await whoAmI(other)).statusCode).toBe(200);
      expect(await sessionsOf(id)).toHaveLength(1);
      const logged = await ctx.db
        .selectFrom('loginLog')
        .select(['reason', 'userId'])
        .where('username', '=', username)
        .where('reason', '=', 'logout')
        .execute();
      expect(logged).toEqual([{ reason: 'logout', userId: id }]);
    });

    it('logout-all ends every session of the user and no one else’s', async () => {
      const { id, username } = await newUser();
      const bystander = await newUser();
      const here = await login(ctx.app, username, PASSWORD);
      const there = await login(ctx.app, username, PASSWORD);
      const elsewhere = await login(ctx.app, bystander.username, PASSWORD);
      const response = await here.request('POST', '/api/auth/logout-all');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true, sessions: 2 });
      await expectExpired(here);
      await expectExpired(there);
      expect(await sessionsOf(id)).toEqual([]);
      expect((await whoAmI(elsewhere)).statusCode).toBe(200);
      const operation = await ctx.db
        .selectFrom('operationLog')
        .select(['action', 'result', 'userId', 'targetType', 'targetId', 'detail'])
        .where('username', '=', username)
        .execute();
      expect(operation).toEqual([
        {
          action: 'auth.logout_all',
          result: 'success',
          userId: id,
          targetType: 'user',
          targetId: String(id),
          detail: '{"sessions":2}',
        },
      ]);
    });
  });

  describe('changing the password', () => {
    it('rotates this session and ends every other session of the user', async () => {
      const { id, username } = await newUser();
      const bystander = await newUser();
      const here = await login(ctx.app, username, PASSWORD);
      const there = await login(ctx.app, username, PASSWORD);
      const elsewhere = await login(ctx.app, bystander.username, PASSWORD);
      const response = await here.request('POST', '/api/auth/password', {
        oldPassword: PASSWORD,
        newPassword: 'Rotated-Pass-2',
      });
      expect(response.statusCode).toBe(200);
      const rotated = sessionCookie(response);
      expect(rotated).not.toBe(here.cookie);
      expect(response.json().csrfToken).not.toBe(here.csrfToken);
      await expectExpired(here);
      await expectExpired(there);
      expect((await whoAmI(elsewhere)).statusCode).toBe(200);
      const next: Agent = { ...here, cookie: rotated, csrfToken: response.json().csrfToken };
      next.request = (method, url, body) =>
        ctx.app.inject({
          method,
          url,
          payload: body as never,
          headers: { cookie: rotated, 'x-csrf-token': next.csrfToken },
        });
      expect((await whoAmI(next)).json().user.username).toBe(username);
      expect(await sessionsOf(id)).toHaveLength(1);
      const operation = await ctx.db
        .selectFrom('operationLog')
        .select([
          'action',
          'result',
          'userId',
          'username',
          'roles',
          'regionCode',
          'targetType',
          'targetId',
          'ip',
        ])
        .where('username', '=', username)
        .execute();
      expect(operation).toEqual([
        {
          action: 'auth.password.change',
          result: 'success',
          userId: id,
          username,
          roles: 'county_staff',
          regionCode: '140902000000',
          targetType: 'user',
          targetId: String(id),
          ip: '127.0.0.1',
        },
      ]);
    });
  });

  describe('CSRF', () => {
    it.each([
      ['without a token', undefined],
      ['with a forged token', 'forged-token'],
      ['with an empty token', ''],
    ])('refuses a password change %s, changes nothing and logs it', async (_label, token) => {
      const { id, username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      const before = await ctx.db.selectFrom('appUser').select('passwordHash').where('id', '=', id).execute();
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        payload: { oldPassword: PASSWORD, newPassword: 'Csrf-Victim-Pass-9' },
        headers:
          token === undefined ? { cookie: agent.cookie } : { cookie: agent.cookie, 'x-csrf-token': token },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toMatchObject({
        code: 'CSRF_FAILED',
        message: '请求校验失败，请刷新页面后重试',
      });
      expect(
        await ctx.db.selectFrom('appUser').select('passwordHash').where('id', '=', id).execute(),
      ).toEqual(before);
      expect(await sessionsOf(id)).toHaveLength(1);
      const logged = await ctx.db
        .selectFrom('operationLog')
        .select(['action', 'result', 'detail', 'userId'])
        .where('username', '=', username)
        .execute();
      expect(logged).toEqual([
        { action: 'auth.password.change', result: 'failure', detail: '{"code":"CSRF_FAILED"}', userId: id },
      ]);
    });

    it('refuses the token of another session', async () => {
      const { id, username } = await newUser();
      const victim = await login(ctx.app, username, PASSWORD);
      const attacker = await login(ctx.app, (await newUser()).username, PASSWORD);
      const response = await victim.request('POST', '/api/auth/logout-all', undefined, {
        'x-csrf-token': attacker.csrfToken,
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('CSRF_FAILED');
      expect(await sessionsOf(id)).toHaveLength(1);
    });

    it('asks no token of a read', async () => {
      const { username } = await newUser();
      const agent = await login(ctx.app, username, PASSWORD);
      const response = await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/session',
        headers: { cookie: agent.cookie },
      });
      expect(response.statusCode).toBe(200);
    });
  });
});
