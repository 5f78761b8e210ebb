import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import {
  ADMIN_PASSWORD,
  createTestApp,
  insertTestUser,
  sessionCookie,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import { toBoolean } from '../src/db/create-db.ts';

// Security headers, login rate limiting and the secure cookie (issue 2, item 6). This app runs as it would behind
// HTTPS (secureCookies) with at most 3 login attempts per address per minute; each test uses its own address.

const PASSWORD = 'Security-Pass-1';

/** The API's headers (OWASP REST Security Cheat Sheet): a JSON answer may load nothing and is never stored. */
function expectSecurityHeaders(response: LightMyRequestResponse) {
  const csp = String(response.headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'none'");
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['cache-control']).toBe('no-store');
}

describe.each(testDialects())('security on %s', (dialect) => {
  let ctx: TestContext;
  let address = 0;
  beforeAll(async () => {
    ctx = await createTestApp(dialect, { secureCookies: true, loginRateLimit: 3 });
    await insertTestUser(ctx.db, {
      username: 'auditor',
      password: PASSWORD,
      roles: ['audit_admin'],
      viewScope: ['140000000000'],
    });
  });
  afterAll(async () => ctx?.close());

  /** A distinct client address per test, so that the rate limit of one test does not reach another. */
  const nextAddress = () => `10.0.0.${++address}`;
  const postLogin = (remoteAddress: string, username: string, password: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress,
    });

  /** Signs in from an address of its own (helper.ts's login would use up 127.0.0.1's three attempts). */
  async function signIn(username: string, password: string): Promise<Agent> {
    const response = await postLogin(nextAddress(), username, password);
    expect(response.statusCode).toBe(200);
    const agent: Agent = {
      cookie: sessionCookie(response),
      csrfToken: response.json().csrfToken,
      request: (method, url, body, headers = {}) =>
        ctx.app.inject({
          method,
          url,
          payload: body as never,
          headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, ...headers },
        }),
    };
    return agent;
  }

  describe('headers', () => {
    it('are on /api/health', async () => {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(200);
      expectSecurityHeaders(response);
    });

    it('are the page set on the HTML of the API documentation, which is not personal data', async () => {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).not.toBe('no-store');
    });

    it('are on an answer with personal data, and on errors', async () => {
      const agent = await signIn('admin', ADMIN_PASSWORD);
      const session = await agent.request('GET', '/api/auth/session');
      expect(session.statusCode).toBe(200);
      expectSecurityHeaders(session);
      const unauthenticated = await ctx.app.inject({ method: 'GET', url: '/api/auth/session' });
      expect(unauthenticated.statusCode).toBe(401);
      expectSecurityHeaders(unauthenticated);
      const missing = await agent.request('GET', '/api/no-such-route');
      expect(missing.statusCode).toBe(404);
      expectSecurityHeaders(missing);
    });
  });

  describe('percent-encoded paths', () => {
    // find-my-way decodes /%61pi/… to the /api/… route: the checks must follow the route, not the raw URL.
    it.each(['/%61pi/audit/operations', '/api/%61udit/operations', '/%61%70%69/audit/logins'])(
      '%s is as protected as its plain form',
      async (url) => {
        const anonymous = await ctx.app.inject({ method: 'GET', url });
        expect(anonymous.statusCode).toBe(401);
        expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
        const admin = await signIn('admin', ADMIN_PASSWORD);
        const forbidden = await admin.request('GET', url);
        expect(forbidden.statusCode).toBe(403);
        const auditor = await signIn('auditor', PASSWORD);
        const allowed = await auditor.request('GET', url);
        expect(allowed.statusCode).toBe(200);
        expectSecurityHeaders(allowed);
      },
    );

    it('guards the HEAD route Fastify adds for every GET', async () => {
      const anonymous = await ctx.app.inject({ method: 'HEAD', url: '/api/audit/operations' });
      expect(anonymous.statusCode).toBe(401);
      const admin = await signIn('admin', ADMIN_PASSWORD);
      const forbidden = await ctx.app.inject({
        method: 'HEAD',
        url: '/%61pi/audit/operations',
        headers: { cookie: admin.cookie },
      });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.headers['cache-control']).toBe('no-store');
    });

    it('needs the CSRF token on an encoded state-changing path', async () => {
      const agent = await signIn('auditor', PASSWORD);
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/%61pi/auth/logout-all',
        headers: { cookie: agent.cookie },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('CSRF_FAILED');
      expect((await agent.request('GET', '/api/auth/session')).statusCode).toBe(200);
    });
  });

  describe('session cookie behind HTTPS', () => {
    it('is Secure as well as HttpOnly and SameSite=Strict', async () => {
      const response = await postLogin(nextAddress(), 'auditor', PASSWORD);
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'jiuye_sid')!;
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
    });
  });

  describe('login rate limit', () => {
    it('answers the 4th attempt in a minute with 429 RATE_LIMITED, even with the right password', async () => {
      const from = nextAddress();
      expect((await postLogin(from, 'auditor', 'Wrong-Pass-1')).statusCode).toBe(401);
      expect((await postLogin(from, 'auditor', PASSWORD)).statusCode).toBe(200);
      expect((await postLogin(from, 'nobody', PASSWORD)).statusCode).toBe(401);
      const sessionsBefore = await ctx.db.selectFrom('session').select('idHash').execute();

      const limited = await postLogin(from, 'auditor', PASSWORD);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toEqual({
        error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试', details: [] },
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['set-cookie']).toBeUndefined();
      expect(await ctx.db.selectFrom('session').select('idHash').execute()).toEqual(sessionsBefore);

      const logged = await ctx.db
        .selectFrom('loginLog')
        .select(['username', 'success', 'reason', 'ip'])
        .where('ip', '=', from)
        .orderBy('id')
        .execute();
      expect(logged.map((row) => ({ ...row, success: toBoolean(row.success) }))).toEqual([
        { username: 'auditor', success: false, reason: 'wrong_password', ip: from },
        { username: 'auditor', success: true, reason: 'ok', ip: from },
        { username: 'nobody', success: false, reason: 'unknown_user', ip: from },
        { username: 'auditor', success: false, reason: 'rate_limited', ip: from },
      ]);
      // A refused attempt never reaches the account: a wrong password now counts no failure.
      expect((await postLogin(from, 'auditor', 'Wrong-Pass-2')).statusCode).toBe(429);
      const { failedLoginCount } = await ctx.db
        .selectFrom('appUser')
        .select('failedLoginCount')
        .where('username', '=', 'auditor')
        .executeTakeFirstOrThrow();
      expect(failedLoginCount).toBe(0);
    });

    it('limits per address: another address still logs in', async () => {
      const busy = nextAddress();
      for (let i = 0; i < 4; i++) await postLogin(busy, 'nobody', PASSWORD);
      expect((await postLogin(busy, 'auditor', PASSWORD)).statusCode).toBe(429);
      expect((await postLogin(nextAddress(), 'auditor', PASSWORD)).statusCode).toBe(200);
    });

    it('limits logins only, not other requests', async () => {
      const agent = await signIn('auditor', PASSWORD);
      for (let i = 0; i < 5; i++) {
        expect((await agent.request('GET', '/api/auth/session')).statusCode).toBe(200);
      }
    });
  });
});
