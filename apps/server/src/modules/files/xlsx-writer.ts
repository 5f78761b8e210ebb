import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue } from './sheet-row.ts';

/**
 * What every workbook the platform hands out for filling in or correcting needs, whatever its columns: dropdowns
 * kept on a hidden sheet, and a one-sheet workbook streamed row by row (bounded memory at any size).
 */

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export interface ColumnChoices {
  /** The column of `sheet` (0-based) the dropdown applies to. */
  column: number;
  header: string;
  choices: readonly string[];
  /** Whether a value outside the list is refused by Excel (false: the list only suggests, e.g. several values). */
  strict: boolean;
}

/**
 * Dropdowns for columns of `sheet` from `firstRow` to `lastRow`. The lists live on `lists` (a hidden sheet,
 * named in the formulas): an inline list is limited to 255 characters.
 */
export function addChoiceLists(
  sheet: ExcelJS.Worksheet,
  lists: ExcelJS.Worksheet,
  columns: readonly ColumnChoices[],
  rows: { firstRow: number; lastRow: number },
): void {
  columns.forEach((column, listColumn) => {
    const letter = columnLetter(listColumn);
    lists.getCell(1, listColumn + 1).value = column.header;
    column.choices.forEach((label, row) => {
      lists.getCell(row + 2, listColumn + 1).value = label;
    });
    const target = columnLetter(column.column);
    (
      sheet as unknown as { dataValidations: { add: (range: string, rule: ExcelJS.DataValidation) => void } }
    ).dataValidations.add(`${target}${rows.firstRow}:${target}${rows.lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`${lists.name}!$${letter}$2:$${letter}$${column.choices.length + 1}`],
      showErrorMessage: column.strict,
      errorStyle: 'stop',
      errorTitle: column.header,
      error: `请从下拉列表中选择${column.header}`,
    });
  });
}

/**
 * A one-sheet workbook streamed to `output`: a bold header row, then each row as it comes (committed at once, so
 * memory stays bounded), then the column widths given.
 */
export async function streamWorkbook(
  output: Writable,
  sheetName: string,
  header: readonly CellValue[],
  rows: AsyncIterable<readonly CellValue[]>,
  widths: ReadonlyMap<number, number> = new Map(),
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet(sheetName);
  const headerRow = sheet.addRow(header as CellValue[]);
  headerRow.font = { bold: true };
  headerRow.commit();
  // ExcelJS only reads the row it is given.
  for await (const row of rows) sheet.addRow(row as CellValue[]).commit();
  for (const [column, width] of widths) sheet.getColumn(column).width = width;
  sheet.commit();
  await workbook.commit();
}
