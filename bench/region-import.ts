/**
 * Region import: the five levels of Shanxi (target under 10 s) and of all China (target under 60 s), on SQLite and,
 * when one answers, on PostgreSQL; each in a child process of its own, with its peak RSS, followed by an idempotent
 * re-import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createPostgresDatabase,
  exited,
  firstMessage,
  forkTs,
  isPostgresReachable,
  machine,
  printTable,
  writeResult,
} from './lib.ts';
import type { ImportFigures } from './region-import-child.ts';

const CASES = [
  { scope: '山西省 (14)', all: false, targetSeconds: 10 },
  { scope: '全国 all China', all: true, targetSeconds: 60 },
];

async function runCase(dialect: 'sqlite' | 'postgres', all: boolean): Promise<ImportFigures> {
  const scopeArgs = all ? ['--all'] : [];
  if (dialect === 'sqlite') {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-bench-regions-'));
    try {
      const child = forkTs('region-import-child.ts', [
        '--sqlite',
        path.join(directory, 'jiuye.db'),
        ...scopeArgs,
      ]);
      const figures = await firstMessage<ImportFigures>(child);
      await exited(child);
      return figures;
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }
  const database = await createPostgresDatabase(`jiuye_bench_${process.pid}_${all ? 'all' : 'sx'}`);
  try {
    const child = forkTs('region-import-child.ts', ['--postgres', database.url, ...scopeArgs]);
    const figures = await firstMessage<ImportFigures>(child);
    await exited(child);
    return figures;
  } finally {
    await database.drop();
  }
}

export async function runRegionImportBenchmark(): Promise<{ ok: boolean }> {
  const dialects: Array<'sqlite' | 'postgres'> = ['sqlite'];
  if (await isPostgresReachable()) dialects.push('postgres');
  else console.log('PostgreSQL not reachable: region import measured on SQLite only');

  const results = [];
  for (const dialect of dialects) {
    for (const testCase of CASES) {
      console.log(`region import: ${dialect}, ${testCase.scope} …`);
      const figures = await runCase(dialect, testCase.all);
      results.push({
        dialect,
        scope: testCase.scope,
        ...figures,
        targetSeconds: testCase.targetSeconds,
        meetsTarget:
          figures.seconds < testCase.targetSeconds &&
          figures.reimportChanged === 0 &&
          figures.rowsAfterReimport === figures.rows,
      });
    }
  }

  printTable(
    'Region import (fresh database; re-import of the same data must change nothing)',
    results.map((r) => ({
      dialect: r.dialect,
      scope: r.scope,
      rows: r.rows,
      seconds: r.seconds.toFixed(1),
      'cpu s': r.cpuSeconds.toFixed(1),
      target: `< ${r.targetSeconds} s`,
      'of target': `${((r.seconds / r.targetSeconds) * 100).toFixed(0)} %`,
      'peak RSS MB (before)': `${r.peakRssMb} (${r.baselineRssMb})`,
      're-import s (changed)': `${r.reimportSeconds.toFixed(1)} (${r.reimportChanged})`,
      '': r.meetsTarget ? 'ok' : 'MISSED',
    })),
  );
  const file = writeResult('regions', { benchmark: 'region-import', machine: machine(), results });
  console.log(`written to ${file}`);
  return { ok: results.every((r) => r.meetsTarget) };
}
