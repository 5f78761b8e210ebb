import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, insertTestUser, testDialects, type TestContext } from './helper.ts';
import type * as PasswordHash from '../src/modules/auth/password-hash.ts';

// The same answer and similar timing for an unknown user and a wrong password, proved
// structurally rather than with a stopwatch: every path performs exactly one argon2 verification, and waits for it.
// The password hashing module is wrapped (not replaced) so that the calls can be counted.

const calls = vi.hoisted(() => ({ verify: 0, dummy: 0, settled: 0 }));

vi.mock('../src/modules/auth/password-hash.ts', async (importOriginal) => {
  const original = await importOriginal<typeof PasswordHash>();
  return {
    ...original,
    verifyPassword: async (hash: string, password: string) => {
      calls.verify++;
      const result = await original.verifyPassword(hash, password);
      calls.settled++;
      return result;
    },
    verifyDummy: async (password: string) => {
      calls.dummy++;
      await original.verifyDummy(password);
      calls.settled++;
    },
  };
});

const PASSWORD = 'Timing-Pass-1';

describe.each(testDialects())('one argon2 verification on every login path on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await insertTestUser(ctx.db, {
      username: 'present',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    const inactive = await insertTestUser(ctx.db, {
      username: 'inactive',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    await ctx.db.updateTable('appUser').set({ isActive: false }).where('id', '=', inactive).execute();
  });
  afterAll(async () => ctx?.close());
  beforeEach(() => {
    calls.verify = 0;
    calls.dummy = 0;
    calls.settled = 0;
  });

  const postLogin = (username: string, password: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it.each([
    ['an unknown user', 'absent', PASSWORD, { verify: 0, dummy: 1 }],
    ['a wrong password', 'present', 'Wrong-Pass-1', { verify: 1, dummy: 0 }],
    ['an inactive user', 'inactive', PASSWORD, { verify: 1, dummy: 0 }],
    ['the right password', 'present', PASSWORD, { verify: 1, dummy: 0 }],
  ])('%s', async (_label, username, password, expected) => {
    const response = await postLogin(username, password);
    expect(response.statusCode).toBe(username === 'present' && password === PASSWORD ? 200 : 401);
    expect({ verify: calls.verify, dummy: calls.dummy }).toEqual(expected);
    // Awaited before the answer: the verification finished before the response was sent.
    expect(calls.settled).toBe(1);
  });

  // A lock is per name and address, known or not, and answered after the same verification.
  it.each([
    ['a locked account', 'present', { verify: 1, dummy: 0 }],
    ['a locked unknown name', 'nobody', { verify: 0, dummy: 1 }],
  ])('%s still verifies the password before answering', async (_label, username, expected) => {
    await ctx.db
      .insertInto('loginLockout')
      .values({
        usernameKey: username,
        ip: '127.0.0.1',
        failedCount: 0,
        lockedUntil: new Date(Date.now() + 60_000).toISOString(),
        lastFailedAt: new Date().toISOString(),
      })
      .execute();
    const response = await postLogin(username, PASSWORD);
    expect(response.statusCode).toBe(423);
    expect({ verify: calls.verify, dummy: calls.dummy, settled: calls.settled }).toEqual({
      ...expected,
      settled: 1,
    });
  });

  it('an account without a password yet (待授权) spends the dummy verification', async () => {
    await insertTestUser(ctx.db, {
      username: 'pending',
      password: PASSWORD,
      roles: [],
      viewScope: [],
    });
    await ctx.db.updateTable('appUser').set({ passwordHash: '' }).where('username', '=', 'pending').execute();
    const response = await postLogin('pending', PASSWORD);
    expect(response.statusCode).toBe(401);
    expect({ verify: calls.verify, dummy: calls.dummy, settled: calls.settled }).toEqual({
      verify: 0,
      dummy: 1,
      settled: 1,
    });
  });
});
