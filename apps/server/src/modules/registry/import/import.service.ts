import fs from 'node:fs';
import { chinaDate, isRegionCode, isWithinScope, regionLevel } from '@jiuye/domain';
import type { Db } from '../../../db/database.ts';
import { nowIso, toBoolean } from '../../../db/create-db.ts';
import { AppError } from '../../../lib/errors.ts';
import type { KeyRing } from '../../../lib/field-crypto.ts';
import type { AuthUser } from '../../users/user-access.repository.ts';
import { insertOperationLog } from '../../audit/audit.repository.ts';
import { inspectImportFile, type ImportLimits, type InspectedFile } from './file-guard.ts';
import { estimateRows } from './file-reader.ts';
import { encodeCells, openChunkStore, type ChunkStore } from './import-store.ts';
import { HomeRegionResolver, WorkRegionResolver } from './region-resolver.ts';
import { laneCount, startRowWorkers, type RowWorker } from './row-worker.ts';
import { rejectUnknownWorkPlaces } from './work-place-check.ts';

/**
 * The ledger import as a job: a dry run that reports row by row, or the real run, an idempotent upsert keyed by the
 * ID number's blind index, committed in chunks whose resume point is written with them, so a killed run resumes
 * exactly where the last committed chunk ended.
 */

export interface Importer {
  user: AuthUser;
  ip: string | null;
}

export interface ImportOptions {
  dryRun: boolean;
  update: boolean;
  /** Narrows the capture scope to this region; rows without a region go here when it is a village. */
  regionCode?: string | undefined;
}

interface StoredOptions extends ImportOptions {
  /** Where the file is read from (and resumed from). */
  path: string;
  /** The file was uploaded and is ours to delete when the job ends. */
  ownsFile: boolean;
}

export interface ImportSummary {
  jobId: number;
  status: 'finished' | 'failed';
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
}

export interface RunOptions {
  chunkSize?: number;
  onProgress?: (processed: number, total: number | null) => void;
  /** Worker threads that validate and encode the rows: one by default (row-worker.ts laneCount). */
  lanes?: number;
  /** Called with the number of chunks committed so far, after each commit (a test stops the process here). */
  afterChunk?: (chunks: number) => void;
  limits: ImportLimits;
}

export const DEFAULT_CHUNK_SIZE = 10_000;

async function audit(
  db: Db,
  importer: Importer,
  action: string,
  jobId: number,
  detail: Record<string, unknown>,
) {
  await insertOperationLog(db, {
    userId: importer.user.id,
    username: importer.user.username,
    roles: importer.user.roles.join(','),
    regionCode: importer.user.viewScope[0] ?? null,
    action,
    targetType: 'import_job',
    targetId: String(jobId),
    result: 'success',
    detail: JSON.stringify(detail),
    ip: importer.ip,
  });
}

function scopeFor(importer: Importer, options: ImportOptions): string[] {
  if (!options.regionCode) return importer.user.captureScope;
  if (!isRegionCode(options.regionCode) || !isWithinScope(options.regionCode, importer.user.captureScope)) {
    throw new AppError('NOT_FOUND', '区划不存在或不在您的管辖范围内', [
      { field: 'regionCode', message: `区划 ${options.regionCode} 不在您的录入范围内` },
    ]);
  }
  return [options.regionCode];
}

/** Creates the job of a checked file (see inspectImportFile). */
export async function createImportJob(
  db: Db,
  input: {
    path: string;
    fileName: string;
    inspected: InspectedFile;
    options: ImportOptions;
    ownsFile: boolean;
    importer: Importer;
  },
): Promise<number> {
  scopeFor(input.importer, input.options);
  const now = nowIso();
  const stored: StoredOptions = { ...input.options, path: input.path, ownsFile: input.ownsFile };
  const { id } = await db
    .insertInto('importJob')
    .values({
      kind: 'laborers',
      fileName: input.fileName.slice(0, 255),
      fileSha256: input.inspected.sha256,
      status: 'running',
      options: JSON.stringify(stored),
      totalRows: estimateRows(input.inspected) ?? null,
      nextRow: 0,
      createdCount: 0,
      updatedCount: 0,
      skippedCount: 0,
      rejectedCount: 0,
      userId: input.importer.user.id,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
      message: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findImportJob(db: Db, jobId: number) {
  return db.selectFrom('importJob').selectAll().where('id', '=', jobId).executeTakeFirst();
}

export function optionsOf(job: { options: string | null }): StoredOptions {
  return JSON.parse(job.options ?? '{}') as StoredOptions;
}

async function failJob(db: Db, jobId: number, message: string): Promise<void> {
  await db
    .updateTable('importJob')
    .set({ status: 'failed', message, updatedAt: nowIso() })
    .where('id', '=', jobId)
    .execute();
}

/**
 * Runs (or resumes) a job to its end. Rows before the job's resume point were committed by an earlier run and are
 * only read again to rebuild the in-file duplicate check. Throws AppError when the file cannot be read as a ledger.
 */
export async function runImportJob(
  db: Db,
  ring: KeyRing,
  jobId: number,
  importer: Importer,
  run: RunOptions,
): Promise<ImportSummary> {
  const job = await findImportJob(db, jobId);
  if (!job) throw new AppError('NOT_FOUND', '导入任务不存在');
  if (job.status === 'finished') throw new AppError('CONFLICT', '导入任务已完成，不能重复执行');
  const options = optionsOf(job);
  let store: ChunkStore | undefined;
  let reader: RowWorker | undefined;
  try {
    if (!fs.existsSync(options.path))
      throw new AppError('NOT_FOUND', '导入文件已不存在，无法继续；请重新导入');
    const inspected = await inspectImportFile(options.path, run.limits);
    if (inspected.sha256 !== job.fileSha256) {
      throw new AppError(
        'CONFLICT',
        '文件内容与导入任务记录的不一致（SHA-256 不同），不能继续导入；请重新导入',
      );
    }
    const today = chinaDate(new Date());
    const scope = scopeFor(importer, options);
    const defaultRegionCode =
      options.regionCode && regionLevel(options.regionCode) === 5 ? options.regionCode : undefined;
    store = await openChunkStore(db, ring);
    const chunkSize = Math.max(1, run.chunkSize ?? DEFAULT_CHUNK_SIZE);
    const resumeFrom = job.nextRow;

    reader = startRowWorkers(
      {
        path: options.path,
        inspected,
        keys: [...ring.keys.entries()],
        currentId: ring.currentId,
        indexKeyId: ring.indexKeyId,
        userId: importer.user.id,
        scope,
        homeRows: await HomeRegionResolver.rowsFor(db, scope),
        workRows: await WorkRegionResolver.rowsFor(db),
        today,
        defaultRegionCode,
        resumeFrom,
        chunkSize,
      },
      laneCount(inspected, chunkSize, run.lanes),
    );
    const first = await reader.next();
    if (first.type !== 'header') throw new Error('the import worker sent no header');
    const { header } = first;
    await db
      .insertInto('importJobRow')
      .values({
        jobId,
        rowNumber: header.rowNumber,
        outcome: 'header',
        messages: null,
        cells: encodeCells(first.cells),
      })
      .onConflict((oc) => oc.columns(['jobId', 'rowNumber']).doNothing())
      .execute();
    const totalEstimate = job.totalRows === null ? null : Math.max(0, job.totalRows - header.rowNumber);
    if (totalEstimate !== null && resumeFrom === 0) {
      await db.updateTable('importJob').set({ totalRows: totalEstimate }).where('id', '=', jobId).execute();
    }

    let chunks = 0;
    let processed = job.createdCount + job.updatedCount + job.skippedCount + job.rejectedCount;
    for (;;) {
      const message = await reader.next();
      if (message.type === 'end') break;
      if (message.type !== 'chunk')
        throw new Error(`unexpected message ${message.type} from the import worker`);
      await store.commit({
        jobId,
        rows: await rejectUnknownWorkPlaces(db, message.rows, header),
        nextRow: message.nextRow,
        dryRun: options.dryRun,
        update: options.update,
        userId: importer.user.id,
        username: importer.user.username,
        today,
        isInScope: (code: string) => isWithinScope(code, scope),
      });
      reader.credit();
      processed += message.rows.length;
      chunks += 1;
      run.onProgress?.(processed, totalEstimate);
      run.afterChunk?.(chunks);
    }

    const summary = await db.transaction().execute(async (trx) => {
      const done = await trx
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
      const result: ImportSummary = {
        jobId,
        status: 'finished',
        created: done.createdCount,
        updated: done.updatedCount,
        skipped: done.skippedCount,
        rejected: done.rejectedCount,
      };
      await audit(trx, importer, options.dryRun ? 'registry.import.dry_run' : 'registry.import', jobId, {
        file: job.fileName,
        sha256: job.fileSha256,
        update: options.update,
        regionCode: options.regionCode ?? null,
        resumedFrom: resumeFrom || null,
        created: result.created,
        updated: result.updated,
        skipped: result.skipped,
        rejected: result.rejected,
      });
      return result;
    });
    if (options.ownsFile) fs.rmSync(options.path, { force: true });
    return summary;
  } catch (error) {
    await failJob(db, jobId, error instanceof AppError ? error.message : '导入过程中发生内部错误').catch(
      () => undefined,
    );
    // A file that cannot be read as a ledger will not become one: an uploaded copy is not kept for a resume.
    if (options.ownsFile && error instanceof AppError && error.code === 'VALIDATION_FAILED') {
      fs.rmSync(options.path, { force: true });
    }
    throw error;
  } finally {
    await reader?.stop();
    await store?.close();
  }
}

export function summaryLine(
  summary: Pick<ImportSummary, 'created' | 'updated' | 'skipped' | 'rejected'>,
): string {
  return `新增 ${summary.created}，更新 ${summary.updated}，跳过 ${summary.skipped}，拒绝 ${summary.rejected}`;
}

export function jobView(job: NonNullable<Awaited<ReturnType<typeof findImportJob>>>) {
  const options = optionsOf(job);
  return {
    id: job.id,
    kind: job.kind,
    fileName: job.fileName,
    status: job.status as 'running' | 'finished' | 'failed',
    dryRun: toBoolean(options.dryRun),
    update: toBoolean(options.update),
    totalRows: job.totalRows,
    processedRows: job.createdCount + job.updatedCount + job.skippedCount + job.rejectedCount,
    createdCount: job.createdCount,
    updatedCount: job.updatedCount,
    skippedCount: job.skippedCount,
    rejectedCount: job.rejectedCount,
    message: job.message,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
