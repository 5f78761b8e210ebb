import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import { copyInto } from './pg-copy.ts';
import { multiRowStatement } from './sqlite-batch.ts';

/**
 * Every query on import_job and import_job_row: the job (its options, resume point and counts) and its row report
 * (the header, the dry run's rows, rejected and warned rows with their cells). The chunk writer's statements are
 * here too, prepared on its own SQLite connection or run on its PostgreSQL transaction.
 */

export type ImportJob = Selectable<Database['importJob']>;
export type NewImportJob = Insertable<Database['importJob']>;

export interface ImportCounts {
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
}

export async function insertImportJob(db: Db, job: NewImportJob): Promise<number> {
  const { id } = await db.insertInto('importJob').values(job).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findImportJob(db: Db, jobId: number): Promise<ImportJob | undefined> {
  return db.selectFrom('importJob').selectAll().where('id', '=', jobId).executeTakeFirst();
}

/** The user's latest job of a file (by its SHA-256) that has not finished: what `--resume` continues. */
export async function findUnfinishedImportJob(
  db: Db,
  userId: number,
  fileSha256: string,
): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('importJob')
    .select(['id'])
    .where('fileSha256', '=', fileSha256)
    .where('userId', '=', userId)
    .where('status', '!=', 'finished')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function markImportJobRunning(db: Db, jobId: number): Promise<void> {
  await db
    .updateTable('importJob')
    .set({ status: 'running', message: null })
    .where('id', '=', jobId)
    .execute();
}

export async function markImportJobFailed(db: Db, jobId: number, message: string): Promise<void> {
  await db
    .updateTable('importJob')
    .set({ status: 'failed', message, updatedAt: nowIso() })
    .where('id', '=', jobId)
    .execute();
}

export async function updateImportJobTotal(db: Db, jobId: number, totalRows: number): Promise<void> {
  await db.updateTable('importJob').set({ totalRows }).where('id', '=', jobId).execute();
}

/** Marks the job finished with the rows it read, and answers its counts. */
export async function finishImportJob(db: Db, jobId: number, processed: number): Promise<ImportCounts> {
  const done = await db
    .updateTable('importJob')
    .set({
      status: 'finished',
      totalRows: processed,
      finishedAt: nowIso(),
      updatedAt: nowIso(),
      message: null,
    })
    .where('id', '=', jobId)
    .returning(['createdCount', 'updatedCount', 'skippedCount', 'rejectedCount'])
    .executeTakeFirstOrThrow();
  return {
    created: done.createdCount,
    updated: done.updatedCount,
    skipped: done.skippedCount,
    rejected: done.rejectedCount,
  };
}

/** The header row as read (kept once: a resumed run finds it there already). */
export async function insertHeaderRow(
  db: Db,
  jobId: number,
  rowNumber: number,
  cells: string,
): Promise<void> {
  await db
    .insertInto('importJobRow')
    .values({ jobId, rowNumber, outcome: 'header', messages: null, cells })
    .onConflict((oc) => oc.columns(['jobId', 'rowNumber']).doNothing())
    .execute();
}

export async function findHeaderCells(db: Db, jobId: number): Promise<string | null> {
  const header = await db
    .selectFrom('importJobRow')
    .select(['cells'])
    .where('jobId', '=', jobId)
    .where('outcome', '=', 'header')
    .executeTakeFirst();
  return header?.cells ?? null;
}

/** A page of the row report, the header left out; `outcome` narrows it to one outcome. */
export async function listImportJobRows(
  db: Db,
  jobId: number,
  query: { outcome?: string | undefined; page: number; pageSize: number },
): Promise<{ total: number; rows: Array<{ rowNumber: number; outcome: string; messages: string | null }> }> {
  const base = db
    .selectFrom('importJobRow')
    .where('jobId', '=', jobId)
    .where('outcome', query.outcome ? '=' : '!=', query.outcome ?? 'header');
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    base
      .select(['rowNumber', 'outcome', 'messages'])
      .orderBy('rowNumber')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return { total: Number(total), rows };
}

/** Rejected rows after a row number, in file order (the error workbook reads them a page at a time). */
export async function listRejectedRows(
  db: Db,
  jobId: number,
  after: number,
  limit: number,
): Promise<Array<{ rowNumber: number; cells: string | null; messages: string | null }>> {
  return db
    .selectFrom('importJobRow')
    .select(['rowNumber', 'cells', 'messages'])
    .where('jobId', '=', jobId)
    .where('outcome', '=', 'reject')
    .where('rowNumber', '>', after)
    .orderBy('rowNumber')
    .limit(limit)
    .execute();
}

/** Jobs whose row report is still kept and that were last active before `cutoff`. */
export async function listExpiredImportJobs(
  db: Db,
  cutoff: string,
): Promise<Array<{ id: number; options: string | null }>> {
  return db
    .selectFrom('importJob')
    .select(['id', 'options'])
    .where('rowsPurgedAt', 'is', null)
    .where('updatedAt', '<', cutoff)
    .execute();
}

/** Deletes a job's row report and marks it purged, together. */
export async function purgeImportJobRows(db: Db, jobId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('importJobRow').where('jobId', '=', jobId).execute();
    await trx.updateTable('importJob').set({ rowsPurgedAt: nowIso() }).where('id', '=', jobId).execute();
  });
}

/** The options (with the file's path) of the jobs that may still run: not finished, not purged. */
export async function listResumableJobOptions(db: Db): Promise<Array<string | null>> {
  const jobs = await db
    .selectFrom('importJob')
    .select(['options'])
    .where('status', '!=', 'finished')
    .where('rowsPurgedAt', 'is', null)
    .execute();
  return jobs.map((job) => job.options);
}

/** Rows whose cells an older version kept in clear (not in the field-crypto 'v1.' format). */
export async function listClearCellRows(
  db: Db,
  limit: number,
): Promise<Array<{ jobId: number; rowNumber: number; cells: string }>> {
  const rows = await db
    .selectFrom('importJobRow')
    .select(['jobId', 'rowNumber', 'cells'])
    .where('outcome', '!=', 'header')
    .where('cells', 'is not', null)
    .where(sql<boolean>`substr(cells, 1, 3) <> 'v1.'`)
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, cells: row.cells! }));
}

/** Replaces the cells of several rows in one transaction. */
export async function updateRowCells(
  db: Db,
  rows: ReadonlyArray<{ jobId: number; rowNumber: number; cells: string }>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const row of rows) {
      await trx
        .updateTable('importJobRow')
        .set({ cells: row.cells })
        .where('jobId', '=', row.jobId)
        .where('rowNumber', '=', row.rowNumber)
        .execute();
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The chunk writer's statements (import-store.ts): a chunk's rows and the job's resume point, in its transaction.

/** Values of a row report row, in this order: job_id, row_number, outcome, messages, cells. */
export const JOB_ROW_COLUMNS = ['job_id', 'row_number', 'outcome', 'messages', 'cells'] as const;

export interface SqliteJobStatements {
  insertRows(rows: readonly unknown[][]): void;
  advance(jobId: number, nextRow: number, counts: ImportCounts, now: string): void;
}

/** The job's statements prepared on the chunk writer's own SQLite connection. */
export function prepareSqliteJobStatements(connection: SQLiteDatabase): SqliteJobStatements {
  const insertJobRows = multiRowStatement(
    connection,
    `insert into import_job_row (${JOB_ROW_COLUMNS.join(', ')})`,
    JOB_ROW_COLUMNS.length,
    'on conflict (job_id, row_number) do update set outcome = excluded.outcome, messages = excluded.messages, cells = excluded.cells',
    false,
  );
  const advanceJob = connection.prepare(
    `update import_job set next_row = ?, created_count = created_count + ?, updated_count = updated_count + ?,
       skipped_count = skipped_count + ?, rejected_count = rejected_count + ?, updated_at = ? where id = ?`,
  );
  return {
    insertRows: (rows) => {
      insertJobRows(rows);
    },
    advance: (jobId, nextRow, counts, now) => {
      advanceJob.run(nextRow, counts.created, counts.updated, counts.skipped, counts.rejected, now, jobId);
    },
  };
}

/** A chunk's row report rows, by COPY on the chunk's PostgreSQL transaction. */
export async function copyJobRows(trx: Transaction<Database>, rows: readonly unknown[][]): Promise<void> {
  await copyInto(trx, 'import_job_row', JOB_ROW_COLUMNS, rows);
}

/** The job's resume point after a chunk, and its counts grown by the chunk's. */
export async function advanceImportJob(
  trx: Transaction<Database>,
  jobId: number,
  nextRow: number,
  counts: ImportCounts,
  now: string,
): Promise<void> {
  await trx
    .updateTable('importJob')
    .set((eb) => ({
      nextRow,
      createdCount: eb('createdCount', '+', counts.created),
      updatedCount: eb('updatedCount', '+', counts.updated),
      skippedCount: eb('skippedCount', '+', counts.skipped),
      rejectedCount: eb('rejectedCount', '+', counts.rejected),
      updatedAt: now,
    }))
    .where('id', '=', jobId)
    .execute();
}
