/**
 * The labourer list at BENCH_LABORERS labourers: a county user's list page with two filters, p95 server time under
 * 100 ms. The database is the SQLite file of a jiuye import of the synthetic ledger (registry-import-child.ts),
 * kept in bench/data/ for the next run; the measurement runs in a child process (registry-list-child.ts). The
 * reference of the same run: the same page without any filter.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDirectory, exited, firstMessage, forkTs, machine, printTable, writeResult } from './lib.ts';
import type { LedgerImportFigures } from './registry-import-child.ts';
import type { ListFigures } from './registry-list-child.ts';

const LABORERS = Number((process.env.BENCH_LABORERS ?? '1000000').replaceAll('_', ''));
const TARGET_P95_MS = 100;

async function child<T>(file: string, args: string[]): Promise<T> {
  const process = forkTs(file, args);
  const figures = await firstMessage<T>(process);
  await exited(process);
  return figures;
}

const indent = (lines: string[]) => lines.map((line) => `    ${line}`).join('\n');

export async function runRegistryListBenchmark(): Promise<{ ok: boolean }> {
  const dataDirectory = path.join(benchDirectory, 'data');
  const database = path.join(dataDirectory, `ledger-14-${LABORERS}-s42.sqlite`);
  if (!fs.existsSync(database)) {
    const csv = path.join(dataDirectory, `ledger-14-${LABORERS}-s42.csv`);
    if (!fs.existsSync(csv)) throw new Error(`${csv} is missing: run \`npm run bench -- import\` first`);
    console.log(`labourer list: importing ${csv} into ${database} (once) …`);
    const building = `${database}.building`;
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${building}${suffix}`, { force: true });
    const imported = await child<LedgerImportFigures>('registry-import-child.ts', [
      '--sqlite',
      building,
      '--file',
      csv,
    ]);
    console.log(
      `  imported ${imported.created.toLocaleString('en')} labourers in ${imported.seconds.toFixed(0)} s`,
    );
    fs.renameSync(building, database);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${building}${suffix}`, { force: true });
  }
  console.log('labourer list: measuring …');
  const figures = await child<ListFigures>('registry-list-child.ts', [
    '--sqlite',
    database,
    '--requests',
    process.env.BENCH_LIST_REQUESTS ?? '200',
  ]);
  const results = figures.cases.map((c, index) => ({
    ...c,
    target: index === 0 ? TARGET_P95_MS : undefined,
    ok: index === 0 ? c.p95 < TARGET_P95_MS : undefined,
  }));
  printTable(
    `Labourer list, county ${figures.county} (${figures.countyLaborers.toLocaleString('en')} of ${figures.laborers.toLocaleString('en')} labourers), server time per request, ms (load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')})`,
    results.map((r) => ({
      page: `${r.url.replace('/api/laborers', '') || '(no filter: reference)'}${r.scope.length > 1 ? ` (${r.scope.map((code) => code.slice(0, 6)).join(' + ')})` : ''}`,
      matching: r.total,
      requests: r.requests,
      p50: r.p50,
      p95: r.p95,
      max: r.max,
      target: r.target ? `p95 < ${r.target} ms` : '',
      '': r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
    })),
  );
  if (figures.regionIndexColumns.length < 2) {
    console.log(
      `  note: ${path.basename(database)} has the region indexes of before 2026_11_22_030000 (${figures.regionIndexColumns.join(', ')}): delete it to import it again`,
    );
  }
  for (const plan of figures.plans) {
    console.log(`\nplan of ${plan.url}\n  page:\n${indent(plan.page)}\n  count:\n${indent(plan.count)}`);
  }
  const file = writeResult('registry-list', {
    benchmark: 'registry-list',
    laborers: LABORERS,
    machine: machine(),
    county: figures.county,
    countyLaborers: figures.countyLaborers,
    regionIndexColumns: figures.regionIndexColumns,
    results,
    plans: figures.plans,
  });
  console.log(`written to ${file}`);
  return { ok: results.every((r) => r.ok !== false) };
}
