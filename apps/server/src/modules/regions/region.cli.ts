import { parseArgs } from 'node:util';
import type { CliCommand } from '../../cli-command.ts';
import { loadConfig } from '../../config.ts';
import { describeDatabase, openDatabase } from '../../db/open.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { importRegions, listDivisionProvinces } from './region.import.ts';

const USAGE = 'jiuye regions import [--province NN]… [--all]';

/** The 2-digit province codes of `--province 14 --province 61` or `--province 14,61`; an error names the unknown. */
export function parseProvinceCodes(
  values: readonly string[],
  known: ReadonlyArray<{ code: string; name: string }>,
): { codes: string[] } | { error: string } {
  const codes = [...new Set(values.flatMap((value) => value.split(/[,，\s]+/)).filter(Boolean))];
  const unknown = codes.filter((code) => !known.some((province) => province.code === code));
  if (unknown.length > 0) {
    return {
      error:
        `未知的省级区划代码：${unknown.join('、')}。` +
        `应为两位数字，例如 14（山西省）；可用的代码：${known.map((p) => p.code).join(' ')}`,
    };
  }
  return { codes };
}

function printProgress(done: number, total: number): void {
  const line = `正在导入区划 ${done}/${total} (${Math.floor((done * 100) / Math.max(total, 1))}%)`;
  // On a terminal the line rewrites itself; in a log, one line per chunk.
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
  else process.stderr.write(`${line}\n`);
}

export const commands: Record<string, CliCommand> = {
  'regions import': {
    usage: USAGE,
    summary: '导入统计用区划代码 (import region codes; default 14 山西省, --all for all of China)',
    run: async (args) => {
      let values: { province?: string[]; all?: boolean };
      try {
        ({ values } = parseArgs({
          args,
          options: { province: { type: 'string', multiple: true }, all: { type: 'boolean' } },
        }));
      } catch (error) {
        console.error(`参数有误：${error instanceof Error ? error.message : String(error)}\n用法：${USAGE}`);
        return 2;
      }
      if (values.all && values.province) {
        console.error(`--all 与 --province 不能同时使用\n用法：${USAGE}`);
        return 2;
      }
      const provinces = listDivisionProvinces();
      const parsed = parseProvinceCodes(values.province ?? ['14'], provinces);
      if ('error' in parsed) {
        console.error(parsed.error);
        return 2;
      }
      const what = values.all
        ? '全国'
        : parsed.codes.map((code) => provinces.find((p) => p.code === code)?.name ?? code).join('、');

      const config = loadConfig();
      const db = openDatabase(config);
      try {
        await migrateToLatest(db);
        const result = await importRegions(db, {
          ...(values.all ? { all: true } : { prefixes: parsed.codes }),
          onProgress: printProgress,
        });
        console.log(
          `区划导入完成：${what} ${result.total} 个（新增或更新 ${result.changed} 个），` +
            `用时 ${(result.milliseconds / 1000).toFixed(1)} 秒，${describeDatabase(config)}`,
        );
        return 0;
      } finally {
        await db.destroy();
      }
    },
  },
};
