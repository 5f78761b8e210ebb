import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, ADMIN_PASSWORD, testDialects, type TestContext } from './helper.ts';

describe.each(testDialects())('smoke on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
  });
  afterAll(async () => ctx?.close());

  it('answers health and logs in', async () => {
    const health = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: dialect });
    const agent = await login(ctx.app, 'admin', ADMIN_PASSWORD);
    const session = await agent.request('GET', '/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().user.username).toBe('admin');
    const regions = await ctx.db
      .selectFrom('region')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(regions.n)).toBeGreaterThan(1000);
  });
});
