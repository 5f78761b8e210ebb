import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { decryptField } from '../src/lib/field-crypto.ts';
import { runImportPurge } from '../src/modules/imports/import-purge.cli.ts';
import { purgeExpiredImports } from '../src/modules/imports/import-retention.ts';
import { createTestApp, testDialects, type Agent, type TestContext } from './helper.ts';
import {
  csvOf,
  importFile,
  LEDGER_HEADER,
  ledgerRow,
  villagesOf,
  withBadCheckDigit,
  signInCountyClerk,
  type Village,
} from './fixtures/registry-import-kit.ts';

/**
 * A rejected row's cells (ID number, phone as uploaded) are not kept in clear; the error workbook
 * still gives them back as they came; rows and files are purged after JIUYE_IMPORT_RETENTION_DAYS, and a purged
 * job's error workbook answers 410; rows an older version kept in clear are encrypted at start; uploads of no job
 * are swept at start.
 */

const ID_COLUMN = LEDGER_HEADER.indexOf('证件号码');
const PHONE_COLUMN = LEDGER_HEADER.indexOf('联系电话');

describe.each(testDialects())('import rows at rest (%s)', (dialect) => {
  let context: TestContext;
  let county: Agent;
  let home: Village;
  let directory: string;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-retention-'));
    context = await createTestApp(dialect, { importDirectory: directory });
    county = await signInCountyClerk(context);
    home = (await villagesOf(context.db, '140902', 1))[0]!;
  });
  afterAll(async () => {
    await context?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const storedRows = (jobId: number) =>
    context.db
      .selectFrom('importJobRow')
      .select(['rowNumber', 'outcome', 'cells'])
      .where('jobId', '=', jobId)
      .orderBy('rowNumber')
      .execute();

  async function errorWorkbookRows(jobId: number): Promise<unknown[][]> {
    const response = await county.request('GET', `/api/registry/import/${jobId}/errors.xlsx`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  }

  /** A file of one good row and two refused ones (a wrong check digit, a second copy of an ID number). */
  async function importWithRejects(sequence: number) {
    const good = ledgerRow(home, sequence);
    const badId = ledgerRow(home, sequence + 1);
    badId[ID_COLUMN] = withBadCheckDigit(badId[ID_COLUMN]!);
    const duplicate = ledgerRow(home, sequence + 2, { 证件号码: good[ID_COLUMN]! });
    const rows = [good, badId, duplicate];
    const { job } = await importFile(county, {
      name: 'ledger.csv',
      content: Buffer.from(csvOf([LEDGER_HEADER, ...rows])),
    });
    expect(job.rejectedCount).toBe(2);
    return { job, rows };
  }

  it('keeps refused rows encrypted and gives them back as they came', async () => {
    const { job, rows } = await importWithRejects(101);
    const stored = (await storedRows(job.id)).filter((row) => row.outcome === 'reject');
    expect(stored).toHaveLength(2);
    for (const [index, row] of stored.entries()) {
      const original = rows[index + 1]!;
      // Neither the ID number nor the phone number is in the database as uploaded …
      expect(row.cells).not.toContain(original[ID_COLUMN]);
      expect(row.cells).not.toContain(original[PHONE_COLUMN]);
      expect(row.cells).not.toContain(original[LEDGER_HEADER.indexOf('姓名')]);
      // … but under the data key.
      expect(JSON.parse(decryptField(context.keyRing, row.cells!))).toEqual(original);
    }
    const workbook = await errorWorkbookRows(job.id);
    expect(workbook[0]).toEqual([...LEDGER_HEADER, '原行号', '错误说明']);
    expect(workbook.slice(1).map((row) => row.slice(0, LEDGER_HEADER.length))).toEqual(
      rows.slice(1).map((row) => row.map((cell) => (cell === '' ? undefined : cell))),
    );
  });

  it('purges the rows after the retention time; the error workbook then answers 410', async () => {
    const { job: old } = await importWithRejects(201);
    const { job: recent } = await importWithRejects(301);
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000).toISOString();
    await context.db
      .updateTable('importJob')
      .set({ updatedAt: eightDaysAgo })
      .where('id', '=', old.id)
      .execute();

    const purged = await purgeExpiredImports(context.db, { retentionDays: 7 });
    expect(purged.jobs).toBe(1);
    expect(await storedRows(old.id)).toEqual([]);
    expect((await storedRows(recent.id)).length).toBeGreaterThan(0);

    const gone = await county.request('GET', `/api/registry/import/${old.id}/errors.xlsx`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.code).toBe('GONE');
    expect(gone.json().error.message).toContain('保留期限');
    expect((await county.request('GET', `/api/registry/import/${old.id}/rows`)).statusCode).toBe(410);
    // The job itself stays: who imported what, and the counts.
    const view = await county.request('GET', `/api/registry/import/${old.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.json().rejectedCount).toBe(2);
    // The recent job is untouched.
    expect((await errorWorkbookRows(recent.id)).length).toBe(3);
    // A second purge finds nothing more.
    expect((await purgeExpiredImports(context.db, { retentionDays: 7 })).jobs).toBe(0);
  });

  it('at start: encrypts rows kept in clear, purges expired jobs and their files, sweeps stray uploads', async () => {
    const { job, rows } = await importWithRejects(401);
    // Rows as an older version wrote them: cells in clear.
    const clear = JSON.stringify(rows[1]);
    await context.db
      .updateTable('importJobRow')
      .set({ cells: clear })
      .where('jobId', '=', job.id)
      .where('outcome', '=', 'reject')
      .execute();
    // A failed job idle for 8 days, with the file it owns; a failed job of yesterday (resumable) with its file.
    const user = await context.db
      .selectFrom('appUser')
      .select('id')
      .where('username', '=', 'xinfu')
      .executeTakeFirstOrThrow();
    const failedJob = async (file: string, updatedAt: string) => {
      fs.writeFileSync(file, 'a,b\r\n');
      const { id } = await context.db
        .insertInto('importJob')
        .values({
          kind: 'laborers',
          fileName: path.basename(file),
          fileSha256: 'x',
          status: 'failed',
          options: JSON.stringify({ dryRun: false, update: false, path: file, ownsFile: true }),
          totalRows: null,
          nextRow: 0,
          createdCount: 0,
          updatedCount: 0,
          skippedCount: 0,
          rejectedCount: 0,
          userId: user.id,
          createdAt: updatedAt,
          updatedAt,
          finishedAt: null,
          message: 'interrupted',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    };
    const expiredFile = path.join(directory, 'expired.upload');
    const resumableFile = path.join(directory, 'resumable.upload');
    const strayFile = path.join(directory, 'stray.upload');
    const expired = await failedJob(expiredFile, new Date(Date.now() - 8 * 86_400_000).toISOString());
    await failedJob(resumableFile, new Date(Date.now() - 86_400_000).toISOString());
    fs.writeFileSync(strayFile, 'half an upload');

    // The server starts again on the same database.
    const restarted = await buildApp({ db: context.db, config: context.config, keyRing: context.keyRing });
    await restarted.ready();
    await restarted.close();

    const stored = (await storedRows(job.id)).filter((row) => row.outcome === 'reject');
    expect(stored[0]!.cells).not.toContain(rows[1]![ID_COLUMN]);
    expect(decryptField(context.keyRing, stored[0]!.cells!)).toBe(clear);
    expect(fs.existsSync(expiredFile)).toBe(false);
    expect(fs.existsSync(strayFile)).toBe(false);
    expect(fs.existsSync(resumableFile)).toBe(true);
    const purgedAt = await context.db
      .selectFrom('importJob')
      .select('rowsPurgedAt')
      .where('id', '=', expired)
      .executeTakeFirstOrThrow();
    expect(purgedAt.rowsPurgedAt).not.toBeNull();
  });

  it('jiuye import purge: --days, --sweep, and a bad --days refused', async () => {
    const lines: string[] = [];
    const io = {
      print: (line: string) => lines.push(line),
      printError: (line: string) => lines.push(line),
    };
    const config = { importDirectory: directory, importRetentionDays: 7 };
    expect(await runImportPurge(context.db, context.keyRing, config, ['--days', 'seven'], io)).toBe(2);
    expect(lines.at(-1)).toContain('--days');
    const { job } = await importWithRejects(501);
    const stray = path.join(directory, 'stray-cli.upload');
    fs.writeFileSync(stray, 'half an upload');
    // Everything idle for more than a millisecond or so is past a retention of 1e-8 days.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await runImportPurge(context.db, context.keyRing, config, ['--days', '1e-8', '--sweep'], io)).toBe(
      0,
    );
    expect(await storedRows(job.id)).toEqual([]);
    expect(fs.existsSync(stray)).toBe(false);
    expect(lines.join('\n')).toMatch(/清除超过 1e-8 天的导入任务明细 [1-9]\d* 个/u);
  });
});
