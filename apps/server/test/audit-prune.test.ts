import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestDb, testDialects, type TestDb } from './helper.ts';
import { createDb } from '../src/db/create-db.ts';
import type { Db, Dialect } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { runAuditPrune } from '../src/modules/audit/audit.cli.ts';
import { pruneAuditLogs } from '../src/modules/audit/audit.service.ts';

// Retention of the audit logs: at least 180 days. `jiuye audit prune` refuses anything younger,
// and the database triggers refuse it whatever the caller; no record can ever be changed.

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
/** YYYY-MM-DD in China Standard Time, `days` days before today. */
const chinaDay = (days: number) =>
  new Date(Date.now() + 8 * 3_600_000 - days * DAY_MS).toISOString().slice(0, 10);

async function seed(db: Db, ageInDays: number, marker: string): Promise<void> {
  const occurredAt = daysAgo(ageInDays);
  await db
    .insertInto('operationLog')
    .values({
      occurredAt,
      userId: null,
      username: marker,
      roles: null,
      regionCode: null,
      action: 'test.seed',
      targetType: null,
      targetId: null,
      result: 'success',
      detail: null,
      ip: null,
    })
    .execute();
  await db
    .insertInto('loginLog')
    .values({
      occurredAt,
      username: marker,
      userId: null,
      success: true,
      reason: 'ok',
      ip: null,
      userAgent: null,
    })
    .execute();
  await db
    .insertInto('sensitiveReadLog')
    .values({
      occurredAt,
      userId: 1,
      username: marker,
      targetType: 'laborer',
      targetId: '1',
      field: 'idNumber',
      purpose: 'test',
      ip: null,
    })
    .execute();
}

/** The markers left in each log, sorted. */
async function remaining(db: Db) {
  const of = async (table: 'operationLog' | 'loginLog' | 'sensitiveReadLog') =>
    (await db.selectFrom(table).select('username').where('username', 'like', 'age%').execute())
      .map((row) => row.username)
      .sort();
  return {
    operationLog: await of('operationLog'),
    loginLog: await of('loginLog'),
    sensitiveReadLog: await of('sensitiveReadLog'),
  };
}

describe.each(testDialects())('audit retention on %s', (dialect) => {
  let testDb: TestDb;
  let db: Db;
  beforeAll(async () => {
    testDb = await createTestDb(dialect);
    db = testDb.db;
    await migrateToLatest(db);
  });
  afterAll(async () => testDb?.destroy());

  describe('database triggers', () => {
    let young: number;
    let old: number;
    beforeAll(async () => {
      await seed(db, 1, 'trigger-young');
      await seed(db, 200, 'trigger-old');
      const ids = await db
        .selectFrom('operationLog')
        .select(['id', 'username'])
        .where('username', 'in', ['trigger-young', 'trigger-old'])
        .execute();
      young = ids.find((row) => row.username === 'trigger-young')!.id;
      old = ids.find((row) => row.username === 'trigger-old')!.id;
    });

    it.each(['operationLog', 'loginLog', 'sensitiveReadLog'] as const)(
      'refuse any UPDATE of %s, however old the row',
      async (table) => {
        for (const marker of ['trigger-young', 'trigger-old']) {
          await expect(
            db.updateTable(table).set({ ip: '6.6.6.6' }).where('username', '=', marker).execute(),
          ).rejects.toThrow(/append-only/);
        }
        const ips = await db.selectFrom(table).select('ip').where('username', 'like', 'trigger-%').execute();
        expect(ips.every((row) => row.ip === null)).toBe(true);
      },
    );

    it.each(['operationLog', 'loginLog', 'sensitiveReadLog'] as const)(
      'refuse a DELETE of a row of %s younger than 180 days',
      async (table) => {
        await expect(db.deleteFrom(table).where('username', '=', 'trigger-young').execute()).rejects.toThrow(
          /keeps records for 180 days/,
        );
        // All or nothing: a DELETE that touches one young row removes no old row either.
        await expect(db.deleteFrom(table).where('username', 'like', 'trigger-%').execute()).rejects.toThrow(
          /180 days/,
        );
        expect(
          await db.selectFrom(table).select('username').where('username', 'like', 'trigger-%').execute(),
        ).toHaveLength(2);
      },
    );

    it('let a row older than 180 days go', async () => {
      const result = await db.deleteFrom('operationLog').where('id', '=', old).executeTakeFirst();
      expect(Number(result.numDeletedRows)).toBe(1);
      expect(await db.selectFrom('operationLog').select('id').where('id', '=', young).execute()).toHaveLength(
        1,
      );
    });
  });

  describe('jiuye audit prune', () => {
    let out: string[];
    let err: string[];
    const prune = (...args: string[]) =>
      runAuditPrune(
        db,
        args,
        new Date(),
        (line) => out.push(line),
        (line) => err.push(line),
      );

    // Young rows, which no pruning may touch: seeded once, since nothing can delete them.
    beforeAll(async () => seed(db, 1, 'age1'));

    beforeEach(async () => {
      out = [];
      err = [];
      await db
        .deleteFrom('operationLog')
        .where('username', 'like', 'age%')
        .where('occurredAt', '<', daysAgo(181))
        .execute();
      await db
        .deleteFrom('loginLog')
        .where('username', 'like', 'age%')
        .where('occurredAt', '<', daysAgo(181))
        .execute();
      await db
        .deleteFrom('sensitiveReadLog')
        .where('username', 'like', 'age%')
        .where('occurredAt', '<', daysAgo(181))
        .execute();
      for (const age of [370, 300, 200]) await seed(db, age, `age${age}`);
    });

    const all = ['age1', 'age200', 'age300', 'age370'];
    const everywhere = (markers: string[]) => ({
      operationLog: markers,
      loginLog: markers,
      sensitiveReadLog: markers,
    });

    it('deletes rows older than one year by default and prints the counts per table', async () => {
      expect(await prune()).toBe(0);
      expect(await remaining(db)).toEqual(everywhere(['age1', 'age200', 'age300']));
      expect(out.join('\n')).toContain(
        `${chinaDay(0).replace(/^(\d{4})/, (y) => String(Number(y) - 1))} (北京时间) 之前`,
      );
      expect(out.flatMap((line) => /^\s+(\w+_log)\s+(\d+)\s/.exec(line)?.slice(1) ?? [])).toEqual([
        'operation_log',
        '1',
        'login_log',
        '1',
        'sensitive_read_log',
        '1',
      ]);
      expect(out.at(-1)).toBe('已删除 3 条');
      const recorded = await db
        .selectFrom('operationLog')
        .select(['action', 'result', 'detail'])
        .where('action', '=', 'audit.prune')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(recorded.result).toBe('success');
      expect(JSON.parse(recorded.detail!).deleted).toEqual({
        operationLog: 1,
        loginLog: 1,
        sensitiveReadLog: 1,
      });
    });

    it('deletes rows older than --before', async () => {
      expect(await prune('--before', chinaDay(250))).toBe(0);
      expect(await remaining(db)).toEqual(everywhere(['age1', 'age200']));
      expect(out.at(-1)).toBe('已删除 6 条');
    });

    it('accepts exactly 180 days ago', async () => {
      expect(await prune('--before', chinaDay(180))).toBe(0);
      expect(await remaining(db)).toEqual(everywhere(['age1']));
    });

    it('only counts with --dry-run', async () => {
      const before = await db
        .selectFrom('operationLog')
        .select('id')
        .where('action', '=', 'audit.prune')
        .execute();
      expect(await prune('--before', chinaDay(250), '--dry-run')).toBe(0);
      expect(await remaining(db)).toEqual(everywhere(all));
      expect(out.at(-1)).toBe('试运行 (dry run)：将删除 6 条，未删除任何记录');
      expect(
        await db.selectFrom('operationLog').select('id').where('action', '=', 'audit.prune').execute(),
      ).toEqual(before);
    });

    it.each([
      ['179 days ago', () => ['--before', chinaDay(179)], `--before 最晚为 ${chinaDay(180)}`],
      ['today', () => ['--before', chinaDay(0)], '审计日志至少保留 180 天'],
      ['a date in the future', () => ['--before', '2999-01-01'], '未删除任何记录'],
      ['a malformed date', () => ['--before', '2025/01/01'], 'YYYY-MM-DD'],
      ['an impossible date', () => ['--before', '2025-02-30'], 'YYYY-MM-DD'],
      ['an unknown option', () => ['--all'], '用法'],
    ])('refuses %s with exit code 2 and deletes nothing', async (_label, args, message) => {
      expect(await prune(...args())).toBe(2);
      expect(err.join('\n')).toContain(message);
      expect(out).toEqual([]);
      expect(await remaining(db)).toEqual(everywhere(all));
    });

    it('refuses a young cut-off in the service too, whatever the caller', async () => {
      await expect(
        pruneAuditLogs(db, new Date(Date.now() - 179 * DAY_MS), { dryRun: false }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(await remaining(db)).toEqual(everywhere(all));
    });
  });
});

describe.each(testDialects())('the jiuye command on %s', (dialect: Dialect) => {
  // The real command line, once per dialect: argument parsing, exit codes, and the database from the environment.
  const bin = fileURLToPath(new URL('../bin/jiuye.mjs', import.meta.url));
  const run = promisify(execFile);
  let env: NodeJS.ProcessEnv;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    let db: Db;
    if (dialect === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-prune-'));
      const file = path.join(dir, 'jiuye.db');
      db = createDb({ dialect: 'sqlite', path: file });
      env = { ...process.env, JIUYE_DB: file, DATABASE_URL: '' };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    } else {
      const adminUrl = inject('postgresUrl');
      const name = `jiuye_prune_${crypto.randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      db = createDb({ dialect: 'postgres', url: url.toString() });
      env = { ...process.env, DATABASE_URL: url.toString() };
      cleanup = async () => {
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      };
    }
    await migrateToLatest(db);
    await seed(db, 400, 'age400');
    await db.destroy();
  });
  afterAll(async () => cleanup?.());

  // Each run starts the whole CLI through tsx (seconds), so the refusal runs once, on SQLite; the in-process tests
  // above cover every case on both dialects.
  it.runIf(dialect === 'sqlite')(
    'exits 2 with a Chinese message for a date inside the retention period',
    async () => {
      const error = await run(process.execPath, [bin, 'audit', 'prune', '--before', chinaDay(10)], {
        env,
      }).catch((e: { code: number; stderr: string }) => e);
      expect(error).toMatchObject({ code: 2 });
      expect((error as { stderr: string }).stderr).toContain('审计日志至少保留 180 天');
    },
  );

  it('prunes with exit 0 and prints the counts', async () => {
    const result = await run(process.execPath, [bin, 'audit', 'prune'], { env });
    expect(result.stdout).toContain(dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL');
    expect(result.stdout).toMatch(/operation_log\s+1\s+操作日志\n/);
    expect(result.stdout).toContain('已删除 3 条');
  });
});
