import { readCsvRows } from './csv-reader.ts';
import type { InspectedFile } from './file-guard.ts';
import type { CellValue, SheetRow } from './sheet-row.ts';
import { readXlsxSheetRows } from './xlsx-reader.ts';

/**
 * Rows of an import file, one at a time (bounded memory at any size): xlsx through our own streaming reader
 * (xlsx-reader.ts: first worksheet, values as ExcelJS's streaming reader gave them, several times faster), csv
 * through Papa Parse (csv-reader.ts: UTF-8 with or without BOM, or GBK as Excel and WPS save it on Chinese
 * Windows). Merged cells are spread over their range: the top-left value applies to every cell of the merge.
 */

export type { CellValue, SheetRow };

export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
}

export async function* readRows(file: string, inspected: InspectedFile): AsyncGenerator<SheetRow> {
  if (inspected.kind === 'csv') yield* readCsvRows(file, inspected.encoding);
  else yield* readXlsxSheetRows(file, inspected.entries, inspected.sheets, inspected.maxSharedStringBytes);
}

/** The number of data rows a file holds, as far as can be known before reading it (for progress). */
export function estimateRows(inspected: InspectedFile): number | undefined {
  if (inspected.kind === 'csv') return inspected.lines;
  const first = [...inspected.sheets.entries()].sort(([a], [b]) =>
    a.localeCompare(b, 'en', { numeric: true }),
  )[0];
  return first?.[1].lastRow;
}
