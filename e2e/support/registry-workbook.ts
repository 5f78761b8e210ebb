import ExcelJS from 'exceljs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function checkCharacter(first17: string): string {
  const sum = [...first17].reduce((total, digit, index) => total + Number(digit) * WEIGHTS[index]!, 0);
  return CHECK_CHARACTERS[sum % 11]!;
}

/** A valid 18-digit ID number: address code, birth date (YYYYMMDD), 3-digit sequence (odd = male). */
export function idNumber(address: string, birthDate: string, sequence: string): string {
  const first17 = `${address}${birthDate}${sequence}`;
  return first17 + checkCharacter(first17);
}

/** The same number with a wrong last character. */
export function withWrongCheckCharacter(valid: string): string {
  const wrong = CHECK_CHARACTERS[(CHECK_CHARACTERS.indexOf(valid.at(-1)!) + 1) % 11]!;
  return valid.slice(0, 17) + wrong;
}

export type LedgerRow = Record<string, string | number>;

/**
 * A ledger in the template's layout (title row, header row, data from row 3), with the given columns, as a county
 * clerk would fill it in Excel. ID numbers are text cells.
 */
export async function buildLedgerWorkbook(headers: string[], rows: LedgerRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(['农村劳动力实名制登记台账']);
  sheet.mergeCells(1, 1, 1, headers.length);
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(headers.map((header) => row[header] ?? null));
  sheet.getColumn(headers.indexOf('*证件号码') + 1).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The cells of the first sheet, as text rows (for reading the error workbook). */
export async function readWorkbookText(data: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push(values.map((value) => (value === null || value === undefined ? '' : String(value))));
  });
  return rows;
}
