import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, insertTestUser, login, testDialects, type TestContext } from './helper.ts';

describe.each(testDialects())('wrong old password on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await insertTestUser(ctx.db, {
      username: 'guesser',
      password: 'Right-Pass-2026',
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
  });
  afterAll(async () => ctx?.close());

  it('counts toward the lockout and ends every session at the fifth', async () => {
    const agent = await login(ctx.app, 'guesser', 'Right-Pass-2026');
    const other = await login(ctx.app, 'guesser', 'Right-Pass-2026');
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await agent.request('POST', '/api/auth/password', {
        oldPassword: `Wrong-Guess-${attempt}`,
        newPassword: 'Brand-New-Pass-1',
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.details[0].field).toBe('oldPassword');
    }
    const fifth = await agent.request('POST', '/api/auth/password', {
      oldPassword: 'Wrong-Guess-5',
      newPassword: 'Brand-New-Pass-1',
    });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');

    expect((await other.request('GET', '/api/auth/session')).statusCode).toBe(401);
    const user = await ctx.db
      .selectFrom('appUser')
      .select(['id', 'lockedUntil'])
      .where('username', '=', 'guesser')
      .executeTakeFirstOrThrow();
    expect(user.lockedUntil).not.toBeNull();
    const sessions = await ctx.db
      .selectFrom('session')
      .select('idHash')
      .where('userId', '=', user.id)
      .execute();
    expect(sessions).toHaveLength(0);
    const reasons = await ctx.db
      .selectFrom('loginLog')
      .select('reason')
      .where('userId', '=', user.id)
      .where('success', '=', false)
      .execute();
    expect(reasons.map((r) => r.reason).sort()).toEqual([
      'wrong_old_password',
      'wrong_old_password',
      'wrong_old_password',
      'wrong_old_password',
      'wrong_old_password_locked',
    ]);
    const locked = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'guesser', password: 'Right-Pass-2026' },
    });
    expect(locked.statusCode).toBe(423);
  });
});
