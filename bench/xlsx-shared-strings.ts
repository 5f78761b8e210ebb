/**
 * The xlsx reader's shared strings ("a 76 MB file of random strings took 403 MB").
 *
 *   npx tsx bench/xlsx-shared-strings.ts generate [--rows 200000] [--columns 6] [--out FILE]
 *     writes an xlsx (ExcelJS, shared strings) whose every cell is a distinct random string: the worst case for
 *     a reader that keeps the whole shared-string table;
 *   /usr/bin/time -v npx tsx bench/xlsx-shared-strings.ts read FILE
 *     reads the file through the import's guard and reader (file-reader.ts readRows), every row and cell, and
 *     prints rows, seconds and the process's peak RSS (also in /usr/bin/time's "Maximum resident set size").
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { loadConfig } from '../apps/server/src/config.ts';
import { CLI_LIMITS, importLimits, inspectImportFile } from '../apps/server/src/modules/files/file-guard.ts';
import { readRows } from '../apps/server/src/modules/files/file-reader.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789张王李赵刘陈杨黄周吴';

function randomText(length: number): string {
  const bytes = crypto.randomBytes(length);
  let text = '';
  for (const byte of bytes) text += ALPHABET[byte % ALPHABET.length];
  return text;
}

async function generate(rows: number, columns: number, out: string): Promise<void> {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: true });
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(Array.from({ length: columns }, (_, column) => `列${column + 1}`)).commit();
  for (let row = 0; row < rows; row += 1) {
    sheet.addRow(Array.from({ length: columns }, () => randomText(40 + (row % 20)))).commit();
  }
  sheet.commit();
  await workbook.commit();
  console.log(`${out}: ${rows} rows × ${columns} columns, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB`);
}

async function read(file: string): Promise<void> {
  const started = process.hrtime.bigint();
  const inspected = await inspectImportFile(file, importLimits(CLI_LIMITS, loadConfig()));
  let rows = 0;
  let cells = 0;
  for await (const row of readRows(file, inspected)) {
    rows += 1;
    cells += row.cells.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      file: path.basename(file),
      rows,
      cells,
      seconds: +seconds.toFixed(2),
      peakRssMb: +peakMb.toFixed(0),
    }),
  );
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { rows: { type: 'string' }, columns: { type: 'string' }, out: { type: 'string' } },
});
if (positionals[0] === 'generate') {
  await generate(
    Number(values.rows ?? 200_000),
    Number(values.columns ?? 6),
    values.out ?? path.join(import.meta.dirname, 'data', 'random-shared-strings.xlsx'),
  );
} else if (positionals[0] === 'read' && positionals[1]) {
  await read(path.resolve(positionals[1]));
} else {
  console.error('usage: xlsx-shared-strings.ts generate [--rows N] [--columns N] [--out FILE] | read FILE');
  process.exitCode = 2;
}
