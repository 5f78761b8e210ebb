import { type SheetFacts, type ZipEntry } from './file-guard.ts';
import type { CellValue, SheetRow } from './sheet-row.ts';
import { MergeIndex } from './xlsx-merges.ts';
import {
  firstWorksheet,
  RelationshipsHandler,
  scanChunks,
  scanWhole,
  WorkbookHandler,
} from './xlsx-parts.ts';
import { SharedStringsHandler, SharedStringTable } from './xlsx-shared-strings.ts';
import { SheetReader } from './xlsx-sheet.ts';
import { StylesHandler } from './xlsx-styles.ts';

/**
 * The rows of an xlsx file's first worksheet, read by a streaming reader of our own instead of ExcelJS's, for two
 * reasons. Speed: ExcelJS builds a Cell object model for every cell through saxes (~80 µs a 40-column ledger row
 * here), so its streaming reader alone reaches ~12,700 rows/s, under the target of 15,000 xlsx rows/s for the whole
 * import; this reader reads the bench's 200,000-row ledger (34 columns, shared strings) at ~50,000 rows/s with a
 * third of the memory (figures of the change that brought it in). And ExcelJS 4.4's reader garbles a UTF-8
 * character split across two zip chunks (exceljs#2063, unfixed upstream), which needed patches/exceljs+4.4.0.patch.
 * ExcelJS still writes every workbook we make.
 *
 * What is read (ECMA-376 Part 1, 5th ed.):
 * - xl/workbook.xml (§18.2.27 workbook, §18.2.19 sheet, §18.2.28 workbookPr date1904) and its relationships: the
 *   first sheet in workbook order that is a worksheet, whatever its part is named; its merges come from the file
 *   guard (SheetFacts).
 * - xl/styles.xml (§18.8.30 numFmt, §18.8.31 numFmts, §18.8.10 cellXfs): which cell styles have a date format,
 *   by ExcelJS's rule (utils.isDateFmt over the custom code or ExcelJS's built-in table, so ids 14–22 and 45–47).
 * - xl/sharedStrings.xml (§18.4): read whole before the sheet, as ExcelJS's 'cache' mode did; rich text runs
 *   (§18.4.4 r) joined; phonetic runs (§18.4.6 rPh) and phoneticPr skipped (Excel adds them to CJK text). The
 *   table is held compactly, as UTF-8 bytes with offsets (SharedStringTable), within a budget.
 * - The worksheet (§18.3.1.80 sheetData, §18.3.1.73 row, §18.3.1.4 c, §18.3.1.96 v, §18.3.1.40 f, §18.3.1.53
 *   is), streamed: rows and cells with or without r (then the next one), styles, t = s, str, inlineStr, b, e, n,
 *   d (ISO 8601 date, §18.17.4), formulas by their cached value (shared formulas too), numbers as Dates when the
 *   style's format is a date format (1900 or 1904 date system), any namespace prefix (<x:c>), attributes in any
 *   order and quoting, the five XML entities and character references, comments and CDATA; line ends normalized
 *   as XML requires; text otherwise taken as is (never trimmed). Everything outside sheetData is skipped.
 *
 * Values are those ExcelJS's streaming reader gave, after file-reader's plainValue (rich text joined, formulas by
 * their result, errors as their text '#N/A', empty shared strings as absent cells), except where ExcelJS misread:
 * formula results follow ExcelJS's own full (non-streaming) reader (t="b" → boolean, t="e" → '#N/A', a date
 * format → Date, and 0 or '' results are kept, where the streaming reader dropped them to null); text is decoded
 * once (ExcelJS decoded t="str" and inline strings twice, so a literal "&amp;" became "&"); every run of an inline
 * rich string is joined (ExcelJS kept the last); phonetic runs are skipped (ExcelJS replaced plain text by its
 * reading); t="d" is read as a date (ExcelJS parsed "2024-03-05" as the number 2024); rows and cells without r
 * are numbered (ExcelJS gave NaN); whitespace between elements of pretty-printed XML is not taken into values.
 * Not supported: UTF-16 parts and DTDs (both refused), and the _xHHHH_ escapes of ST_Xstring (§22.9.2.19), kept
 * as written as ExcelJS kept them. Malformed XML the reader cannot follow (a part cut short, a bad reference, a row
 * or column beyond Excel's) is refused with a HostileFileError naming the part, never guessed at.
 *
 * How: each part is inflated in chunks (file-guard's openEntryStream) and its bytes are scanned as they are, not
 * decoded first: markup is ASCII and no byte of a UTF-8 multi-byte sequence is ASCII, so tags are found in the
 * bytes, an unfinished tag or text is carried over to the next chunk, and only values are decoded, each whole (a
 * character split between two chunks is never decoded in halves). Decoding each value from its own bytes also
 * gives it its own memory, where a slice of a decoded chunk would keep the whole chunk alive. The worksheet has a
 * tokenizer of its own (SheetReader) that tells tags by their bytes and makes no string but cell values.
 * Test: apps/server/test/xlsx-reader.test.ts (against ExcelJS's reader, the code this replaced).
 */
export async function* readXlsxSheetRows(
  file: string,
  entries: readonly ZipEntry[],
  sheets: Map<string, SheetFacts>,
  maxSharedStringBytes: number,
): AsyncGenerator<SheetRow> {
  // The zip's directory as the guard read it, with its limits (inspectImportFile).
  const byName = new Map(entries.map((entry) => [entry.name, entry]));

  const workbook = new WorkbookHandler();
  await scanWhole(file, byName.get('xl/workbook.xml'), workbook);
  const rels = new RelationshipsHandler();
  await scanWhole(file, byName.get('xl/_rels/workbook.xml.rels'), rels);
  const part = firstWorksheet(workbook, rels, entries);
  if (part === undefined) return;

  const styles = new StylesHandler();
  if (byName.has('xl/styles.xml')) await scanWhole(file, byName.get('xl/styles.xml'), styles);
  const sharedStrings = new SharedStringsHandler(new SharedStringTable(maxSharedStringBytes));
  await scanWhole(file, byName.get('xl/sharedStrings.xml'), sharedStrings);

  const sheet = new SheetReader(sharedStrings.strings, styles.dateStyles(), workbook.date1904);
  const merges = new MergeIndex(sheets.get(part)?.merges ?? []);
  let expected = 1;
  for await (const _ of scanChunks(file, byName.get(part)!, sheet)) {
    const rows = sheet.take();
    for (const row of rows) {
      // Rows absent from the XML are blank rows: yield them so merges spanning them still apply.
      while (expected < row.rowNumber) {
        const cells: CellValue[] = [];
        merges.apply(expected, cells);
        yield { rowNumber: expected, cells };
        expected += 1;
      }
      merges.apply(row.rowNumber, row.cells);
      yield row;
      expected = row.rowNumber + 1;
    }
    if (sheet.done) return;
  }
}
