import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { nowIso } from '../../../db/create-db.ts';
import { encryptField, type KeyRing } from '../../../lib/field-crypto.ts';
import { UPLOAD_SUFFIX } from './upload-receiver.ts';

/**
 * What an import leaves behind, and for how long. A job's row report (import_job_row:
 * the dry-run report, warnings, the rejected rows' cells for the error workbook) and its uploaded file are kept
 * JIUYE_IMPORT_RETENTION_DAYS days (7 by default) after the job's last activity, then deleted; the job itself (who
 * imported which file, its counts) stays, marked rows_purged_at, and its error workbook answers 410. Personal
 * information is kept no longer than the purpose needs (个人信息保护法 第十九条; GB/T 35273-2020 6.1 最小化存储
 * 时间): the clerk needs the rows to correct and re-import them, not to keep them.
 */

const DAY_MS = 86_400_000;
/** How often a running server purges (the timer is unref'd: it never keeps the process alive). */
export const PURGE_INTERVAL_MS = 6 * 3_600_000;

interface StoredPath {
  path?: string;
  ownsFile?: boolean;
}

const storedPath = (options: string | null): StoredPath => JSON.parse(options ?? '{}') as StoredPath;

export interface PurgeResult {
  jobs: number;
  files: number;
}

/**
 * Deletes the row reports and owned files of jobs idle longer than the retention time. A job running in this
 * process (`active`) is left alone whatever its age.
 */
export async function purgeExpiredImports(
  db: Db,
  options: { retentionDays: number; active?: ReadonlySet<number>; now?: Date },
): Promise<PurgeResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS).toISOString();
  const expired = await db
    .selectFrom('importJob')
    .select(['id', 'options'])
    .where('rowsPurgedAt', 'is', null)
    .where('updatedAt', '<', cutoff)
    .execute();
  const result: PurgeResult = { jobs: 0, files: 0 };
  for (const job of expired) {
    if (options.active?.has(job.id)) continue;
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('importJobRow').where('jobId', '=', job.id).execute();
      await trx.updateTable('importJob').set({ rowsPurgedAt: nowIso() }).where('id', '=', job.id).execute();
    });
    const stored = storedPath(job.options);
    if (stored.ownsFile && stored.path && fs.existsSync(stored.path)) {
      fs.rmSync(stored.path, { force: true });
      result.files += 1;
    }
    result.jobs += 1;
  }
  return result;
}

/**
 * Removes the uploads of the folder that belong to no job that may still run: a partial file of an upload cut
 * off by a crash, the file of a finished or purged job. Run when no upload is in progress (at start, or from the
 * CLI with the server stopped): a file being received has no job yet.
 */
export async function sweepOrphanUploads(db: Db, directory: string): Promise<number> {
  if (!fs.existsSync(directory)) return 0;
  const jobs = await db
    .selectFrom('importJob')
    .select(['options'])
    .where('status', '!=', 'finished')
    .where('rowsPurgedAt', 'is', null)
    .execute();
  const kept = new Set(jobs.map((job) => storedPath(job.options).path).filter(Boolean));
  let removed = 0;
  for (const name of fs.readdirSync(directory)) {
    if (!name.endsWith(UPLOAD_SUFFIX)) continue;
    const file = path.join(directory, name);
    if (kept.has(file)) continue;
    fs.rmSync(file, { force: true });
    removed += 1;
  }
  return removed;
}

/** A rejected row's cells as stored: the encodeCells JSON, encrypted with the data key ring. */
export function protectCells(ring: KeyRing, cells: string): string {
  return encryptField(ring, cells);
}

/** True when stored cells are a ciphertext (field-crypto.ts format), not clear JSON. */
export const isProtected = (cells: string) => cells.startsWith('v1.');

/**
 * Encrypts the cells that rows written by older versions keep in clear (rejected rows as uploaded: ID numbers,
 * phone numbers). Runs at every start; a database without such rows costs one query.
 */
export async function protectClearRows(db: Db, ring: KeyRing): Promise<number> {
  let protectedRows = 0;
  for (;;) {
    const rows = await db
      .selectFrom('importJobRow')
      .select(['jobId', 'rowNumber', 'cells'])
      .where('outcome', '!=', 'header')
      .where('cells', 'is not', null)
      .where(sql<boolean>`substr(cells, 1, 3) <> 'v1.'`)
      .limit(1000)
      .execute();
    if (rows.length === 0) return protectedRows;
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await trx
          .updateTable('importJobRow')
          .set({ cells: protectCells(ring, row.cells!) })
          .where('jobId', '=', row.jobId)
          .where('rowNumber', '=', row.rowNumber)
          .execute();
      }
    });
    protectedRows += rows.length;
  }
}
