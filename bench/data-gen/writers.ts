/**
 * Streaming writers of the synthetic ledger: CSV (UTF-8 with BOM as Excel and WPS save it, or GBK) and xlsx
 * (ExcelJS WorkbookWriter without shared strings, so memory does not grow with the rows).
 */
import { once, type EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DEFAULT_REGION, DEFAULT_SEED, type LedgerOptions } from './generate-rows.ts';
import { LEDGER_COLUMNS, type LedgerRow } from './ledger-columns.ts';

export type CsvEncoding = 'utf8' | 'gbk';

const NEEDS_QUOTES = /[",\r\n]/u;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return value === '' || !NEEDS_QUOTES.test(value) ? value : `"${value.replaceAll('"', '""')}"`;
}

async function writeChunk(stream: fs.WriteStream, text: string, encoding: CsvEncoding): Promise<void> {
  const ok = encoding === 'gbk' ? stream.write(iconv.encode(text, 'gbk')) : stream.write(text, 'utf8');
  if (!ok) await once(stream, 'drain');
}

/** Writes the rows as CSV (CRLF line ends, like Excel's "CSV UTF-8"); resolves with the number of rows. */
export async function writeLedgerCsv(
  rows: Iterable<LedgerRow> | AsyncIterable<LedgerRow>,
  file: string,
  options: { readonly encoding?: CsvEncoding; readonly onProgress?: (rows: number) => void } = {},
): Promise<number> {
  const encoding = options.encoding ?? 'utf8';
  const stream = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
  const finished = once(stream, 'finish');
  // Excel opens a UTF-8 CSV as UTF-8 only with the BOM; a GBK file has none.
  // Lines are gathered and joined per batch: one flat string per write, no long-lived concatenation ropes.
  let lines: string[] = [
    (encoding === 'utf8' ? '\uFEFF' : '') + LEDGER_COLUMNS.map((c) => csvField(c.header)).join(','),
  ];
  const keys = LEDGER_COLUMNS.map((column) => column.key);
  const fields: string[] = new Array<string>(keys.length);
  let written = 0;
  const add = (row: LedgerRow): boolean => {
    for (let index = 0; index < keys.length; index += 1) fields[index] = csvField(row[keys[index]!]);
    lines.push(fields.join(','));
    written += 1;
    return lines.length === 4096;
  };
  const flush = async () => {
    await writeChunk(stream, `${lines.join('\r\n')}\r\n`, encoding);
    lines = [];
    if (written % 102_400 < 4096) options.onProgress?.(written);
  };
  // A synchronous source is read without an await per row (a million microtasks otherwise).
  if (Symbol.iterator in rows) {
    for (const row of rows) if (add(row)) await flush();
  } else {
    for await (const row of rows) if (add(row)) await flush();
  }
  if (lines.length > 0) await writeChunk(stream, `${lines.join('\r\n')}\r\n`, encoding);
  stream.end();
  await finished;
  return written;
}

/**
 * Back-pressure for ExcelJS's WorkbookWriter, which has none: a committed row goes into the sheet's StreamBuf,
 * which writes it on into the PassThrough archiver reads the zip entry from, ignoring the return value. Without
 * waiting, the uncompressed XML piles up there (~1.2 KB a row: 1.2 GB for a million). This reaches into ExcelJS
 * internals (worksheet.stream.pipes); if they change, it falls back to yielding a turn of the event loop.
 */
async function drained(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: PipeTarget[] } }).stream?.pipes;
  if (!pipes || pipes.length === 0) {
    await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  for (const pipe of pipes) {
    // archiver's PassThrough is readable-stream 2's: no writableNeedDrain getter, only the state it reads.
    if (pipe.writableNeedDrain ?? pipe._writableState?.needDrain) await once(pipe, 'drain');
  }
}

type PipeTarget = EventEmitter & {
  readonly writableNeedDrain?: boolean;
  readonly _writableState?: { readonly needDrain?: boolean };
};

/** Excel's limit is 1,048,576 rows a sheet; one is the header. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

/**
 * Writes the rows as one xlsx workbook, sheet 台账 (台账2 … when more rows than a sheet holds). IDs, phones, codes
 * and dates are text cells as a ledger keeps them (never numbers Excel would round); 序号 and 月收入 are numbers.
 */
export async function writeLedgerXlsx(
  rows: Iterable<LedgerRow> | AsyncIterable<LedgerRow>,
  file: string,
  options: { readonly onProgress?: (rows: number) => void } = {},
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  workbook.creator = 'jiuye bench/data-gen';
  let sheet: ExcelJS.Worksheet | undefined;
  let sheetRows = 0;
  let sheetCount = 0;
  const startSheet = () => {
    sheetCount += 1;
    sheet = workbook.addWorksheet(sheetCount === 1 ? '台账' : `台账${sheetCount}`, {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = LEDGER_COLUMNS.map((column) => ({ key: column.key, width: column.width }));
    const header = sheet.addRow(LEDGER_COLUMNS.map((column) => column.header));
    header.commit();
    sheetRows = 0;
  };

  let written = 0;
  for await (const row of rows) {
    if (sheet === undefined || sheetRows === XLSX_MAX_DATA_ROWS) {
      sheet?.commit();
      startSheet();
    }
    const values = LEDGER_COLUMNS.map(({ key, type }) => {
      const value = row[key];
      return type === 'integer' && value !== '' ? Number(value) : value === '' ? null : value;
    });
    sheet!.addRow(values).commit();
    sheetRows += 1;
    written += 1;
    if (written % 512 === 0) await drained(sheet!);
    if (written % 100_000 === 0) options.onProgress?.(written);
  }
  if (sheet === undefined) startSheet();
  sheet!.commit();
  await workbook.commit();
  return written;
}

export interface LedgerFiles {
  readonly csv: string;
  readonly xlsx: string;
  readonly manifest: string;
}

/** Where a run with these options writes its files (for the benchmarks that read them). */
export function ledgerFiles(outDirectory: string, options: LedgerOptions): LedgerFiles {
  const base = path.join(
    outDirectory,
    `ledger-${options.region ?? DEFAULT_REGION}-${options.laborers}-s${options.seed ?? DEFAULT_SEED}`,
  );
  return { csv: `${base}.csv`, xlsx: `${base}.xlsx`, manifest: `${base}.manifest.json` };
}
