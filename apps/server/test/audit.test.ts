import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';

// The audit administrator's search of the three logs: audit:read only (三员分立), newest first,
// paginated, filtered; no way to change or delete a record.

const PASSWORD = 'Audit-Pass-2026';

describe.each(testDialects())('audit API on %s', (dialect) => {
  let ctx: TestContext;
  let auditor: Agent;
  let auditorId: number;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    auditorId = await insertTestUser(ctx.db, {
      username: 'auditor',
      password: PASSWORD,
      roles: ['audit_admin'],
      viewScope: ['140000000000'],
    });
    await insertTestUser(ctx.db, {
      username: 'security',
      password: PASSWORD,
      roles: ['security_admin'],
      viewScope: ['140000000000'],
    });
    await insertTestUser(ctx.db, {
      username: 'county',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    auditor = await login(ctx.app, 'auditor', PASSWORD);
  });
  afterAll(async () => ctx?.close());

  async function seedOperations(
    rows: Array<{ occurredAt: string; username: string; action: string; result: string }>,
  ) {
    for (const row of rows) {
      await ctx.db
        .insertInto('operationLog')
        .values({
          ...row,
          userId: null,
          roles: 'county_staff',
          regionCode: '140902000000',
          targetType: null,
          targetId: null,
          detail: null,
          ip: '10.1.1.1',
        })
        .execute();
    }
  }

  describe('who may read', () => {
    it.each([
      ['admin', ADMIN_PASSWORD, 'system_admin'],
      ['security', PASSWORD, 'security_admin'],
      ['county', PASSWORD, 'county_staff'],
    ])(
      'refuses %s (%s) with 403 FORBIDDEN on every log, and logs the attempt',
      async (username, password, role) => {
        const agent = await login(ctx.app, username, password);
        for (const url of ['/api/audit/operations', '/api/audit/logins', '/api/audit/sensitive-reads']) {
          const response = await agent.request('GET', url);
          expect(response.statusCode, `${role} ${url}`).toBe(403);
          expect(response.json().error).toEqual({
            code: 'FORBIDDEN',
            message: '您没有执行此操作的权限',
            details: [],
          });
        }
        const refused = await ctx.db
          .selectFrom('operationLog')
          .select(['action', 'result', 'detail', 'roles'])
          .where('username', '=', username)
          .where('result', '=', 'failure')
          .orderBy('id')
          .execute();
        expect(refused.map((row) => row.action)).toEqual([
          'GET /api/audit/operations',
          'GET /api/audit/logins',
          'GET /api/audit/sensitive-reads',
        ]);
        expect(refused[0]).toMatchObject({
          roles: role,
          detail: '{"code":"FORBIDDEN","permission":"audit:read"}',
        });
      },
    );

    it('refuses anyone without a session with 401', async () => {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/audit/logins' });
      expect(response.statusCode).toBe(401);
    });

    it('lets the audit administrator read all three', async () => {
      for (const url of ['/api/audit/operations', '/api/audit/logins', '/api/audit/sensitive-reads']) {
        const response = await auditor.request('GET', url);
        expect(response.statusCode, url).toBe(200);
        expect(response.json()).toMatchObject({ page: 1, pageSize: 20 });
      }
    });
  });

  it('describes the three searches in the OpenAPI document, read-only', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json().paths as Record<string, Record<string, unknown>>;
    for (const url of ['/api/audit/operations', '/api/audit/logins', '/api/audit/sensitive-reads']) {
      expect(Object.keys(paths[url] ?? {}), url).toEqual(['get']);
    }
  });

  describe('no way to change the logs', () => {
    it.each([
      ['DELETE', '/api/audit/operations'],
      ['DELETE', '/api/audit/operations/1'],
      ['PUT', '/api/audit/operations/1'],
      ['PATCH', '/api/audit/logins/1'],
      ['POST', '/api/audit/operations'],
      ['DELETE', '/api/audit/sensitive-reads'],
    ] as const)('%s %s does not exist', async (method, url) => {
      const before = await ctx.db.selectFrom('operationLog').select('id').execute();
      const response = await auditor.request(method, url, method === 'DELETE' ? undefined : {});
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
      const after = await ctx.db.selectFrom('operationLog').select('id').execute();
      expect(after.length).toBeGreaterThanOrEqual(before.length);
      expect(after.map((row) => row.id)).toEqual(expect.arrayContaining(before.map((row) => row.id)));
    });
  });

  describe('operation log', () => {
    beforeAll(async () => {
      await seedOperations([
        {
          occurredAt: '2026-01-10T02:00:00.000Z',
          username: 'zhang3',
          action: 'user.create',
          result: 'success',
        },
        {
          occurredAt: '2026-01-11T02:00:00.000Z',
          username: 'zhang3',
          action: 'user.update',
          result: 'failure',
        },
        {
          occurredAt: '2026-01-12T02:00:00.000Z',
          username: 'li4',
          action: 'auth.password.change',
          result: 'success',
        },
        {
          occurredAt: '2026-01-12T02:00:00.000Z',
          username: 'li4',
          action: 'auth.logout_all',
          result: 'success',
        },
        {
          occurredAt: '2026-01-13T02:00:00.000Z',
          username: 'wang5',
          action: 'authx.other',
          result: 'success',
        },
        {
          occurredAt: '2026-01-14T02:00:00.000Z',
          username: 'wang5',
          action: 'auth_login',
          result: 'success',
        },
      ]);
    });

    const search = async (query: string) => {
      const response = await auditor.request('GET', `/api/audit/operations?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as {
        items: Array<{ id: number; action: string; username: string }>;
        total: number;
      };
    };
    const january = 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';

    it('lists newest first, the later of equal times first, with every column', async () => {
      const page = await search(january);
      expect(page.total).toBe(6);
      expect(page.items.map((row) => row.action)).toEqual([
        'auth_login',
        'authx.other',
        'auth.logout_all',
        'auth.password.change',
        'user.update',
        'user.create',
      ]);
      expect(page.items[0]).toEqual({
        id: expect.any(Number),
        occurredAt: '2026-01-14T02:00:00.000Z',
        userId: null,
        username: 'wang5',
        roles: 'county_staff',
        regionCode: '140902000000',
        action: 'auth_login',
        targetType: null,
        targetId: null,
        result: 'success',
        detail: null,
        ip: '10.1.1.1',
        channel: null,
        requestId: null,
      });
    });

    it('pages', async () => {
      const first = await search(`${january}&pageSize=4&page=1`);
      const second = await search(`${january}&pageSize=4&page=2`);
      expect(first).toMatchObject({ total: 6, page: 1, pageSize: 4 });
      expect(first.items).toHaveLength(4);
      expect(second.items.map((row) => row.action)).toEqual(['user.update', 'user.create']);
      expect((await search(`${january}&pageSize=4&page=3`)).items).toEqual([]);
    });

    it('filters by time: from inclusive, to exclusive, offsets honoured', async () => {
      const page = await search('from=2026-01-12T02:00:00Z&to=2026-01-13T02:00:00Z');
      expect(page.items.map((row) => row.action)).toEqual(['auth.logout_all', 'auth.password.change']);
      // 10:00 in Beijing is 02:00 UTC.
      const beijing = await search(
        `from=${encodeURIComponent('2026-01-13T10:00:00+08:00')}&to=2026-02-01T00:00:00Z`,
      );
      expect(beijing.items.map((row) => row.action)).toEqual(['auth_login', 'authx.other']);
    });

    it('filters by username, result, and action or action prefix', async () => {
      expect((await search(`${january}&username=zhang3`)).items.map((row) => row.action)).toEqual([
        'user.update',
        'user.create',
      ]);
      expect((await search(`${january}&result=failure`)).items.map((row) => row.action)).toEqual([
        'user.update',
      ]);
      expect((await search(`${january}&action=auth.password.change`)).items.map((row) => row.action)).toEqual(
        ['auth.password.change'],
      );
      // A prefix takes whole dotted parts: not authx.other, and _ is no wildcard (auth_login).
      expect((await search(`${january}&action=auth`)).items.map((row) => row.action)).toEqual([
        'auth.logout_all',
        'auth.password.change',
      ]);
      expect((await search(`${january}&action=auth&username=li4&result=success`)).total).toBe(2);
    });

    it('refuses bad filters with the field named', async () => {
      for (const [query, field] of [
        ['from=yesterday', 'querystring.from'],
        ['result=maybe', 'querystring.result'],
        ['pageSize=500', 'querystring.pageSize'],
        ['page=0', 'querystring.page'],
      ]) {
        const response = await auditor.request('GET', `/api/audit/operations?${query}`);
        expect(response.statusCode, query).toBe(400);
        expect(response.json().error.code).toBe('VALIDATION_FAILED');
        expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it('records what happens through the API', async () => {
      const county = await login(ctx.app, 'county', PASSWORD);
      await county.request('POST', '/api/auth/password', { oldPassword: PASSWORD, newPassword: 'weak' });
      const page = await search('username=county&action=auth.password.change');
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ result: 'failure', roles: 'county_staff', ip: '127.0.0.1' });
    });
  });

  describe('login log', () => {
    it('shows successes and failures with their reason, newest first', async () => {
      const inject = (username: string, password: string) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password },
          headers: { 'user-agent': 'test-agent' },
        });
      await inject('county', 'Wrong-Pass-1');
      await inject('ghost', 'Wrong-Pass-1');
      await inject('county', PASSWORD);

      const all = await auditor.request('GET', '/api/audit/logins?pageSize=200');
      expect(all.statusCode).toBe(200);
      const items = all.json().items as Array<{ username: string; success: boolean; reason: string }>;
      expect(items.slice(0, 3).map((row) => [row.username, row.success, row.reason])).toEqual([
        ['county', true, 'ok'],
        ['ghost', false, 'unknown_user'],
        ['county', false, 'wrong_password'],
      ]);
      expect(items[0]).toMatchObject({
        userId: expect.any(Number),
        ip: '127.0.0.1',
        userAgent: 'test-agent',
      });

      const failures = await auditor.request('GET', '/api/audit/logins?success=false&username=county');
      expect(failures.json().items.map((row: { reason: string }) => row.reason)).toEqual(['wrong_password']);
      const successes = await auditor.request('GET', '/api/audit/logins?success=true&username=county');
      expect(successes.json().items.every((row: { success: boolean }) => row.success)).toBe(true);
      expect(successes.json().total).toBeGreaterThanOrEqual(1);
    });
  });

  describe('sensitive-read log', () => {
    it('lists who saw what and why, filtered', async () => {
      for (const [username, occurredAt, field] of [
        ['zhao6', '2026-03-01T00:00:00.000Z', 'idNumber'],
        ['zhao6', '2026-03-02T00:00:00.000Z', 'phone'],
        ['qian7', '2026-03-03T00:00:00.000Z', 'bankAccount'],
      ] as const) {
        await ctx.db
          .insertInto('sensitiveReadLog')
          .values({
            occurredAt,
            userId: auditorId,
            username,
            targetType: 'laborer',
            targetId: '42',
            field,
            purpose: '核实补贴发放',
            ip: '10.2.2.2',
          })
          .execute();
      }
      const all = await auditor.request('GET', '/api/audit/sensitive-reads');
      expect(all.json().total).toBe(3);
      expect(all.json().items[0]).toEqual({
        id: expect.any(Number),
        occurredAt: '2026-03-03T00:00:00.000Z',
        userId: auditorId,
        username: 'qian7',
        targetType: 'laborer',
        targetId: '42',
        field: 'bankAccount',
        purpose: '核实补贴发放',
        ip: '10.2.2.2',
        channel: null,
        requestId: null,
      });
      const filtered = await auditor.request(
        'GET',
        '/api/audit/sensitive-reads?username=zhao6&from=2026-03-02T00:00:00Z',
      );
      expect(filtered.json().items.map((row: { field: string }) => row.field)).toEqual(['phone']);
    });
  });
});
