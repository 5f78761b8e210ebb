import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptField } from '../src/lib/field-crypto.ts';
import { CLI_LIMITS, inspectImportFile } from '../src/modules/files/file-guard.ts';
import { createImportJob, runImportJob } from '../src/modules/imports/import.service.ts';
import { laneCount } from '../src/modules/imports/row-worker.ts';
import { actorForCli } from '../src/modules/auth/actor.ts';
import { createTestApp, insertTestUser, testDialects, type TestContext } from './helper.ts';
import {
  csvOf,
  idNumber,
  LEDGER_HEADER,
  ledgerRow,
  villagesOf,
  withBadCheckDigit,
  type Village,
} from './fixtures/registry-import-kit.ts';

// A large file is read by two worker threads, each validating every other chunk (import-worker.ts, lanes). Every
// row must come out as one worker gives it: the same outcome and message, duplicates found across chunks of
// different lanes, the same rows written.

const CHUNK = 4;

describe.each(testDialects())('ledger import in two lanes (%s)', (dialect) => {
  let context: TestContext;
  let home: Village[];
  let file: string;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-lanes-'));

  beforeAll(async () => {
    context = await createTestApp(dialect);
    await insertTestUser(context.db, {
      username: 'xinfu',
      password: 'County-Pass-2026',
      roles: ['county_staff'],
      viewScope: ['140902000000'],
      captureScope: ['140902000000'],
    });
    home = await villagesOf(context.db, '140902', 2);
    // 41 data rows in chunks of 4: data row k is file row k + 2 up to k = 10, k + 3 after the blank line (row 13). Chunk c
    // (rows 4c … 4c + 3) is validated by lane c % 2.
    const rows = Array.from({ length: 41 }, (_, k) => ledgerRow(home[k % 2]!, 300 + k));
    rows[9] = ledgerRow(home[0]!, 309, { 证件号码: idNumber(301) }); // chunk 2 (lane 0) repeats row 3 (chunk 0, lane 0)
    rows[14] = ledgerRow(home[1]!, 314, { 证件号码: idNumber(302) }); // chunk 3 (lane 1) repeats row 4 (lane 0)
    rows[18] = ledgerRow(home[0]!, 318, { 证件号码: idNumber(305) }); // chunk 4 (lane 0) repeats row 7 (lane 1)
    rows[30] = ledgerRow(home[0]!, 330, { 证件号码: withBadCheckDigit(idNumber(330)), 民族: '火星族' });
    rows[31] = ledgerRow(home[1]!, 331, { 证件号码: idNumber(305) }); // chunk 7 (lane 1): row 7 again
    rows[40] = ledgerRow(home[0]!, 340, { 证件号码: idNumber(300) }); // the last chunk, alone: repeats row 2
    file = path.join(directory, 'ledger.csv');
    // A blank line inside: not a row, and not counted in a chunk.
    const lines = csvOf([LEDGER_HEADER, ...rows]).split('\r\n');
    lines.splice(12, 0, '');
    fs.writeFileSync(file, lines.join('\r\n'));
  });
  afterAll(async () => {
    await context?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  async function run(lanes: number, dryRun: boolean) {
    const actor = await actorForCli(context.db, 'xinfu');
    const inspected = await inspectImportFile(file, CLI_LIMITS);
    const jobId = await createImportJob(context.db, actor, {
      path: file,
      fileName: 'ledger.csv',
      inspected,
      options: { dryRun, update: false },
      ownsFile: false,
    });
    const summary = await runImportJob(context.db, context.keyRing, jobId, actor, {
      limits: CLI_LIMITS,
      chunkSize: CHUNK,
      lanes,
    });
    const rows = await context.db
      .selectFrom('importJobRow')
      .select(['rowNumber', 'outcome', 'messages', 'cells'])
      .where('jobId', '=', jobId)
      .orderBy('rowNumber')
      .execute();
    // Refused rows' cells are kept encrypted, each under its own IV: compared as they decrypt.
    const clear = rows.map((row) => ({
      ...row,
      cells: row.cells?.startsWith('v1.') ? decryptField(context.keyRing, row.cells) : row.cells,
    }));
    return { summary: { ...summary, jobId: undefined }, rows: clear };
  }

  it('uses the lanes asked for only for a file of more than two chunks', async () => {
    const inspected = await inspectImportFile(file, CLI_LIMITS);
    expect(laneCount(inspected, CHUNK)).toBe(1);
    expect(laneCount(inspected, CHUNK, 2)).toBe(Math.min(2, os.availableParallelism()));
    expect(laneCount(inspected, 10_000, 2)).toBe(1);
  });

  it('reports every row as one lane does, and writes the same rows', async () => {
    const one = await run(1, true);
    const two = await run(2, true);
    expect(two).toEqual(one);
    expect(one.summary).toMatchObject({ created: 35, rejected: 6 });
    const messages = one.rows.flatMap((row) => (row.messages ? (JSON.parse(row.messages) as string[]) : []));
    expect(messages).toEqual([
      expect.stringMatching(/^第11行 证件号码：与第3行重复/u),
      expect.stringMatching(/^第17行 证件号码：与第4行重复/u),
      expect.stringMatching(/^第21行 证件号码：与第7行重复/u),
      expect.stringMatching(/^第33行 证件号码：校验位不正确/u),
      expect.stringMatching(/^第33行 民族：「火星族」/u),
      expect.stringMatching(/^第34行 证件号码：与第7行重复/u),
      expect.stringMatching(/^第43行 证件号码：与第2行重复/u),
    ]);

    const written = await run(2, false);
    expect(written.summary).toEqual(one.summary);
    const laborers = await context.db
      .selectFrom('laborer')
      .select(['name', 'regionCode'])
      .orderBy('name')
      .execute();
    expect(laborers).toHaveLength(35);
    const rejected = one.rows.filter((row) => row.outcome === 'reject').map((row) => row.rowNumber);
    expect(written.rows.filter((row) => row.outcome === 'reject').map((row) => row.rowNumber)).toEqual(
      rejected,
    );
  });
});
