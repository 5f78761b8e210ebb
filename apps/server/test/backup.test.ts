import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../src/db/create-db.ts';
import type { Db } from '../src/db/database.ts';
import { generateKeyText } from '../src/lib/field-crypto.ts';
import { backupPostgres, backupSqlite } from '../src/modules/backup/backup.service.ts';
import { createMigratedTestDb, createTestDb, insertTestUser, testDialects, type TestDb } from './helper.ts';
import { csvOf, idNumber, LEDGER_HEADER, ledgerRow, villagesOf } from './fixtures/registry-import-kit.ts';

const bin = fileURLToPath(new URL('../bin/jiuye.mjs', import.meta.url));
const ROWS = 4000;

function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const {
    DATABASE_URL: _url,
    JIUYE_DB: _db,
    JIUYE_DATA_KEY: _key,
    JIUYE_DATA_KEY_FILE: _file,
    ...rest
  } = process.env;
  return { ...rest, ...extra };
}

function jiuye(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: cleanEnv(env),
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function targetOf(db: Db, dialect: 'sqlite' | 'postgres'): Promise<NodeJS.ProcessEnv> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{
      file: string;
    }>`select file from pragma_database_list where name = 'main'`.execute(db);
    return { JIUYE_DB: rows[0]!.file };
  }
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${rows[0]!.name}`;
  return { DATABASE_URL: url.toString() };
}

/** Labourers per county (the first 6 digits of the region code). */
async function countsPerCounty(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('laborer')
    .select([sql<string>`substr(region_code, 1, 6)`.as('county'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(sql`substr(region_code, 1, 6)`)
    .orderBy(sql`substr(region_code, 1, 6)`)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.county, Number(row.n)]));
}

describe.each(testDialects())('jiuye backup and restore (%s)', (dialect) => {
  let source: TestDb;
  const restored: TestDb[] = [];
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-backup-'));
  const key = generateKeyText();
  const ledger = path.join(directory, 'ledger.csv');
  const backup = path.join(directory, `jiuye-${dialect}.backup`);

  beforeAll(async () => {
    source = await createMigratedTestDb(dialect);
    await insertTestUser(source.db, {
      username: 'shi',
      password: 'City-Pass-2026',
      roles: ['city_staff'],
      viewScope: ['140900000000'],
    });
    // Three counties of 忻州市, a few thousand rows.
    const villages = [
      ...(await villagesOf(source.db, '140902', 3)),
      ...(await villagesOf(source.db, '140921', 2)),
      ...(await villagesOf(source.db, '140922', 2)),
    ];
    const rows = Array.from({ length: ROWS }, (_, index) => {
      const village = villages[index % villages.length]!;
      const day = String(1 + Math.floor(index / 900)).padStart(2, '0');
      return ledgerRow(village, 100 + (index % 900), {
        序号: index + 1,
        户编号: `H${village.code.slice(6)}${String(index).padStart(5, '0')}`,
        证件号码: idNumber(100 + (index % 900), {
          county: village.code.slice(0, 6),
          birthDate: `1985-03-${day}`,
        }),
      });
    });
    fs.writeFileSync(ledger, csvOf([LEDGER_HEADER, ...rows]));
  });
  afterAll(async () => {
    for (const db of restored) await db.destroy();
    await source?.destroy();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it(
    'backs up during a running import; the restored copy resumes to the same labourers per county',
    {
      timeout: 600_000,
    },
    async () => {
      const sourceEnv: NodeJS.ProcessEnv = {
        ...(await targetOf(source.db, dialect)),
        JIUYE_DATA_KEY: key,
        JIUYE_IMPORT_DIR: directory,
      };
      const importing = spawn(process.execPath, [bin, 'import', 'laborers', ledger, '--user', 'shi'], {
        env: cleanEnv({ ...sourceEnv, JIUYE_IMPORT_CHUNK_SIZE: '25' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      importing.stdout.on('data', (chunk) => (output += chunk));
      importing.stderr.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => importing.once('exit', resolve));

      // Wait until some chunks are in (committed and in the WAL), then back up while the import goes on.
      for (let attempt = 0; ; attempt++) {
        const job = await source.db
          .selectFrom('importJob')
          .select(['status', 'createdCount'])
          .executeTakeFirst();
        if (job && job.status === 'running' && job.createdCount >= 200) break;
        if (attempt > 3000 || importing.exitCode !== null)
          throw new Error(`the import did not run:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const summary =
        dialect === 'sqlite'
          ? await backupSqlite(sourceEnv.JIUYE_DB!, backup)
          : await backupPostgres(sourceEnv.DATABASE_URL!, backup);
      expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
      expect(summary.bytes).toBe(fs.statSync(backup).size);
      if (dialect === 'sqlite') {
        // The backup holds the job mid-way: the WAL's committed chunks, not a finished import.
        expect(summary.counts!.runningImportJobs).toBe(1);
        expect(summary.counts!.laborers).toBeGreaterThanOrEqual(200);
        expect(summary.counts!.laborers).toBeLessThan(ROWS);
      }

      expect(await exited, output).toBe(0);
      expect(output).toContain(`新增 ${ROWS}，更新 0，跳过 0，拒绝 0`);
      const expected = await countsPerCounty(source.db);
      expect(Object.values(expected).reduce((sum, n) => sum + n, 0)).toBe(ROWS);
      expect(Object.keys(expected)).toHaveLength(3);

      // A restore with the wrong key stops and puts nothing in place.
      const target = dialect === 'sqlite' ? undefined : await createTestDb('postgres');
      if (target) restored.push(target);
      const targetEnv: NodeJS.ProcessEnv = target
        ? await targetOf(target.db, 'postgres')
        : { JIUYE_DB: path.join(directory, 'restored', 'jiuye.db') };
      const wrong = jiuye(['restore', backup], { ...targetEnv, JIUYE_DATA_KEY: generateKeyText() });
      expect(wrong.status, wrong.stderr).toBe(1);
      expect(wrong.stderr).toContain('数据密钥与数据库不符');
      if (dialect === 'sqlite') expect(fs.existsSync(targetEnv.JIUYE_DB!)).toBe(false);
      else {
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(
          target!.db,
        );
        expect(rows[0]!.n).toBe(0);
      }
      const noKey = jiuye(['restore', backup], {
        ...targetEnv,
        JIUYE_DATA_KEY_FILE: path.join(directory, 'none', 'data.key'),
      });
      expect(noKey.status).toBe(1);
      expect(noKey.stderr).toContain('找不到数据密钥');

      const restore = jiuye(['restore', backup], { ...targetEnv, JIUYE_DATA_KEY: key });
      expect(restore.status, restore.stderr).toBe(0);
      expect(restore.stdout).toContain('已恢复 (restored)');
      const copy = target?.db ?? createDb({ dialect: 'sqlite', path: targetEnv.JIUYE_DB! });
      if (!target) restored.push({ db: copy, dialect, destroy: () => copy.destroy() });
      if (dialect === 'sqlite') expect(fs.statSync(targetEnv.JIUYE_DB!).mode & 0o777).toBe(0o600);
      const held = await copy
        .selectFrom('importJob')
        .select(['status', 'createdCount'])
        .executeTakeFirstOrThrow();
      expect(held.status).toBe('running');
      expect(held.createdCount).toBeLessThan(ROWS);

      const resumed = jiuye(['import', 'laborers', ledger, '--user', 'shi', '--resume'], {
        ...targetEnv,
        JIUYE_DATA_KEY: key,
        JIUYE_IMPORT_DIR: directory,
      });
      expect(resumed.status, resumed.stderr).toBe(0);
      expect(resumed.stdout.trim()).toBe(`新增 ${ROWS}，更新 0，跳过 0，拒绝 0`);
      expect(await countsPerCounty(copy)).toEqual(expected);
      const distinct = await copy.selectFrom('laborer').select('idNumberIndex').distinct().execute();
      expect(distinct).toHaveLength(ROWS);
    },
  );

  it.runIf(dialect === 'sqlite')(
    'refuses to restore over a database another process holds',
    {
      timeout: 120_000,
    },
    async () => {
      const file = path.join(directory, 'restored', 'jiuye.db');
      const before = fs.statSync(file).mtimeMs;
      // restored[0] keeps its connection open, as a running server does.
      const again = jiuye(['restore', backup], { JIUYE_DB: file, JIUYE_DATA_KEY: key });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('数据库正被运行中的服务或 jiuye 命令使用，未恢复');
      expect(fs.statSync(file).mtimeMs).toBe(before);
      expect(fs.readdirSync(path.dirname(file)).filter((name) => name.includes('before-restore'))).toEqual(
        [],
      );
    },
  );

  it('refuses files that are not a jiuye backup, and an existing OUT', { timeout: 120_000 }, async () => {
    const env = { ...(await targetOf(source.db, dialect)), JIUYE_DATA_KEY: key };
    const existing = jiuye(['backup', backup], env);
    expect(existing.status).toBe(2);
    expect(existing.stderr).toContain('备份文件已存在，不覆盖');
    const junk = path.join(directory, 'junk.db');
    fs.writeFileSync(junk, 'not a database at all');
    const target: NodeJS.ProcessEnv =
      dialect === 'sqlite' ? { JIUYE_DB: path.join(directory, 'other', 'jiuye.db') } : env;
    const refused = jiuye(['restore', junk], { ...target, JIUYE_DATA_KEY: key });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(
      /不是 SQLite 数据库|无法打开备份文件|不是 jiuye 数据库的备份|pg_restore 失败/u,
    );
    if (dialect === 'sqlite') {
      const foreign = path.join(directory, 'foreign.db');
      const database = new SQLite(foreign);
      database.exec('create table notes (x text)');
      database.close();
      const notJiuye = jiuye(['restore', foreign], { ...target, JIUYE_DATA_KEY: key });
      expect(notJiuye.status).toBe(2);
      expect(notJiuye.stderr).toContain('不是 jiuye 数据库');
      expect(fs.existsSync(target.JIUYE_DB!)).toBe(false);
    }
    // The command: prints what it wrote, mode 600.
    const out = path.join(directory, `cli-${dialect}.backup`);
    const written = jiuye(['backup', out], env);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toContain(`已备份到 (backup written) ${out}`);
    expect(written.stdout).toContain('数据密钥不在备份中');
    if (dialect === 'sqlite') expect(written.stdout).toContain(`劳动力 ${ROWS}`);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  });
});
