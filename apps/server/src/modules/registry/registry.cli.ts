import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hasPermission, isRegionCode } from '@jiuye/domain';
import type { CliCommand } from '../../cli-command.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { withKeyRing } from '../keys/keys.cli.ts';
import { resolveRegionFilter } from '../../lib/scope.ts';
import { insertOperationLog } from '../audit/audit.repository.ts';
import { findAuthUser, type AuthUser } from '../users/user-access.repository.ts';
import { countLaborersForExport, writeLaborerExport } from './export/laborer-export.ts';
import { CLI_LIMITS, HostileFileError, importLimits, inspectImportFile } from './import/file-guard.ts';
import {
  createImportJob,
  findImportJob,
  runImportJob,
  summaryLine,
  type Importer,
} from './import/import.service.ts';
import { PURGE_USAGE, runImportPurge } from './import/import-purge.cli.ts';

/**
 * `jiuye import laborers` and `jiuye export laborers`: the same service functions as the routes, run as a named
 * user (--user, else JIUYE_USER) whose capture scope (import) or view scope (export) applies and who is named in the
 * operation log. There is no default user: an import without an accountable person is refused.
 */

const IMPORT_USAGE =
  'jiuye import laborers FILE [--dry-run] [--update] [--resume] [--region CODE] [--user USERNAME] [--chunk-size N] [--lanes N]';
const EXPORT_USAGE = 'jiuye export laborers OUT.xlsx [--region CODE] [--user USERNAME]';

export interface CliIo {
  print: (line: string) => void;
  printError: (line: string) => void;
  /** JIUYE_USER and the import settings (config.ts). */
  config: Config;
  /** Called after each committed chunk of an import (RunOptions.afterChunk). */
  afterChunk?: (chunks: number) => void;
}

const consoleIo = (config: Config): CliIo => ({ print: console.log, printError: console.error, config });

async function findUserByName(db: Db, username: string): Promise<AuthUser | undefined> {
  const row = await db.selectFrom('appUser').select('id').where('username', '=', username).executeTakeFirst();
  return row ? findAuthUser(db, row.id) : undefined;
}

async function resolveUser(db: Db, username: string | undefined, io: CliIo): Promise<AuthUser | number> {
  const name = username ?? io.config.user;
  if (!name) {
    io.printError(
      '请用 --user 指定以哪个用户的身份执行（其管辖范围和操作日志以该用户为准），或设置 JIUYE_USER',
    );
    return 2;
  }
  const user = await findUserByName(db, name);
  if (!user || !user.isActive) {
    io.printError(`用户 ${name} 不存在或已停用`);
    return 2;
  }
  return user;
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
  const user = await resolveUser(db, values.user, io);
  if (typeof user === 'number') return user;
  if (!hasPermission(user.roles, 'registry:write')) {
    io.printError(`用户 ${user.username} 没有录入台账的权限`);
    return 2;
  }
  const importer: Importer = { user, ip: null };
  const limits = importLimits(CLI_LIMITS, io.config);

  try {
    let jobId: number;
    if (values.resume) {
      const inspected = await inspectImportFile(file, limits);
      const job = await db
        .selectFrom('importJob')
        .select(['id'])
        .where('fileSha256', '=', inspected.sha256)
        .where('userId', '=', user.id)
        .where('status', '!=', 'finished')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (!job) {
        io.printError('没有找到该文件未完成的导入任务（按文件 SHA-256 和用户查找），无需继续');
        return 2;
      }
      jobId = job.id;
      const held = (await findImportJob(db, jobId))!;
      io.printError(`继续导入任务 #${jobId}：从第 ${held.nextRow} 行起`);
    } else {
      const inspected = await inspectImportFile(file, limits);
      jobId = await createImportJob(db, {
        path: file,
        fileName: path.basename(file),
        inspected,
        options: {
          dryRun: values['dry-run'] ?? false,
          update: values.update ?? false,
          regionCode: values.region,
        },
        ownsFile: false,
        importer,
      });
      io.printError(`导入任务 #${jobId}${values['dry-run'] ? '（试运行，不写入）' : ''}：${file}`);
    }
    let lastReport = 0;
    const summary = await runImportJob(db, ring, jobId, importer, {
      limits,
      chunkSize,
      lanes,
      afterChunk: io.afterChunk,
      onProgress: (processed, total) => {
        const now = Date.now();
        if (now - lastReport < 1000 && processed !== total) return;
        lastReport = now;
        io.printError(`已处理 ${processed}${total ? ` / 约 ${total}` : ''} 行`);
      },
    });
    if (summary.rejected > 0) {
      const rows = await db
        .selectFrom('importJobRow')
        .select(['messages'])
        .where('jobId', '=', jobId)
        .where('outcome', '=', 'reject')
        .orderBy('rowNumber')
        .limit(20)
        .execute();
      for (const row of rows)
        for (const message of JSON.parse(row.messages ?? '[]') as string[]) io.printError(message);
      if (summary.rejected > 20) io.printError(`……共拒绝 ${summary.rejected} 行`);
    }
    io.print(`${values['dry-run'] ? '试运行：' : ''}${summaryLine(summary)}`);
    return summary.rejected > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof AppError) {
      io.printError(`拒绝导入: ${error.message}`);
      for (const detail of error.details) io.printError(`  ${detail.field ?? ''} ${detail.message}`);
      return error instanceof HostileFileError ||
        error.code === 'VALIDATION_FAILED' ||
        error.code === 'NOT_FOUND' ||
        error.code === 'CONFLICT'
        ? 2
        : 1;
    }
    throw error;
  }
}

export async function runExportLaborers(db: Db, ring: KeyRing, args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { region: { type: 'string' }, user: { type: 'string' } },
    });
  } catch (error) {
    io.printError(`参数错误 (bad arguments): ${(error as Error).message}\n用法 (usage): ${EXPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    io.printError(`用法 (usage): ${EXPORT_USAGE}`);
    return 2;
  }
  const user = await resolveUser(db, values.user, io);
  if (typeof user === 'number') return user;
  if (!hasPermission(user.roles, 'registry:read')) {
    io.printError(`用户 ${user.username} 没有查看台账的权限`);
    return 2;
  }
  let scope: string[];
  try {
    scope = resolveRegionFilter(user, values.region, 'view');
  } catch (error) {
    io.printError(`拒绝导出: ${(error as Error).message}`);
    return 2;
  }
  const query = { visibility: 'all' as const, regionCode: values.region };
  const rows = await countLaborersForExport(db, query, scope);
  await insertOperationLog(db, {
    userId: user.id,
    username: user.username,
    roles: user.roles.join(','),
    regionCode: user.viewScope[0] ?? null,
    action: 'registry.export',
    targetType: 'laborer',
    targetId: null,
    result: 'success',
    detail: JSON.stringify({ filter: query, scope, rows, reveal: false, via: 'cli' }),
    ip: null,
  });
  const out = path.resolve(positionals[0]!);
  const stream = fs.createWriteStream(out);
  const done = new Promise<void>((resolve, reject) => {
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const result = await writeLaborerExport(db, ring, { query, scope }, stream);
  await done;
  io.print(`已导出 ${result.rows} 人到 ${out}`);
  return 0;
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
  'export laborers': {
    usage: EXPORT_USAGE,
    summary: '导出劳动力台账 xlsx（证件号码脱敏，记入操作日志）',
    run: (args) => withKeyRing((db, ring, config) => runExportLaborers(db, ring, args, consoleIo(config))),
  },
};
