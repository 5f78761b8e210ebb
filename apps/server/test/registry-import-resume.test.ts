import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMigratedTestDb, insertTestUser, testDialects, type TestDb } from './helper.ts';
import { generateKeyText } from '../src/lib/field-crypto.ts';
import {
  csvOf,
  idNumber,
  LEDGER_HEADER,
  ledgerRow,
  villagesOf,
  type Village,
} from './fixtures/registry-import-kit.ts';

const bin = fileURLToPath(new URL('../bin/jiuye.mjs', import.meta.url));
// `jiuye import laborers` that stops the process after a given chunk (a kill between chunks).
const crashingImport = fileURLToPath(new URL('./fixtures/import-crash-cli.mjs', import.meta.url));

describe.each(testDialects())('jiuye import laborers: crash and resume (%s)', (dialect) => {
  let testDb: TestDb;
  let env: NodeJS.ProcessEnv;
  let home: Village[];
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-resume-'));

  beforeAll(async () => {
    testDb = await createMigratedTestDb(dialect);
    await insertTestUser(testDb.db, {
      username: 'xinfu',
      password: 'County-Pass-2026',
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    home = await villagesOf(testDb.db, '140902', 2);
    const { DATABASE_URL: _url, JIUYE_DB: _file, ...rest } = process.env;
    env = { ...rest, JIUYE_DATA_KEY: generateKeyText(), JIUYE_IMPORT_DIR: directory };
    if (dialect === 'sqlite') {
      const { rows } = await sql<{
        file: string;
      }>`select file from pragma_database_list where name = 'main'`.execute(testDb.db);
      env.JIUYE_DB = rows[0]!.file;
    } else {
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(testDb.db);
      const url = new URL(inject('postgresUrl'));
      url.pathname = `/${rows[0]!.name}`;
      env.DATABASE_URL = url.toString();
    }
  });
  afterAll(async () => {
    fs.rmSync(directory, { recursive: true, force: true });
    await testDb?.destroy();
  });

  function jiuye(args: string[], extra: NodeJS.ProcessEnv = {}, command = bin) {
    const result = spawnSync(process.execPath, [command, ...args], {
      env: { ...env, ...extra },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const laborerCount = async () =>
    Number(
      (
        await testDb.db
          .selectFrom('laborer')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('finishes a killed import exactly once with --resume', { timeout: 180_000 }, async () => {
    // Rows 2–13; row 10 is invalid, row 12 repeats the ID of row 3 (committed before the crash).
    const rows = Array.from({ length: 12 }, (_, index) => ledgerRow(home[index % 2]!, 100 + index));
    rows[8] = ledgerRow(home[0]!, 108, { 证件号码: '14090219900101' });
    rows[10] = ledgerRow(home[0]!, 110, { 证件号码: idNumber(101) });
    const file = path.join(directory, 'ledger.csv');
    fs.writeFileSync(file, csvOf([LEDGER_HEADER, ...rows]));

    // Two lanes (row-worker.ts): chunks of 3 alternate between two worker threads, before and after the resume.
    const crashed = jiuye(
      ['2', file, '--user', 'xinfu', '--lanes', '2'],
      { JIUYE_IMPORT_CHUNK_SIZE: '3' },
      crashingImport,
    );
    expect(crashed.status, crashed.stderr).toBe(1);
    expect(crashed.stdout).not.toContain('新增');
    expect(await laborerCount()).toBe(6);
    const job = await testDb.db.selectFrom('importJob').selectAll().executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'running', nextRow: 8, createdCount: 6 });

    const resumed = jiuye(['import', 'laborers', file, '--user', 'xinfu', '--resume'], {
      JIUYE_IMPORT_CHUNK_SIZE: '3',
      JIUYE_IMPORT_LANES: '2',
    });
    expect(resumed.status, resumed.stderr).toBe(1);
    expect(resumed.stderr).toContain('从第 8 行起');
    expect(resumed.stderr).toContain('第12行 证件号码：与第3行重复');
    expect(resumed.stdout.trim()).toBe('新增 10，更新 0，跳过 0，拒绝 2');
    expect(await laborerCount()).toBe(10);
    const distinct = await testDb.db.selectFrom('laborer').select('idNumberIndex').distinct().execute();
    expect(distinct).toHaveLength(10);
    const finished = await testDb.db
      .selectFrom('importJob')
      .selectAll()
      .where('id', '=', job.id)
      .executeTakeFirstOrThrow();
    expect(finished).toMatchObject({ status: 'finished', createdCount: 10, rejectedCount: 2 });
    const log = await testDb.db
      .selectFrom('operationLog')
      .select(['action', 'username', 'detail'])
      .where('action', '=', 'registry.import')
      .execute();
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.detail!)).toMatchObject({ created: 10, rejected: 2, resumedFrom: 8 });

    // Nothing left to resume; the same file again only skips.
    expect(jiuye(['import', 'laborers', file, '--user', 'xinfu', '--resume']).status).toBe(2);
    const again = jiuye(['import', 'laborers', file, '--user', 'xinfu', '--dry-run']);
    expect(again.stdout.trim()).toBe('试运行：新增 0，更新 0，跳过 10，拒绝 2');
  });

  it('exits 2 on bad usage and hostile files, naming the reason', { timeout: 120_000 }, async () => {
    const file = path.join(directory, 'small.csv');
    fs.writeFileSync(file, csvOf([LEDGER_HEADER, ledgerRow(home[0]!, 200)]));
    const noUser = jiuye(['import', 'laborers', file]);
    expect(noUser.status).toBe(2);
    expect(noUser.stderr).toContain('请用 --user 指定');
    const tooBig = jiuye(['import', 'laborers', file, '--user', 'xinfu'], { JIUYE_IMPORT_MAX_MB: '0.0001' });
    expect(tooBig.status).toBe(2);
    expect(tooBig.stderr).toMatch(/拒绝导入: 文件过大/u);
    const outside = jiuye(['import', 'laborers', file, '--user', 'xinfu', '--region', '141002000000']);
    expect(outside.status).toBe(2);
    const lanes = jiuye(['import', 'laborers', file, '--user', 'xinfu', '--lanes', '0']);
    expect(lanes.status).toBe(2);
    expect(lanes.stderr).toContain('--lanes 应为 1 到 8 的整数，收到 "0"');
  });

  it('exports what the user may see, masked', { timeout: 60_000 }, async () => {
    const out = path.join(directory, 'out.xlsx');
    const result = jiuye(['export', 'laborers', out, '--user', 'xinfu']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('已导出 10 人');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(11);
    const idColumn = (sheet.getRow(1).values as unknown[]).indexOf('证件号码');
    for (let row = 2; row <= 11; row += 1)
      expect(sheet.getRow(row).getCell(idColumn).value).toMatch(/^1409\*{10}\d{3}[\dX]$/u);
  });
});
