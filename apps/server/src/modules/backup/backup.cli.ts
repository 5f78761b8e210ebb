import path from 'node:path';
import type { CliCommand } from '../../cli-command.ts';
import { loadConfig } from '../../config.ts';
import { describeDatabase, openDatabase } from '../../db/open.ts';
import { DataKeyError } from '../keys/data-key.service.ts';
import {
  backupPostgres,
  backupSqlite,
  BackupError,
  restorePostgres,
  restoreSqlite,
  type BackupCounts,
} from './backup.service.ts';

const BACKUP_USAGE = 'jiuye backup OUT';
const RESTORE_USAGE = 'jiuye restore FILE';

function describeCounts(counts: BackupCounts): string {
  return (
    `劳动力 ${counts.laborers}，户 ${counts.households}，用户 ${counts.users}，导入任务 ${counts.importJobs}` +
    `（进行中 ${counts.runningImportJobs}），记录的密钥 ${counts.dataKeys}`
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function refusing(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(`错误 (error): ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof DataKeyError) {
      console.error(`错误 (error): ${error.message}`);
      return 1;
    }
    throw error;
  }
}

export async function runBackup(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    console.error(`用法 (usage): ${BACKUP_USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const out = path.resolve(args[0]!);
  return refusing(async () => {
    console.error(`备份 (backing up) ${describeDatabase(config)} …`);
    const summary = config.databaseUrl
      ? await backupPostgres(config.databaseUrl, out)
      : await backupSqlite(config.sqlitePath, out);
    console.log(
      `已备份到 (backup written) ${summary.file}：${megabytes(summary.bytes)}（${summary.bytes} 字节）`,
    );
    if (summary.counts) console.log(describeCounts(summary.counts));
    console.log('数据密钥不在备份中：请另行保管 (the data key is not in the backup: keep it apart)');
    return 0;
  });
}

export async function runRestore(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    console.error(`用法 (usage): ${RESTORE_USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const file = path.resolve(args[0]!);
  return refusing(async () => {
    console.error(`恢复 (restoring) ${file} → ${describeDatabase(config)} …`);
    let summary;
    if (config.databaseUrl) {
      const db = openDatabase(config);
      try {
        summary = await restorePostgres(file, config, db);
      } finally {
        await db.destroy();
      }
    } else summary = await restoreSqlite(file, config);
    console.log(`已恢复 (restored) ${summary.file} → ${summary.target}`);
    if (summary.counts) console.log(describeCounts(summary.counts));
    if (summary.previous)
      console.log(`原数据库保留在 (the database replaced is kept at) ${summary.previous}`);
    return 0;
  });
}

export const commands: Record<string, CliCommand> = {
  backup: {
    usage: BACKUP_USAGE,
    summary:
      '在线备份数据库（SQLite：服务和导入运行时也一致；PostgreSQL：pg_dump -Fc），文件权限 600，不含数据密钥',
    run: runBackup,
  },
  restore: {
    usage: RESTORE_USAGE,
    summary: '从备份恢复（先检查文件与当前数据密钥；SQLite 须先停止服务，PostgreSQL 恢复到新建的空库）',
    run: runRestore,
  },
};
