import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createTestApp,
  insertTestUser,
  login,
  testDialects,
  type Agent,
  type TestContext,
} from './helper.ts';
import { csvOf, LEDGER_HEADER, ledgerRow, villagesOf, waitForJob } from './fixtures/registry-import-kit.ts';

// `jiuye import laborers` that stops the process after a given chunk (a kill between chunks).
const crashingImport = fileURLToPath(new URL('./fixtures/import-crash-cli.mjs', import.meta.url));
const PASSWORD = 'County-Pass-2026';

describe.each(testDialects())('resume endpoint (%s)', (dialect) => {
  let context: TestContext;
  let county: Agent;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-resume-http-'));

  beforeAll(async () => {
    context = await createTestApp(dialect);
    await insertTestUser(context.db, {
      username: 'xinfu',
      password: PASSWORD,
      roles: ['county_staff'],
      viewScope: ['140902000000'],
    });
    county = await login(context.app, 'xinfu', PASSWORD);
  });
  afterAll(async () => {
    fs.rmSync(directory, { recursive: true, force: true });
    await context?.close();
  });

  it('finishes a job killed in the CLI, once, and refuses a finished job', { timeout: 120_000 }, async () => {
    const villages = await villagesOf(context.db, '140902', 2);
    const file = path.join(directory, 'ledger.csv');
    fs.writeFileSync(
      file,
      csvOf([
        LEDGER_HEADER,
        ...Array.from({ length: 7 }, (_, index) => ledgerRow(villages[index % 2]!, 300 + index)),
      ]),
    );
    // The same keys as the app, so both compute the same blind indexes.
    const keyText = [...context.keyRing.keys].map(([id, key]) => `${id}:${key.toString('base64')}`).join(',');
    const { DATABASE_URL: _url, JIUYE_DB: _file, ...env } = process.env;
    if (dialect === 'sqlite') {
      const { rows } = await sql<{
        file: string;
      }>`select file from pragma_database_list where name = 'main'`.execute(context.db);
      env.JIUYE_DB = rows[0]!.file;
    } else {
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(context.db);
      const url = new URL(inject('postgresUrl'));
      url.pathname = `/${rows[0]!.name}`;
      env.DATABASE_URL = url.toString();
    }
    const crashed = spawnSync(process.execPath, [crashingImport, '2', file, '--user', 'xinfu'], {
      env: { ...env, JIUYE_DATA_KEY: keyText, JIUYE_IMPORT_CHUNK_SIZE: '2' },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(crashed.status, crashed.stderr).toBe(1);
    const job = await context.db.selectFrom('importJob').select(['id', 'nextRow']).executeTakeFirstOrThrow();
    expect(job.nextRow).toBe(6);

    const response = await county.request('POST', `/api/registry/import/${job.id}/resume`);
    expect(response.statusCode, response.body).toBe(202);
    const finished = await waitForJob(county, job.id);
    expect(finished).toMatchObject({ status: 'finished', createdCount: 7, rejectedCount: 0 });
    const laborers = await context.db.selectFrom('laborer').select('idNumberIndex').execute();
    expect(new Set(laborers.map((row) => row.idNumberIndex)).size).toBe(7);
    expect(laborers).toHaveLength(7);
    expect((await county.request('POST', `/api/registry/import/${job.id}/resume`)).statusCode).toBe(409);
  });
});
