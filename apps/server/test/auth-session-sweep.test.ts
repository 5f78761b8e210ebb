import { afterEach, describe, expect, it, vi } from 'vitest';
import { SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES } from '@jiuye/domain';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { generateKeyText, parseKeyRing } from '../src/lib/field-crypto.ts';
import { insertSession } from '../src/modules/auth/session.repository.ts';
import { SESSION_SWEEP_INTERVAL_MS, sweepExpiredSessions } from '../src/modules/auth/session-sweep.ts';
import { createMigratedTestDb, insertTestUser, testDialects, type TestDb } from './helper.ts';

// Expired sessions (idle SESSION_IDLE_MINUTES, or past the absolute limit) are deleted at start and on a schedule,
// not only when their cookie comes back; live ones stay.

const MINUTE = 60_000;

describe.each(testDialects())('session sweep on %s', (dialect) => {
  let testDb: TestDb | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await testDb?.destroy();
    testDb = undefined;
  });

  /** A user with sessions last seen and expiring at the given offsets (minutes) from `now`. */
  async function withSessions(
    db: TestDb['db'],
    now: number,
    sessions: Record<string, { lastSeen: number; expires: number }>,
  ) {
    const userId = await insertTestUser(db, {
      username: 'sweeper',
      password: 'Sweep-Pass-1',
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    for (const [idHash, { lastSeen, expires }] of Object.entries(sessions)) {
      await insertSession(db, {
        idHash,
        userId,
        csrfTokenHash: `csrf-${idHash}`,
        createdAt: new Date(now + (expires - 60 * SESSION_ABSOLUTE_HOURS) * MINUTE).toISOString(),
        lastSeenAt: new Date(now + lastSeen * MINUTE).toISOString(),
        expiresAt: new Date(now + expires * MINUTE).toISOString(),
        ip: null,
        userAgent: null,
      });
    }
  }
  const remaining = async (db: TestDb['db']) =>
    (await db.selectFrom('session').select('idHash').orderBy('idHash').execute()).map((row) => row.idHash);

  it('deletes idle and past-the-limit sessions and keeps live ones, boundaries included', async () => {
    testDb = await createMigratedTestDb(dialect);
    const now = Date.parse('2026-12-04T10:00:00.000Z');
    await withSessions(testDb.db, now, {
      idle: { lastSeen: -SESSION_IDLE_MINUTES - 1, expires: 60 },
      idleExactly: { lastSeen: -SESSION_IDLE_MINUTES, expires: 60 },
      absolute: { lastSeen: -1, expires: -1 },
      absoluteExactly: { lastSeen: -1, expires: 0 },
      liveAlmostIdle: { lastSeen: -SESSION_IDLE_MINUTES + 1, expires: 60 },
      liveAlmostOver: { lastSeen: -1, expires: 1 },
    });
    expect(await sweepExpiredSessions(testDb.db, new Date(now))).toBe(4);
    expect(await remaining(testDb.db)).toEqual(['liveAlmostIdle', 'liveAlmostOver']);
    expect(await sweepExpiredSessions(testDb.db, new Date(now))).toBe(0);
  });

  it('sweeps when the app starts and again every SESSION_SWEEP_INTERVAL_MS until it closes', async () => {
    testDb = await createMigratedTestDb(dialect);
    const { db } = testDb;
    await withSessions(db, Date.now(), {
      a_idle: { lastSeen: -SESSION_IDLE_MINUTES - 1, expires: 60 },
      b_over: { lastSeen: -1, expires: -1 },
      c_live: { lastSeen: -1, expires: 60 },
    });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const config = { ...loadConfig({}), sessionCacheMs: 0 };
    const app = await buildApp({ db, config, keyRing: parseKeyRing(generateKeyText()) });
    try {
      expect(await remaining(db)).toEqual(['a_idle', 'b_over', 'c_live']);
      await app.ready();
      expect(await remaining(db)).toEqual(['c_live']);

      // A session that goes idle while the server runs is deleted by the next scheduled sweep.
      await db
        .updateTable('session')
        .set({ lastSeenAt: new Date(Date.now() - (SESSION_IDLE_MINUTES + 1) * MINUTE).toISOString() })
        .execute();
      vi.advanceTimersByTime(SESSION_SWEEP_INTERVAL_MS - 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await remaining(db)).toEqual(['c_live']);
      vi.advanceTimersByTime(1);
      await vi.waitFor(async () => expect(await remaining(db)).toEqual([]));
    } finally {
      await app.close();
    }
    // Closing the app cleared the timer: nothing is left scheduled.
    expect(vi.getTimerCount()).toBe(0);
  });
});
