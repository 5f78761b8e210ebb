import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, insertTestUser, login, testDialects, type TestContext } from './helper.ts';

// A lockout must not tell who exists, nor let anyone lock anyone: known and unknown names get the same
// answers, lock included; failures are counted per name and client address, so a stranger's address locks the name
// for itself only; the security administrator's unlock lifts every address's lock.

const PASSWORD = 'Owner-Pass-2026';
const STRANGER = '203.0.113.7';
const OWNER = '198.51.100.20';

describe.each(testDialects())('lockout per name and address on %s', (dialect) => {
  let ctx: TestContext;
  let serial = 0;
  beforeAll(async () => {
    ctx = await createTestApp(dialect);
    await insertTestUser(ctx.db, {
      username: 'anquan',
      password: PASSWORD,
      roles: ['security_admin'],
      viewScope: ['140000000000'],
    });
  });
  afterAll(async () => ctx?.close());

  async function newUser() {
    const username = `owner${++serial}`;
    const id = await insertTestUser(ctx.db, {
      username,
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    return { id, username };
  }

  const postLogin = (remoteAddress: string, username: string, password: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress,
    });

  /** Status, headers that matter and body, with the lock's instant (which moves with the clock) blanked. */
  const shape = (response: LightMyRequestResponse) => ({
    status: response.statusCode,
    setCookie: response.headers['set-cookie'] ?? null,
    body: response.body.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<instant>'),
  });

  it('answers a known and an unknown name alike at every attempt, the lock included', async () => {
    const { username } = await newUser();
    const unknown = `ghost${serial}`;
    const known: ReturnType<typeof shape>[] = [];
    const ghost: ReturnType<typeof shape>[] = [];
    for (let attempt = 1; attempt <= 7; attempt++) {
      known.push(shape(await postLogin(STRANGER, username, `Wrong-Pass-${attempt}`)));
      ghost.push(shape(await postLogin(STRANGER, unknown, `Wrong-Pass-${attempt}`)));
    }
    expect(known).toEqual(ghost);
    expect(known.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 423, 423]);
    const lockedBody = JSON.parse(known[5]!.body);
    expect(lockedBody.error.code).toBe('ACCOUNT_LOCKED');
    expect(lockedBody.error.message).toBe('账号因连续登录失败已被锁定，请 30 分钟后再试');
    // The login log keeps the true reasons for the auditor.
    const reasons = await ctx.db
      .selectFrom('loginLog')
      .select(['username', 'reason'])
      .where('username', 'in', [username, unknown])
      .orderBy('id')
      .execute();
    expect(reasons.filter((row) => row.username === unknown).map((row) => row.reason)).toEqual([
      'unknown_user',
      'unknown_user',
      'unknown_user',
      'unknown_user',
      'unknown_user_locked',
      'locked',
      'locked',
    ]);
  });

  it("a stranger's five failures lock the name for the stranger's address only", async () => {
    const { username } = await newUser();
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await postLogin(STRANGER, username, `Wrong-Pass-${attempt}`)).statusCode).toBe(401);
    }
    // Even the right password is refused from the stranger's address …
    expect((await postLogin(STRANGER, username, PASSWORD)).statusCode).toBe(423);
    // … while the owner signs in from hers.
    const owner = await postLogin(OWNER, username, PASSWORD);
    expect(owner.statusCode).toBe(200);
    const rows = await ctx.db
      .selectFrom('loginLockout')
      .select(['ip', 'lockedUntil'])
      .where('usernameKey', '=', username)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ip).toBe(STRANGER);
    expect(Date.parse(rows[0]!.lockedUntil!)).toBeGreaterThan(Date.now());
  });

  it('counts a name in any case as one', async () => {
    const { username } = await newUser();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const typed = attempt % 2 === 0 ? username.toUpperCase() : username;
      await postLogin(STRANGER, typed, `Wrong-Pass-${attempt}`);
    }
    expect((await postLogin(STRANGER, username, PASSWORD)).statusCode).toBe(423);
  });

  it("the security administrator's unlock lifts the lock of every address", async () => {
    const { id, username } = await newUser();
    for (const address of [STRANGER, OWNER]) {
      for (let attempt = 1; attempt <= 5; attempt++) await postLogin(address, username, 'Wrong-Pass-0');
      expect((await postLogin(address, username, PASSWORD)).statusCode).toBe(423);
    }
    const anquan = await login(ctx.app, 'anquan', PASSWORD);
    const listed = await anquan.request('GET', `/api/users/${id}`);
    expect(listed.json()).toMatchObject({ isLocked: true });
    const unlock = await anquan.request('POST', `/api/users/${id}/unlock`);
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json()).toMatchObject({ isLocked: false, lockedUntil: null });
    expect(
      await ctx.db.selectFrom('loginLockout').select('ip').where('usernameKey', '=', username).execute(),
    ).toEqual([]);
    expect((await postLogin(OWNER, username, PASSWORD)).statusCode).toBe(200);
    expect((await postLogin(STRANGER, username, PASSWORD)).statusCode).toBe(200);
  });

  it('a failure count idle for 30 minutes starts again', async () => {
    const { username } = await newUser();
    for (let attempt = 1; attempt <= 4; attempt++) await postLogin(STRANGER, username, 'Wrong-Pass-0');
    await ctx.db
      .updateTable('loginLockout')
      .set({ lastFailedAt: new Date(Date.now() - 31 * 60_000).toISOString() })
      .where('usernameKey', '=', username)
      .execute();
    expect((await postLogin(STRANGER, username, 'Wrong-Pass-0')).statusCode).toBe(401);
    expect((await postLogin(STRANGER, username, PASSWORD)).statusCode).toBe(200);
  });
});
