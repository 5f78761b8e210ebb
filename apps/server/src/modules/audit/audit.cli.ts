import { parseArgs } from 'node:util';
import type { CliCommand } from '../../cli-command.ts';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { describeDatabase, openDatabase } from '../../db/open.ts';
import { AUDIT_RETENTION_DAYS, pruneAuditLogs } from './audit.service.ts';

const DAY_MS = 86_400_000;
/** Dates on the command line are days of China Standard Time, the time of the platform's users. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const TABLE_NAMES = {
  operationLog: ['operation_log', '操作日志'],
  loginLog: ['login_log', '登录日志'],
  sensitiveReadLog: ['sensitive_read_log', '敏感信息查看日志'],
} as const;

/** YYYY-MM-DD of the given instant in China Standard Time. */
function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China Standard Time day begins, or undefined for anything but a real YYYY-MM-DD date. */
function startOfChinaDay(date: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const utcMidnight = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(utcMidnight.getTime()) || utcMidnight.toISOString().slice(0, 10) !== date)
    return undefined;
  return new Date(utcMidnight.getTime() - CHINA_OFFSET_MS);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function oneYearBefore(date: string): string {
  const day = new Date(`${date}T00:00:00.000Z`);
  day.setUTCFullYear(day.getUTCFullYear() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * `jiuye audit prune`: deletes the audit records older than `--before` (default: one year ago), refusing any date
 * within the 180-day retention period. Returns the exit code: 0 done, 2 refused.
 */
export async function runAuditPrune(
  db: Db,
  args: string[],
  now: Date = new Date(),
  print: (line: string) => void = console.log,
  printError: (line: string) => void = console.error,
): Promise<number> {
  let values: { before?: string | undefined; 'dry-run'?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args,
      options: { before: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    }));
  } catch (error) {
    printError(`参数错误 (bad arguments): ${(error as Error).message}`);
    printError('用法 (usage): jiuye audit prune [--before YYYY-MM-DD] [--dry-run]');
    return 2;
  }
  const today = chinaDate(now);
  const latest = addDays(today, -AUDIT_RETENTION_DAYS);
  const beforeDate = values.before ?? oneYearBefore(today);
  const before = startOfChinaDay(beforeDate);
  if (!before) {
    printError(`--before 应为 YYYY-MM-DD 格式的日期，收到 "${beforeDate}"`);
    return 2;
  }
  if (beforeDate > latest) {
    printError(
      `拒绝执行：审计日志至少保留 ${AUDIT_RETENTION_DAYS} 天，--before 最晚为 ${latest}，收到 ${beforeDate}。未删除任何记录。`,
    );
    return 2;
  }
  const dryRun = values['dry-run'] ?? false;
  const counts = await pruneAuditLogs(db, before, { dryRun, now });
  print(`审计日志清理 (audit prune): ${beforeDate} (北京时间) 之前的记录`);
  for (const [table, [name, label]] of Object.entries(TABLE_NAMES) as Array<
    [keyof typeof TABLE_NAMES, readonly [string, string]]
  >) {
    // The count comes before the Chinese label, whose double-width characters would break the columns.
    print(`  ${name.padEnd(20)} ${String(counts[table]).padStart(8)}  ${label}`);
  }
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  print(dryRun ? `试运行 (dry run)：将删除 ${total} 条，未删除任何记录` : `已删除 ${total} 条`);
  return 0;
}

export const commands: Record<string, CliCommand> = {
  'audit prune': {
    usage: 'jiuye audit prune [--before YYYY-MM-DD] [--dry-run]',
    summary: `清理审计日志 (prune audit logs; default: older than 1 year; keeps ≥ ${AUDIT_RETENTION_DAYS} days)`,
    run: async (args) => {
      const config = loadConfig();
      const db = openDatabase(config);
      try {
        console.log(describeDatabase(config));
        return await runAuditPrune(db, args);
      } finally {
        await db.destroy();
      }
    },
  },
};
