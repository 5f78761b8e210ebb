import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type TestContext,
} from './helper.ts';

// With the session cache on, every way of ending a session still ends it at once.
describe.each(testDialects())('session cache on %s', (dialect) => {
  let ctx: TestContext;
  let userId: number;
  beforeAll(async () => {
    ctx = await createTestApp(dialect, { sessionCacheMs: 60_000 });
    userId = await insertTestUser(ctx.db, {
      username: 'cached',
      password: 'Cached-Pass-2026',
      roles: ['township_staff'],
      viewScope: ['140902001000'],
    });
    await insertTestUser(ctx.db, {
      username: 'anquan',
      password: 'Anquan-Pass-2026',
      roles: ['security_admin'],
      viewScope: ['140000000000'],
    });
  });
  afterAll(async () => ctx?.close());

  const status = async (agent: Awaited<ReturnType<typeof login>>) =>
    (await agent.request('GET', '/api/auth/session')).statusCode;

  it('ends the session at logout', async () => {
    const agent = await login(ctx.app, 'cached', 'Cached-Pass-2026');
    expect(await status(agent)).toBe(200);
    expect(await status(agent)).toBe(200);
    expect((await agent.request('POST', '/api/auth/logout')).statusCode).toBe(200);
    expect(await status(agent)).toBe(401);
  });

  it('ends every session at logout-all', async () => {
    const first = await login(ctx.app, 'cached', 'Cached-Pass-2026');
    const second = await login(ctx.app, 'cached', 'Cached-Pass-2026');
    expect(await status(first)).toBe(200);
    expect(await status(second)).toBe(200);
    expect((await first.request('POST', '/api/auth/logout-all')).statusCode).toBe(200);
    expect(await status(first)).toBe(401);
    expect(await status(second)).toBe(401);
  });

  it('ends the sessions of a user whose roles change or who is deactivated', async () => {
    const admin = await login(ctx.app, 'admin', ADMIN_PASSWORD);
    const security = await login(ctx.app, 'anquan', 'Anquan-Pass-2026');
    const agent = await login(ctx.app, 'cached', 'Cached-Pass-2026');
    expect(await status(agent)).toBe(200);
    const village = await ctx.db
      .selectFrom('region')
      .select('code')
      .where('parentCode', '=', '140902001000')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    // 三员分立: roles are the security administrator's to change, deactivation the system administrator's.
    const changed = await security.request('PUT', `/api/users/${userId}/access`, {
      roles: ['village_staff'],
      viewScope: [village.code],
      captureScope: [village.code],
    });
    expect(changed.json()).toMatchObject({ id: userId });
    expect(await status(agent)).toBe(401);

    const again = await login(ctx.app, 'cached', 'Cached-Pass-2026');
    expect(await status(again)).toBe(200);
    expect((await admin.request('PATCH', `/api/users/${userId}`, { isActive: false })).statusCode).toBe(200);
    expect(await status(again)).toBe(401);
  });
});
