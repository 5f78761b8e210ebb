import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { protectClearRows, purgeExpiredImports, sweepOrphanUploads } from './import-retention.ts';

export const PURGE_USAGE = 'jiuye import purge [--days N] [--sweep]';

/**
 * `jiuye import purge`: what the server does at start, on demand: encrypts refused rows an older version kept in
 * clear, deletes the row reports and files of jobs idle longer than the retention time (--days, else
 * JIUYE_IMPORT_RETENTION_DAYS, else 7), and with --sweep removes uploads of no job that may still run — only while
 * the server is stopped (an upload being received has no job yet). Exit code 0, or 2 for bad arguments.
 */
export async function runImportPurge(
  db: Db,
  ring: KeyRing,
  config: Pick<Config, 'importDirectory' | 'importRetentionDays'>,
  args: string[],
  io: { print: (line: string) => void; printError: (line: string) => void },
): Promise<number> {
  let values: { days?: string | undefined; sweep?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args, options: { days: { type: 'string' }, sweep: { type: 'boolean' } } }));
  } catch (error) {
    io.printError(`参数错误 (bad arguments): ${(error as Error).message}\n用法 (usage): ${PURGE_USAGE}`);
    return 2;
  }
  const retentionDays = values.days === undefined ? config.importRetentionDays : Number(values.days);
  if (!(Number.isFinite(retentionDays) && retentionDays > 0)) {
    io.printError(`--days 应为正数，收到 "${values.days}"`);
    return 2;
  }
  const protectedRows = await protectClearRows(db, ring);
  const purged = await purgeExpiredImports(db, { retentionDays });
  io.print(
    `已加密旧版本明文保存的被拒绝行 ${protectedRows} 行；清除超过 ${retentionDays} 天的导入任务明细 ${purged.jobs} 个（文件 ${purged.files} 个）`,
  );
  if (values.sweep) {
    const swept = await sweepOrphanUploads(db, config.importDirectory);
    io.print(`已删除不属于任何可继续导入任务的上传文件 ${swept} 个`);
  }
  return 0;
}
