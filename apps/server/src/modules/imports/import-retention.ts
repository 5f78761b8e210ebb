import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';
import { encryptField, type KeyRing } from '../../lib/field-crypto.ts';
import {
  listClearCellRows,
  listExpiredImportJobs,
  listResumableJobOptions,
  purgeImportJobRows,
  updateRowCells,
} from './import-job.repository.ts';
import { UPLOAD_SUFFIX } from '../files/upload-receiver.ts';

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
  const expired = await listExpiredImportJobs(db, cutoff);
  const result: PurgeResult = { jobs: 0, files: 0 };
  for (const job of expired) {
    if (options.active?.has(job.id)) continue;
    await purgeImportJobRows(db, job.id);
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
  const options = await listResumableJobOptions(db);
  const kept = new Set(options.map((stored) => storedPath(stored).path).filter(Boolean));
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
    const rows = await listClearCellRows(db, 1000);
    if (rows.length === 0) return protectedRows;
    await updateRowCells(
      db,
      rows.map((row) => ({ ...row, cells: protectCells(ring, row.cells) })),
    );
    protectedRows += rows.length;
  }
}
