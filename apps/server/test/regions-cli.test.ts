import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/jiuye.mjs', import.meta.url));
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-regions-cli-'));
const database = path.join(directory, 'jiuye.db');

/** The real command, as an administrator runs it, on a SQLite file of its own. */
function jiuye(...args: string[]) {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...env, JIUYE_DB: database },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function countRows(): { total: number; byLevel: Record<number, number> } {
  const db = new SQLite(database, { readonly: true });
  try {
    const rows = db.prepare('select level, count(*) as n from region group by level').all() as Array<{
      level: number;
      n: number;
    }>;
    const byLevel = Object.fromEntries(rows.map((row) => [row.level, row.n]));
    return { total: rows.reduce((sum, row) => sum + row.n, 0), byLevel };
  } finally {
    db.close();
  }
}

describe('jiuye regions import', () => {
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('imports the five levels of Shanxi, and a second run changes nothing', () => {
    const first = jiuye('regions', 'import', '--province', '14');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /^区划导入完成：山西省 (\d+) 个（新增或更新 \1 个），用时 [\d.]+ 秒，SQLite /,
    );
    expect(first.stderr).toContain('正在导入区划');
    const counts = countRows();
    expect(counts.byLevel).toMatchObject({ 1: 1, 2: 11 });
    expect(Object.keys(counts.byLevel)).toEqual(['1', '2', '3', '4', '5']);
    expect(first.stdout).toContain(`山西省 ${counts.total} 个`);

    const second = jiuye('regions', 'import');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain(`山西省 ${counts.total} 个（新增或更新 0 个）`);
    expect(countRows()).toEqual(counts);
  });

  it('refuses an unknown province code in Chinese and changes nothing', () => {
    const before = countRows();
    const unknown = jiuye('regions', 'import', '--province', '99', '--province', '1409');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('未知的省级区划代码：99、1409');
    const both = jiuye('regions', 'import', '--all', '--province', '14');
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('不能同时使用');
    expect(countRows()).toEqual(before);
  });
});
