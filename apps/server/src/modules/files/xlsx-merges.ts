import type { CellValue } from './sheet-row.ts';

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

/** Merges by the rows they cover, so each row finds its merges without scanning them all (exported for the test). */
export class MergeIndex {
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
