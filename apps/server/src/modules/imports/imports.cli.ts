import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isRegionCode } from '@jiuye/domain';
import { consoleIo, runAsActor, type CliCommand, type CliIo } from '../../cli-command.ts';
import type { Db } from '../../db/database.ts';
import type { AppError } from '../../lib/errors.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import type { Actor } from '../auth/actor.ts';
import { withKeyRing } from '../keys/keys.cli.ts';
import {
  CLI_LIMITS,
  HostileFileError,
  importLimits,
  inspectImportFile,
  type ImportLimits,
} from '../files/file-guard.ts';
import { findUnfinishedImportJob, listRejectedRows } from './import-job.repository.ts';
import { PURGE_USAGE, runImportPurge } from './import-purge.cli.ts';
import {
  resumeImport,
  runImportJob,
  startImport,
  summaryLine,
  type ImportOptions,
} from './import.service.ts';

/**
 * `jiuye import laborers`: the same service functions as the upload and its resume route, run as a named user
 * (--user, else JIUYE_USER) whose permissions and capture scope apply and who is named in the operation log. There
 * is no default user: an import without an accountable person is refused.
 */

const IMPORT_USAGE =
  'jiuye import laborers FILE [--dry-run] [--update] [--resume] [--region CODE] [--user USERNAME] [--chunk-size N] [--lanes N]';

/** Rejected rows printed before the summary; the error workbook of the web has them all. */
const PRINTED_REJECTIONS = 20;

/** Exit code of a refused import: 2 for who may not import and for a file refused or not resumable, else 1. */
function importExitCode(error: AppError): number {
  return error instanceof HostileFileError ||
    ['VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN'].includes(error.code)
    ? 2
    : 1;
}

interface ImportRequest {
  file: string;
  options: ImportOptions;
  resume: boolean;
  chunkSize: number | undefined;
  lanes: number | undefined;
  limits: ImportLimits;
}

/** The job to run: a new one, or with --resume the actor's unfinished job of this file, made ready again. */
async function jobToRun(
  db: Db,
  actor: Actor,
  request: ImportRequest,
  io: CliIo,
): Promise<number | undefined> {
  if (!request.resume) {
    const jobId = await startImport(db, actor, {
      path: request.file,
      fileName: path.basename(request.file),
      options: request.options,
      ownsFile: false,
      limits: request.limits,
    });
    io.printError(`导入任务 #${jobId}${request.options.dryRun ? '（试运行，不写入）' : ''}：${request.file}`);
    return jobId;
  }
  const inspected = await inspectImportFile(request.file, request.limits);
  const unfinished = await findUnfinishedImportJob(db, actor.userId, inspected.sha256);
  if (!unfinished) {
    io.printError('没有找到该文件未完成的导入任务（按文件 SHA-256 和用户查找），无需继续');
    return undefined;
  }
  const job = await resumeImport(db, actor, unfinished.id);
  io.printError(`继续导入任务 #${job.id}：从第 ${job.nextRow} 行起`);
  return job.id;
}

async function importLaborers(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  request: ImportRequest,
  io: CliIo,
): Promise<number> {
  const jobId = await jobToRun(db, actor, request, io);
  if (jobId === undefined) return 2;
  let lastReport = 0;
  const summary = await runImportJob(db, ring, jobId, actor, {
    limits: request.limits,
    chunkSize: request.chunkSize,
    lanes: request.lanes,
    afterChunk: io.afterChunk,
    onProgress: (processed, total) => {
      const now = Date.now();
      if (now - lastReport < 1000 && processed !== total) return;
      lastReport = now;
      io.printError(`已处理 ${processed}${total ? ` / 约 ${total}` : ''} 行`);
    },
  });
  if (summary.rejected > 0) {
    for (const row of await listRejectedRows(db, jobId, 0, PRINTED_REJECTIONS))
      for (const message of JSON.parse(row.messages ?? '[]') as string[]) io.printError(message);
    if (summary.rejected > PRINTED_REJECTIONS) io.printError(`……共拒绝 ${summary.rejected} 行`);
  }
  io.print(`${request.options.dryRun ? '试运行：' : ''}${summaryLine(summary)}`);
  return summary.rejected > 0 ? 1 : 0;
}

export async function runImportLaborers(db: Db, ring: KeyRing, args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        update: { type: 'boolean', default: false },
        resume: { type: 'boolean', default: false },
        region: { type: 'string' },
        user: { type: 'string' },
        'chunk-size': { type: 'string' },
        lanes: { type: 'string' },
      },
    });
  } catch (error) {
    io.printError(`参数错误 (bad arguments): ${(error as Error).message}\n用法 (usage): ${IMPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    io.printError(`用法 (usage): ${IMPORT_USAGE}`);
    return 2;
  }
  const file = path.resolve(positionals[0]!);
  if (!fs.existsSync(file)) {
    io.printError(`文件不存在: ${file}`);
    return 2;
  }
  if (values.region !== undefined && !isRegionCode(values.region)) {
    io.printError(`--region 应为12位区划代码，收到 "${values.region}"`);
    return 2;
  }
  const chunkSize =
    (values['chunk-size'] === undefined ? io.config.importChunkSize : Number(values['chunk-size'])) ||
    undefined;
  const lanes = values.lanes === undefined ? io.config.importLanes : Number(values.lanes);
  if (lanes !== undefined && !(Number.isInteger(lanes) && lanes >= 1 && lanes <= 8)) {
    io.printError(`--lanes 应为 1 到 8 的整数，收到 "${values.lanes}"`);
    return 2;
  }
  const request: ImportRequest = {
    file,
    options: {
      dryRun: values['dry-run'] ?? false,
      update: values.update ?? false,
      regionCode: values.region,
    },
    resume: values.resume ?? false,
    chunkSize,
    lanes,
    limits: importLimits(CLI_LIMITS, io.config),
  };
  return runAsActor(
    db,
    io,
    {
      username: values.user,
      audit: request.resume ? 'registry.import.resume' : 'registry.import',
      refusal: '拒绝导入',
      // A refused import keeps the exit codes it always had (the usage line above says them).
      exitCode: importExitCode,
    },
    (actor) => importLaborers(db, ring, actor, request, io),
  );
}

export const commands: Record<string, CliCommand> = {
  'import laborers': {
    usage: IMPORT_USAGE,
    summary: '导入劳动力台账 xlsx/csv（退出码：0 成功，1 有被拒绝的行，2 用法错误或文件被拒）',
    run: (args) => withKeyRing((db, ring, config) => runImportLaborers(db, ring, args, consoleIo(config))),
  },
  'import purge': {
    usage: PURGE_USAGE,
    summary:
      '清除超过保留期限的导入任务明细和文件（JIUYE_IMPORT_RETENTION_DAYS）；--sweep 删除无主的上传文件（须停机）',
    run: (args) =>
      withKeyRing((db, ring, config) => runImportPurge(db, ring, config, args, consoleIo(config))),
  },
};
