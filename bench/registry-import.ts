/**
 * Ledger import: the synthetic Shanxi ledger of BENCH_LABORERS labourers (default 1,000,000; generated into
 * bench/data/ by bench/data-gen/ when missing), each import in a child process of its own with its peak RSS, each
 * next to its reference measured in the same run:
 *
 * - csv on SQLite vs a raw better-sqlite3 insert of the same rows (and the sqlite3 CLI's `.import` when installed):
 *   at least 50,000 rows/s, 0.3 of raw, peak RSS under 1 GB;
 * - xlsx on SQLite vs reading the file alone: at least 15,000 rows/s, bounded memory (under 1 GB);
 * - csv on PostgreSQL vs `psql \copy` of the same file: at least 0.5 of `\copy`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  benchDirectory,
  createPostgresDatabase,
  exited,
  firstMessage,
  forkTs,
  isPostgresReachable,
  machine,
  printTable,
  writeResult,
} from './lib.ts';
import type { LedgerImportFigures } from './registry-import-child.ts';
import type { ReferenceFigures } from './registry-import-reference-child.ts';

const LABORERS = Number((process.env.BENCH_LABORERS ?? '1000000').replaceAll('_', ''));
const CASES = new Set((process.env.BENCH_IMPORT_CASES ?? 'csv,xlsx,pg').split(','));
/** BENCH_IMPORT_LANES: the csv import once more with this many lanes (row-worker.ts laneCount); 2 by default, 1 skips it. */
const LANES = Number(process.env.BENCH_IMPORT_LANES ?? 2);
const dataDirectory = path.join(benchDirectory, 'data');

function ledgerFile(format: 'csv' | 'xlsx'): string {
  const file = path.join(dataDirectory, `ledger-14-${LABORERS}-s42.${format}`);
  if (!fs.existsSync(file)) {
    console.log(`generating ${file} …`);
    const done = spawnSync(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        path.join(benchDirectory, 'data-gen', 'generate.ts'),
        '--laborers',
        String(LABORERS),
        '--formats',
        format,
        '--out',
        dataDirectory,
      ],
      { stdio: 'inherit' },
    );
    if (done.status !== 0) throw new Error(`the generator failed for ${file}`);
  }
  return file;
}

async function child<T>(file: string, args: string[]): Promise<T> {
  const process = forkTs(file, args);
  const figures = await firstMessage<T>(process);
  await exited(process);
  return figures;
}

async function inTemporaryDirectory<T>(run: (directory: string) => Promise<T>): Promise<T> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-bench-ledger-'));
  try {
    return await run(directory);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** A command timed from outside (the CLI references), or undefined when it is not installed. */
function timedCommand(command: string, args: string[]): ReferenceFigures | undefined {
  if (spawnSync('which', [command]).status !== 0) return undefined;
  const started = performance.now();
  const done = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (done.status !== 0) throw new Error(`${command} failed`);
  return {
    rows: LABORERS,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: Number.NaN,
    baselineRssMb: Number.NaN,
    peakRssMb: Number.NaN,
  };
}

interface Line {
  case: string;
  what: string;
  figures: LedgerImportFigures | ReferenceFigures;
  reference?: ReferenceFigures | undefined;
  target?: { rowsPerSecond?: number; ratio?: number; peakRssMb?: number };
}

function verdict(line: Line): { ratio: number | undefined; ok: boolean | undefined } {
  if (!line.target) return { ratio: undefined, ok: undefined };
  const rowsPerSecond = line.figures.rows / line.figures.seconds;
  const ratio = line.reference ? line.reference.seconds / line.figures.seconds : undefined;
  const { target } = line;
  const ok =
    (target.rowsPerSecond === undefined || rowsPerSecond >= target.rowsPerSecond) &&
    (target.ratio === undefined || (ratio !== undefined && ratio >= target.ratio)) &&
    (target.peakRssMb === undefined || line.figures.peakRssMb < target.peakRssMb) &&
    (!('rejected' in line.figures) || line.figures.created + line.figures.rejected === line.figures.rows);
  return { ratio, ok };
}

export async function runRegistryImportBenchmark(): Promise<{ ok: boolean }> {
  const csv = ledgerFile('csv');
  const lines: Line[] = [];

  if (CASES.has('csv')) {
    console.log(`ledger import: SQLite, csv, ${LABORERS.toLocaleString('en')} rows …`);
    const raw = await inTemporaryDirectory((directory) =>
      child<ReferenceFigures>('registry-import-reference-child.ts', [
        '--mode',
        'raw',
        '--file',
        csv,
        '--sqlite',
        path.join(directory, 'raw.db'),
      ]),
    );
    const cliImport = await inTemporaryDirectory(async (directory) =>
      timedCommand('sqlite3', [path.join(directory, 'cli.db'), '.mode csv', `.import ${csv} ledger`]),
    );
    const sqliteCsv = await inTemporaryDirectory((directory) =>
      child<LedgerImportFigures>('registry-import-child.ts', [
        '--sqlite',
        path.join(directory, 'jiuye.db'),
        '--file',
        csv,
      ]),
    );
    lines.push(
      { case: 'csv → SQLite', what: 'raw better-sqlite3 insert (reference)', figures: raw },
      ...(cliImport
        ? [{ case: 'csv → SQLite', what: 'sqlite3 CLI .import (no index, no check)', figures: cliImport }]
        : []),
      {
        case: 'csv → SQLite',
        what: 'jiuye import',
        figures: sqliteCsv,
        reference: raw,
        target: { rowsPerSecond: 50_000, ratio: 0.3, peakRssMb: 1024 },
      },
    );
    if (LANES > 1) {
      console.log(`ledger import: SQLite, csv, ${LANES} lanes …`);
      const laned = await inTemporaryDirectory((directory) =>
        child<LedgerImportFigures>('registry-import-child.ts', [
          '--sqlite',
          path.join(directory, 'jiuye.db'),
          '--file',
          csv,
          '--lanes',
          String(LANES),
        ]),
      );
      lines.push({
        case: 'csv → SQLite',
        what: `jiuye import, --lanes ${LANES}`,
        figures: laned,
        reference: raw,
        target: { rowsPerSecond: 50_000, ratio: 0.3, peakRssMb: 1024 },
      });
    }
  }

  if (CASES.has('xlsx')) {
    const xlsx = ledgerFile('xlsx');
    console.log(`ledger import: SQLite, xlsx …`);
    const readXlsx = await child<ReferenceFigures>('registry-import-reference-child.ts', [
      '--mode',
      'read',
      '--file',
      xlsx,
    ]);
    const sqliteXlsx = await inTemporaryDirectory((directory) =>
      child<LedgerImportFigures>('registry-import-child.ts', [
        '--sqlite',
        path.join(directory, 'jiuye.db'),
        '--file',
        xlsx,
      ]),
    );
    lines.push(
      { case: 'xlsx → SQLite', what: 'reading the file alone (reference)', figures: readXlsx },
      {
        case: 'xlsx → SQLite',
        what: 'jiuye import',
        figures: sqliteXlsx,
        reference: readXlsx,
        target: { rowsPerSecond: 15_000, peakRssMb: 1024 },
      },
    );
  }

  const postgres = CASES.has('pg') && (await isPostgresReachable());
  if (postgres) {
    console.log(`ledger import: PostgreSQL, csv …`);
    const copyDatabase = await createPostgresDatabase(`jiuye_bench_copy_${process.pid}`);
    let copy: ReferenceFigures | undefined;
    try {
      const start = Buffer.alloc(4096);
      const fd = fs.openSync(csv, 'r');
      fs.readSync(fd, start, 0, start.length, 0);
      fs.closeSync(fd);
      const header = start.toString('utf8').split('\n')[0]!.split(',');
      const table = `create table ledger (${header.map((_, i) => `c${i} text`).join(', ')})`;
      spawnSync('psql', [copyDatabase.url, '-q', '-c', table], { stdio: 'inherit' });
      copy = timedCommand('psql', [
        copyDatabase.url,
        '-q',
        '-c',
        `\\copy ledger from '${csv}' with (format csv, header true)`,
      ]);
    } finally {
      await copyDatabase.drop();
    }
    const database = await createPostgresDatabase(`jiuye_bench_ledger_${process.pid}`);
    try {
      const imported = await child<LedgerImportFigures>('registry-import-child.ts', [
        '--postgres',
        database.url,
        '--file',
        csv,
      ]);
      if (copy) lines.push({ case: 'csv → PostgreSQL', what: 'psql \\copy (reference)', figures: copy });
      lines.push({
        case: 'csv → PostgreSQL',
        what: 'jiuye import (COPY)',
        figures: imported,
        reference: copy,
        target: { ratio: 0.5 },
      });
    } finally {
      await database.drop();
    }
  } else if (CASES.has('pg')) console.log('PostgreSQL not reachable: ledger import measured on SQLite only');

  const results = lines.map((line) => ({ ...line, ...verdict(line) }));
  const mb = (n: number) => (Number.isNaN(n) ? '—' : String(n));
  printTable(
    `Ledger import, ${LABORERS.toLocaleString('en')} labourers (load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')})`,
    results.map((r) => ({
      case: r.case,
      what: r.what,
      rows: r.figures.rows,
      seconds: r.figures.seconds.toFixed(1),
      'rows/s': Math.round(r.figures.rows / r.figures.seconds).toLocaleString('en'),
      'cpu s': Number.isNaN(r.figures.cpuSeconds) ? '—' : r.figures.cpuSeconds.toFixed(1),
      'of reference': r.ratio === undefined ? '' : r.ratio.toFixed(2),
      'peak RSS MB (before)': `${mb(r.figures.peakRssMb)} (${mb(r.figures.baselineRssMb)})`,
      target: r.target
        ? [
            r.target.rowsPerSecond ? `≥ ${r.target.rowsPerSecond.toLocaleString('en')} rows/s` : '',
            r.target.ratio ? `≥ ${r.target.ratio} of ref.` : '',
            r.target.peakRssMb ? `< ${r.target.peakRssMb} MB` : '',
          ]
            .filter(Boolean)
            .join(', ')
        : '',
      '': r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
    })),
  );
  const file = writeResult('registry-import', {
    benchmark: 'registry-import',
    laborers: LABORERS,
    machine: machine(),
    results,
  });
  console.log(`written to ${file}`);
  return { ok: results.every((r) => r.ok !== false) };
}
