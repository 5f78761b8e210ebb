import fs from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { HostileFileError, type InspectedFile, type SheetFacts } from './file-guard.ts';

/**
 * Rows of an import file, one at a time (bounded memory at any size): xlsx through ExcelJS's streaming reader,
 * csv through Papa Parse (UTF-8 with or without BOM, or GBK as Excel and WPS save it on Chinese Windows). Merged
 * cells are spread over their range: the top-left value applies to every cell of the merge.
 */

/** A cell as read: text, number, boolean, Date (an xlsx date cell), or null. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based row number as in the file (title and header rows included). */
  rowNumber: number;
  cells: CellValue[];
}

export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
}

export async function* readRows(file: string, inspected: InspectedFile): AsyncGenerator<SheetRow> {
  if (inspected.kind === 'csv') yield* readCsvRows(file, inspected.encoding);
  else yield* readXlsxRows(file, inspected.sheets);
}

/** The longest csv record read (as csv-parse's max_record_size was): a quote never closed cannot fill memory. */
const MAX_CSV_RECORD = 256 * 1024;

/**
 * csv through Papa Parse's core parser (Papa.Parser), fed one decoded piece of the file at a time: each call parses
 * the complete records of the text so far and the rest waits for the next piece, as Papa's own streamers do. Papa's
 * streamers are not used: paused, they keep queueing the file's data in memory, and they decode each Buffer read on
 * its own (a character split between two reads would be garbled). The text here is decoded before Papa sees it
 * (Node's StringDecoder for UTF-8, iconv-lite for GBK). Papa instead of csv-parse because the import's reading
 * thread spent most of its time in csv-parse: 16 µs against 4.7 µs a row of the synthetic 100,000-row ledger, same
 * records (test: csv-reader.test.ts).
 */
async function* readCsvRows(file: string, encoding: 'utf8' | 'gbk'): AsyncGenerator<SheetRow> {
  const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const text = (
    encoding === 'gbk' ? source.pipe(iconv.decodeStream('gb18030')) : source.setEncoding('utf8')
  ) as AsyncIterable<string>;
  let parser: Papa.Parser | undefined;
  let partial = '';
  let rowNumber = 0;
  try {
    for await (let piece of text) {
      if (!parser) {
        if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
        parser = new Papa.Parser({ delimiter: ',', newline: lineEnding(piece), quoteChar: '"' });
      }
      const aggregate = partial + piece;
      const { data, meta } = parser.parse(aggregate, 0, true) as Papa.ParseResult<string[]>;
      partial = aggregate.slice(meta.cursor);
      if (partial.length > MAX_CSV_RECORD) throw recordTooLong(rowNumber + data.length + 1);
      for (const cells of data) yield { rowNumber: ++rowNumber, cells };
    }
    if (parser && partial !== '') {
      for (const cells of (parser.parse(partial, 0, false) as Papa.ParseResult<string[]>).data)
        yield { rowNumber: ++rowNumber, cells };
    }
  } finally {
    source.destroy();
  }
}

/** The file's line ending, from its first one outside quotes (as csv-parse detected it): \r\n, \n or \r. */
function lineEnding(text: string): '\r\n' | '\n' | '\r' {
  const unquoted = text.replace(/"[^"]*"/gu, '');
  const lf = unquoted.indexOf('\n');
  const cr = unquoted.indexOf('\r');
  if (cr < 0 || (lf >= 0 && lf < cr)) return '\n';
  return unquoted[cr + 1] === '\n' || cr + 1 === unquoted.length ? '\r\n' : '\r';
}

function recordTooLong(rowNumber: number): HostileFileError {
  return new HostileFileError(
    'VALIDATION_FAILED',
    `第${rowNumber}行超过${MAX_CSV_RECORD / 1024} KB（可能有未闭合的引号），不是正常的台账文件`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// xlsx

/** 'B3' → { row: 3, column: 2 }. */
function decodeAddress(address: string): { row: number; column: number } {
  const match = /^([A-Z]+)(\d+)$/u.exec(address);
  if (!match) return { row: 0, column: 0 };
  let column = 0;
  for (const letter of match[1]!) column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: Number(match[2]), column };
}

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Merges by the rows they cover, so each row finds its merges without scanning them all. */
class MergeIndex {
  readonly #byRow = new Map<number, Merge[]>();
  /** Top-left values, kept while a merge is still ahead. */
  readonly #anchors = new Map<Merge, CellValue>();

  constructor(ranges: readonly string[]) {
    for (const range of ranges) {
      const [from, to] = range.split(':');
      const a = decodeAddress(from!);
      const b = decodeAddress(to!);
      const merge = { top: a.row, left: a.column, bottom: b.row, right: b.column };
      // Absurdly tall merges (a whole column) are spread over the data as far as the sheet goes.
      for (let row = merge.top; row <= Math.min(merge.bottom, merge.top + 100_000); row += 1) {
        const list = this.#byRow.get(row) ?? [];
        list.push(merge);
        this.#byRow.set(row, list);
      }
    }
  }

  apply(rowNumber: number, cells: CellValue[]): void {
    const merges = this.#byRow.get(rowNumber);
    if (!merges) return;
    for (const merge of merges) {
      if (merge.top === rowNumber) this.#anchors.set(merge, cells[merge.left - 1] ?? null);
      const value = this.#anchors.get(merge) ?? null;
      for (let column = merge.left; column <= merge.right; column += 1) cells[column - 1] = value;
      if (merge.bottom === rowNumber) this.#anchors.delete(merge);
    }
    this.#byRow.delete(rowNumber);
  }
}

/** A cell value of ExcelJS as plain data: rich text joined, formulas by their result, hyperlinks by their text. */
function plainValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) {
      return (object.richText as Array<{ text: string }>).map((part) => part.text).join('');
    }
    if ('formula' in object || 'sharedFormula' in object) return plainValue(object.result);
    if ('text' in object) return plainValue(object.text);
    if ('error' in object) return String(object.error);
  }
  return String(value);
}

async function* readXlsxRows(file: string, sheets: Map<string, SheetFacts>): AsyncGenerator<SheetRow> {
  const source = fs.createReadStream(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  // The first worksheet is the ledger (the template's 说明 sheet comes second).
  try {
    yield* readFirstSheet(reader, sheets);
  } finally {
    source.destroy();
  }
}

async function* readFirstSheet(
  reader: ExcelJS.stream.xlsx.WorkbookReader,
  sheets: Map<string, SheetFacts>,
): AsyncGenerator<SheetRow> {
  for await (const worksheet of reader) {
    const id = (worksheet as unknown as { id: string }).id;
    const merges = new MergeIndex(sheets.get(`xl/worksheets/sheet${id}.xml`)?.merges ?? []);
    let expected = 1;
    for await (const row of worksheet) {
      // Rows absent from the XML are blank rows: yield them so merges spanning them still apply.
      while (expected < row.number) {
        const cells: CellValue[] = [];
        merges.apply(expected, cells);
        yield { rowNumber: expected, cells };
        expected += 1;
      }
      const values = row.values as unknown[];
      const cells: CellValue[] = [];
      for (let column = 1; column < values.length; column += 1) cells.push(plainValue(values[column]));
      merges.apply(row.number, cells);
      yield { rowNumber: row.number, cells };
      expected = row.number + 1;
    }
    return;
  }
}

/** The number of data rows a file holds, as far as can be known before reading it (for progress). */
export function estimateRows(inspected: InspectedFile): number | undefined {
  if (inspected.kind === 'csv') return inspected.lines;
  const first = [...inspected.sheets.entries()].sort(([a], [b]) =>
    a.localeCompare(b, 'en', { numeric: true }),
  )[0];
  return first?.[1].lastRow;
}
