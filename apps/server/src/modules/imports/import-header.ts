import { IMPORT_COLUMNS, type ColumnKey } from './import-columns.ts';

/**
 * Finding the header row of a ledger: a header cell is recognised by the template's header or one of its variants
 * (import-columns.ts), written with or without spaces, full-width brackets, asterisks or a trailing unit.
 */

/** How a header cell is compared: half-width, no spaces or line breaks, no required-marker asterisks. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000\u200b*＊]/gu, '')
    .replace(/[（]/gu, '(')
    .replace(/[）]/gu, ')')
    .toLowerCase();
}

const HEADER_INDEX = (() => {
  const index = new Map<string, ColumnKey>();
  for (const column of IMPORT_COLUMNS) {
    for (const name of [column.header, ...column.aliases]) {
      const key = headerKey(name);
      if (!index.has(key)) index.set(key, column.key);
    }
  }
  return index;
})();

/** The column a header cell names, or undefined; a trailing unit in brackets (元, 元/月) is tolerated. */
export function recognizeHeader(text: string): ColumnKey | undefined {
  const key = headerKey(text);
  if (key === '') return undefined;
  return HEADER_INDEX.get(key) ?? HEADER_INDEX.get(key.replace(/\([^)]*\)$/u, ''));
}

export interface HeaderMap {
  /** 1-based row number of the header row. */
  rowNumber: number;
  /** Column index (0-based) → key. */
  columns: Map<number, ColumnKey>;
  /** Key → the header text as written in the file (for messages). */
  names: Map<ColumnKey, string>;
  /** Key → column index. */
  indexOf: Map<ColumnKey, number>;
}

/**
 * The header row among the first rows of a sheet: the row naming the most known columns, which must include 姓名
 * and 证件号码 (title rows and group headers above it name none or few). Undefined when no row qualifies.
 */
export function findHeaderRow(
  rows: ReadonlyArray<{ rowNumber: number; cells: readonly unknown[] }>,
): HeaderMap | undefined {
  let best: HeaderMap | undefined;
  for (const row of rows) {
    const columns = new Map<number, ColumnKey>();
    const names = new Map<ColumnKey, string>();
    const indexOf = new Map<ColumnKey, number>();
    row.cells.forEach((cell, index) => {
      if (typeof cell !== 'string') return;
      const key = recognizeHeader(cell);
      if (!key || indexOf.has(key)) return;
      columns.set(index, key);
      names.set(key, cell.trim());
      indexOf.set(key, index);
    });
    if (!indexOf.has('name') || !indexOf.has('idNumber')) continue;
    if (!best || columns.size > best.columns.size)
      best = { rowNumber: row.rowNumber, columns, names, indexOf };
  }
  return best;
}

/** How many rows from the top the header is looked for in. */
export const HEADER_SEARCH_ROWS = 10;
