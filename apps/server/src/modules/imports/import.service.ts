import fs from 'node:fs';
import { chinaDate, isRegionCode, isWithinScope, regionLevel } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { nowIso, toBoolean } from '../../db/create-db.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { recordOperation } from '../audit/audit.service.ts';
import { assertCan, type Actor } from '../auth/actor.ts';
import { inspectImportFile, type ImportLimits, type InspectedFile } from '../files/file-guard.ts';
import { estimateRows } from '../files/file-reader.ts';
import { encodeCells } from './chunk-row.ts';
import {
  findImportJob,
  finishImportJob,
  insertHeaderRow,
  insertImportJob,
  markImportJobFailed,
  markImportJobRunning,
  updateImportJobTotal,
  type ImportJob,
} from './import-job.repository.ts';
import type { ChunkStore } from './chunk-plan.ts';
import { openChunkStore } from './import-store.ts';
import { HomeRegionResolver, WorkRegionResolver } from './region-resolver.ts';
import { laneCount, startRowWorkers, type RowWorker } from './row-worker.ts';
import { rejectUnknownWorkPlaces } from './work-place-check.ts';

/**
 * The ledger import as a job: a dry run that reports row by row, or the real run, an idempotent upsert keyed by the
 * ID number's blind index, committed in chunks whose resume point is written with them, so a killed run resumes
 * exactly where the last committed chunk ended.
 */

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

function scopeFor(actor: Actor, options: ImportOptions): string[] {
  if (!options.regionCode) return [...actor.captureScope];
  if (!isRegionCode(options.regionCode) || !isWithinScope(options.regionCode, actor.captureScope)) {
    throw new AppError('NOT_FOUND', '区划不存在或不在您的管辖范围内', [
      { field: 'regionCode', message: `区划 ${options.regionCode} 不在您的录入范围内` },
    ]);
  }
  return [options.regionCode];
}

/** Creates the job of a checked file (see inspectImportFile) for the actor, within their capture scope. */
export async function createImportJob(
  db: Db,
  actor: Actor,
  input: {
    path: string;
    fileName: string;
    inspected: InspectedFile;
    options: ImportOptions;
    ownsFile: boolean;
  },
): Promise<number> {
  scopeFor(actor, input.options);
  const now = nowIso();
  const stored: StoredOptions = { ...input.options, path: input.path, ownsFile: input.ownsFile };
  return insertImportJob(db, {
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
    userId: actor.userId,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
    message: null,
  });
}

/** The refusal of an actor who may not import (the routes refuse earlier; the CLI reaches the service). */
function assertMayImport(actor: Actor): void {
  assertCan(actor, 'registry:write', `用户 ${actor.username} 没有录入台账的权限`);
}

/**
 * The start of an import, from an upload or the command line: the file is checked (size, type, zip bomb) before
 * it is parsed, the job is created and its start recorded. The caller then runs it (runImportJob), in the
 * background for an upload.
 */
export async function startImport(
  db: Db,
  actor: Actor,
  input: { path: string; fileName: string; options: ImportOptions; ownsFile: boolean; limits: ImportLimits },
): Promise<number> {
  assertMayImport(actor);
  const inspected = await inspectImportFile(input.path, input.limits);
  const jobId = await createImportJob(db, actor, { ...input, inspected });
  await recordOperation(db, actor, {
    action: 'registry.import.start',
    targetType: 'import_job',
    targetId: jobId,
    detail: { file: input.fileName, sha256: inspected.sha256, ...input.options },
  });
  return jobId;
}

/** One of the actor's own jobs; NOT_FOUND for another user's, as for one that does not exist. */
export async function getOwnImportJob(db: Db, actor: Actor, jobId: number): Promise<ImportJob> {
  const job = await findImportJob(db, jobId);
  if (!job || job.userId !== actor.userId) throw notFound('导入任务');
  return job;
}

/**
 * Makes an interrupted job of the actor's ready to run again from its resume point, and records it: the one way
 * to resume, for the upload's resume route and `jiuye import laborers --resume`. A finished job, or one running
 * in this process (`running`), cannot be resumed, nor one whose file is gone. The caller then runs it.
 */
export async function resumeImport(
  db: Db,
  actor: Actor,
  jobId: number,
  running: ReadonlySet<number> = new Set(),
): Promise<ImportJob> {
  assertMayImport(actor);
  const job = await getOwnImportJob(db, actor, jobId);
  if (job.status === 'finished' || running.has(job.id))
    throw new AppError('CONFLICT', '导入任务已完成或正在进行');
  if (!fs.existsSync(optionsOf(job).path))
    throw new AppError('CONFLICT', '导入文件已不存在，无法继续；请重新导入');
  await markImportJobRunning(db, job.id);
  await recordOperation(db, actor, {
    action: 'registry.import.resume',
    targetType: 'import_job',
    targetId: job.id,
    detail: { from: job.nextRow },
  });
  return job;
}

function optionsOf(job: { options: string | null }): StoredOptions {
  return JSON.parse(job.options ?? '{}') as StoredOptions;
}

/**
 * Runs (or resumes) a job to its end. Rows before the job's resume point were committed by an earlier run and are
 * only read again to rebuild the in-file duplicate check. Throws AppError when the file cannot be read as a ledger.
 */
export async function runImportJob(
  db: Db,
  ring: KeyRing,
  jobId: number,
  actor: Actor,
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
    const scope = scopeFor(actor, options);
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
        userId: actor.userId,
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
    await insertHeaderRow(db, jobId, header.rowNumber, encodeCells(first.cells));
    const totalEstimate = job.totalRows === null ? null : Math.max(0, job.totalRows - header.rowNumber);
    if (totalEstimate !== null && resumeFrom === 0) {
      await updateImportJobTotal(db, jobId, totalEstimate);
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
        userId: actor.userId,
        username: actor.username,
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
      const counts = await finishImportJob(trx, jobId, processed);
      const result: ImportSummary = { jobId, status: 'finished', ...counts };
      await recordOperation(trx, actor, {
        action: options.dryRun ? 'registry.import.dry_run' : 'registry.import',
        targetType: 'import_job',
        targetId: jobId,
        detail: {
          file: job.fileName,
          sha256: job.fileSha256,
          update: options.update,
          regionCode: options.regionCode ?? null,
          resumedFrom: resumeFrom || null,
          created: result.created,
          updated: result.updated,
          skipped: result.skipped,
          rejected: result.rejected,
        },
      });
      return result;
    });
    if (options.ownsFile) fs.rmSync(options.path, { force: true });
    return summary;
  } catch (error) {
    await markImportJobFailed(
      db,
      jobId,
      error instanceof AppError ? error.message : '导入过程中发生内部错误',
    ).catch(() => undefined);
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

export function jobView(job: ImportJob) {
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
