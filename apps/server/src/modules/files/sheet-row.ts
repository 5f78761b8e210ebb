/** A cell as read: text, number, boolean, Date (an xlsx date cell), or null. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based row number as in the file (title and header rows included). */
  rowNumber: number;
  cells: CellValue[];
}
