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
import { parseAllowedOrigins } from '../src/plugins/security.ts';

// Security headers, login rate limiting and the secure cookie. This app runs as it would behind
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
    it('include HSTS on every answer behind HTTPS (secure cookies): API, page, errors, unknown URL', async () => {
      const agent = await signIn('auditor', PASSWORD);
      const answers = [
        await ctx.app.inject({ method: 'GET', url: '/api/health' }),
        await ctx.app.inject({ method: 'GET', url: '/api/docs/' }),
        await ctx.app.inject({ method: 'GET', url: '/api/auth/session' }),
        await ctx.app.inject({ method: 'POST', url: '/no-such-page' }),
        await agent.request('GET', '/api/audit/operations'),
        await agent.request('POST', '/api/auth/logout-all', {}, { 'x-csrf-token': 'wrong' }),
      ];
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 401, 404, 200, 403]);
      for (const answer of answers)
        expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    });

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

// HSTS only behind HTTPS, and the Origin check of state-changing requests (OWASP CSRF Prevention
// Cheat Sheet, "Verifying origin with standard headers"). `plain` runs on http://jiuye.test:3000 without a proxy;
// `proxied` trusts X-Forwarded-* (JIUYE_TRUST_PROXY) and allows one more origin (JIUYE_ALLOWED_ORIGINS).
describe.each(testDialects())('origin check and HSTS on %s', (dialect) => {
  const HOST = 'jiuye.test:3000';
  const OWN = `http://${HOST}`;
  let plain: TestContext;
  let proxied: TestContext;
  beforeAll(async () => {
    plain = await createTestApp(dialect);
    proxied = await createTestApp(dialect, {
      trustProxy: true,
      allowedOrigins: ['https://portal.example.gov.cn/'],
    });
    for (const ctx of [plain, proxied]) {
      await insertTestUser(ctx.db, {
        username: 'auditor',
        password: PASSWORD,
        roles: ['audit_admin'],
        viewScope: ['140000000000'],
      });
    }
  });
  afterAll(async () => {
    await plain?.close();
    await proxied?.close();
  });

  const login = (ctx: TestContext, headers: Record<string, string>) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'auditor', password: PASSWORD },
      headers,
    });

  /** Signs in with no Origin (as a script would) and returns a request function with the session and token. */
  async function session(ctx: TestContext) {
    const response = await login(ctx, { host: HOST });
    expect(response.statusCode).toBe(200);
    const cookie = sessionCookie(response);
    const csrfToken = response.json().csrfToken as string;
    return (method: 'GET' | 'POST', url: string, headers: Record<string, string>) =>
      ctx.app.inject({
        method,
        url,
        payload: method === 'POST' ? {} : undefined,
        headers: { cookie, 'x-csrf-token': csrfToken, ...headers },
      });
  }

  const counts = async (ctx: TestContext) => ({
    sessions: (await ctx.db.selectFrom('session').select('idHash').execute()).length,
    logins: (await ctx.db.selectFrom('loginLog').select('id').execute()).length,
    operations: (await ctx.db.selectFrom('operationLog').select('id').execute()).length,
  });

  it('sends no HSTS without secure cookies', async () => {
    for (const url of ['/api/health', '/api/docs/', '/api/auth/session']) {
      const response = await plain.app.inject({ method: 'GET', url });
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('refuses a login from a foreign origin with 403 ORIGIN_REJECTED, and changes nothing', async () => {
    const before = await counts(plain);
    for (const origin of [
      'https://evil.example',
      'http://jiuye.test:3001',
      'https://jiuye.test:3000',
      'null',
    ]) {
      const response = await login(plain, { host: HOST, origin });
      expect(response.statusCode, origin).toBe(403);
      expect(response.json().error).toEqual({
        code: 'ORIGIN_REJECTED',
        message: '请求来源不是本系统的页面，已拒绝。请直接打开本系统的网址后重试',
        details: [],
      });
      expect(response.headers['set-cookie'], origin).toBeUndefined();
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
    expect(await counts(plain)).toEqual(before);
  });

  it('refuses a signed-in change from a foreign origin or Referer even with the right token', async () => {
    const request = await session(plain);
    const before = await counts(plain);
    const foreign: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/forms/post.html' },
      // The Origin decides when both are sent.
      { origin: 'https://evil.example', referer: `${OWN}/registry/laborers` },
    ];
    for (const headers of foreign) {
      const response = await request('POST', '/api/auth/logout-all', { host: HOST, ...headers });
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json().error.code).toBe('ORIGIN_REJECTED');
    }
    expect(await counts(plain)).toEqual(before);
    expect((await request('GET', '/api/auth/session', { host: HOST })).statusCode).toBe(200);
    // A read is not a change: a foreign Origin on a GET is left to CORS (none is allowed) and the session.
    expect(
      (await request('GET', '/api/auth/session', { host: HOST, origin: 'https://evil.example' })).statusCode,
    ).toBe(200);
  });

  it('lets the same origin, a same-origin Referer or neither through to the CSRF check', async () => {
    expect((await login(plain, { host: HOST, origin: OWN })).statusCode).toBe(200);
    expect((await login(plain, { host: HOST, origin: `${OWN}/` })).statusCode).toBe(200);
    expect((await login(plain, { host: 'jiuye.test', origin: 'http://jiuye.test:80' })).statusCode).toBe(200);
    expect((await login(plain, { host: HOST, referer: `${OWN}/login?next=%2F` })).statusCode).toBe(200);
    const request = await session(plain);
    // The token is still required: the right origin without it is refused as before.
    const noToken = await request('POST', '/api/auth/logout-all', {
      host: HOST,
      origin: OWN,
      'x-csrf-token': '',
    });
    expect(noToken.json().error.code).toBe('CSRF_FAILED');
    expect((await request('POST', '/api/auth/logout-all', { host: HOST, origin: OWN })).statusCode).toBe(200);
  });

  it('takes the origin from X-Forwarded-Proto and -Host only when the proxy is trusted', async () => {
    const forwarded = {
      host: '127.0.0.1:3000',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'jiuye.example.gov.cn',
      origin: 'https://jiuye.example.gov.cn',
    };
    expect((await login(proxied, forwarded)).statusCode).toBe(200);
    // Without JIUYE_TRUST_PROXY the forwarded headers are anyone's: the server's origin is the Host it was reached at.
    const untrusted = await login(plain, forwarded);
    expect(untrusted.statusCode).toBe(403);
    expect(untrusted.json().error.code).toBe('ORIGIN_REJECTED');
    expect((await login(plain, { ...forwarded, origin: 'http://127.0.0.1:3000' })).statusCode).toBe(200);
    // Behind the proxy, the inner address is not the site's origin any more.
    expect((await login(proxied, { ...forwarded, origin: 'http://127.0.0.1:3000' })).statusCode).toBe(403);
  });

  it('allows the origins of JIUYE_ALLOWED_ORIGINS and no others', async () => {
    const at = {
      host: '127.0.0.1:3000',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'jiuye.example.gov.cn',
    };
    expect((await login(proxied, { ...at, origin: 'https://portal.example.gov.cn' })).statusCode).toBe(200);
    expect((await login(proxied, { ...at, origin: 'https://portal.example.gov.cn:443' })).statusCode).toBe(
      200,
    );
    for (const origin of ['http://portal.example.gov.cn', 'https://portal.example.gov.cn.evil.example']) {
      expect((await login(proxied, { ...at, origin })).statusCode, origin).toBe(403);
    }
    // Only the proxied app lists it.
    expect((await login(plain, { host: HOST, origin: 'https://portal.example.gov.cn' })).statusCode).toBe(
      403,
    );
  });

  it('refuses to start with a JIUYE_ALLOWED_ORIGINS entry that is not an origin', () => {
    expect(parseAllowedOrigins(['https://a.example.gov.cn', 'http://b.example:8080/'])).toEqual(
      new Set(['https://a.example.gov.cn', 'http://b.example:8080']),
    );
    for (const value of ['a.example.gov.cn', 'https://a.example.gov.cn/jiuye', 'ftp://a.example', 'null'])
      expect(() => parseAllowedOrigins([value]), value).toThrow(/JIUYE_ALLOWED_ORIGINS/);
  });
});
